// A conversation priced from a missing rate-card row is reported, never a silent 0.0000 (issue 10,
// item 1). The input that showed it: a rate card whose row for Brazil says `Brazil` (not BR) was
// accepted and Brazilian conversations were priced 0.0000 with no word. Now such a rate card is
// refused on load (file, line, fix), and a conversation whose market, category or date has no
// rate-card row has cost null in the ledger and the ledger export, is counted in the headline
// and in every command's warning, and --strict makes it an error (exit 3).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest, ledger, openEngine, type Session } from './support/engine.ts'
import { rateCardHeader, unpricedLog, unpricedRateCard, us } from './fixtures/unpriced.ts'
import { rows } from '../core/db/sql.ts'
import { exportCsv } from '../core/exports.ts'
import { describeReport, runReport } from '../core/reports.ts'
import { parseCsv } from './support/exports.ts'
import { loadReference, type ReferenceOptions } from '../core/reference/load.ts'
import { ConfigError } from '../core/reference/csv.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'
import { adminKey, json, openApp, type TestApp } from './support/api.ts'
import type { SpendRow } from '../api/routes/dashboard.ts'

const dir = tempDir('wacost-unpriced-')
const csv = (name: string, lines: string[]) => {
  const file = join(dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}
const header = rateCardHeader
const rateCard = unpricedRateCard(dir)
const log = unpricedLog

describe('unpriced conversations', () => {
  let s: Session
  beforeAll(async () => {
    s = await openEngine({ rateCard })
    await ingest(s, log)
  })
  afterAll(async () => { await s.close() })

  it('the ledger prints cost and currency null for them, the rest priced as before', async () => {
    const l = await ledger(s, us.phone_number_id)
    expect(l.map((r) => [r.opening_message_id, r.market, r.category, r.pricing_type, r.cost, r.currency])).toEqual([
      ['u-mk-1', 'North America', 'MARKETING', 'REGULAR', null, null],
      ['u-mk-2', 'North America', 'MARKETING', 'REGULAR', '0.0250', 'USD'],
      ['u-ut-1', 'North America', 'UTILITY', 'REGULAR', null, null],
      ['u-mk-3', 'BR', 'MARKETING', 'REGULAR', '0.0625', 'USD'],
      ['u-in-1', 'BR', 'SERVICE', 'FREE_TIER', '0.0000', 'USD'],
    ])
  })

  it('every run reports the count and the market/category groups', async () => {
    const r = await runReport(s.db)
    expect(r.unpriced).toBe(2)
    expect(r.unpricedGroups.map((g) => [g.market, g.category, Number(g.n), g.first_day])).toEqual([
      ['North America', 'MARKETING', 1, '2025-12-01'], ['North America', 'UTILITY', 1, '2025-12-04']])
    const text = describeReport(r).join('\n')
    expect(text).toContain('warning: 2 charged conversation(s) have no price')
    expect(text).toContain('1 × market North America, UTILITY (from 2025-12-04')
  })

  it('the ledger export leaves their cost and currency empty', async () => {
    let body = ''
    for await (const b of exportCsv(s.db, 'ledger', { wabas: [], from: '2025-12-01', to: '2025-12-31' })) body += b.toString()
    const rs = parseCsv(body).rows.filter((r) => r.phone_number_id === us.phone_number_id)
    expect(rs.map((r) => [r.opening_message_id, r.cost, r.currency])).toEqual([
      ['u-mk-1', '', ''], ['u-mk-3', '0.0625', 'USD'], ['u-mk-2', '0.0250', 'USD'], ['u-ut-1', '', ''], ['u-in-1', '0.0000', 'USD']])
  })

  it('refuses bad reference files with file, line and fix, and keeps the stored tables', async () => {
    const cases: [ReferenceOptions, string][] = [
      [{ rateCard: csv('dup.csv', [header, 'BR,MARKETING,0.0625,USD,2024-06-01', '', 'BR,MARKETING,0.0700,USD,2024-06-01']) },
        'dup.csv line 4: duplicate price for BR, MARKETING, 2024-06-01 (also on line 2); fix: keep one row per market'],
      [{ rateCard: csv('decimals.csv', [header, 'BR,MARKETING,0.0625001,USD,2024-06-01']) },
        'decimals.csv line 2: price: expected a decimal price with at most 6 fractional digits (fix: round it'],
      [{ rateCard: csv('name.csv', [header, 'germany,MARKETING,0.1,EUR,2024-06-01']) }, 'market germany is neither'],
      [{ marketMap: csv('map.csv', ['country,market', 'US,North America', 'XX,North America']) },
        'map.csv line 3: country XX is not an ISO 3166 alpha-2 code'],
      [{ marketMap: csv('map2.csv', ['country,market', 'US,North America', 'US,Rest of Latin America']) },
        'map2.csv line 3: duplicate country US (also on line 2)'],
      // The stored rate card prices BR and OTHER and North America: a map without North America
      // would leave its rows unused.
      [{ marketMap: csv('map3.csv', ['country,market', 'MX,Latin America']) },
        "map3.csv: the stored rate card's market North America is neither"],
    ]
    for (const [opts, message] of cases) {
      const err = await loadReference(s.db, opts).then(() => undefined, (e: Error) => e)
      expect(err).toBeInstanceOf(ConfigError)
      expect(err?.message).toContain(message)
    }
    expect((await loadReference(s.db, { rateCard: csv('name.csv', [header, 'germany,MARKETING,0.1,EUR,2024-06-01']) })
      .catch((e: Error) => e.message))).toContain('fix: write DE')
    expect(await ledger(s, us.phone_number_id)).toHaveLength(5)
    expect((await runReport(s.db)).unpriced).toBe(2)
  })

  // An amount that cannot be computed has no currency either, as in the ledger: the invoice and
  // daily rows wrote USD beside an empty amount (the derive's fallback currency of an unpriced
  // charge, not a price's: trial).
  it('invoice and daily amounts that include them are empty, and so is their currency, never a silent partial sum', async () => {
    const read = async (kind: 'invoice' | 'daily') => {
      let body = ''
      for await (const b of exportCsv(s.db, kind, { wabas: [us.waba_id], from: '2025-12-01', to: '2025-12-31' })) body += b.toString()
      return parseCsv(body).rows
    }
    expect((await read('invoice')).map((r) => [r.row_type, r.market, r.category, r.pricing_type, r.conversations, r.amount, r.currency])).toEqual([
      ['item', 'BR', 'MARKETING', 'REGULAR', '1', '0.0625', 'USD'],
      ['item', 'BR', 'SERVICE', 'FREE_TIER', '1', '0.0000', 'USD'],
      ['item', 'North America', 'MARKETING', 'REGULAR', '2', '', ''],
      ['item', 'North America', 'UTILITY', 'REGULAR', '1', '', ''],
      ['total', '', '', '', '5', '', ''],
    ])
    expect((await read('daily')).map((r) => [r.local_date, r.conversations, r.cost, r.currency])).toEqual([
      ['2025-12-01', '2', '', ''], ['2025-12-03', '1', '0.0250', 'USD'], ['2025-12-04', '1', '', ''], ['2025-12-05', '1', '0.0000', 'USD']])
  })

  it('the headline counts them (the dashboard shows the total as incomplete)', async () => {
    const params = { wabas: [us.waba_id], phones: [], markets: [], categories: [], countries: [], from: '2025-12-01', to: '2025-12-31' }
    const h = await rows<{ section: string; count: number }>(s.db, 'api/headline', params)
    expect(h.filter((r) => r.section === 'unpriced').map((r) => r.count)).toEqual([2])
    const utility = await rows<{ section: string; count: number }>(s.db, 'api/headline', { ...params, categories: ['MARKETING'] })
    expect(utility.filter((r) => r.section === 'unpriced').map((r) => r.count)).toEqual([1])
  })

  it('counts the same from the rollup (unpriced_daily) as from the conversations (unpriced_conversations)', async () => {
    const count = async (query: string) => {
      const rs = await s.db.client.query({ query, format: 'JSONEachRow' })
      return (await rs.json<{ n: number }>()).map((r) => Number(r.n))
    }
    const by = 'GROUP BY waba_id, local_date, market, category HAVING n != 0 ORDER BY waba_id, local_date, market, category'
    const fromRollup = await count(`SELECT sum(conversations) AS n FROM unpriced_daily ${by}`)
    expect(fromRollup).toEqual(await count(`SELECT count() AS n FROM unpriced_conversations ${by}`))
    expect(fromRollup.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2)
  })
})

describe("the dashboard's spend (the charts and their CSV)", () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openApp({ rateCard })
    await ingest(t.session, log)
  })
  afterAll(async () => { await t?.app.close() })

  // The spend chart summed the rollup, where an unpriced charge is 0 in the derive's fallback
  // currency: North America's bars read $0.0250 for three charges, two of them without a price.
  it('/api/spend: a row with an unpriced charge has cost null and counts them, priced_cost what is known; the rest as before', async () => {
    const spend = (q: string) => json<SpendRow[]>(t.app, `/api/spend?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&${q}`)
    const shape = (r: SpendRow) => [r.key, r.conversations, r.cost, r.unpriced, r.priced_cost]
    expect((await spend('granularity=total&split=market')).map(shape)).toEqual([
      ['BR', 2, 0.0625, 0, 0.0625], ['North America', 3, null, 2, 0.025]])
    expect((await spend('granularity=total&split=category')).map(shape)).toEqual([
      ['MARKETING', 3, null, 1, 0.0875], ['SERVICE', 1, 0, 0, 0], ['UTILITY', 1, null, 1, 0]])
    const days = await spend('granularity=day&split=market')
    expect(days.map((r) => [String(r.period).slice(0, 10), ...shape(r)])).toEqual([
      ['2025-12-01', 'BR', 1, 0.0625, 0, 0.0625], ['2025-12-01', 'North America', 1, null, 1, 0],
      ['2025-12-03', 'North America', 1, 0.025, 0, 0.025], ['2025-12-04', 'North America', 1, null, 1, 0],
      ['2025-12-05', 'BR', 1, 0, 0, 0]])
    // the finance rule: per WABA and day, the daily export's cost is the dashboard's (both empty when incomplete)
    let body = ''
    for await (const b of exportCsv(t.session.db, 'daily', { wabas: [us.waba_id], from: '2025-12-01', to: '2025-12-31' })) body += b.toString()
    const byWaba = await spend('granularity=day&split=waba')
    expect(byWaba.map((r) => [String(r.period).slice(0, 10), r.cost === null ? '' : r.cost.toFixed(4)]))
      .toEqual(parseCsv(body).rows.map((r) => [r.local_date, r.cost]))
    // the panel's CSV download: the amount empty, the count beside it (last: messages, the
    // per-message charges among them, 0 under this CBP-only timeline)
    const csvRes = await t.app.inject({ url: `/api/spend?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&granularity=total&split=market&format=csv`, headers: { authorization: `Bearer ${adminKey}` } })
    expect(csvRes.body.split('\r\n')[2]).toBe(`"2025-12-01T00:00:00.000Z","North America","North America","USD",3,,2,0.025,0`)
  })

  // A row all of whose charges have no price carried USD, the derive's fallback currency (no
  // price's), beside its null cost, where the exports leave the currency empty beside an empty
  // amount. A currency is stated beside an amount it is the currency of: priced_cost, when the row
  // has a priced charge; none when it has not.
  it('/api/spend: a row with no priced charge states no currency; one with some keeps that of priced_cost', async () => {
    const spend = (q: string) => json<SpendRow[]>(t.app, `/api/spend?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&${q}`)
    expect((await spend('granularity=total&split=category')).map((r) => [r.key, r.cost, r.unpriced, r.priced_cost, r.currency])).toEqual([
      ['MARKETING', null, 1, 0.0875, 'USD'], ['SERVICE', 0, 0, 0, 'USD'], ['UTILITY', null, 1, 0, null]])
    const byWaba = await spend('granularity=day&split=waba')
    expect(byWaba.map((r) => [String(r.period).slice(0, 10), r.cost, r.priced_cost, r.currency])).toEqual([
      ['2025-12-01', null, 0.0625, 'USD'], ['2025-12-03', 0.025, 0.025, 'USD'], ['2025-12-04', null, 0, null], ['2025-12-05', 0, 0, 'USD']])
    // the daily export agrees: a currency beside every amount it states, none beside an empty one
    let body = ''
    for await (const b of exportCsv(t.session.db, 'daily', { wabas: [us.waba_id], from: '2025-12-01', to: '2025-12-31' })) body += b.toString()
    expect(byWaba.map((r) => [String(r.period).slice(0, 10), r.cost === null ? '' : r.currency]))
      .toEqual(parseCsv(body).rows.map((r) => [r.local_date, r.currency]))
    // the panel's CSV: an empty cell
    const csvRes = await t.app.inject({ url: `/api/spend?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&granularity=total&split=category&format=csv`, headers: { authorization: `Bearer ${adminKey}` } })
    expect(csvRes.body.split('\r\n')[3]).toBe(`"2025-12-01T00:00:00.000Z","UTILITY","UTILITY",,1,,1,0,0`)
  })
})

describe('the CLI', () => {
  const run = promisify(execFile)
  const input = csv('log.ndjson', log.map((l) => JSON.stringify(l)))
  const wacost = (...args: string[]) => run(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e)

  it('warns on ledger; --strict exits 3 and prints no ledger', async () => {
    const ok = await wacost('ledger', '--input', input, '--rate-card', rateCard)
    expect(ok.code).toBe(0)
    expect(ok.stderr).toContain('warning: 2 charged conversation(s) have no price')
    expect(ok.stdout).toContain('"cost":null,"currency":null')
    const strict = await wacost('ledger', '--input', input, '--rate-card', rateCard, '--strict')
    expect(strict.code).toBe(3)
    expect(strict.stdout).toBe('')
    expect(strict.stderr).toContain('2 charged conversation(s) have no price (--strict)')
  }, 60_000)

  it('refuses a rate card whose market the derive can never choose: exit 2, file, line, fix', async () => {
    const r = await wacost('ledger', '--input', input, '--rate-card', csv('brazil.csv', [header,
      'North America,MARKETING,0.0250,USD,2024-06-01', 'Brazil,MARKETING,0.0625,USD,2024-06-01']))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('brazil.csv line 3: market Brazil is neither an ISO 3166 country code, a market of the market map')
    expect(r.stderr).toContain('fix: write BR')
    expect(r.stdout).toBe('')
  }, 60_000)
})
