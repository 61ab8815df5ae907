// What-if re-pricing (issue 13, item 5; docs/whatif.md) on a small log across the July 2025 switch:
// under the database's own timeline the alternative equals the current pricing; under the
// CBP-only timeline it equals what `wacost ledger --pricing-models` prints for the same log, per
// pricing category to the cent; the database's own tables are untouched; the CLI prints it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CBP_ONLY, ingest, ledger, openEngine, verdicts, type Session } from './support/engine.ts'
import { rows, text } from '../core/db/sql.ts'
import { compareParams, computeWhatif, dropWhatifs, whatifState, type WhatifRow } from '../core/whatif.ts'
import { wacost } from './support/cli.ts'
import { micros, sum } from './support/exports.ts'
import { whatifLog } from './fixtures/whatif-log.ts'

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))
const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rateCard = fixture('rate-card-pmp.csv')

let s: Session
let dir: string
let logFile: string
beforeAll(async () => {
  s = await openEngine({ pricingModels: shipped, rateCard })
  await ingest(s, whatifLog)
  dir = mkdtempSync(join(tmpdir(), 'wacost-whatif-test-'))
  logFile = join(dir, 'log.ndjson')
  writeFileSync(logFile, whatifLog.map((l) => JSON.stringify(l)).join('\n'))
}, 60_000)
afterAll(async () => {
  await dropWhatifs(s.db)
  await s.close()
  rmSync(dir, { recursive: true, force: true })
})

async function compare(pricingModels: string, byWaba = true, wabas: string[] = []): Promise<WhatifRow[]> {
  const state = await computeWhatif(s.db, { pricingModels })
  return rows<WhatifRow>(s.db, 'whatif/compare', compareParams(s.db, state, { wabas, from: '1970-01-01', to: '2148-12-31', byWaba }))
}

describe('wacost whatif', () => {
  it('under the database\'s own timeline, the alternative is the current pricing (difference 0)', async () => {
    const before = await ledger(s)
    const out = await compare(shipped)
    const items = out.filter((r) => r.row_type === 'item')
    expect(items.length).toBeGreaterThan(4)
    for (const r of out) {
      expect([r.alternative_count, r.alternative_cost], JSON.stringify(r)).toEqual([r.current_count, r.current_cost])
      expect([r.count_difference, r.difference]).toEqual([0, '0.0000'])
    }
    // per-message charges and conversations both appear
    expect(new Set(items.map((r) => r.unit))).toEqual(new Set(['conversation', 'message']))
    // the database's own ledger is untouched
    expect(await ledger(s)).toEqual(before)
  }, 120_000)

  it('under a CBP-only timeline, each pricing category costs what `wacost ledger --pricing-models` prints', async () => {
    const before = await ledger(s)
    const verdictsBefore = await verdicts(s)
    const batchesBefore = await text(s.db, 'queries/batches', {}, 'JSONEachRow')
    const out = await compare(CBP_ONLY, false)
    const run = await wacost(['ledger', '--input', logFile, '--pricing-models', CBP_ONLY, '--rate-card', rateCard])
    expect(run.code, run.stderr).toBe(0)
    const printed = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { category: string; cost: string; unit: string })
    expect(printed.every((r) => r.unit === 'conversation')).toBe(true)
    const categories = [...new Set(printed.map((r) => r.category))].sort()
    const alt = out.filter((r) => r.row_type === 'category' && r.alternative_count !== 0)
    expect(alt.map((r) => r.category).sort()).toEqual(categories)
    for (const c of categories) {
      const mine = printed.filter((r) => r.category === c)
      const row = alt.find((r) => r.category === c)!
      expect([row.category, row.alternative_count, micros(row.alternative_cost!)]).toEqual([c, mine.length, sum(mine.map((r) => r.cost))])
    }
    // the current side is the stored pricing: the total equals the database's own ledger
    const total = out.find((r) => r.row_type === 'total')!
    expect(micros(total.current_cost!)).toBe(sum(before.map((r) => r.cost)))
    expect(micros(total.difference!)).toBe(micros(total.alternative_cost!) - micros(total.current_cost!))
    expect(micros(total.difference!)).not.toBe(0n)
    // the database's own tables are untouched: ledger, verdicts, batches (the rebuild ran elsewhere)
    expect(await ledger(s)).toEqual(before)
    expect(await verdicts(s)).toEqual(verdictsBefore)
    expect(await text(s.db, 'queries/batches', {}, 'JSONEachRow')).toBe(batchesBefore)
  }, 180_000)

  it('is kept while the data stays the same, and computed again after an ingest', async () => {
    expect((await whatifState(s.db, { pricingModels: CBP_ONLY })).ready).toBe(true)
    await ingest(s, [{ message_id: 'wi-late', timestamp: '2025-08-20T10:00:00Z', waba_id: 'waba-wi-b', phone_number_id: 'pn-wi-b', wa_id: '919812345678', direction: 'outbound', template_category: 'MARKETING' }])
    expect((await whatifState(s.db, { pricingModels: CBP_ONLY })).ready).toBe(false)
    const out = await compare(CBP_ONLY, true, ['waba-wi-b'])
    expect(new Set(out.map((r) => r.waba_id))).toEqual(new Set(['waba-wi-b']))
    // the earlier state's what-if databases were dropped
    const left = await rows<{ name: string }>(s.db, 'whatif/cached', { prefix: `${s.db.database}_whatif_` })
    expect(left).toHaveLength(1)
  }, 180_000)
})

it('drops the what-if databases only once a computation still building has ended (it created a table in the database being dropped: CI)', async () => {
  const prefix = `${s.db.database}_whatif_`
  const listed = async () => (await rows<{ name: string }>(s.db, 'whatif/cached', { prefix })).length
  await dropWhatifs(s.db)
  const building = computeWhatif(s.db, { pricingModels: CBP_ONLY })
  // the computation's database exists and its migration is under way
  for (let i = 0; i < 400 && await listed() === 0; i++) await new Promise((r) => setTimeout(r, 10))
  expect(await listed()).toBe(1)
  await dropWhatifs(s.db)
  expect((await building).ready).toBe(true)
  expect(await listed()).toBe(0)
}, 120_000)
