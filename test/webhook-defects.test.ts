// Webhook deliveries that are not what Meta sends (break-it trial): a key given twice inside a
// webhook object was accepted with its first value (an NDJSON line repeating a key was refused);
// a part of the wrong JSON type read as "holds no messages or statuses", or was accepted as its
// text. Each is now refused with the path of the field as the webhook spells it and what was
// expected. The inputs are those of the trial, ingested through the real pipeline.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource, type BatchSummary } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { text } from '../core/db/sql.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const feed = (body: string, waba?: string): Promise<BatchSummary> =>
  ingestSource(s.db, Readable.from([Buffer.from(body)]), 'defects', undefined, { waba })

/** The batch's rejected lines as [line, reason]. */
async function reasons(batch: number): Promise<Array<[number, string]>> {
  const out = await text(s.db, 'queries/rejected', { batch }, 'JSONEachRow')
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string }).map((r) => [Number(r.line_no), r.reason])
}

const status = (id: string, extra: Record<string, unknown> = {}) => ({
  id, status: 'read', timestamp: '1764583260', recipient_id: '14155550122',
  conversation: { id: `conv-${id}`, origin: { type: 'marketing' } },
  pricing: { billable: true, pricing_model: 'PMP', category: 'marketing', type: 'regular' }, ...extra,
})
const message = (id: string) => ({ from: '14155550111', id, timestamp: '1764583200', type: 'text', text: { body: 'hi' } })
const value = (v: Record<string, unknown>) => ({ messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: 'p-defects' }, ...v })
const envelope = (v: unknown) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w-defects', changes: [{ field: 'messages', value: v }] }] })
const twice = (json: string, once: string, again: string) => {
  if (!json.includes(once)) throw new Error(`${once} not in ${json}`)
  return json.replace(once, `${once},${again}`)
}
const dup = (path: string) => `duplicate key: ${path} appears more than once (which value counts is ambiguous; give each key once)`

it('refuses a webhook record whose objects give a key twice, naming the key as an NDJSON line is refused', async () => {
  const lines = [
    envelope(value({ statuses: [status('ok-1')] })),
    twice(envelope(value({ statuses: [status('dup-billable')] })), '"billable":true', '"billable":false'),
    twice(envelope(value({ messages: [message('dup-id')] })), '"id":"dup-id"', '"id":"dup-id-2"'),
    twice(envelope(value({ statuses: [status('dup-status')] })), '"status":"read"', '"status":"failed"'),
    twice(envelope(value({ statuses: [status('dup-origin')] })), '"type":"marketing"', '"type":"service"'),
    // around the records: the WABA id, the phone number, the value's statuses
    twice(envelope(value({ statuses: [status('dup-waba')] })), '"id":"w-defects"', '"id":"w-other"'),
    twice(envelope(value({ statuses: [status('dup-phone')] })), '"phone_number_id":"p-defects"', '"phone_number_id":"p-other"'),
    envelope(value({ statuses: [status('dup-statuses')] })).replace('"statuses":[', '"statuses":[],"statuses":['),
  ]
  const sum = await feed(lines.join('\n'))
  expect(sum).toMatchObject({ lines: 8, accepted: 1, rejected: 7 })
  expect(await reasons(sum.batch)).toEqual([
    [2, dup('statuses[].pricing.billable')],
    [3, dup('messages[].id')],
    [4, dup('statuses[].status')],
    [5, dup('statuses[].conversation.origin.type')],
    [6, dup('entry[].id')],
    [7, dup('value.metadata.phone_number_id')],
    [8, dup('value.statuses')],
  ])
  // the same bare value given its WABA (--waba) is refused alike
  const bare = await feed(twice(JSON.stringify(value({ statuses: [status('bare-dup')] })), '"billable":true', '"billable":false'), 'w-defects')
  expect(await reasons(bare.batch)).toEqual([[1, dup('statuses[].pricing.billable')]])
})

it('names a webhook part of the wrong type with its path and what was expected', async () => {
  const lines = [
    envelope(value({ messages: { id: 'not-a-list' } })),
    JSON.stringify({ object: 'whatsapp_business_account', entry: null }),
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w-defects', changes: 'x' }] }),
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w-defects', changes: [{ field: 'messages', value: 7 }] }] }),
    envelope(value({ statuses: [status('conv-object', { conversation: { id: { x: 1 }, origin: { type: 'marketing' } } })] })),
    envelope(value({ statuses: [status('errors-string', { status: 'failed', errors: 'boom' })] })),
    envelope(value({ statuses: [status('errors-code', { status: 'failed', errors: [{ code: { n: 1 }, title: 'x' }] })] })),
    envelope(value({ statuses: [status('errors-title', { status: 'failed', errors: [{ code: 131047, title: 5 }] })] })),
    // a part of the wrong type beside records that are fine: the whole delivery is refused
    envelope(value({ messages: 'none', statuses: [status('beside')] })),
    // still accepted: errors as Meta sends them, and an empty entry list as before
    envelope(value({ statuses: [status('errors-ok', { status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] })] })),
    JSON.stringify({ object: 'whatsapp_business_account', entry: [] }),
  ]
  const sum = await feed(lines.join('\n'))
  expect(sum).toMatchObject({ lines: 11, accepted: 1, rejected: 10 })
  expect(await reasons(sum.batch)).toEqual([
    [1, 'invalid value.messages: {"id":"not-a-list"} (expected an array of messages)'],
    [2, 'invalid entry: null (expected an array of entries)'],
    [3, 'invalid entry[].changes: "x" (expected an array of changes)'],
    [4, 'invalid entry[].changes[].value: 7 (expected an object)'],
    [5, 'invalid statuses[].conversation.id: {"x":1} (expected a string)'],
    [6, 'invalid statuses[].errors: "boom" (expected an array of objects, each with a code and a title)'],
    [7, 'invalid statuses[].errors[].code: {"n":1} (expected a whole number, Meta\'s error code)'],
    [8, 'invalid statuses[].errors[].title: 5 (expected a string)'],
    [9, 'invalid value.messages: "none" (expected an array of messages)'],
    [11, 'webhook envelope holds no messages or statuses'],
  ])
  // conversation.id as an object on an NDJSON status line is refused the same way (it was stored as its text)
  const ndjson = await feed(JSON.stringify({ kind: 'status', message_id: 'nd-conv', status: 'read', timestamp: '2025-12-01T10:00:00Z', conversation: { id: ['c'] } }))
  expect(await reasons(ndjson.batch)).toEqual([[1, 'invalid conversation.id: ["c"] (expected a string)']])
})

// Break-it trial: a body signed with the app secret but not Meta's (`{"hello":"world"}`) was
// refused as a log line "missing required field: message_id"; the receiver's batches say what it is.
it('refuses a signed body that is no webhook delivery as such, and still takes an envelope', async () => {
  const lines = [
    JSON.stringify({ hello: 'world' }),
    JSON.stringify({ message_id: 'log-line', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-defects', phone_number_id: 'p-defects', wa_id: '14155550111', direction: 'inbound' }),
    JSON.stringify([JSON.parse(envelope(value({ messages: [message('in-array')] })))]),
    JSON.stringify(value({ messages: [message('bare-value')] })),
    envelope(value({ messages: [message('hook-ok')] })),
    'not json',
  ]
  const sum = await ingestSource(s.db, Readable.from([Buffer.from(lines.join('\n'))]), 'webhooks (6 deliveries)', undefined, { webhooks: true })
  expect(sum).toMatchObject({ lines: 6, accepted: 1, rejected: 5 })
  const not = 'not a webhook delivery of the WhatsApp Business Platform (Meta sends one object: {"object": "whatsapp_business_account", "entry": [...]}); a message log goes to POST /api/ingest'
  const got = await reasons(sum.batch)
  expect(got.slice(0, 4)).toEqual([[1, not], [2, not], [3, not], [4, not]])
  expect(got[4]![0]).toBe(6)
  expect(got[4]![1]).toMatch(/JSON/)
  // the same lines from a log (POST /api/ingest, wacost ingest) are judged as log lines
  const log = await feed(lines.slice(0, 2).join('\n'))
  expect(await reasons(log.batch)).toEqual([[1, 'missing required fields: message_id, timestamp, waba_id, phone_number_id, wa_id, direction']])
})

// Break-it trial: a delivery holding two documents (one after another; the receiver makes a body one
// line, its line breaks spaces: api/webhooks/batcher.ts) was refused as "`{` after the end of the
// line's JSON object (…; a line holds one JSON value: …)": a delivery is no line (migration 856).
it('says of a delivery holding two documents that a delivery holds one, not a line', async () => {
  const one = envelope(value({ messages: [message('two-docs-1')] }))
  const body = `${one} ${envelope(value({ messages: [message('two-docs-2')] }))}`
  const sum = await ingestSource(s.db, Readable.from([Buffer.from(body)]), 'webhooks (1 delivery)', undefined, { webhooks: true })
  expect(sum).toMatchObject({ lines: 1, accepted: 0, rejected: 1 })
  expect(await reasons(sum.batch)).toEqual([[1, `not valid JSON: \`{\` after the end of the delivery's JSON object (column ${one.length + 2}; `
    + 'a delivery holds one JSON object, {"object": "whatsapp_business_account", "entry": [...]}: send each as a delivery of its own)']])
  // the same line of a log is said of the line, as before
  expect(await reasons((await feed(body)).batch)).toEqual([[1, `not valid JSON: \`{\` after the end of the line's JSON object (column ${one.length + 2}; `
    + 'a line holds one JSON value: a record, or an array of records)']])
})
