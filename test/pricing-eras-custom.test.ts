// A user's own timeline (rows in any order): per-message pricing in July 2025 only, conversations
// again from August (pricing-models.md §2, PMP → CBP), and authentication-international under CBP
// (§5: its own 24 h windows, never absorbed by AUTHENTICATION ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { keyOf, type Key } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type LedgerRow, type Session } from './support/engine.ts'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const IN = '919812345678'
const msg = (k: Key, id: string, timestamp: string, extra: Record<string, unknown>) => ({ message_id: id, timestamp, ...k, ...extra })
const brief = (rows: LedgerRow[]) =>
  rows.map((r) => [r.unit, r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost])

let s: Session
beforeAll(async () => {
  s = await openEngine({
    pricingModels: fixture('pricing-models-pmp-cbp.csv'), rateCard: fixture('rate-card-pmp.csv'),
    authInternational: fixture('auth-international.csv'),
  })
})
afterAll(async () => { await s.close() })

describe('a change from PMP back to CBP', () => {
  it('CBP windows start fresh; an entry message from the PMP period opens the FEP conversation at its reply', async () => {
    const k = keyOf('back', IN)
    await ingest(s, [
      msg(k, 'p0', '2025-07-31T23:00:00Z', { direction: 'inbound', entry_point: 'ctwa' }),
      msg(k, 'p1', '2025-08-01T00:30:00Z', { direction: 'inbound' }),
      msg(k, 'p2', '2025-08-01T01:00:00Z', { direction: 'outbound' }),
      msg(k, 'p3', '2025-08-01T02:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
    ])
    const rows = await ledger(s, k.phone_number_id)
    expect(brief(rows)).toEqual([
      ['conversation', 'SERVICE', '2025-08-01T00:30:00.000Z', '2025-08-01T01:00:00.000Z', 'fep', 'p1', 'FREE_TIER', '0.0000'],
      ['conversation', 'FREE_ENTRY_POINT', '2025-08-01T01:00:00.000Z', '2025-08-04T01:00:00.000Z', 'expired', 'p2', 'FREE_ENTRY_POINT', '0.0000'],
    ])
    const v = await verdicts(s, ['p0', 'p1', 'p2', 'p3'])
    expect(['p0', 'p1', 'p2', 'p3'].map((id) => [v.get(id)?.verdict, v.get(id)?.conversation_id])).toEqual([
      ['FREE_ENTRY', rows[1]!.conversation_id], ['OPENED', rows[0]!.conversation_id],
      ['FREE_ENTRY', rows[1]!.conversation_id], ['FREE_ENTRY', rows[1]!.conversation_id],
    ])
  })

  it('a CBP conversation never continues across a per-message period', async () => {
    const k = keyOf('gap', IN)
    await ingest(s, [
      msg(k, 'q0', '2025-06-30T12:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
      msg(k, 'q1', '2025-07-31T23:30:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
      msg(k, 'q2', '2025-08-01T00:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
      msg(k, 'q3', '2025-08-01T01:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
    ])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['conversation', 'MARKETING', '2025-06-30T12:00:00.000Z', '2025-07-01T00:00:00.000Z', 'model_change', 'q0', 'REGULAR', '0.0107'],
      ['message', 'MARKETING', '2025-07-31T23:30:00.000Z', null, null, 'q1', 'REGULAR', '0.0118'],
      ['conversation', 'MARKETING', '2025-08-01T00:00:00.000Z', '2025-08-02T00:00:00.000Z', 'expired', 'q2', 'REGULAR', '0.0118'],
    ])
    const v = await verdicts(s, ['q0', 'q1', 'q2', 'q3'])
    expect(['q0', 'q1', 'q2', 'q3'].map((id) => v.get(id)?.verdict)).toEqual(['OPENED', 'CHARGED', 'OPENED', 'REUSED'])
  })
})

describe('authentication-international under CBP', () => {
  it('opens its own window from the start on; an AUTHENTICATION window does not absorb it', async () => {
    const k = { ...keyOf('ai-cbp', IN), waba_id: 'waba-ai-cbp' }
    await ingest(s, [
      msg(k, 'a0', '2025-05-31T23:00:00Z', { direction: 'outbound', template_category: 'AUTHENTICATION' }),
      msg(k, 'a1', '2025-06-01T01:00:00Z', { direction: 'outbound', template_category: 'AUTHENTICATION' }),
      msg(k, 'a2', '2025-06-01T02:00:00Z', { direction: 'outbound', template_category: 'AUTHENTICATION' }),
    ])
    expect(brief(await ledger(s, k.phone_number_id)).map((r) => [r[1], r[5], r[7]])).toEqual([
      ['AUTHENTICATION', 'a0', '0.0014'], ['AUTHENTICATION_INTERNATIONAL', 'a1', '0.0280'],
    ])
    const v = await verdicts(s, ['a0', 'a1', 'a2'])
    expect(['a0', 'a1', 'a2'].map((id) => v.get(id)?.verdict)).toEqual(['OPENED', 'OPENED', 'REUSED'])
  })
})
