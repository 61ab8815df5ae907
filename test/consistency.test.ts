// The dashboard's numbers are the ledger's: for random filter-bar states over the demo dataset
// (3 WABAs in New York, UTC and Kolkata, 60 days, ~52k messages), the headline total spend and
// conversation count equal the sum of `wacost ledger` rows matching the same filter, to the
// micro-unit (so to the cent). Local days are computed here independently with Intl.
import { afterAll, beforeAll, expect, it } from 'vitest'
import fc from 'fast-check'
import { ledger, type LedgerRow } from './support/engine.ts'
import { get, json, openDemoApp, type TestApp } from './support/api.ts'
import { readCsv } from '../core/reference/csv.ts'
import { wabaHeader, wabaRow } from '../core/reference/schemas.ts'
import { demoWabas } from '../ingest/demo/load.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

let t: TestApp
let rows: (LedgerRow & { local_date: string; micros: bigint })[] = []

const micros = (cost: string): bigint => {
  const [whole, frac = ''] = cost.split('.')
  return BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, '0'))
}

beforeAll(async () => {
  const demo = await openDemoApp()
  t = demo
  expect(demo.summary.rejected).toBe(0)
  const zones = new Map(readCsv(demoWabas, wabaHeader, wabaRow).map((w) => [w.waba_id, w.timezone]))
  const day = (iso: string, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(iso))
  rows = (await ledger(t.session)).map((r) => ({ ...r, local_date: day(r.opened_at, zones.get(r.waba_id) ?? 'UTC'), micros: micros(r.cost) }))
  expect(rows.length).toBeGreaterThan(20_000)
})
afterAll(async () => { await t?.app.close() })

it('headline totals equal the ledger for any filter', async () => {
  const values = (f: (r: LedgerRow) => string) => [...new Set(rows.map(f))].sort()
  const option = (xs: string[]) => fc.option(fc.constantFrom(...xs), { nil: undefined })
  const dates = fc.integer({ min: 0, max: 64 }).map((d) => new Date(Date.UTC(2024, 6, 21 + d)).toISOString().slice(0, 10))
  await fc.assert(fc.asyncProperty(
    option(values((r) => r.waba_id)), option(values((r) => r.phone_number_id)), option(values((r) => r.market)),
    option(values((r) => r.category)), fc.option(fc.tuple(dates, dates), { nil: undefined }),
    // a customer country as the ledger gives it (`unknown` for its null: none on the demo)
    option(values((r) => r.country ?? 'unknown')),
    async (waba, phone, market, category, period, country) => {
      const [from, to] = period ? [period[0] < period[1] ? period[0] : period[1], period[0] < period[1] ? period[1] : period[0]] : []
      const q = new URLSearchParams(Object.entries({ waba, phone, market, category, country, from, to }).filter(([, v]) => v !== undefined) as [string, string][])
      const expected = rows.filter((r) => (!waba || r.waba_id === waba) && (!phone || r.phone_number_id === phone)
        && (!market || r.market === market) && (!category || r.category === category) && (!country || (r.country ?? 'unknown') === country)
        && (!from || r.local_date >= from) && (!to || r.local_date <= to!))
      // a phone number with no data under the asked WABA is said to be another's (a 404), never a
      // total of 0 (its export was a silent header: fresh-user trial); each demo number has one WABA
      if (waba && phone && !rows.some((r) => r.waba_id === waba && r.phone_number_id === phone)) {
        const res = await get(t.app, `/api/headline?${q}`)
        expect(res.statusCode).toBe(404)
        expect(res.json().error.code).toBe('UNKNOWN_PHONE_NUMBER')
        return
      }
      const total = (await json<HeadlineRow[]>(t.app, `/api/headline?${q}`)).find((r) => r.section === 'total')
      expect(BigInt(Math.round((total?.cost ?? 0) * 1e6))).toBe(expected.reduce((s, r) => s + r.micros, 0n))
      expect(total?.count ?? 0).toBe(expected.length)
    }), { numRuns: 40 })
})

it('the spend chart adds up to the headline, per category, per market and per country', async () => {
  const head = await json<HeadlineRow[]>(t.app, '/api/headline')
  for (const split of ['category', 'market', 'country'] as const) {
    const series = await json<{ key: string; cost: number; conversations: number }[]>(t.app, `/api/spend?granularity=total&split=${split}`)
    for (const s of series) {
      // (the ledger's country null is the split's key '', a number of no known country)
      const expected = rows.filter((r) => (r[split] ?? '') === s.key)
      expect(BigInt(Math.round(s.cost * 1e6))).toBe(expected.reduce((a, r) => a + r.micros, 0n))
      expect(s.conversations).toBe(expected.length)
    }
    const sum = series.reduce((a, s) => a + BigInt(Math.round(s.cost * 1e6)), 0n)
    expect(sum).toBe(BigInt(Math.round(head.find((r) => r.section === 'total')!.cost * 1e6)))
  }
})

// The demo has customers in seven countries, each of a market of the rate card: none is left
// without a country and priced as OTHER ("Other markets $0.51" on the demo dashboard: 18
// conversations of 7 UK numbers libphonenumber-js holds invalid; test/demo-numbers.test.ts).
it('gives every demo conversation a country and a market of its own, none OTHER', () => {
  const stray = rows.filter((r) => !r.country || r.market === 'OTHER').map((r) => `${r.wa_id} ${r.country ?? 'no country'} ${r.market}`)
  expect(stray).toEqual([])
  expect([...new Set(rows.map((r) => r.market))].sort()).toEqual(['BR', 'DE', 'GB', 'ID', 'IN', 'MX', 'North America'])
})
