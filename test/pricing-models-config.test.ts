// The pricing-model timeline, authentication-international countries and rate-card volume-tier
// bands as configuration (issue 13 item 1, pricing-models.md §1, §4, §5): the shipped timeline
// fills an empty database, a given file replaces it, --free-tier rewrites its free_tier rows, and
// every malformed file is refused with its file, line and a fix.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planReference, type ReferenceOptions } from '../core/reference/load.ts'
import { ConfigError, readCsv } from '../core/reference/csv.ts'
import * as schemas from '../core/reference/schemas.ts'
import { type Session } from './support/engine.ts'
import { openScratch } from '../core/session.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const dir = tempDir('wacost-pm-')
let n = 0
/** Writes a CSV file of the given lines; returns its path. */
function csv(...lines: string[]): string {
  const f = join(dir, `f${++n}.csv`)
  writeFileSync(f, `${lines.join('\n')}\n`)
  return f
}
const pmHeader = 'effective_from,model,service,free_tier,utility_in_service_window'

let e: Session
// No timeline given: the shipped default (openEngine() would give the tests' CBP-only one).
beforeAll(async () => { e = await openScratch({}) })
afterAll(async () => { await e?.close() })

async function table<T>(query: string): Promise<T[]> {
  const rs = await e.db.client.query({ query, format: 'JSONEachRow' })
  return rs.json<T>()
}
const timeline = () => table<Record<string, unknown>>(
  'SELECT toString(effective_from) AS d, model, service, free_tier AS n, utility_in_service_window AS u FROM pricing_models ORDER BY effective_from')
const freeTiers = async () => (await table<{ n: number }>('SELECT free_tier AS n FROM billing_settings ORDER BY effective_from')).map((r) => r.n)
async function load(opts: ReferenceOptions): Promise<boolean> {
  const plan = await planReference(e.db, opts)
  await plan.apply()
  return plan.changed
}
async function refused(opts: ReferenceOptions): Promise<string> {
  const err = await planReference(e.db, opts).then(() => undefined, (x: unknown) => x)
  expect(err).toBeInstanceOf(ConfigError)
  return (err as Error).message
}

const shipped = [
  { d: '2022-02-01', model: 'CBP', service: 'free_tier', n: 1000, u: '' },
  { d: '2024-11-01', model: 'CBP', service: 'free', n: 0, u: '' },
  { d: '2025-07-01', model: 'PMP', service: 'free', n: 0, u: 'free' },
  { d: '2026-10-01', model: 'PMP', service: 'free_tier', n: 1000, u: 'charged' },
]

describe('pricing-model timeline', () => {
  it('a new database gets the shipped timeline of pricing-models.md §1; opening it again changes nothing', async () => {
    expect(await timeline()).toEqual(shipped)
    expect(await load({})).toBe(false)
  })

  it('a given file replaces the whole timeline, rows in any order, and asks for a re-derive', async () => {
    const f = csv(pmHeader, '2025-07-01,PMP,free,,free', '1970-01-01,cbp,free_tier,250,', '2026-10-01,PMP,free_tier,7,Charged')
    expect(await load({ pricingModels: f })).toBe(true)
    expect(await timeline()).toEqual([
      { d: '1970-01-01', model: 'CBP', service: 'free_tier', n: 250, u: '' },
      { d: '2025-07-01', model: 'PMP', service: 'free', n: 0, u: 'free' },
      { d: '2026-10-01', model: 'PMP', service: 'free_tier', n: 7, u: 'charged' },
    ])
    // The one-row timeline that reproduces billing-rules.md.
    await load({ pricingModels: csv(pmHeader, '1970-01-01,CBP,free_tier,1000,') })
    expect(await timeline()).toEqual([{ d: '1970-01-01', model: 'CBP', service: 'free_tier', n: 1000, u: '' }])
  })

  it('--free-tier sets every free_tier row of the given, shipped or stored timeline, and the billing settings', async () => {
    const shippedFile = new URL('../config/defaults/pricing-models.csv', import.meta.url).pathname
    expect(await load({ pricingModels: shippedFile, freeTier: 3 })).toBe(true)
    expect((await timeline()).map((r) => r.n)).toEqual([3, 0, 0, 3])
    expect(new Set(await freeTiers())).toEqual(new Set([3]))
    // No file: the stored timeline is rewritten.
    expect(await load({ freeTier: 0 })).toBe(true)
    expect(await timeline()).toEqual(shipped.map((r) => ({ ...r, n: 0 })))
    expect(new Set(await freeTiers())).toEqual(new Set([0]))
    await load({ pricingModels: shippedFile, freeTier: 1000 })
    expect(await timeline()).toEqual(shipped)
  })

  it.each([
    ['2025-07-01,PPM,free,,free', 'line 2: model: expected CBP (conversation-based) or PMP (per message)'],
    ['2025-07-01,PMP,none,,free', 'line 2: service: expected free_tier'],
    ['2026-10-01,PMP,free_tier,,charged', 'line 2: free_tier: expected a whole number up to 999999999 with service free_tier, got "" (fix:'],
    ['2026-10-01,PMP,free_tier,1e3,charged', 'line 2: free_tier: expected a whole number'],
    ['2024-11-01,CBP,free,1000,', 'line 2: free_tier: must be empty with service free, got "1000" (fix:'],
    ['2025-07-01,PMP,free,,', 'line 2: utility_in_service_window: required on a PMP row (fix:'],
    ['2024-11-01,CBP,free,,free', 'line 2: utility_in_service_window: must be empty on a CBP row'],
    ['2025-07-01,PMP,free,,maybe', 'line 2: utility_in_service_window: expected free or charged'],
    ['2025-7-1,PMP,free,,free', 'line 2: effective_from: expected a date YYYY-MM-DD'],
    // found by a break-it trial: the engine rolled these over (2025-02-30 → 2 March, 2025-13-45 → 1970-01-01)
    ['2025-02-30,PMP,free,,free', 'line 2: effective_from: expected a day of the calendar between 1970-01-01 and 2149-06-06'],
    ['2025-13-45,PMP,free,,free', 'line 2: effective_from: expected a day of the calendar'],
    ['2026-10-01,PMP,free_tier,4294967296,charged', 'line 2: free_tier: expected a whole number up to 999999999'],
  ])('refuses %s, naming file, line and fix', async (row, message) => {
    const f = csv(pmHeader, row)
    const said = await refused({ pricingModels: f })
    expect(said).toContain(f)
    expect(said).toContain(message)
    expect(await timeline()).toEqual(shipped)
  })

  it('refuses a WABA listed twice (two time zones put one message under two pricing models: a break-it trial)', async () => {
    const f = csv('waba_id,name,timezone', 'W_LA,LA,America/Los_Angeles', 'W_X,X,UTC', 'W_LA,LA2,Asia/Kolkata')
    expect(await refused({ wabas: f })).toBe(`${f} line 4: duplicate WABA W_LA (also on line 2); fix: keep one row per WABA (its name and its time zone)`)
    // csv-parse's own words named its options and echoed raw bytes (a break-it trial)
    const short = csv('waba_id,name,timezone', 'W_A,A,UTC', 'W_B,B')
    expect(await refused({ wabas: short })).toBe(`${short} line 3: 2 values where the header has 3 columns; fix: one value per column (a value with a comma goes in double quotes)`)
    const zone = csv('waba_id,name,timezone', 'W_A,A,UTC', 'W_B,B,Europe/Berln')
    expect(await refused({ wabas: zone })).toBe(`${zone} line 3: unknown time zone Europe/Berln; fix: an IANA name such as Europe/Berlin`)
  })

  it('names the right line after a quoted line break (CRLF) inside a cell (it was counted as two lines)', async () => {
    const write = (text: string) => { const f = join(dir, `f${++n}.csv`); writeFileSync(f, text); return f }
    // W_A's name spans lines 2 and 3; an empty line 4.
    const crlf = 'waba_id,name,timezone\r\nW_A,"Acme\r\nEurope",UTC\r\n\r\n'
    const zone = write(`${crlf}W_B,B,Europe/Berln\r\n`)
    expect(await refused({ wabas: zone })).toBe(`${zone} line 5: unknown time zone Europe/Berln; fix: an IANA name such as Europe/Berlin`)
    const twice = write(`${crlf}W_B,B,UTC\r\nW_A,A,UTC\r\n`)
    expect(await refused({ wabas: twice })).toBe(`${twice} line 6: duplicate WABA W_A (also on line 2); fix: keep one row per WABA (its name and its time zone)`)
    const short = write(`${crlf}W_B,B\r\n`)
    expect(await refused({ wabas: short })).toBe(`${short} line 5: 2 values where the header has 3 columns; fix: one value per column (a value with a comma goes in double quotes)`)
    const card = write(`market,category,price,currency,effective_from,note\r\nIN,UTILITY,0.0014,USD,2025-07-01,"a\r\nb"\r\nIN,MARKETING,0.01,USD,2025-02-30,\r\n`)
    expect(await refused({ rateCard: card })).toContain(`${card} line 4: effective_from:`)
  })

  it('refuses two rows with one date, an empty timeline and a missing column', async () => {
    const twice = csv(pmHeader, '2025-07-01,PMP,free,,free', '2022-02-01,CBP,free_tier,1000,', '2025-07-01,PMP,free,,charged')
    expect(await refused({ pricingModels: twice })).toBe(
      `${twice} line 4: duplicate effective_from 2025-07-01 (also on line 2); fix: keep one row per date (a change is a row with a later date)`)
    expect(await refused({ pricingModels: csv(pmHeader) })).toContain('no rows, so no pricing model applies')
    expect(await refused({ pricingModels: csv('effective_from,model,service,free_tier', '2022-02-01,CBP,free_tier,1000') }))
      .toContain('missing column(s) utility_in_service_window')
  })
})

describe('authentication-international countries', () => {
  const header = 'waba_id,country,start'
  const stored = () => table<Record<string, string>>(
    "SELECT waba_id, country, toString(start) AS start FROM auth_international ORDER BY waba_id, country, start")

  it('stores start in UTC whatever its zone, country upper-cased, several rows per WABA and country kept', async () => {
    expect(await stored()).toEqual([])
    const f = csv(header, 'w1,in,2025-07-01T05:30:00+05:30', 'w1,IN,2025-06-01T00:00:00.1234Z', 'w2,ID,2025-07-01T00:00-0700', 'w2,BR,2026-01-01T09:00:00+09')
    expect(await load({ authInternational: f })).toBe(true)
    expect(await stored()).toEqual([
      { waba_id: 'w1', country: 'IN', start: '2025-06-01 00:00:00.123' },
      { waba_id: 'w1', country: 'IN', start: '2025-07-01 00:00:00.000' },
      { waba_id: 'w2', country: 'BR', start: '2026-01-01 00:00:00.000' },
      { waba_id: 'w2', country: 'ID', start: '2025-07-01 07:00:00.000' },
    ])
    // Not given: the stored list stays; a header-only file empties it.
    expect(await load({})).toBe(false)
    expect(await stored()).toHaveLength(4)
    await load({ authInternational: csv(header) })
    expect(await stored()).toEqual([])
  })

  it.each([
    ['w1,IN,2025-07-01T00:00:00', 'line 2: start: expected an ISO 8601 instant with its zone, got "2025-07-01T00:00:00" (fix:'],
    ['w1,IN,2025-07-01', 'line 2: start: expected an ISO 8601 instant with its zone'],
    ['w1,IN,2025-02-30T00:00:00Z', 'line 2: start: expected an ISO 8601 instant'],
    ['w1,IN,2025-07-01T00:00:00+25:00', 'line 2: start: expected an ISO 8601 instant'],
    ['w1,India,2025-07-01T00:00:00Z', 'line 2: country: expected an ISO 3166 alpha-2 code'],
    ['w1,XX,2025-07-01T00:00:00Z', 'line 2: country XX is not an ISO 3166 alpha-2 code; fix:'],
    [',IN,2025-07-01T00:00:00Z', 'line 2: waba_id: expected the WABA id'],
  ])('refuses %s', async (row, message) => {
    const f = csv(header, row)
    const said = await refused({ authInternational: f })
    expect(said).toContain(`${f} line 2`)
    expect(said).toContain(message)
  })
})

describe('rate card volume-tier bands', () => {
  const header = 'market,category,price,currency,effective_from'
  const card = () => table<Record<string, unknown>>(
    "SELECT market, category, toString(price) AS price, toString(effective_from) AS d, tier_from FROM rate_card ORDER BY market, category, effective_from, tier_from")

  it('reads tier_from as an optional last column (1 when absent or empty), AUTHENTICATION_INTERNATIONAL included', async () => {
    await load({ rateCard: csv(header, 'IN,MARKETING,0.0107,USD,2024-10-01') })
    expect(await card()).toEqual([{ market: 'IN', category: 'MARKETING', price: '0.0107', d: '2024-10-01', tier_from: 1 }])
    await load({ rateCard: csv(`${header},tier_from,source`,
      'IN,UTILITY,0.0014,USD,2025-07-01,1,x', 'IN,UTILITY,0.0012,USD,2025-07-01,3,x', 'IN,UTILITY,0.0011,USD,2025-10-01,,x',
      'IN,authentication_international,0.0280,USD,2025-07-01,,x') })
    expect(await card()).toEqual([
      { market: 'IN', category: 'AUTHENTICATION_INTERNATIONAL', price: '0.028', d: '2025-07-01', tier_from: 1 },
      { market: 'IN', category: 'UTILITY', price: '0.0014', d: '2025-07-01', tier_from: 1 },
      { market: 'IN', category: 'UTILITY', price: '0.0012', d: '2025-07-01', tier_from: 3 },
      { market: 'IN', category: 'UTILITY', price: '0.0011', d: '2025-10-01', tier_from: 1 },
    ])
  })

  it.each([
    [['IN,UTILITY,0.0012,USD,2025-07-01,3', 'IN,UTILITY,0.0010,USD,2025-07-01,10'],
      'line 2: the volume-tier bands of IN, UTILITY, 2025-07-01 have no tier_from 1, so the first messages of a month have no price; fix:'],
    [['IN,UTILITY,0.0014,USD,2025-07-01,1', 'IN,UTILITY,0.0012,USD,2025-07-01,3', 'IN,UTILITY,0.0011,USD,2025-07-01,3'],
      'line 4: duplicate price for IN, UTILITY, 2025-07-01, tier_from 3 (also on line 3); fix:'],
    [['IN,UTILITY,0.0014,USD,2025-07-01,', 'IN,UTILITY,0.0013,USD,2025-07-01,1'],
      'line 3: duplicate price for IN, UTILITY, 2025-07-01 (also on line 2); fix:'],
    [['IN,UTILITY,0.0014,USD,2025-07-01,0'], 'line 2: tier_from: expected a whole number from 1'],
    [['IN,UTILITY,0.0014,USD,2025-07-01,2.5'], 'line 2: tier_from: expected a whole number from 1'],
    [['IN,MARKETING,0.0107,USD,2025-07-01,1', 'IN,MARKETING,0.0100,USD,2025-07-01,1000'],
      'line 3: MARKETING has no volume tiers, so a band from tier_from 1000 is never used; fix:'],
    // found by a break-it trial: each of these was accepted (or failed in the engine's words)
    [['IN,UTILITY,0.0014,USD,2024-13-45,'], 'line 2: effective_from: expected a day of the calendar'],
    [['IN,UTILITY,99999999999999999999.5,USD,2025-07-01,'], 'line 2: price: a price has at most 12 digits before the decimal point'],
    [['IN,UTILITY,-0.0014,USD,2025-07-01,'], 'line 2: price: a price cannot be negative'],
    [['IN,UTILITY,"0,0014",USD,2025-07-01,'], 'line 2: price: expected a dot as the decimal mark, got "0,0014" (fix: 0.0014)'],
    [['IN,UTILITY,0.0014,XXQ,2025-07-01,'], 'line 2: currency: is not an ISO 4217 currency code'],
    [['IN,UTILITY,0.0014,USD,2025-07-01,', 'IN,AUTHENTICATION,0.0014,EUR,2025-07-01,'],
      'line 3: market IN is priced in EUR here and in USD on line 2; fix: one currency per market'],
    [[], ': no rows, so no conversation or message would have a price; fix:'],
  ])('refuses %j', async (rows, message) => {
    const f = csv(`${header},tier_from`, ...rows)
    const said = await refused({ rateCard: f })
    expect(said).toContain(rows.length > 0 ? `${f} line` : f)
    expect(said).toContain(message)
  })
})

describe('on the command line', () => {
  const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
  const wacost = (...args: string[]) => promisify(execFile)(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })

  it.each(['ledger', 'verdicts', 'ingest', 'rebuild'])('%s takes --pricing-models and --auth-international', async (command) => {
    const { stdout } = await wacost(command, '--help')
    expect(stdout).toContain('--pricing-models <file>')
    expect(stdout).toContain('--auth-international <file>')
  })

  it('ledger refuses a bad timeline with exit 2, naming file, line and fix', async () => {
    const f = csv(pmHeader, '2022-02-01,CBP,free_tier,1000,', '2025-07-01,PMP,free,,')
    const err = await wacost('ledger', '--input', demo, '--pricing-models', f).then(() => undefined, (x: unknown) => x) as { code: number; stderr: string }
    expect(err.code).toBe(2)
    expect(err.stderr).toContain(`configuration error: ${f} line 3: utility_in_service_window: required on a PMP row (fix:`)
  })
})

describe('the shipped rate card across eras', () => {
  const card = readCsv(new URL('../config/defaults/rate-card.csv', import.meta.url).pathname, schemas.rateCardHeader, schemas.rateCardRow)
  const markets = [...new Set(card.map((r) => r.market))]
  /** The bands of (market, category) in force on a day: the rows of the latest date on or before it. */
  const inForce = (market: string, category: string, day: string) => {
    const rows = card.filter((r) => r.market === market && r.category === category && r.effective_from <= day)
    const last = rows.map((r) => r.effective_from).sort().at(-1)
    return rows.filter((r) => r.effective_from === last).map((r) => [r.tier_from, r.price])
  }

  it('charges service from 2026-10-01 in every market, at its utility list rate (Meta\'s October 2026 card)', () => {
    expect(markets.filter((m) => inForce(m, 'SERVICE', '2026-10-01')[0]?.[1] !== inForce(m, 'UTILITY', '2026-10-01')[0]?.[1])).toEqual([])
    expect(markets.filter((m) => inForce(m, 'SERVICE', '2026-09-30')[0]?.[1] !== '0.0000')).toEqual([])
  })

  it('dates the per-message changes as Meta\'s update list does, keeping the 2024 rows', () => {
    expect([inForce('IN', 'MARKETING', '2025-12-31'), inForce('IN', 'MARKETING', '2026-01-01')]).toEqual([[[1, '0.0107']], [[1, '0.0118']]])
    expect([inForce('MX', 'MARKETING', '2025-09-30'), inForce('MX', 'MARKETING', '2025-10-01')]).toEqual([[[1, '0.0436']], [[1, '0.0305']]])
    expect([inForce('BR', 'UTILITY', '2025-06-30'), inForce('BR', 'UTILITY', '2025-07-01')]).toEqual([[[1, '0.0080']], [[1, '0.0068']]])
    expect([inForce('North America', 'UTILITY', '2025-12-31'), inForce('North America', 'UTILITY', '2026-01-01')]).toEqual([[[1, '0.0040']], [[1, '0.0034']]])
    expect(inForce('GB', 'MARKETING', '2026-07-01')).toEqual([[1, '0.0635']])
  })

  it('has Rest of Africa\'s utility volume tiers from 2026-10-01, one band elsewhere', () => {
    expect(inForce('Rest of Africa', 'UTILITY', '2026-10-01')).toEqual([
      [1, '0.0040'], [100001, '0.0038'], [1000001, '0.0036'], [4500001, '0.0034'], [40000001, '0.0032'], [80000001, '0.0030']])
    expect(inForce('Rest of Africa', 'UTILITY', '2026-09-30')).toEqual([[1, '0.0040']])
    expect(card.filter((r) => r.tier_from > 1 && r.market !== 'Rest of Africa')).toEqual([])
  })
})
