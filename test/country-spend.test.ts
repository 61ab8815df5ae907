// Spend per country (GET /api/spend?split=country, read from the spend_daily rollup) is the
// ledger export's rows of each country summed, to the micro-unit: the same country (the ledger's
// `country`: the line's own, else the calling code's), free-tier and volume-tier charges in the
// country of the charge they price, US and CA apart though one market (North America), a number
// of no known country its own bucket. Checked after a first batch, after a late batch that moves
// the free tier from one country to another, after a correction of a free charge's country, and
// after the rebuild an upgraded database gets; per filter, per month, in its CSV, and per key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKey, get, json, openApp, type TestApp } from './support/api.ts'
import { ingest, rebuild } from './support/engine.ts'
import { download, micros, parseCsv, type Row } from './support/exports.ts'
import { countriesCorrection, countriesLate, countriesLog, countriesReference } from './fixtures/countries.ts'
import type { SpendRow } from '../api/routes/dashboard.ts'
import { listMigrations, migrate } from '../core/db/migrate.ts'

const southKey = 'country-south-key-0123456789'
const ingestOnlyKey = 'country-ingest-key-0123456789'
let t: TestApp

beforeAll(async () => {
  t = await openApp(countriesReference, `${adminKey}=*,${southKey}=waba-south:read,${ingestOnlyKey}=*:ingest`)
  const summary = await ingest(t.session, countriesLog)
  expect(summary.rejected).toBe(0)
}, 120_000)
afterAll(async () => { await t?.app.close() })

type Sums = Record<string, { conversations: number; micros: string }>

/** The ledger export's rows (the CSV a manager downloads) summed per `by` (country, or month and country). */
async function ledgerSums(query: string, by: (r: Row) => string = (r) => r.country!): Promise<Sums> {
  const { rows } = await download(t.app, 'ledger', query)
  const sums: Record<string, { conversations: number; micros: bigint }> = {}
  for (const r of rows) {
    const s = (sums[by(r)] ??= { conversations: 0, micros: 0n })
    s.conversations += 1
    s.micros += micros(r.cost)
  }
  return Object.fromEntries(Object.entries(sums).sort().map(([k, s]) => [k, { conversations: s.conversations, micros: String(s.micros) }]))
}

const exact = (cost: number | null) => String(BigInt(Math.round((cost ?? Number.NaN) * 1e6)))

/** The dashboard's split by country, per `by` (the key, or the period and key). */
async function spendSums(query: string, granularity = 'total', key = adminKey, by: (r: SpendRow) => string = (r) => r.key): Promise<Sums> {
  const rows = await json<SpendRow[]>(t.app, `/api/spend?granularity=${granularity}&split=country${query ? `&${query}` : ''}`, key)
  expect(rows.every((r) => r.unpriced === 0 && r.cost !== null && r.currency === 'USD')).toBe(true)
  const sums = rows.map((r) => [by(r), { conversations: r.conversations, micros: exact(r.cost) }] as const)
  return Object.fromEntries(sums.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

const filters = ['', 'waba=waba-north', 'waba=waba-south', 'category=SERVICE', 'category=UTILITY', 'category=MARKETING',
  'market=North%20America', 'phone=pn-n2', 'from=2025-07-01', 'to=2025-06-30', 'waba=waba-north&category=SERVICE&to=2025-06-30']

async function expectLedgerEverywhere(): Promise<void> {
  for (const q of filters) expect({ q, sums: await spendSums(q) }).toEqual({ q, sums: await ledgerSums(q) })
  // per month too (the WABA's local month: waba-south's days are São Paulo's)
  const byMonth = await spendSums('', 'month', adminKey, (r) => `${String(r.period).slice(0, 7)} ${r.key}`)
  expect(byMonth).toEqual(await ledgerSums('', (r) => `${r.month} ${r.country}`))
}

describe('spend per country', () => {
  it('is the ledger export per country, to the cent, for every filter and month', async () => {
    // what the fixture is meant to hold: US and CA in one market, a free tier and a second volume
    // tier in both, a number of no known country, a line's own country
    const { rows } = await download(t.app, 'ledger')
    const countries = (f: (r: Row) => boolean) => [...new Set(rows.filter(f).map((r) => r.country))].sort()
    expect(countries(() => true)).toEqual(['', 'BR', 'CA', 'US'])
    expect(countries((r) => r.market === 'North America')).toEqual(['CA', 'US'])
    expect(countries((r) => r.market === 'OTHER')).toEqual([''])
    expect(countries((r) => r.pricing_type === 'FREE_TIER')).toEqual(['BR', 'CA', 'US'])
    expect(countries((r) => r.market === 'North America' && r.tier === '2:MAX')).toEqual(['CA', 'US'])
    expect(rows.filter((r) => r.wa_id === '14155550177').map((r) => r.country)).toEqual(['CA'])
    await expectLedgerEverywhere()
  })

  it('names each country in words with its code, and the unknown one as such', async () => {
    const rows = await json<SpendRow[]>(t.app, '/api/spend?granularity=total&split=country')
    expect(rows.map((r) => [r.key, r.label])).toEqual([
      ['', 'Unknown country'], ['BR', 'Brazil (BR)'], ['CA', 'Canada (CA)'], ['US', 'United States (US)'],
    ])
    // the unknown bucket is a charge like any other: counted and costed (OTHER's prices), never 0
    const unknown = rows.find((r) => r.key === '')!
    expect(unknown.conversations).toBeGreaterThan(0)
    expect(unknown.cost).toBeGreaterThan(0)
  })

  it('downloads the panel as CSV with the same rows: codes, names and exact amounts', async () => {
    const res = await get(t.app, '/api/spend?granularity=total&split=country&format=csv')
    expect(res.statusCode).toBe(200)
    const { header, rows } = parseCsv(res.body)
    expect(header).toEqual(['period', 'key', 'label', 'currency', 'conversations', 'cost', 'unpriced', 'priced_cost', 'messages'])
    const ledger = await ledgerSums('')
    expect(Object.fromEntries(rows.map((r) => [r.key, { conversations: Number(r.conversations), micros: String(micros(r.cost)) }]))).toEqual(ledger)
    expect(rows.map((r) => r.label)).toEqual(['Unknown country', 'Brazil (BR)', 'Canada (CA)', 'United States (US)'])
  })

  it('keeps to the key\'s WABAs and roles, as every split', async () => {
    // a key of waba-south sees its countries only, as its ledger has them
    expect(await spendSums('', 'total', southKey)).toEqual(await ledgerSums('waba=waba-south'))
    expect(Object.keys(await spendSums('', 'total', southKey))).toEqual(['BR', 'CA', 'US'])
    const other = await get(t.app, '/api/spend?split=country&waba=waba-north', southKey)
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'UNKNOWN_WABA'])
    const ingestOnly = await get(t.app, '/api/spend?split=country', ingestOnlyKey)
    expect(ingestOnly.statusCode).toBe(403)
  })

  it('filters by country where the market filter applies: spend, headline, ledger and daily exports', async () => {
    const { rows: all } = await download(t.app, 'ledger')
    const total = (rs: Row[]) => ({ conversations: rs.length, micros: String(rs.reduce((a, r) => a + micros(r.cost), 0n)) })
    for (const [asked, countries] of [['US', ['US']], ['ca', ['CA']], ['unknown', ['']], ['BR&country=Unknown', ['BR', '']]] as const) {
      const q = `country=${asked}`
      const expected = all.filter((r) => (countries as readonly string[]).includes(r.country!))
      expect(expected.length, q).toBeGreaterThan(0)
      // the ledger export holds exactly those rows, and the daily export costs what they do
      const ledger = await download(t.app, 'ledger', q)
      expect(ledger.rows, q).toEqual(expected)
      const daily = await download(t.app, 'daily', q)
      expect(total(expected), q).toEqual({
        conversations: daily.rows.reduce((a, r) => a + Number(r.conversations), 0),
        micros: String(daily.rows.reduce((a, r) => a + micros(r.cost), 0n)),
      })
      // the headline's total and the spend chart (any split) are the file's
      const head = await json<{ section: string; count: number; cost: number }[]>(t.app, `/api/headline?${q}`)
      const t0 = head.find((r) => r.section === 'total')!
      expect({ conversations: t0.count, micros: exact(t0.cost) }, q).toEqual(total(expected))
      const byCategory = await json<SpendRow[]>(t.app, `/api/spend?granularity=total&split=category&${q}`)
      expect(total(expected).micros, q).toBe(String(byCategory.reduce((a, r) => a + BigInt(exact(r.cost)), 0n)))
    }
    // with the split by country: only the countries asked, as the ledger has them
    expect(await spendSums('country=US&country=CA&waba=waba-north')).toEqual(await ledgerSums('country=US&country=CA&waba=waba-north'))
    expect(Object.keys(await spendSums('country=US&country=CA'))).toEqual(['CA', 'US'])
    // the file says so in its name
    const res = await get(t.app, '/api/exports/ledger?country=ca&country=unknown')
    expect(res.headers['content-disposition']).toMatch(/-country-CA\+unknown\.csv"$/)
  })

  it('offers the countries of the data in the filter bar, and refuses one that is no country', async () => {
    const options = await json<{ kind: string; id: string; label: string; wabas: string[] }[]>(t.app, '/api/filters')
    expect(options.filter((o) => o.kind === 'country').map((o) => [o.id, o.label, o.wabas])).toEqual([
      ['BR', 'Brazil (BR)', ['waba-north', 'waba-south']], ['CA', 'Canada (CA)', ['waba-north', 'waba-south']],
      ['US', 'United States (US)', ['waba-north', 'waba-south']], ['unknown', 'Unknown country', ['waba-north']],
    ])
    for (const asked of ['Canada', 'XX', 'UK']) {
      const res = await get(t.app, `/api/spend?split=country&country=${asked}`)
      expect([res.statusCode, res.json().error.code, res.json().error.param], asked).toEqual([404, 'UNKNOWN_COUNTRY', 'country'])
      expect(res.json().error.message).toBe(`Unknown country ${asked} (a country is its ISO 3166 alpha-2 code, e.g. US or CA; unknown: customer numbers of no known country).`)
    }
    // a country with no customers is no error: it has no spend
    expect(await spendSums('country=DE')).toEqual({})
    // the volume tiers count per WABA, market and category, whatever the countries: not a filter there
    const tiers = await get(t.app, '/api/volume-tiers?country=US')
    expect([tiers.statusCode, tiers.json().error.param]).toEqual([400, 'country'])
    // a key of waba-south filters within its WABA
    expect(await spendSums('country=CA', 'total', southKey)).toEqual(await ledgerSums('country=CA&waba=waba-south'))
  })

  it('follows a late batch that moves the free tier to another country, and a corrected country', async () => {
    const before = await spendSums('category=SERVICE&waba=waba-north')
    await ingest(t.session, countriesLate)
    // BR2's earlier conversation takes free tier #1: CA1's (#2 before) is paid now
    const late = await spendSums('category=SERVICE&waba=waba-north')
    expect(BigInt(late.CA!.micros)).toBeGreaterThan(BigInt(before.CA!.micros))
    await expectLedgerEverywhere()
    // US1's free conversation now says CA: its free-tier row moves to CA with it
    await ingest(t.session, countriesCorrection)
    const { rows } = await download(t.app, 'ledger')
    expect(rows.filter((r) => r.opening_message_id === 'n-s-us1-in').map((r) => [r.country, r.pricing_type])).toEqual([['CA', 'FREE_TIER']])
    await expectLedgerEverywhere()
  })

  it('is whole again after the rebuild an upgrade brings (derived rows written without a country)', async () => {
    const now = await spendSums('')
    // What a database derived before migrations 762–769 and 787–792 holds once they are applied:
    // every derived row's country empty (the charges' countries too, which the ranks read).
    const db = t.session.db
    const run = (query: string) => db.client.command({ query })
    const derived = ['spend_daily', 'free_tier', 'volume_tiers', 'service_conversations', 'tiered_charges']
    for (const table of derived) await run(`CREATE TABLE old_${table} ENGINE = Memory AS SELECT * REPLACE ('' AS country) FROM ${table}`)
    for (const table of derived) await run(`TRUNCATE TABLE ${table}`)
    // spend_daily last: the views of free_tier and volume_tiers add to it, so it is then written as it was
    for (const table of derived.slice(1)) await run(`INSERT INTO ${table} SELECT * FROM old_${table}`)
    await run('TRUNCATE TABLE spend_daily')
    await run('INSERT INTO spend_daily SELECT * FROM old_spend_daily')
    for (const table of derived) await run(`DROP TABLE old_${table}`)
    // The migrations, applied (again: each applies to a database that has it), change derived
    // data, so opening the database rebuilds (core/session.ts), as here (all but 791–792, which
    // only drop the lookup table 763–764 made)
    const upgrade = listMigrations().map((m) => m.name).filter((n) => (n >= '762_' && n < '770_') || (n >= '787_' && n < '793_'))
    expect(upgrade).toHaveLength(14)
    await db.client.command({ query: 'ALTER TABLE schema_migrations DELETE WHERE has({names:Array(String)}, name) SETTINGS mutations_sync = 1', query_params: { names: upgrade } })
    expect(await migrate(db)).toEqual(upgrade.filter((n) => n < '791_'))
    const countries = async () => (await (await db.client.query({ query: 'SELECT arraySort(groupUniqArray(country)) AS c FROM spend_daily', format: 'JSONEachRow' })).json<{ c: string[] }>())[0]!.c
    expect(await countries()).toEqual([''])
    await rebuild(t.session)
    expect(await countries()).toEqual(['', 'BR', 'CA', 'US'])
    expect(await spendSums('')).toEqual(now)
    await expectLedgerEverywhere()
  })
})
