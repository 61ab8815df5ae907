// The worked examples A–F of billing-rules.md, literally: one conversation key each (tenants
// ex-a … ex-f, a US customer priced at the default North America rates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { at, inbound, keyOf, reply, template } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts } from './support/engine.ts'
import type { Session } from '../core/session.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const brief = (rows: Awaited<ReturnType<typeof ledger>>) =>
  rows.map((r) => [r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost])

describe('worked examples', () => {
  it('A: same category within 24 h is reused; at exactly 24 h a new one opens', async () => {
    const k = keyOf('ex-a')
    await ingest(s, [template(k, 'a1', 0, 'MARKETING'), template(k, 'a2', 6, 'MARKETING'), template(k, 'a3', 24, 'MARKETING')])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['MARKETING', at(0), at(24), 'expired', 'a1', 'REGULAR', '0.0250'],
      ['MARKETING', at(24), at(48), 'expired', 'a3', 'REGULAR', '0.0250'],
    ])
    const v = await verdicts(s, ['a1', 'a2', 'a3'])
    expect([...v.values()].map((x) => x.verdict)).toEqual(['OPENED', 'REUSED', 'OPENED'])
    expect(v.get('a2')?.conversation_id).toBe(v.get('a1')?.conversation_id)
  })

  it('B: categories are independent; three conversations, two charged', async () => {
    const k = keyOf('ex-b')
    await ingest(s, [inbound(k, 'b0', 0), template(k, 'b2', 2, 'UTILITY'), template(k, 'b4', 4, 'MARKETING'), template(k, 'b6', 6, 'UTILITY')])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['SERVICE', at(0), at(24), 'expired', 'b0', 'FREE_TIER', '0.0000'],
      ['UTILITY', at(2), at(26), 'expired', 'b2', 'REGULAR', '0.0040'],
      ['MARKETING', at(4), at(28), 'expired', 'b4', 'REGULAR', '0.0250'],
    ])
    const v = await verdicts(s, ['b0', 'b2', 'b4', 'b6'])
    expect([...v.values()].map((x) => x.verdict)).toEqual(['OPENED', 'OPENED', 'OPENED', 'REUSED'])
  })

  it('C: the service window rolls with every inbound', async () => {
    const k = keyOf('ex-c')
    await ingest(s, [inbound(k, 'c0', 0), inbound(k, 'c20', 20), inbound(k, 'c43', 43), inbound(k, 'c67', 67)])
    expect(brief(await ledger(s, k.phone_number_id)).map((r) => r.slice(0, 5))).toEqual([
      ['SERVICE', at(0), at(67), 'expired', 'c0'],
      ['SERVICE', at(67), at(91), 'expired', 'c67'],
    ])
    const v = await verdicts(s, ['c0', 'c20', 'c43', 'c67'])
    expect([...v.values()].map((x) => x.verdict)).toEqual(['OPENED', 'EXTENDED', 'EXTENDED', 'OPENED'])
  })

  it('D: a free entry point converts the entry service conversation and suppresses the others', async () => {
    const k = keyOf('ex-d')
    await ingest(s, [
      template(k, 'd0', 0, 'MARKETING'),
      inbound(k, 'd1', 1, { entry_point: 'ctwa', ad_id: 'ad-7' }),
      reply(k, 'd2', 2),
      template(k, 'd10', 10, 'MARKETING'),
      template(k, 'd74', 74, 'MARKETING'),
    ])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['MARKETING', at(0), at(2), 'fep', 'd0', 'REGULAR', '0.0250'],
      ['FREE_ENTRY_POINT', at(1), at(74), 'expired', 'd1', 'FREE_ENTRY_POINT', '0.0000'],
      ['MARKETING', at(74), at(98), 'expired', 'd74', 'REGULAR', '0.0250'],
    ])
    const v = await verdicts(s, ['d0', 'd1', 'd2', 'd10', 'd74'])
    expect(Object.fromEntries([...v].map(([id, x]) => [id, x.verdict]))).toEqual({
      d0: 'OPENED', d1: 'FREE_ENTRY', d2: 'FREE_ENTRY', d10: 'FREE_ENTRY', d74: 'OPENED',
    })
    const fep = (await ledger(s, k.phone_number_id))[1]
    expect(v.get('d2')?.conversation_id).toBe(fep?.conversation_id)
    expect(v.get('d10')?.conversation_id).toBe(fep?.conversation_id)
  })

  it('E: a reply after 24 h opens no free entry point and breaks the guardrail', async () => {
    const k = keyOf('ex-e')
    await ingest(s, [inbound(k, 'e0', 0, { entry_point: 'ctwa' }), reply(k, 'e25', 25)])
    expect(brief(await ledger(s, k.phone_number_id)).map((r) => r.slice(0, 5))).toEqual([
      ['SERVICE', at(0), at(24), 'expired', 'e0'],
    ])
    const v = await verdicts(s, ['e0', 'e25'])
    expect(v.get('e0')?.verdict).toBe('OPENED')
    expect(v.get('e25')).toEqual({ message_id: 'e25', verdict: 'OUTSIDE_SERVICE_WINDOW', conversation_id: null })
  })

  it('F: a failed template opens nothing', async () => {
    const k = keyOf('ex-f')
    await ingest(s, [template(k, 'f0', 0, 'UTILITY', { status: 'failed' }), template(k, 'f1', 1, 'UTILITY')])
    expect(brief(await ledger(s, k.phone_number_id)).map((r) => r.slice(0, 5))).toEqual([
      ['UTILITY', at(1), at(25), 'expired', 'f1'],
    ])
    const v = await verdicts(s, ['f0', 'f1'])
    expect(v.get('f0')).toEqual({ message_id: 'f0', verdict: 'NOT_DELIVERED', conversation_id: null })
    expect(v.get('f1')?.verdict).toBe('OPENED')
  })
})
