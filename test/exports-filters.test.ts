// The ledger and daily exports take the dashboard's phone number, market and category filters
// (the dashboard's Download CSV sends the view's filters): a filtered file's total equals the
// headline's and the spend route's for the same filters, to the cent, on the dashboard fixture
// (fixtures/dashboard.ts derives every figure). The filters are validated and scoped by the key
// as on the data routes; the invoice, per WABA and period, refuses them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { ingest } from './support/engine.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { cents, download, micros, parseCsv, sum } from './support/exports.ts'
import { dashboardLog } from './fixtures/dashboard.ts'
import type { HeadlineRow, SpendRow } from '../api/routes/dashboard.ts'

const wabas = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))
const nyKey = 'test-ny-only-key-0123'
let t: TestApp

beforeAll(async () => {
  t = await openApp({ wabas, freeTier: 2 }, `test-admin-key-0123456789=*,${nyKey}=waba-ny`)
  expect((await ingest(t.session, dashboardLog)).rejected).toBe(0)
})
afterAll(async () => { await t?.app.close() })

/** The dashboard's figures for a query string: the headline's total and the spend route's sum. */
async function dashboard(query: string): Promise<{ count: number; cost: number; spend: number }> {
  // no total row when nothing matches (the headline then shows none)
  const total = (await json<HeadlineRow[]>(t.app, `/api/headline?${query}`)).find((r) => r.section === 'total')
  const spend = await json<SpendRow[]>(t.app, `/api/spend?granularity=total&${query}`)
  return { count: total?.count ?? 0, cost: total?.cost ?? 0, spend: spend.reduce((a, r) => a + (r.cost ?? NaN), 0) }
}

const toCents = (v: number) => BigInt(Math.round(v * 100))

describe('filtered ledger and daily exports', () => {
  // [query, conversations, exact amount]: every figure follows from fixtures/dashboard.ts
  const cases: [string, number, string][] = [
    ['phone=pn-d1', 5, '0.0378'], // a1 0.0250, a3 0.0040, d1 0.0088, a4 and c1 free tier
    ['phone=pn-d2', 1, '0'], // b1's free entry point
    ['category=MARKETING', 2, '0.0500'], // a1 and e2 (a2 reused, a7 failed, b3 inside b1's free entry point)
    ['market=North%20America&category=utility', 2, '0.0080'], // a3, e3 (the category in any case)
    ['waba=waba-ny&from=2024-09-30&to=2024-09-30&category=MARKETING', 1, '0.0250'], // e2, on New York's Sept 30
    ['waba=waba-dash&waba=waba-ny&phone=pn-ny', 3, '0.0425'], // a number of one of the asked WABAs: e1, e2, e3
  ]
  for (const [query, conversations, amount] of cases) {
    it(`?${query}: the ledger's and the daily file's totals are the dashboard's`, async () => {
      const ledger = await download(t.app, 'ledger', query)
      const daily = await download(t.app, 'daily', query)
      const dash = await dashboard(query)
      const fromLedger = sum(ledger.rows.map((r) => r.cost))
      expect(ledger.rows).toHaveLength(dash.count)
      expect(sum(daily.rows.map((r) => r.cost))).toBe(fromLedger)
      expect(daily.rows.reduce((a, r) => a + Number(r.conversations), 0)).toBe(dash.count)
      expect(cents(fromLedger)).toBe(toCents(dash.cost))
      expect(cents(fromLedger)).toBe(toCents(dash.spend))
      // and the dashboard's figures are the fixture's, so the comparison is not of two empties
      expect({ conversations: dash.count, amount: fromLedger }).toEqual({ conversations, amount: micros(amount) })
    })
  }

  it('keeps only what is asked: the rows have the phone number, market and category asked', async () => {
    const { rows } = await download(t.app, 'ledger', 'phone=pn-d1&category=SERVICE')
    expect(rows.map((r) => r.opening_message_id).sort()).toEqual(['a4', 'c1', 'd1'])
    for (const r of rows) expect(r).toMatchObject({ phone_number_id: 'pn-d1', category: 'SERVICE' })
  })

  // Filters that match nothing in a period with data answered the header alone with no word,
  // where `wacost export` says why on stderr: a script could file it as no spend (finance trial).
  it('says in Wacost-Notice when the filters match nothing in a period with data, as wacost export does; nothing when they match', async () => {
    const none = await get(t.app, '/api/exports/ledger?waba=waba-ny&category=SERVICE&from=2024-09-01&to=2024-09-30&bom=true')
    expect(none.headers['wacost-notice']).toBe('no conversation or per-message charge of WABA waba-ny of category SERVICE in this period: the file holds the header only')
    expect(none.body.startsWith('\uFEFF"local_date","month",')).toBe(true)
    expect(none.body.split('\r\n')).toEqual([expect.stringContaining('"cost","currency"'), ''])
    const daily = await get(t.app, '/api/exports/daily?market=BR&country=GB')
    expect(daily.headers['wacost-notice']).toBe('no conversation or per-message charge of market BR and country GB in the stored data: the file holds the header only')
    // rows: the whole file, no notice (read up to its first row before answering)
    const some = await get(t.app, '/api/exports/ledger?phone=pn-d1&category=SERVICE')
    expect(some.headers['wacost-notice']).toBeUndefined()
    expect(parseCsv(some.body).rows.map((r) => r.opening_message_id).sort()).toEqual(['a4', 'c1', 'd1'])
  })

  it('names a filtered file so it is not taken for the whole WABA\'s', async () => {
    const res = await get(t.app, '/api/exports/daily?from=2024-09-01&to=2024-09-30&phone=pn-d1')
    expect(res.headers['content-disposition']).toBe('attachment; filename="wacost-daily-all-wabas-2024-09-01_2024-09-30-phone-pn-d1.csv"')
    expect((await get(t.app, '/api/exports/daily?from=2024-09-01&to=2024-09-30')).headers['content-disposition'])
      .toBe('attachment; filename="wacost-daily-all-wabas-2024-09-01_2024-09-30.csv"')
  })

  it('names each view\'s file apart, readably, in safe characters: WABA, period and filters (two filtered ledgers shared one name: fresh-user trial)', async () => {
    const views = [
      'waba=waba-ny&from=2024-09-01&to=2024-09-30&category=MARKETING',
      'waba=waba-ny&from=2024-09-01&to=2024-09-30&category=UTILITY',
      'waba=waba-dash&from=2024-09-01&to=2024-09-30&category=MARKETING',
      'waba=waba-dash&waba=waba-ny&from=2024-09-01&to=2024-09-30&category=MARKETING',
      'waba=waba-ny&from=2024-09-01&category=MARKETING',
      'waba=waba-ny&to=2024-09-30&category=MARKETING',
      'waba=waba-ny&category=MARKETING',
      'market=North%20America&category=utility&category=marketing',
      'phone=pn-d1&phone=pn-d2',
      'phone=pn-d1',
    ]
    const names = await Promise.all(views.map(async (v) => {
      const res = await get(t.app, `/api/exports/ledger?${v}`)
      expect(res.statusCode, v).toBe(200)
      return /^attachment; filename="(.*)"$/.exec(String(res.headers['content-disposition']))![1]!
    }))
    expect(new Set(names).size).toBe(views.length)
    for (const n of names) expect(n).toMatch(/^wacost-ledger-[A-Za-z0-9._+-]+\.csv$/)
    // fixtures/wabas.csv names waba-ny "Acme, New York"
    expect(names[0]).toBe('wacost-ledger-acme-new-york-waba-ny-2024-09-01_2024-09-30-category-marketing.csv')
    expect(names[4]).toContain('-from-2024-09-01-')
    expect(names[5]).toContain('-to-2024-09-30-')
    expect(names[6]).toContain('-all-days-')
    // a market's name respelled (a space): a hash of the view keeps it apart from any other
    expect(names[7]).toMatch(/^wacost-ledger-all-wabas-all-days-market-North-America-category-utility\+marketing-[0-9a-f]{8}\.csv$/)
    expect(names[8]).toBe('wacost-ledger-all-wabas-all-days-phone-pn-d1+pn-d2.csv')
  })

  it('names a limited key\'s file after its WABAs when none is asked, never "all-wabas" (trial)', async () => {
    const name = async (url: string, key?: string) => /^attachment; filename="(.*)"$/.exec(String((await get(t.app, url, key)).headers['content-disposition']))![1]
    expect(await name('/api/exports/ledger?from=2024-09-01&to=2024-09-30', nyKey)).toBe('wacost-ledger-acme-new-york-waba-ny-2024-09-01_2024-09-30.csv')
    expect(await name('/api/exports/daily?from=2024-09-01&to=2024-09-30', nyKey)).toBe('wacost-daily-acme-new-york-waba-ny-2024-09-01_2024-09-30.csv')
    expect(await name('/api/reconcile?from=2024-09-01&to=2024-09-30&format=csv', nyKey)).toBe('wacost-reconcile-acme-new-york-waba-ny-2024-09-01_2024-09-30.csv')
    // a key of every WABA still writes all-wabas
    expect(await name('/api/exports/ledger?from=2024-09-01&to=2024-09-30')).toBe('wacost-ledger-all-wabas-2024-09-01_2024-09-30.csv')
  })
})

describe('validation and scope of the filters', () => {
  it('an unknown phone number, market or category is a 404 with its code, as on the data routes', async () => {
    for (const kind of ['ledger', 'daily']) {
      expect((await get(t.app, `/api/exports/${kind}?phone=pn-nope`)).json()).toMatchObject({ error: { code: 'UNKNOWN_PHONE_NUMBER', param: 'phone' } })
      expect((await get(t.app, `/api/exports/${kind}?market=Atlantis`)).json()).toMatchObject({ error: { code: 'UNKNOWN_MARKET', param: 'market' } })
      expect((await get(t.app, `/api/exports/${kind}?category=FREEBIE`)).json()).toMatchObject({ error: { code: 'UNKNOWN_CATEGORY', param: 'category' } })
    }
  })

  it('a WABA-scoped key may not name another WABA\'s phone number, and exports only its own WABA', async () => {
    const other = await get(t.app, '/api/exports/ledger?phone=pn-d1', nyKey)
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ error: { code: 'UNKNOWN_PHONE_NUMBER' } })
    expect(other.body).not.toContain('0.0250')
    const own = await get(t.app, '/api/exports/ledger?category=MARKETING', nyKey)
    expect(own.statusCode).toBe(200)
    expect(own.body).toContain('"e2"')
    expect(own.body).not.toContain('waba-dash')
    const daily = await get(t.app, '/api/exports/daily?phone=pn-ny', nyKey)
    expect(daily.statusCode).toBe(200)
    expect(daily.body).not.toContain('waba-dash')
  })

  // refused with the schema's "category: not a parameter of this route; it takes waba, …", while
  // the CLI says why (fresh-user trial): the API says it too
  it('the invoice is per WABA and period: a phone number, market, category or country is refused, never ignored, saying why', async () => {
    const why = 'it is per WABA and period (the ledger and daily exports take the phone number, market, category and country filters; '
      + 'an invoice of part of a WABA would not be the total billed); it takes waba, from, to, bom, excel.'
    for (const q of ['phone=pn-d1', 'market=North%20America', 'category=marketing', 'country=US']) {
      const res = await get(t.app, `/api/exports/invoice?${q}`)
      const param = q.split('=')[0]
      expect([res.statusCode, res.json().error], q).toEqual([400, { code: 'BAD_PARAMETER', param, message: `${param}: the invoice does not take this filter: ${why}` }])
    }
    // named in the order the query gives them, as the CLI names its options (it said "phone, market")
    const both = await get(t.app, '/api/exports/invoice?from=2024-09-01&market=IN&phone=pn-d1')
    expect([both.statusCode, both.json().error.param, both.json().error.message]).toEqual([400, 'market', `market, phone: the invoice does not take these filters: ${why}`])
    const three = await get(t.app, '/api/exports/invoice?country=US&category=marketing&country=CA&phone=pn-d1')
    expect(three.json().error.message).toBe(`country, category, phone: the invoice does not take these filters: ${why}`)
    // any other parameter is still the schema's
    expect((await get(t.app, '/api/exports/invoice?wabba=x')).json().error.message).toBe('wabba: not a parameter of this route; it takes waba, from, to, bom, excel.')
  })
})

// A phone number with no data under the asked WABA answered 200 with the header alone, which read
// as "nothing spent" (fresh-user trial: Northwind's WABA with a Lumen Bank number); the data routes
// answered empty panels. It is a 404 naming whose number it is; a number the logs give under two
// WABAs (ingest says so) has data under each and is taken under either. Runs last: it adds lines.
describe('a phone number of another WABA than the asked one', () => {
  const routes = ['/api/exports/ledger?', '/api/exports/daily?', '/api/headline?', '/api/spend?granularity=total&', '/api/guardrail?']
  const error = async (url: string, key?: string) => {
    const res = await get(t.app, url, key)
    return { status: res.statusCode, ...res.json<{ error: object }>().error }
  }

  it('is a 404 UNKNOWN_PHONE_NUMBER saying whose it is, on the exports and the data routes', async () => {
    for (const route of routes) {
      expect(await error(`${route}waba=waba-dash&phone=pn-ny`), route).toEqual({ status: 404, code: 'UNKNOWN_PHONE_NUMBER', param: 'phone',
        message: 'Phone number pn-ny does not belong to WABA waba-dash (it is Acme, New York\'s).' })
    }
    // a WABA without a name is named by its id; several numbers are each said
    expect(await error('/api/exports/ledger?waba=waba-ny&phone=pn-d1&phone=pn-ny&phone=pn-d2')).toMatchObject({ status: 404,
      message: 'Phone numbers pn-d1, pn-d2 do not belong to WABA waba-ny (pn-d1 is WABA waba-dash\'s; pn-d2 is WABA waba-dash\'s).' })
    // a WABA-scoped key learns nothing of a WABA it may not read: the number is unknown to it
    expect(await error('/api/exports/ledger?waba=waba-ny&phone=pn-d1', nyKey)).toMatchObject({ status: 404, message: 'Unknown phone number pn-d1.' })
  })

  it('a number given under two WABAs is taken under each, with that WABA\'s rows', async () => {
    const at = '2024-09-20T12:00:00Z'
    const shared = { phone_number_id: 'pn-ny', direction: 'outbound', template_category: 'UTILITY', template_name: 'order_shipped', timestamp: at }
    expect((await ingest(t.session, [{ ...shared, message_id: 'two-1', waba_id: 'waba-dash', wa_id: '14155550177' }])).rejected).toBe(0)
    const dash = await download(t.app, 'ledger', 'waba=waba-dash&phone=pn-ny')
    expect(dash.rows.map((r) => [r.opening_message_id, r.waba_id])).toEqual([['two-1', 'waba-dash']])
    const ny = await download(t.app, 'ledger', 'waba=waba-ny&phone=pn-ny')
    expect(ny.rows.map((r) => r.opening_message_id).sort()).toEqual(['e1', 'e2', 'e3'])
    for (const route of routes) expect((await get(t.app, `${route}waba=waba-dash&phone=pn-ny`)).statusCode, route).toBe(200)
  })
})
