// The worked example I of pricing-models.md §6 (the 2026-10-01 row, free_tier 2 by --free-tier):
// a database of its own, since the free-tier size applies to the whole timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { keyOf, type Key } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type LedgerRow, type Session } from './support/engine.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rates = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))
const IN = '919812345678'
const kolkata = fileURLToPath(new URL('./fixtures/wabas-kolkata.csv', import.meta.url))
const from = (base: string) => (h: number) => new Date(Date.parse(base) + h * 3_600_000).toISOString()
const line = (at: (h: number) => string, k: Key, id: string, h: number, extra: Record<string, unknown> = {}) =>
  ({ message_id: id, timestamp: at(h), ...k, ...extra })
const brief = (rows: LedgerRow[]) =>
  rows.map((r) => [r.unit, r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost, r.tier])

describe('per-message pricing: the October 2026 service charges', () => {
  let s2: Session
  beforeAll(async () => { s2 = await openEngine({ pricingModels: shipped, rateCard: rates, freeTier: 2, wabas: kolkata }) })
  afterAll(async () => { await s2.close() })

  it('I: the first free_tier service messages of a phone number and month are free, in-window utility is charged', async () => {
    const k = keyOf('ex-i', IN)
    const at = from('2026-10-05T00:00:00Z')
    await ingest(s2, [
      line(at, k, 'i0', 0, { direction: 'inbound' }),
      line(at, k, 'i1', 1, { direction: 'outbound' }),
      line(at, k, 'i2', 2, { direction: 'outbound' }),
      line(at, k, 'i3', 3, { direction: 'outbound' }),
      line(at, k, 'i4', 4, { direction: 'outbound', template_category: 'UTILITY' }),
    ])
    expect(brief(await ledger(s2, k.phone_number_id))).toEqual([
      ['message', 'SERVICE', at(1), null, null, 'i1', 'FREE_TIER', '0.0000', null],
      ['message', 'SERVICE', at(2), null, null, 'i2', 'FREE_TIER', '0.0000', null],
      ['message', 'SERVICE', at(3), null, null, 'i3', 'REGULAR', '0.0040', null],
      ['message', 'UTILITY', at(4), null, null, 'i4', 'REGULAR', '0.0014', '0:2'],
    ])
    const v = await verdicts(s2, ['i0', 'i1', 'i2', 'i3', 'i4'])
    expect(['i0', 'i1', 'i2', 'i3', 'i4'].map((id) => v.get(id)?.verdict))
      .toEqual(['OPENED', 'FREE_TIER', 'FREE_TIER', 'CHARGED', 'CHARGED'])
  })

  it('the free allowance counts per local month of the WABA (Asia/Kolkata, +05:30)', async () => {
    const k = { waba_id: 'waba-kol', phone_number_id: 'pn-kol', wa_id: IN }
    const m = (id: string, ts: string, direction: string) => ({ message_id: id, timestamp: ts, ...k, direction })
    await ingest(s2, [
      m('z0', '2026-10-31T17:00:00Z', 'inbound'),
      m('z1', '2026-10-31T17:10:00Z', 'outbound'), m('z2', '2026-10-31T17:20:00Z', 'outbound'),
      // 00:10 on 1 November in Kolkata: a new month, a new allowance (still October in UTC)
      m('z3', '2026-10-31T18:40:00Z', 'outbound'), m('z4', '2026-10-31T18:50:00Z', 'outbound'),
      m('z5', '2026-10-31T19:00:00Z', 'outbound'),
    ])
    expect((await ledger(s2, 'pn-kol')).map((r) => [r.opening_message_id, r.pricing_type])).toEqual([
      ['z1', 'FREE_TIER'], ['z2', 'FREE_TIER'], ['z3', 'FREE_TIER'], ['z4', 'FREE_TIER'], ['z5', 'REGULAR'],
    ])
  })
})
