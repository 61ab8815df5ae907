// Support's answer counts the customer's discrepancies with Meta (api/customer_summary.sql) from
// view reconciliation_of (migration 744): the reconciliation read for the customer's keys, not
// every status line with Meta's pricing (2.0–2.5 s per answer at 10M messages). The rows must be
// those of the whole reconciliation for that customer, also where a Meta conversation id is
// shared with another customer's messages (its rank and counts need all of them).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { at, metaStatus } from './support/meta-log.ts'
import { sqlText } from '../core/db/sql.ts'
import type { CustomerSummaryRow } from '../api/routes/customer.ts'

let t: TestApp
// October 2024 (conversation-based pricing), WABA in UTC, customers in the US
const day = 24 * 40
const key = (wa: string) => ({ waba_id: 'waba-shared', phone_number_id: 'pn-shared', wa_id: wa })
const template = (wa: string, id: string, h: number) =>
  ({ message_id: id, timestamp: at(day + h), ...key(wa), direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'sent' })

beforeAll(async () => {
  t = await openApp()
  await ingest(t.session, [
    // one Meta conversation over two customers' messages (a Meta id a faulty sender reused):
    // two derived conversations, so its first message (x1, customer …0100's) is a split
    template('14155550100', 'x1', 0), template('14155550199', 'y1', 1),
    metaStatus('x1', 'delivered', day, { conversation: 'meta-shared' }),
    metaStatus('y1', 'delivered', day + 1, { conversation: 'meta-shared' }),
    // a discrepancy of the other customer alone: Meta did not bill a conversation the rules charge
    template('14155550199', 'y2', 30), metaStatus('y2', 'delivered', day + 30, { billable: false, conversation: 'meta-y2' }),
  ])
}, 120_000)
afterAll(async () => { await t?.app.close() })

const period = 'from=2024-10-01&to=2024-10-31'
const summary = async (wa: string) => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?customer=${wa}&${period}`))[0]!
const reconciled = async (wa: string) => {
  const rs = await t.session.db.client.query({
    query: `SELECT kind, message_id FROM reconciliation WHERE wa_id = {wa:String} ORDER BY message_id, kind`, query_params: { wa }, format: 'JSONEachRow' })
  return rs.json<{ kind: string; message_id: string }>()
}

it("counts the customer's discrepancies as the whole reconciliation does, a Meta conversation shared with another customer's too", async () => {
  expect(await reconciled('14155550100')).toEqual([{ kind: 'CONVERSATION_SPLIT', message_id: 'x1' }])
  expect(await reconciled('14155550199')).toEqual([{ kind: 'FREE_BUT_CHARGED', message_id: 'y2' }])
  const x = await summary('14155550100')
  expect([x.meta_differences, x.summary]).toEqual([1, expect.stringContaining('1 Meta conversation split over several conversations here, or over none')])
  const y = await summary('14155550199')
  expect([y.meta_differences, y.summary]).toEqual([1, expect.stringContaining('1 not billed by Meta where these rules charge')])
  expect(y.summary).not.toContain('split')
  // the view's own rows for one customer are those of the whole reconciliation
  const rs = await t.session.db.client.query({
    query: `SELECT kind, message_id FROM reconciliation_of(key_phones = ['pn-shared'], key_wa_ids = ['14155550100']) ORDER BY message_id, kind`, format: 'JSONEachRow' })
  expect(await rs.json()).toEqual(await reconciled('14155550100'))
  expect((await get(t.app, `/api/customer/summary?customer=14155550100&${period}`)).statusCode).toBe(200)
})

it("reads Meta's decisions by message id, not every status line", async () => {
  const plan = await (await t.session.db.client.query({
    query: `EXPLAIN indexes = 1 ${sqlText('api/customer_summary')}`, format: 'TabSeparatedRaw',
    query_params: { key_phones: ['pn-shared'], key_wa_ids: ['14155550100'], wabas: [], from: '2024-10-01', to: '2024-10-31' },
  })).text()
  // the read of statuses that carries Meta's pricing (view meta_pricing), with its primary-key
  // condition (statuses are sorted by message_id: migration 610); it read every line (Condition: true)
  const reads = plan.split(/ReadFromMergeTree \(/).slice(1).filter((r) => r.startsWith('wacost.statuses)') && /Output: message_id, pricing_billable/.test(r))
  expect(reads.length).toBeGreaterThan(0)
  for (const r of reads) expect(r).toMatch(/PrimaryKey[\s│]+Keys:[\s│]+message_id[\s│]+Condition: [^\n]*message_id in /)
})

// 744 kept Meta's lines by has(ids, message_id): a search through every id looked at for each line
// read. With Meta's pricing on every delivered message (5.7M lines at 10M messages) one read of
// statuses for 100 customers took 54 s so, 0.7 s by a set (migration 746).
it("keeps Meta's lines of the messages looked at by a set of their ids, not a search through them", async () => {
  const plan = await (await t.session.db.client.query({
    query: `EXPLAIN actions = 1 ${sqlText('api/customer_summary')}`, format: 'TabSeparatedRaw',
    query_params: { key_phones: ['pn-shared'], key_wa_ids: ['14155550100'], wabas: [], from: '2024-10-01', to: '2024-10-31' },
  })).text()
  // the filters of the reads of Meta's pricing (view meta_pricing: a line with any of it)
  const pricing = plan.split('\n').filter((l) => /filter column: .*pricing_billable != ''/.test(l))
  expect(pricing.length).toBeGreaterThan(0)
  for (const l of pricing) {
    expect(l).toMatch(/message_id IN subquery/)
    expect(l).not.toMatch(/has\(/)
  }
})
