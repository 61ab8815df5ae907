// Dashboard routes through app.inject on the real engine, fed the fixture of
// fixtures/dashboard.ts (its comment derives every figure asserted here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { fileURLToPath } from 'node:url'
import { ingest } from './support/engine.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { dashboardLog } from './fixtures/dashboard.ts'
import type { CtwaAdRow, FreeTierRow, HeadlineRow, SpendRow } from '../api/routes/dashboard.ts'
import { label } from '../web/src/format.ts'
import { marketCodes, marketLabels } from '../core/reference/validate.ts'

const wabas = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))
let t: TestApp

beforeAll(async () => {
  t = await openApp({ wabas, freeTier: 2 }, 'test-admin-key-0123456789=*,test-ny-only-key-0123=waba-ny')
  const summary = await ingest(t.session, dashboardLog)
  expect(summary.rejected).toBe(0)
})
afterAll(async () => { await t?.app.close() })

const figure = (rows: HeadlineRow[], section: string, key: string) => rows.find((r) => r.section === section && r.key === key)

describe('headline', () => {
  it('totals, categories, pricing types and message verdicts', async () => {
    const rows = await json<HeadlineRow[]>(t.app, '/api/headline')
    expect(figure(rows, 'total', '')).toMatchObject({ count: 9, cost: 0.0803, currency: 'USD' })
    expect(figure(rows, 'category', 'MARKETING')).toMatchObject({ count: 2, cost: 0.05 })
    expect(figure(rows, 'category', 'UTILITY')).toMatchObject({ count: 2, cost: 0.008 })
    expect(figure(rows, 'category', 'AUTHENTICATION')).toMatchObject({ count: 1, cost: 0.0135 })
    expect(figure(rows, 'category', 'SERVICE')).toMatchObject({ count: 3, cost: 0.0088 })
    expect(figure(rows, 'category', 'FREE_ENTRY_POINT')).toMatchObject({ count: 1, cost: 0 })
    expect(figure(rows, 'pricing_type', 'REGULAR')).toMatchObject({ count: 6, cost: 0.0803 })
    expect(figure(rows, 'pricing_type', 'FREE_TIER')).toMatchObject({ count: 2, cost: 0 })
    expect(figure(rows, 'pricing_type', 'FREE_ENTRY_POINT')).toMatchObject({ count: 1, cost: 0 })
    expect(figure(rows, 'messages', 'REUSED')?.count).toBe(1)
    expect(figure(rows, 'messages', 'OUTSIDE_SERVICE_WINDOW')?.count).toBe(1)
    expect(figure(rows, 'messages', 'NOT_DELIVERED')?.count).toBe(1)
  })

  it('counts local days in the WABA time zone', async () => {
    // e2 and e3 happen on Sept 30 in New York (Oct 1 in UTC for e3).
    const sept = await json<HeadlineRow[]>(t.app, '/api/headline?waba=waba-ny&from=2024-09-01&to=2024-09-30')
    expect(figure(sept, 'total', '')).toMatchObject({ count: 3, cost: 0.0425 })
    const last = await json<HeadlineRow[]>(t.app, '/api/headline?waba=waba-ny&from=2024-09-30&to=2024-09-30')
    expect(figure(last, 'total', '')).toMatchObject({ count: 2, cost: 0.029 })
    const oct = await json<HeadlineRow[]>(t.app, '/api/headline?waba=waba-ny&from=2024-10-01')
    expect(figure(oct, 'total', '')).toBeUndefined()
  })

  it('applies phone, market and category filters', async () => {
    const pn2 = await json<HeadlineRow[]>(t.app, '/api/headline?phone=pn-d2')
    expect(figure(pn2, 'total', '')).toMatchObject({ count: 1, cost: 0 })
    const gb = await json<HeadlineRow[]>(t.app, '/api/headline?market=GB')
    expect(figure(gb, 'category', 'FREE_ENTRY_POINT')?.count).toBe(1)
    const mkt = await json<HeadlineRow[]>(t.app, '/api/headline?category=MARKETING&category=UTILITY')
    expect(figure(mkt, 'total', '')).toMatchObject({ count: 4, cost: 0.058 })
  })
})

describe('spend over time', () => {
  it('splits by category per month, and by market for the whole period', async () => {
    const months = await json<SpendRow[]>(t.app, '/api/spend?granularity=month&split=category&waba=waba-dash')
    expect(months.map((r) => [r.period, r.key, r.conversations, r.cost])).toEqual([
      ['2024-09-01T00:00:00.000Z', 'FREE_ENTRY_POINT', 1, 0],
      ['2024-09-01T00:00:00.000Z', 'MARKETING', 1, 0.025],
      ['2024-09-01T00:00:00.000Z', 'SERVICE', 3, 0.0088],
      ['2024-09-01T00:00:00.000Z', 'UTILITY', 1, 0.004],
    ])
    const markets = await json<SpendRow[]>(t.app, '/api/spend?granularity=total&split=market')
    expect(markets.map((r) => [r.key, r.conversations, r.cost])).toEqual([['GB', 1, 0], ['North America', 8, 0.0803]])
    // labelled as the dashboard's market menu names them (format.ts label), the key still the code
    // (rows said "GB" where the menu said "United Kingdom": fresh-user trial)
    expect(markets.map((r) => r.label)).toEqual(['United Kingdom', 'North America'])
    expect(markets.map((r) => r.label)).toEqual(markets.map((r) => label(r.key)))
    // every market code the server names, named as the menu does (OTHER: "Other markets")
    expect(marketLabels).toEqual(marketCodes.map(label))
  })

  it('labels WABAs by name and days by the local calendar', async () => {
    const days = await json<SpendRow[]>(t.app, '/api/spend?granularity=day&split=waba&waba=waba-ny')
    expect(days.map((r) => [r.period, r.label, r.conversations, r.cost])).toEqual([
      ['2024-09-10T00:00:00.000Z', 'Acme, New York', 1, 0.0135],
      ['2024-09-30T00:00:00.000Z', 'Acme, New York', 2, 0.029],
    ])
    const weeks = await json<SpendRow[]>(t.app, '/api/spend?granularity=week&split=pricing_type&waba=waba-dash')
    expect(weeks.map((r) => [r.period, r.key, r.conversations])).toEqual([
      ['2024-09-09T00:00:00.000Z', 'FREE_ENTRY_POINT', 1],
      ['2024-09-09T00:00:00.000Z', 'FREE_TIER', 2],
      ['2024-09-09T00:00:00.000Z', 'REGULAR', 3],
    ])
  })
})

describe('free tier', () => {
  it('reports use, the day it ran out and the month-end projection', async () => {
    const [row, ...rest] = await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-dash')
    expect(rest).toEqual([])
    expect(row).toMatchObject({
      month: '2024-09-01T00:00:00.000Z', tier: 2, used: 2, remaining: 0, service_conversations: 3,
      paid_conversations: 1, paid_cost: 0.0088, ran_out_on: '2024-09-11T00:00:00.000Z',
      // as of the 12th: the WABA's last day with data, as the filter bar's (two messages that
      // opened nothing: test/free-tier-span.test.ts)
      as_of: '2024-09-12T00:00:00.000Z', in_progress: 1, days_elapsed: 12, days_in_month: 30,
      // 3 in 12 days → 7.5, 8 by the 30th: 6 over the tier at North America's 0.0088.
      projected_service: 8, projected_overage: 6, projected_overage_cost: 0.0528, projected_run_out_on: null,
    })
  })
})

describe('free tier to the end of a period', () => {
  it('counts from the month\'s 1st to the period\'s end, so it equals the headline for that period', async () => {
    const [row] = await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-dash&to=2024-09-10')
    const headline = await json<HeadlineRow[]>(t.app, '/api/headline?waba=waba-dash&from=2024-09-01&to=2024-09-10')
    const free = headline.find((r) => r.section === 'pricing_type' && r.key === 'FREE_TIER')?.count ?? 0
    // The tier ran out on the 11th, after this period: not said, and no projection from the past.
    expect(row).toMatchObject({ as_of: '2024-09-10T00:00:00.000Z', in_progress: 0, ran_out_on: null, used: free })
    expect(free).toBeGreaterThan(0)
  })

  // fresh-user trial: with an end date and every WABA, the query failed ("Scalar subquery returned
  // more than one row": the period's end computed once per WABA) and the panel showed an error
  it('answers for every WABA at once: each its own row of the end month', async () => {
    const all = await json<FreeTierRow[]>(t.app, '/api/free-tier?to=2024-09-10')
    const [one] = await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-dash&to=2024-09-10')
    expect(all.filter((r) => r.waba_id === 'waba-dash')).toEqual([one])
    expect(new Set(all.map((r) => r.waba_id)).size).toBeGreaterThan(1)
  })
})

// fresh-user trial: To typed as 2148-12-31 (the last day the API takes) showed September 2024, the
// month of the latest data, with a projection, as a period left open does; 2148-12-30 said the data
// does not cover that month
describe('free tier to the last day the API takes', () => {
  it('is the month of that day, outside the data, not the latest data\'s month', async () => {
    const month = async (to: string) => (await json<FreeTierRow[]>(t.app, `/api/free-tier?waba=waba-dash&from=2024-09-01&to=${to}`)).at(-1)!
    const open = (await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-dash&from=2024-09-01')).at(-1)!
    expect(open).toMatchObject({ month: '2024-09-01T00:00:00.000Z', covered: 1 })
    for (const to of ['2148-12-30', '2148-12-31']) expect(await month(to), to).toMatchObject({ month: '2148-12-01T00:00:00.000Z', covered: 0 })
  })
})

describe('click-to-WhatsApp', () => {
  it('counts entries that did and did not become a free entry point', async () => {
    const ads = await json<CtwaAdRow[]>(t.app, '/api/ctwa/ads')
    expect(ads).toEqual([{
      ad_id: 'ad-1', entry_point: 'ctwa', entries: 2, fep_started: 1, inside_fep: 0, awaiting_reply: 0, no_fep: 1,
      not_delivered: 0, fep_conversations: 1, conversion: 0.5,
    }])
    const daily = await json<{ day: string; ad_id: string; series: string; count: number }[]>(t.app, '/api/ctwa/daily')
    expect(daily).toEqual([
      { day: '2024-09-10T00:00:00.000Z', ad_id: 'ad-1', series: 'FEP_CONVERSATIONS', count: 1 },
      { day: '2024-09-10T00:00:00.000Z', ad_id: 'ad-1', series: 'FEP_STARTED', count: 1 },
      { day: '2024-09-10T00:00:00.000Z', ad_id: 'ad-1', series: 'NO_FEP', count: 1 },
    ])
  })
})

describe('guardrail and filters', () => {
  it('lists guardrail breaks and undelivered messages by day and phone', async () => {
    const rows = await json<unknown[]>(t.app, '/api/guardrail?waba=waba-dash')
    expect(rows).toEqual([
      { day: '2024-09-12T00:00:00.000Z', phone_number_id: 'pn-d1', label: 'pn-d1', verdict: 'NOT_DELIVERED', messages: 1 },
      { day: '2024-09-12T00:00:00.000Z', phone_number_id: 'pn-d1', label: 'pn-d1', verdict: 'OUTSIDE_SERVICE_WINDOW', messages: 1 },
    ])
  })

  it('offers WABAs with names and time zones, phones, markets and categories', async () => {
    const rows = await json<{ kind: string; id: string; label: string; timezone: string }[]>(t.app, '/api/filters')
    const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id)
    expect(rows.filter((r) => r.kind === 'waba').map((r) => [r.id, r.label, r.timezone]))
      .toEqual([['waba-ny', 'Acme, New York', 'America/New_York'], ['waba-dash', 'waba-dash', 'UTC']])
    expect(of('phone')).toEqual(['pn-d1', 'pn-d2', 'pn-ny'])
    expect(of('market')).toEqual(['GB', 'North America'])
    expect(of('category')).toEqual(['AUTHENTICATION', 'FREE_ENTRY_POINT', 'MARKETING', 'SERVICE', 'UTILITY'])
  })

  it('writes the options\' WABAs in CSV as one cell joined by | (it was the engine\'s [\'a\',\'b\']: break-it trial)', async () => {
    const rows = await json<{ kind: string; id: string; wabas: string[] }[]>(t.app, '/api/filters')
    const both = rows.find((r) => r.wabas.length > 1)!
    expect(both.wabas).toEqual(['waba-dash', 'waba-ny'])
    const csv = (await get(t.app, '/api/filters?format=csv')).body
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('"kind","id","label","waba_id","timezone","wabas","first_day","last_day"')
    expect(lines.find((l) => l.startsWith(`"${both.kind}","${both.id}",`))).toContain(',"waba-dash|waba-ny",')
    expect(lines.find((l) => l.startsWith('"waba","waba-ny",'))).toContain(',"waba-ny",')
    expect(csv).not.toContain('[')
  })
})

describe('formats', () => {
  it('answers Arrow by default, CSV and JSON on request', async () => {
    const arrow = await get(t.app, '/api/spend?granularity=total&split=waba')
    expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream')
    const table = tableFromIPC(arrow.rawPayload)
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'period:Timestamp<MILLISECOND, UTC>', 'key:Utf8', 'label:Utf8', 'currency:Utf8', 'conversations:Float64', 'cost:Float64',
      'unpriced:Float64', 'priced_cost:Float64', 'messages:Float64',
    ])
    expect(table.schema.fields.find((f) => f.name === 'cost')?.nullable).toBe(true)
    expect(table.toArray().map((r) => [r.label, r.cost])).toEqual([['waba-dash', 0.0378], ['Acme, New York', 0.0425]])

    const csv = await get(t.app, '/api/spend?granularity=total&split=waba', undefined, { accept: 'text/csv' })
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    // RFC 4180 line ends, as every CSV of the product
    // a total over an open period dated by the first local day of its charges (api-total-rows)
    const first = String((await json<SpendRow[]>(t.app, '/api/spend?granularity=day&split=waba'))[0]!.period)
    expect(csv.body).toBe('"period","key","label","currency","conversations","cost","unpriced","priced_cost","messages"\r\n'
      + `"${first}","waba-dash","waba-dash","USD",6,0.0378,0,0.0378,0\r\n`
      + `"${first}","waba-ny","Acme, New York","USD",3,0.0425,0,0.0425,0\r\n`)
    const viaAccept = await get(t.app, '/api/headline', undefined, { accept: 'application/json' })
    expect(viaAccept.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(Array.isArray(viaAccept.json())).toBe(true)
  })

  it('compresses when asked', async () => {
    const res = await get(t.app, '/api/spend?format=csv&granularity=day', undefined, { 'accept-encoding': 'gzip' })
    expect(res.headers['content-encoding']).toBe('gzip')
  })

  it('publishes an OpenAPI document and a health check', async () => {
    const doc = await t.app.inject({ url: '/docs/json' })
    expect(Object.keys(doc.json<{ paths: object }>().paths)).toEqual(expect.arrayContaining(['/api/spend', '/api/free-tier', '/api/headline', '/api/ctwa/daily', '/api/ctwa/ads', '/api/guardrail', '/api/filters', '/health']))
    const health = await t.app.inject({ url: '/health' })
    expect(health.json()).toEqual({ status: 'ok', engine: 'embedded' })
  })

  it('documents every data route\'s 200 answer in Arrow, JSON and CSV, so /docs can ask for JSON', async () => {
    type Doc = { paths: Record<string, { get?: { parameters?: { name: string }[]; responses?: Record<string, { content?: object }> } }> }
    const { paths } = (await t.app.inject({ url: '/docs/json' })).json<Doc>()
    const data = Object.entries(paths).filter(([, p]) => p.get?.parameters?.some((q) => q.name === 'format'))
    expect(data.map(([u]) => u)).toEqual(expect.arrayContaining(['/api/spend', '/api/customer/summary', '/api/messages/{id}']))
    for (const [url, p] of data) {
      expect([url, Object.keys(p.get!.responses!['200']?.content ?? {})])
        .toEqual([url, ['application/vnd.apache.arrow.stream', 'application/json', 'text/csv']])
    }
    // The JSON answer itself is not reshaped by the documentation.
    const rows = await json<SpendRow[]>(t.app, '/api/spend?granularity=month')
    expect(Object.keys(rows[0]!)).toEqual(['period', 'key', 'label', 'currency', 'conversations', 'cost', 'unpriced', 'priced_cost', 'messages'])
  })
})
