// A status line admitted for one WABA never shows on another WABA's message (break-it trial of
// 2026-12-01, follow-up of security-scope.test.ts): a key limited to WABA A sends, for a message id
// not stored yet, a failed status with Meta's error and a delivered one with Meta's pricing and
// conversation; WABA B's message with that id then arrives through an unrestricted key (or a
// correction moves A's message to B). B's support page (its message rows, the one-message look-up,
// the summary) shows neither the failure nor Meta's pricing, and B's reconciliation lists nothing
// from them: the same as when B's message came first and the lines were refused. Lines of an
// unrestricted key, and A's lines on A's own message, still show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { postLog } from './support/scoped-ingest.ts'
import { openEngine, type Session } from './support/engine.ts'
import type { CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'
import type { ReconcileRow } from '../api/routes/reconcile.ts'

const keys = { a: 'waba-a-status-key-0123456', all: 'all-wabas-status-key-0123' }

let s: Session
let app: FastifyInstance

const customer = (n: number) => `1415555${String(n).padStart(4, '0')}`
const msg = (id: string, waba: string, phone: string, wa: number) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: waba, phone_number_id: phone, wa_id: customer(wa),
  direction: 'outbound', template_category: 'AUTHENTICATION', template_name: 'otp', status: 'sent',
})
const delivered = (id: string) => ({ kind: 'status', message_id: id, status: 'delivered', timestamp: '2025-12-01T10:00:05Z' })
/** Webhook statuses as Meta sends them to WABA A's webhook: a failure with its error, a delivery with Meta's pricing. */
const envelopeA = (id: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'w-a', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: 'p-a' },
    statuses: [
      { id, status: 'failed', timestamp: '1764583203', recipient_id: '14155550111',
        errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }] },
      { id, status: 'delivered', timestamp: '1764583204', recipient_id: '14155550111',
        pricing: { billable: false, pricing_model: 'CBP', category: 'authentication' },
        conversation: { id: `meta-${id}`, origin: { type: 'authentication' } } },
    ] } }] }],
})
/** An unrestricted status line with Meta's pricing, later than key A's. */
const pricedAll = (id: string) => ({
  kind: 'status', message_id: id, status: 'delivered', timestamp: '2025-12-01T10:00:09Z',
  pricing: { billable: true, pricing_model: 'CBP', category: 'authentication' }, conversation: { id: `meta-all-${id}`, origin: { type: 'authentication' } },
})

const post = (lines: unknown[], key: string) => postLog(app, lines, key)

async function json<T>(url: string, key = keys.all): Promise<T> {
  const res = await app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}format=json`, headers: { authorization: `Bearer ${key}` } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<T>()
}

const period = 'from=2025-12-01&to=2025-12-31'
/** What a WABA's support page shows of one message: the failure and what Meta said. */
async function shown(id: string, waba: string, wa: number) {
  const rows = await json<CustomerMessageRow[]>(`/api/customer/messages?customer=%2B${customer(wa)}&waba=${waba}&${period}`)
  const [one] = await json<CustomerMessageRow[]>(`/api/messages/${id}`)
  const row = rows.find((r) => r.message_id === id)
  expect(row).toBeDefined()
  expect(one).toEqual(row)
  const { failure, verdict, meta_billable, meta_pricing_model, meta_category, meta_type, meta_conversation_id, meta_origin_type } = row!
  return { failure, verdict, meta_billable, meta_pricing_model, meta_category, meta_type, meta_conversation_id, meta_origin_type }
}
const reconciled = async (waba: string) => (await json<ReconcileRow[]>(`/api/reconcile?waba=${waba}&${period}`)).map((r) => [r.kind, r.message_id])
const differences = async (waba: string, wa: number) =>
  (await json<CustomerSummaryRow[]>(`/api/customer/summary?customer=%2B${customer(wa)}&waba=${waba}&${period}`))[0]!.meta_differences

const nothingFromA = {
  failure: '', meta_billable: null, meta_pricing_model: '', meta_category: '', meta_type: '', meta_conversation_id: '', meta_origin_type: '',
}

beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(`${keys.a}=w-a:ingest,${keys.all}=*`), ingest: ingestSource })
})
afterAll(async () => { await app?.close() })

describe('status lines of a key limited to WABA A', () => {
  it('sent before WABA B\'s message with that id: B shows neither their failure nor Meta\'s pricing, whichever order', async () => {
    // (twice, the second time in another batch: duplicates)
    expect(await post([envelopeA('x-early')], keys.a)).toMatchObject({ accepted: 2, rejected: 0 })
    expect(await post([envelopeA('x-early')], keys.a)).toMatchObject({ accepted: 2, rejected: 0 })
    expect(await post([msg('x-early', 'w-b', 'p-b', 1), delivered('x-early')], keys.all)).toMatchObject({ accepted: 2, rejected: 0 })
    // the control: B's message first, then the same lines of key A, refused (pipeline/13_foreign_ids)
    expect(await post([msg('x-first', 'w-b', 'p-b', 2), delivered('x-first')], keys.all)).toMatchObject({ accepted: 2 })
    expect(await post([envelopeA('x-first')], keys.a)).toMatchObject({ accepted: 0, rejected: 2 })

    const early = await shown('x-early', 'w-b', 1)
    expect(early).toEqual({ ...nothingFromA, verdict: 'OPENED' })
    expect(early).toEqual(await shown('x-first', 'w-b', 2))
    expect(await reconciled('w-b')).toEqual([])
    expect(await differences('w-b', 1)).toBe(0)

    // sent again now: refused, and still nothing shows
    expect(await post([envelopeA('x-early')], keys.a)).toMatchObject({ accepted: 0, rejected: 2 })
    expect(await shown('x-early', 'w-b', 1)).toEqual(early)
  })

  it('still shows what an unrestricted key says about B\'s message, and A\'s lines on A\'s own message', async () => {
    expect(await post([pricedAll('x-early')], keys.all)).toMatchObject({ accepted: 1 })
    expect(await shown('x-early', 'w-b', 1)).toMatchObject({
      failure: '', meta_billable: 1, meta_pricing_model: 'CBP', meta_category: 'AUTHENTICATION', meta_conversation_id: 'meta-all-x-early',
    })
    expect(await reconciled('w-b')).toEqual([])

    // key A's lines before A's own message: shown, and its reconciliation finds Meta's free verdict
    expect(await post([envelopeA('a-early')], keys.a)).toMatchObject({ accepted: 2 })
    expect(await post([msg('a-early', 'w-a', 'p-a', 3)], keys.all)).toMatchObject({ accepted: 1 })
    expect(await shown('a-early', 'w-a', 3)).toMatchObject({
      failure: '131047: Re-engagement message', meta_billable: 0, meta_category: 'AUTHENTICATION', meta_conversation_id: 'meta-a-early',
    })
    expect(await reconciled('w-a')).toEqual([['FREE_BUT_CHARGED', 'a-early']])
  })

  it('on A\'s message that a correction then moves to WABA B: shown in A before, not in B after', async () => {
    expect(await post([msg('x-moved', 'w-a', 'p-a', 4), delivered('x-moved')], keys.all)).toMatchObject({ accepted: 2 })
    expect(await post([envelopeA('x-moved')], keys.a)).toMatchObject({ accepted: 2, rejected: 0 })
    expect(await shown('x-moved', 'w-a', 4)).toMatchObject({ failure: '131047: Re-engagement message', meta_billable: 0 })

    // the correction (an unrestricted key): the message is WABA B's; the unrestricted delivery
    // still counts there, A's lines no longer do (pipeline/32_batch_ids, st_facts)
    expect(await post([msg('x-moved', 'w-b', 'p-b', 4)], keys.all)).toMatchObject({ accepted: 1 })
    expect(await shown('x-moved', 'w-b', 4)).toEqual({ ...nothingFromA, verdict: 'OPENED' })
    expect(await reconciled('w-b')).toEqual([])
    expect(await differences('w-b', 4)).toBe(0)
  })
})
