// `wacost whatif` as a user runs it (docs/whatif.md): a database made by `wacost ingest`, the
// comparison as CSV on stdout, the second run from the kept what-if, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { wacost } from './support/cli.ts'
import { CBP_ONLY } from './support/engine.ts'
import { micros, parseCsv } from './support/exports.ts'
import { whatifLog } from './fixtures/whatif-log.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rateCard = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))

let dir: string
let db: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wacost-whatif-cli-'))
  db = join(dir, 'data')
  const log = join(dir, 'log.ndjson')
  writeFileSync(log, whatifLog.map((l) => JSON.stringify(l)).join('\n'))
  const run = await wacost(['ingest', '--db', db, '--no-progress', '--pricing-models', shipped, '--rate-card', rateCard, log])
  expect(run.code, run.stderr).toBe(0)
}, 100_000)
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

describe('wacost whatif', () => {
  it('prints current vs alternative as CSV for the WABAs asked, then answers from the kept what-if', async () => {
    const first = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--waba', 'waba-wi-a', '--from', '2025-06-01', '--to', '2025-07-31'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/^what-if: computed in \d+\.\d s\n$/)
    const { header, rows } = parseCsv(first.stdout)
    expect(header).toEqual(['row_type', 'waba_id', 'waba_name', 'category', 'pricing_type', 'unit', 'currency', 'current_count',
      'current_cost', 'alternative_count', 'alternative_cost', 'count_difference', 'difference'])
    expect(new Set(rows.map((r) => r.waba_id))).toEqual(new Set(['waba-wi-a']))
    const total = rows.find((r) => r.row_type === 'total')!
    expect(micros(total.difference)).toBe(micros(total.alternative_cost) - micros(total.current_cost))
    const again = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--waba', 'waba-wi-a', '--from', '2025-06-01', '--to', '2025-07-31'])
    expect([again.code, again.stderr, again.stdout]).toEqual([0, 'what-if: computed earlier for the same data and files\n', first.stdout])
  }, 100_000)

  it('says when the alternative has charges without a price (empty amounts), and --strict makes it status 3', async () => {
    const card = join(dir, 'card-other-only.csv')
    writeFileSync(card, 'market,category,price,currency,effective_from\nOTHER,MARKETING,0.0250,USD,2024-01-01\n')
    const run = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--rate-card', card, '--waba', 'waba-wi-a'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/^warning \(the alternative pricing\): \d+ charged conversation\(s\) have no price/m)
    expect(run.stderr).not.toContain('(the current pricing)')
    const total = parseCsv(run.stdout).rows.find((r) => r.row_type === 'total')!
    expect([total.alternative_cost, total.difference]).toEqual(['', ''])
    const strict = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--rate-card', card, '--strict'])
    expect(strict.code).toBe(3)
    expect(strict.stdout).toBe('')
  }, 100_000)

  it('refuses an unknown WABA, a bad timeline and a missing file with a sentence and status 2', async () => {
    const unknown = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--waba', 'waba-nope'])
    expect([unknown.code, unknown.stderr]).toEqual([2, 'wacost: unknown WABA waba-nope\n'])
    // a blank copied with the id read "unknown WABA  waba-nope", the blank unseen (break-it trial)
    const blanked = await wacost(['whatif', '--db', db, '--pricing-models', CBP_ONLY, '--waba', ' waba-nope'])
    expect([blanked.code, blanked.stderr]).toEqual([2, 'wacost: unknown WABA " waba-nope": it has a blank before the WABA id (a space or line break copied with it?)\n'])
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'effective_from,model,service,free_tier,utility_in_service_window\n2025-07-01,PMP,free,,\n')
    const badRun = await wacost(['whatif', '--db', db, '--pricing-models', bad])
    expect(badRun.code).toBe(2)
    expect(badRun.stderr).toMatch(/^wacost: configuration error: .*bad\.csv line 2: utility_in_service_window/)
    // checked before any database was made: only the what-ifs of the tests before are there
    expect(readdirSync(join(db, 'metadata')).filter((f) => /^wacost_whatif_\w+\.sql$/.test(f))).toHaveLength(2)
    const missing = await wacost(['whatif', '--db', db, '--pricing-models', join(dir, 'nope.csv')])
    expect([missing.code, missing.engineLoaded]).toEqual([2, false])
  }, 100_000)
})
