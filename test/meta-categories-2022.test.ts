// Meta's pricing categories before June 2023 (migration 786): statuses of conversation-based
// pricing in 2022 and early 2023 write pricing.category and conversation.origin.type as
// `business_initiated` or `user_initiated`. Migration 761 refused them ("expected one of Meta's
// pricing categories"), so an archive of that period's webhooks lost every status with Meta's
// pricing (break-it trial). They are kept as given, upper case, and the reconciliation does not
// read a business-initiated conversation of a marketing template as a CATEGORY_MISMATCH.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { rows } from '../core/db/sql.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'

const key = { waba_id: 'waba-2022', phone_number_id: 'pn-2022', wa_id: '14155550122' }
const webhook = {
  object: 'whatsapp_business_account',
  entry: [{ id: key.waba_id, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: key.phone_number_id },
    statuses: [
      { id: 'old-mk', status: 'delivered', timestamp: '1662372000', recipient_id: key.wa_id,
        pricing: { billable: true, pricing_model: 'CBP', category: 'business_initiated' },
        conversation: { id: 'conv-bi', origin: { type: 'business_initiated' }, expiration_timestamp: '1662458400' } },
      { id: 'old-re', status: 'delivered', timestamp: '1662462000', recipient_id: key.wa_id,
        pricing: { billable: false, pricing_model: 'CBP', category: 'user_initiated' },
        conversation: { id: 'conv-ui', origin: { type: 'user-initiated' } } },
    ] } }] }],
}

let t: TestApp
beforeAll(async () => { t = await openApp({}) }, 60_000)
afterAll(async () => { await t?.app.close() })

it('keeps the statuses of 2022 with their business_initiated and user_initiated categories', async () => {
  const summary = await ingest(t.session, [
    // 5 September 2022: a marketing template, then the customer writes a day later and is answered
    { message_id: 'old-mk', timestamp: '2022-09-05T10:00:00Z', ...key, direction: 'outbound', template_category: 'MARKETING', template_name: 'promo' },
    { message_id: 'old-in', timestamp: '2022-09-06T10:00:00Z', ...key, direction: 'inbound' },
    { message_id: 'old-re', timestamp: '2022-09-06T11:00:00Z', ...key, direction: 'outbound' },
    webhook,
  ])
  expect(summary.rejected).toBe(0)
  const kept = await (await t.session.db.client.query({
    query: 'SELECT message_id, meta_category, meta_origin_type FROM meta_pricing WHERE message_id LIKE {p:String} ORDER BY message_id',
    query_params: { p: 'old-%' }, format: 'JSONEachRow',
  })).json()
  expect(kept).toEqual([
    { message_id: 'old-mk', meta_category: 'BUSINESS_INITIATED', meta_origin_type: 'BUSINESS_INITIATED' },
    { message_id: 'old-re', meta_category: 'USER_INITIATED', meta_origin_type: 'USER_INITIATED' },
  ])
  // both sides agree (the marketing conversation billed, the service one in the free tier): no
  // discrepancy, no category drift
  await reconcileUpToDate(t.session.db)
  const params = { wabas: [], phones: [], from: '2022-09-01', to: '2022-09-30', latest: 0 }
  expect(await rows(t.session.db, 'api/reconcile', params)).toEqual([])
  expect(await rows(t.session.db, 'api/reconcile_drift', params)).toEqual([])
})
