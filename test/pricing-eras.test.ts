// The edges of pricing-models.md under the shipped timeline: the change from CBP to PMP with an
// entry message waiting for its reply and with an open free-entry window (§2), utility at the
// exact edge of the customer service window, failed messages in volume tiers (§4),
// authentication-international under PMP (§5). One key per case, an Indian customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { keyOf, type Key } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type LedgerRow, type Session } from './support/engine.ts'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { adminKey, json } from './support/api.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const IN = '919812345678'
const msg = (k: Key, id: string, timestamp: string, extra: Record<string, unknown>) => ({ message_id: id, timestamp, ...k, ...extra })
const brief = (rows: LedgerRow[]) =>
  rows.map((r) => [r.unit, r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost])

let s: Session
beforeAll(async () => {
  s = await openEngine({ pricingModels: shipped, rateCard: fixture('rate-card-pmp.csv'), authInternational: fixture('auth-international.csv') })
})
afterAll(async () => { await s.close() })

async function verdictsOf(ids: string[]) {
  const v = await verdicts(s, ids)
  return ids.map((id) => [v.get(id)?.verdict, v.get(id)?.conversation_id ?? null])
}

describe('a change of period (CBP → PMP on 2025-07-01, UTC)', () => {
  it('an entry message before the change keeps its CBP verdict; the free-entry window starts at the reply after it', async () => {
    const k = keyOf('era-entry', IN)
    await ingest(s, [
      msg(k, 'e1', '2025-06-30T22:00:00Z', { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-9' }),
      msg(k, 'e2', '2025-07-01T01:00:00Z', { direction: 'outbound' }),
      msg(k, 'e3', '2025-07-01T05:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
    ])
    const rows = await ledger(s, k.phone_number_id)
    expect(brief(rows)).toEqual([
      // service is free from 2024-11-01 (FREE_CUSTOMER_SERVICE); closed at the change
      ['conversation', 'SERVICE', '2025-06-30T22:00:00.000Z', '2025-07-01T00:00:00.000Z', 'model_change', 'e1', 'FREE_CUSTOMER_SERVICE', '0.0000'],
      ['conversation', 'FREE_ENTRY_POINT', '2025-07-01T01:00:00.000Z', '2025-07-04T01:00:00.000Z', 'expired', 'e2', 'FREE_ENTRY_POINT', '0.0000'],
      ['message', 'SERVICE', '2025-07-01T01:00:00.000Z', null, null, 'e2', 'FREE_ENTRY_POINT', '0.0000'],
      ['message', 'MARKETING', '2025-07-01T05:00:00.000Z', null, null, 'e3', 'FREE_ENTRY_POINT', '0.0000'],
    ])
    expect(await verdictsOf(['e1', 'e2', 'e3'])).toEqual([
      ['OPENED', rows[0]!.conversation_id], ['FREE_ENTRY', rows[2]!.conversation_id], ['FREE_ENTRY', rows[3]!.conversation_id],
    ])
  })

  it('a free-entry window open at the change runs to its 72 h end; other conversations close at the change', async () => {
    const k = keyOf('era-fep', IN)
    await ingest(s, [
      msg(k, 'f0', '2025-06-30T18:00:00Z', { direction: 'outbound', template_category: 'UTILITY' }),
      msg(k, 'f1', '2025-06-30T19:00:00Z', { direction: 'inbound', entry_point: 'ctwa' }),
      msg(k, 'f2', '2025-06-30T20:00:00Z', { direction: 'outbound' }),
      msg(k, 'f3', '2025-06-30T23:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
      msg(k, 'f4', '2025-07-01T05:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
      msg(k, 'f5', '2025-07-03T20:00:00Z', { direction: 'outbound', template_category: 'MARKETING' }),
    ])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['conversation', 'UTILITY', '2025-06-30T18:00:00.000Z', '2025-06-30T20:00:00.000Z', 'fep', 'f0', 'REGULAR', '0.0014'],
      ['conversation', 'FREE_ENTRY_POINT', '2025-06-30T19:00:00.000Z', '2025-07-03T20:00:00.000Z', 'expired', 'f1', 'FREE_ENTRY_POINT', '0.0000'],
      ['message', 'MARKETING', '2025-07-01T05:00:00.000Z', null, null, 'f4', 'FREE_ENTRY_POINT', '0.0000'],
      ['message', 'MARKETING', '2025-07-03T20:00:00.000Z', null, null, 'f5', 'REGULAR', '0.0118'],
    ])
    expect((await verdictsOf(['f1', 'f2', 'f3', 'f4', 'f5'])).map((v) => v[0]))
      .toEqual(['FREE_ENTRY', 'FREE_ENTRY', 'FREE_ENTRY', 'FREE_ENTRY', 'CHARGED'])
  })

  it('a conversation that expires exactly at the change keeps expired', async () => {
    const k = keyOf('era-exact', IN)
    await ingest(s, [msg(k, 'x1', '2025-06-30T00:00:00Z', { direction: 'outbound', template_category: 'MARKETING' })])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['conversation', 'MARKETING', '2025-06-30T00:00:00.000Z', '2025-07-01T00:00:00.000Z', 'expired', 'x1', 'REGULAR', '0.0107'],
    ])
  })
})

describe('per-message edges', () => {
  it('utility exactly 24 h after the last inbound is outside the customer service window', async () => {
    const k = keyOf('edge-24', IN)
    await ingest(s, [
      msg(k, 'u0', '2025-08-04T00:00:00Z', { direction: 'inbound' }),
      msg(k, 'u1', '2025-08-04T23:59:59.999Z', { direction: 'outbound', template_category: 'UTILITY' }),
      msg(k, 'u2', '2025-08-05T00:00:00Z', { direction: 'outbound', template_category: 'UTILITY' }),
      msg(k, 'u3', '2025-08-05T00:00:00Z', { direction: 'outbound' }),
    ])
    expect(brief(await ledger(s, k.phone_number_id)).map((r) => [r[5], r[6]])).toEqual([
      ['u1', 'FREE_CUSTOMER_SERVICE'], ['u2', 'REGULAR'],
    ])
    expect((await verdictsOf(['u0', 'u1', 'u2', 'u3'])).map((v) => v[0]))
      .toEqual(['OPENED', 'FREE_CUSTOMER_SERVICE', 'CHARGED', 'OUTSIDE_SERVICE_WINDOW'])
  })

  it('an inbound within 24 h of an earlier one extends the customer service window', async () => {
    const k = keyOf('edge-in', IN)
    await ingest(s, [
      msg(k, 'n0', '2025-08-04T00:00:00Z', { direction: 'inbound' }),
      msg(k, 'n1', '2025-08-04T23:00:00Z', { direction: 'inbound' }),
      msg(k, 'n2', '2025-08-05T23:00:00Z', { direction: 'inbound' }),
    ])
    expect((await verdictsOf(['n0', 'n1', 'n2'])).map((v) => v[0])).toEqual(['OPENED', 'EXTENDED', 'OPENED'])
    expect(await ledger(s, k.phone_number_id)).toEqual([])
  })

  it('failed and pending messages take no volume-tier rank', async () => {
    const k = keyOf('edge-tier', IN)
    await ingest(s, [
      msg(k, 't0', '2025-08-04T00:00:00Z', { direction: 'outbound', template_category: 'UTILITY' }),
      msg(k, 't1', '2025-08-04T01:00:00Z', { direction: 'outbound', template_category: 'UTILITY', status: 'failed' }),
      msg(k, 't2', '2025-08-04T02:00:00Z', { direction: 'outbound', template_category: 'UTILITY', status: 'sent' }),
      msg(k, 't3', '2025-08-04T03:00:00Z', { direction: 'outbound', template_category: 'UTILITY' }),
      msg(k, 't4', '2025-08-04T04:00:00Z', { direction: 'outbound', template_category: 'UTILITY' }),
    ])
    expect((await ledger(s, k.phone_number_id)).map((r) => [r.opening_message_id, r.cost, r.tier])).toEqual([
      ['t0', '0.0014', '0:2'], ['t3', '0.0014', '0:2'], ['t4', '0.0012', '2:MAX'],
    ])
    expect((await verdictsOf(['t1', 't2'])).map((v) => v[0])).toEqual(['NOT_DELIVERED', 'NOT_DELIVERED'])
  })

  it('authentication templates are AUTHENTICATION_INTERNATIONAL from the listed start on', async () => {
    const k = { ...keyOf('ai', IN), waba_id: 'waba-ai-pmp' }
    await ingest(s, [
      msg(k, 'a0', '2025-07-31T23:59:59Z', { direction: 'outbound', template_category: 'AUTHENTICATION' }),
      msg(k, 'a1', '2025-08-01T00:00:00Z', { direction: 'outbound', template_category: 'AUTHENTICATION' }),
    ])
    expect((await ledger(s, k.phone_number_id)).map((r) => [r.opening_message_id, r.category, r.cost, r.tier])).toEqual([
      ['a0', 'AUTHENTICATION', '0.0014', '0:MAX'], ['a1', 'AUTHENTICATION_INTERNATIONAL', '0.0280', '0:MAX'],
    ])
    // The dashboard offers the category in its filter bar and filters by it (it once answered
    // 404 "Unknown category AUTHENTICATION_INTERNATIONAL." to its own option).
    const app = await buildApp({ session: s, keys: parseKeys(`${adminKey}=*`) })
    const offered = (await json<{ kind: string; id: string }[]>(app, '/api/filters?waba=waba-ai-pmp')).filter((o) => o.kind === 'category').map((o) => o.id)
    expect(offered).toEqual(['AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL'])
    const head = await json<HeadlineRow[]>(app, '/api/headline?waba=waba-ai-pmp&from=2025-07-01&to=2025-08-31&category=authentication_international')
    expect(head.filter((r) => r.section === 'total').map((r) => [r.count, r.cost])).toEqual([[1, 0.028]])
  })
})
