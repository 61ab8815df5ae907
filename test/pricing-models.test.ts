// The worked examples G–K of pricing-models.md §6, literally (one key each, WABA in UTC, all
// delivered; an Indian customer), under the shipped timeline and a rate card with volume-tier bands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { keyOf, type Key } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type LedgerRow, type Session } from './support/engine.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rates = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))
const IN = '919812345678'

/** Hours from a base instant (ISO, UTC). */
const from = (base: string) => (h: number) => new Date(Date.parse(base) + h * 3_600_000).toISOString()
const line = (at: (h: number) => string, k: Key, id: string, h: number, extra: Record<string, unknown> = {}) =>
  ({ message_id: id, timestamp: at(h), ...k, ...extra })

const brief = (rows: LedgerRow[]) =>
  rows.map((r) => [r.unit, r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost, r.tier])

let s: Session
beforeAll(async () => { s = await openEngine({ pricingModels: shipped, rateCard: rates }) })
afterAll(async () => { await s.close() })

async function verdictsOf(ids: string[]) {
  const v = await verdicts(s, ids)
  return ids.map((id) => v.get(id)?.verdict)
}

describe('per-message pricing: worked examples', () => {
  it('G: in the customer service window utility and service are free, marketing is charged', async () => {
    const k = keyOf('ex-g', IN)
    const at = from('2025-08-04T00:00:00Z')
    await ingest(s, [
      line(at, k, 'g0', 0, { direction: 'inbound' }),
      line(at, k, 'g2', 2, { direction: 'outbound', template_category: 'UTILITY' }),
      line(at, k, 'g3', 3, { direction: 'outbound', template_category: 'MARKETING' }),
      line(at, k, 'g5', 5, { direction: 'outbound' }),
      line(at, k, 'g30', 30, { direction: 'outbound', template_category: 'UTILITY' }),
    ])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['message', 'UTILITY', at(2), null, null, 'g2', 'FREE_CUSTOMER_SERVICE', '0.0000', null],
      ['message', 'MARKETING', at(3), null, null, 'g3', 'REGULAR', '0.0118', null],
      ['message', 'SERVICE', at(5), null, null, 'g5', 'FREE_CUSTOMER_SERVICE', '0.0000', null],
      ['message', 'UTILITY', at(30), null, null, 'g30', 'REGULAR', '0.0014', '0:2'],
    ])
    expect(await verdictsOf(['g0', 'g2', 'g3', 'g5', 'g30']))
      .toEqual(['OPENED', 'FREE_CUSTOMER_SERVICE', 'CHARGED', 'FREE_CUSTOMER_SERVICE', 'CHARGED'])
    const v = await verdicts(s, ['g0', 'g3'])
    expect(v.get('g0')?.conversation_id).toBeNull()
    const rows = await ledger(s, k.phone_number_id)
    expect(v.get('g3')?.conversation_id).toBe(rows.find((r) => r.opening_message_id === 'g3')?.conversation_id)
  })

  it('H: a free entry point makes every message free for 72 h from the reply', async () => {
    const k = keyOf('ex-h', IN)
    const at = from('2025-08-04T00:00:00Z')
    await ingest(s, [
      line(at, k, 'h0', 0, { direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-1' }),
      line(at, k, 'h1', 1, { direction: 'outbound' }),
      line(at, k, 'h10', 10, { direction: 'outbound', template_category: 'MARKETING' }),
      line(at, k, 'h73', 73, { direction: 'outbound', template_category: 'MARKETING' }),
    ])
    const rows = await ledger(s, k.phone_number_id)
    expect(brief(rows)).toEqual([
      ['conversation', 'FREE_ENTRY_POINT', at(1), at(73), 'expired', 'h1', 'FREE_ENTRY_POINT', '0.0000', null],
      ['message', 'SERVICE', at(1), null, null, 'h1', 'FREE_ENTRY_POINT', '0.0000', null],
      ['message', 'MARKETING', at(10), null, null, 'h10', 'FREE_ENTRY_POINT', '0.0000', null],
      ['message', 'MARKETING', at(73), null, null, 'h73', 'REGULAR', '0.0118', null],
    ])
    expect(await verdictsOf(['h0', 'h1', 'h10', 'h73'])).toEqual(['FREE_ENTRY', 'FREE_ENTRY', 'FREE_ENTRY', 'CHARGED'])
    const v = await verdicts(s, ['h0', 'h1', 'h10'])
    expect(v.get('h0')?.conversation_id).toBe(rows[0]!.conversation_id)
    expect(v.get('h1')?.conversation_id).toBe(rows[1]!.conversation_id)
    expect(v.get('h10')?.conversation_id).toBe(rows[2]!.conversation_id)
  })

  it('J: volume tiers are marginal bands per WABA, market, category and month', async () => {
    const k = keyOf('ex-j', IN)
    const at = from('2025-08-04T00:00:00Z')
    await ingest(s, [0, 30, 60, 90].map((h, i) => line(at, k, `j${i}`, h, { direction: 'outbound', template_category: 'UTILITY' })))
    expect((await ledger(s, k.phone_number_id)).map((r) => [r.cost, r.tier])).toEqual([
      ['0.0014', '0:2'], ['0.0014', '0:2'], ['0.0012', '2:MAX'], ['0.0012', '2:MAX'],
    ])
  })

  it('K: a change from CBP to PMP closes the open conversation with model_change', async () => {
    const k = keyOf('ex-k', IN)
    await ingest(s, [
      { message_id: 'k1', timestamp: '2025-06-30T20:00:00Z', ...k, direction: 'outbound', template_category: 'MARKETING' },
      { message_id: 'k2', timestamp: '2025-07-01T02:00:00Z', ...k, direction: 'outbound', template_category: 'MARKETING' },
    ])
    expect(brief(await ledger(s, k.phone_number_id))).toEqual([
      ['conversation', 'MARKETING', '2025-06-30T20:00:00.000Z', '2025-07-01T00:00:00.000Z', 'model_change', 'k1', 'REGULAR', '0.0107', null],
      ['message', 'MARKETING', '2025-07-01T02:00:00.000Z', null, null, 'k2', 'REGULAR', '0.0118', null],
    ])
    expect(await verdictsOf(['k1', 'k2'])).toEqual(['OPENED', 'CHARGED'])
  })
})

describe('through the CLI', () => {
  it('example G: wacost ledger and verdicts print per-message rows with unit and tier', async () => {
    const { execFile } = await import('node:child_process')
    const { promisify } = await import('node:util')
    const { writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const k = keyOf('cli-g', IN)
    const at = from('2025-08-04T00:00:00Z')
    const file = join(tempDir('wacost-g-'), 'g.ndjson')
    writeFileSync(file, [
      line(at, k, 'g0', 0, { direction: 'inbound' }),
      line(at, k, 'g2', 2, { direction: 'outbound', template_category: 'UTILITY' }),
      line(at, k, 'g3', 3, { direction: 'outbound', template_category: 'MARKETING' }),
      line(at, k, 'g5', 5, { direction: 'outbound' }),
      line(at, k, 'g30', 30, { direction: 'outbound', template_category: 'UTILITY' }),
    ].map((l) => JSON.stringify(l)).join('\n'))
    const run = (cmd: string) => promisify(execFile)(process.execPath, [wacostJs, cmd, '--input', file, '--rate-card', rates],
      { env: { ...process.env, CLICKHOUSE_URL: '' } })
    const rows = (await run('ledger')).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows.map((r) => [r.opening_message_id, r.category, r.unit, r.closed_at, r.close_reason, r.pricing_type, r.cost, r.tier])).toEqual([
      ['g2', 'UTILITY', 'message', null, null, 'FREE_CUSTOMER_SERVICE', '0.0000', null],
      ['g3', 'MARKETING', 'message', null, null, 'REGULAR', '0.0118', null],
      ['g5', 'SERVICE', 'message', null, null, 'FREE_CUSTOMER_SERVICE', '0.0000', null],
      ['g30', 'UTILITY', 'message', null, null, 'REGULAR', '0.0014', '0:2'],
    ])
    const v = (await run('verdicts')).stdout.trim().split('\n').map((l) => JSON.parse(l) as { message_id: string; verdict: string; conversation_id: string | null })
    expect(v.map((x) => [x.message_id, x.verdict])).toEqual([
      ['g0', 'OPENED'], ['g2', 'FREE_CUSTOMER_SERVICE'], ['g3', 'CHARGED'], ['g30', 'CHARGED'], ['g5', 'FREE_CUSTOMER_SERVICE'],
    ])
    expect(v.find((x) => x.message_id === 'g3')?.conversation_id).toBe(rows[1]!.conversation_id)
  }, 180_000)
})
