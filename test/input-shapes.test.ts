// Inputs people actually have (issue 10, items 10-20): pretty-printed webhook payloads, arrays
// and concatenations of documents, bare webhook `value` objects, Meta's failure details, and
// strict refusal of what the spec does not allow (ids that are not strings or whole numbers,
// impossible times, numbers beyond 64 bits, deep nesting; bytes: test/input-bytes.test.ts). Each test
// ingests the input that showed the problem and asserts the stored rows, reasons and lines.
import { Readable } from 'node:stream'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { describeBatch } from '../ingest/report.ts'
import { openEngine, type Session } from './support/engine.ts'
import { rows } from '../core/db/sql.ts'
import { inputFeed, msg } from './support/input-feed.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const { feed, rejected, query, stored } = inputFeed(() => s)

const value = (phone: string, messages: unknown[], statuses: unknown[] = []) => ({
  messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: phone }, messages, statuses,
})
const envelope = (waba: string, v: unknown) => ({ object: 'whatsapp_business_account', entry: [{ id: waba, changes: [{ field: 'messages', value: v }] }] })
const inbound = (id: string, from = '14155550111') => ({ from, id, timestamp: '1764583200', type: 'text', text: { body: 'hi' } })

it('accepts one pretty-printed webhook payload (item 10)', async () => {
  const body = JSON.stringify(envelope('w-pp', value('p-pretty', [inbound('pp-1'), inbound('pp-2')])), null, 2)
  const sum = await feed(body)
  expect(sum).toMatchObject({ accepted: 2, rejected: 0 })
  expect(await stored('p-pretty')).toEqual([['pp-1', 'w-pp', '14155550111'], ['pp-2', 'w-pp', '14155550111']])
})

it('accepts a pretty JSON array of documents and concatenated documents; a broken one gets one reason at its first line (item 10)', async () => {
  const arr = JSON.stringify([msg('arr-1', 'p-arr'), msg('arr-2', 'p-arr')], null, 2)
  // each document counts as one line, the other lines it spans are not blank lines
  expect(await feed(arr)).toMatchObject({ lines: 2, blankLines: 0, accepted: 2, rejected: 0 })
  expect((await stored('p-arr')).map((m) => m[0])).toEqual(['arr-1', 'arr-2'])

  // three documents of 8 lines each; the second misses a comma at the end of line 12, which
  // shows at the next field (line 13, column 3)
  const docs = [msg('cat-1', 'p-cat'), msg('cat-2', 'p-cat'), msg('cat-3', 'p-cat')].map((d) => JSON.stringify(d, null, 2))
  docs[1] = docs[1]!.replace('"waba_id": "w1",', '"waba_id": "w1"')
  const sum = await feed(`${docs.join('\n')}\n${JSON.stringify(msg('cat-4', 'p-cat'))}${JSON.stringify(msg('cat-5', 'p-cat'))}\n`)
  expect(sum).toMatchObject({ accepted: 4, rejected: 1 })
  expect(await stored('p-cat')).toEqual(['cat-1', 'cat-3', 'cat-4', 'cat-5'].map((id) => [id, 'w1', '14155550111']))
  const [[line, reason]] = await rejected(sum.batch) as [[number, string, string]]
  expect([line, reason]).toEqual([9, 'not valid JSON: Expected \',\' or \'}\' after property value (line 13, column 3)'])
})

// a `,` line between pretty documents counted as a third document, and two documents on one line
// as one (break-it trial): the documents are counted as written
it('counts the documents written: a stray comma line is none, two documents on one line are two', async () => {
  const [a, b, c] = ['written-1', 'written-2', 'written-3'].map((id) => msg(id, 'p-written'))
  const stray = await feed(`${JSON.stringify(a, null, 2)}\n,\n${JSON.stringify(b, null, 2)}\n`)
  expect(describeBatch(stray)).toMatch(/^shapes: 2 JSON documents, 2 records accepted \(all new\), 1 record rejected \(batch \d+\)\n/)
  const shared = await feed(`${JSON.stringify(a, null, 2)}\n${JSON.stringify(b)} ${JSON.stringify(c)}\n`)
  expect(shared).toMatchObject({ lines: 3, unit: 'document', accepted: 3, rejected: 0 })
})

// blank lines between the documents of a pretty array were not counted (NDJSON's are: break-it trial)
it('counts the blank lines between documents as blank lines, as between NDJSON lines', async () => {
  const [a, b] = [JSON.stringify(msg('blank-1', 'p-blank'), null, 2), JSON.stringify(msg('blank-2', 'p-blank'), null, 2)]
  const pretty = await feed(`[\n${a},\n\n  \n${b}\n]\n`)
  expect(pretty).toMatchObject({ lines: 2, unit: 'document', blankLines: 2, accepted: 2 })
  // counted in JSON documents: "2 lines" of a file of 21 read wrong
  expect(describeBatch(pretty)).toBe(`shapes: 2 JSON documents and 2 blank lines (skipped), 2 records accepted (all new), 0 documents rejected (batch ${pretty.batch})`)
  // before, between and after documents one after another; a last line of blanks without its \n too
  expect(await feed(`\n${a}\n\n\n${b}\n\n  `)).toMatchObject({ lines: 2, blankLines: 5, accepted: 2 })
  const nd = [JSON.stringify(msg('blank-1', 'p-blank')), JSON.stringify(msg('blank-2', 'p-blank'))]
  const lines = await feed(`\n${nd[0]}\n\n\n${nd[1]}\n\n  `)
  expect(lines).toMatchObject({ lines: 2, unit: 'line', blankLines: 5 })
  expect(describeBatch(lines)).toMatch(/^shapes: 2 lines and 5 blank lines \(skipped\), 2 records accepted \([^)]*\), 0 lines rejected \(batch \d+\)$/)
})

it('rejects a document that is never closed with its line and column, and goes on with the next one (item 10)', async () => {
  const good = JSON.stringify(msg('open-2', 'p-open'), null, 2)
  const sum = await feed(`{\n  "message_id": "open-1",\n  "timestamp": "2025-12-01T10:00:00Z"\n${good}\n`)
  expect(sum).toMatchObject({ accepted: 1, rejected: 1 })
  expect((await stored('p-open')).map((m) => m[0])).toEqual(['open-2'])
  const [[line, reason]] = await rejected(sum.batch) as [[number, string, string]]
  expect(line).toBe(1)
  expect(reason).toMatch(/^not valid JSON: .* \(line 4, column 1\)$/)
})

// `[`, `{…}`, `]` (a valid array, an element a line) was read as NDJSON: its `[` and `]` lines
// rejected, "1 record accepted, 2 lines rejected" (break-it trial)
it('reads an array of documents with an element on each line as one JSON document', async () => {
  const [a, b] = [JSON.stringify(msg('el-1', 'p-el')), JSON.stringify(msg('el-2', 'p-el'))]
  expect(await feed(`[\n${a}\n]\n`)).toMatchObject({ accepted: 1, rejected: 0 })
  expect(await feed(`[\n${a}\n,\n${b}\n]\n`)).toMatchObject({ accepted: 2, rejected: 0 })
  expect(await feed(`[${a},\n${b}\n]\n`)).toMatchObject({ accepted: 2, rejected: 0 })
  expect((await stored('p-el')).map((m) => m[0])).toEqual(['el-1', 'el-2'])
})

it('keeps NDJSON whose first line is broken NDJSON: one reason for that line, the next lines stored (item 10)', async () => {
  const sum = await feed(`{"message_id": "nd-0", "timestamp":\n${JSON.stringify(msg('nd-1', 'p-nd'))}\n${JSON.stringify(msg('nd-2', 'p-nd'))}\n`)
  expect(sum).toMatchObject({ lines: 3, accepted: 2, rejected: 1 })
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([[1, 'not valid JSON: the line ends with 1 bracket still open (cut short?)']])
  expect((await stored('p-nd')).map((m) => m[0])).toEqual(['nd-1', 'nd-2'])
})

it('names a bare webhook value object, accepts it with --waba, and spells envelope fields as sent (item 11)', async () => {
  const v = JSON.stringify(value('p-bare', [inbound('bare-1')]))
  const without = await feed(v)
  expect(await rejected(without.batch)).toEqual([[1,
    'webhook value object (entry[].changes[].value) without its envelope: the WABA id (entry[].id) is missing; give it with --waba ID (POST /api/ingest: ?waba=ID)', v]])
  expect(await feed(v, { waba: 'w-given' })).toMatchObject({ accepted: 1, rejected: 0 })
  expect(await stored('p-bare')).toEqual([['bare-1', 'w-given', '14155550111']])

  // a record without `from` inside an envelope: the reason names messages[].from, the raw is that
  // message as Meta sent it (it was the product's own flattened record: fresh-user trial)
  const env = await feed(JSON.stringify(envelope('w-env', value('p-env', [inbound('env-ok'), { id: 'env-bad', timestamp: '1764583200', type: 'text' }]))))
  expect(env).toMatchObject({ accepted: 1, rejected: 1 })
  const [[line, reason, raw]] = await rejected(env.batch) as [[number, string, string]]
  expect([line, reason]).toEqual([1, 'missing required field: messages[].from'])
  expect(JSON.parse(raw)).toEqual({ id: 'env-bad', timestamp: '1764583200', type: 'text' })
})

it('keeps the error code and title of failed statuses, recipient_id and ctwa_clid (item 13)', async () => {
  const failed = { id: 'err-1', status: 'failed', timestamp: '1764583300', recipient_id: '14155550111',
    errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }] }
  const ad = { ...inbound('clid-1'), referral: { source_type: 'ad', source_id: 'ad-9', ctwa_clid: 'ARAkLkA8rm' } }
  expect(await feed(JSON.stringify(envelope('w-err', value('p-err', [ad], [failed]))))).toMatchObject({ accepted: 2, rejected: 0 })
  expect(await query('SELECT status, error_code, error_title, recipient_id FROM statuses WHERE message_id = {id:String}', { id: 'err-1' }))
    .toEqual([{ status: 'failed', error_code: '131047', error_title: 'Re-engagement message', recipient_id: '14155550111' }])
  expect(await query('SELECT entry_point, ad_id, ctwa_clid FROM messages FINAL WHERE message_id = {id:String}', { id: 'clid-1' }))
    .toEqual([{ entry_point: 'ctwa', ad_id: 'ad-9', ctwa_clid: 'ARAkLkA8rm' }])

  // the support page's message rows show the failure of the send (from the business's send log)
  await feed(JSON.stringify(msg('err-1', 'p-err', { direction: 'outbound', template_category: 'MARKETING', timestamp: '2025-12-01T10:01:00Z', status: 'sent' })))
  const shown = await rows<{ message_id: string; verdict: string; failure: string }>(s.db, 'api/customer_messages',
    { key_phones: ['p-err'], key_wa_ids: ['14155550111'], wabas: [], from: '2025-12-01', to: '2025-12-31', message: '' })
  expect(shown.map((m) => [m.message_id, m.verdict, m.failure])).toEqual([
    ['clid-1', 'OPENED', ''], ['err-1', 'NOT_DELIVERED', '131047: Re-engagement message'],
  ])
})

it('reads a webhook field sent as a number as its digits, and keeps every record of a large delivery (records built from raw JSON, migration 651)', async () => {
  // Meta sends these as strings; a number is read as its text, as on an NDJSON line
  const asNumbers = { from: 14155550122, id: 'num-1', timestamp: 1764583200, type: 'text', referral: { source_type: 'ad', source_id: 120226, ctwa_clid: 'c1' } }
  const status = { id: 'num-1', status: 'read', timestamp: 1764583260, recipient_id: 14155550122, errors: [{ code: 131047, title: 'x' }],
    pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' }, conversation: { id: 77, origin: { type: 'service' }, expiration_timestamp: 1764669600 } }
  expect(await feed(JSON.stringify(envelope('w-num', value('p-num', [asNumbers], [status]))))).toMatchObject({ accepted: 2, rejected: 0 })
  expect(await query('SELECT wa_id, toUnixTimestamp(ts) AS t, ad_id, ctwa_clid FROM messages FINAL WHERE message_id = {id:String}', { id: 'num-1' }))
    .toEqual([{ wa_id: '14155550122', t: 1764583200, ad_id: '120226', ctwa_clid: 'c1' }])
  expect(await query('SELECT recipient_id, error_code, conversation_id, toUnixTimestamp(conversation_expiration_ts) AS exp FROM statuses WHERE message_id = {id:String}', { id: 'num-1' }))
    .toEqual([{ recipient_id: '14155550122', error_code: '131047', conversation_id: '77', exp: 1764669600 }])

  // Meta's pricing or conversation given as something else than an object is refused, as on an
  // NDJSON line (it was read as absent and the status accepted without Meta's decision: break-it trial)
  const odd = (id: string, extra: Record<string, unknown>) => ({ id, status: 'read', timestamp: '1764583260', recipient_id: '14155550122', ...extra })
  const refused = await feed(JSON.stringify(envelope('w-num', value('p-num', [], [odd('odd-1', { pricing: 'billable' }), odd('odd-2', { conversation: 42 }), odd('odd-3', { pricing: null })]))))
  expect(refused).toMatchObject({ accepted: 1, rejected: 2 })
  // the reason quotes the value given (it said only "expected an object": fresh-user trial), and
  // the raw kept is the status as Meta sent it
  expect((await rejected(refused.batch)).map((r) => [r[1], JSON.parse(r[2] as string)])).toEqual([
    ['invalid statuses[].pricing (expected an object, got "billable")', odd('odd-1', { pricing: 'billable' })],
    ['invalid statuses[].conversation (expected an object, got 42)', odd('odd-2', { conversation: 42 })]])
  // a long value is cut short
  const long = await feed(JSON.stringify(envelope('w-num', value('p-num', [], [odd('odd-4', { pricing: 'x'.repeat(100) })]))))
  expect((await rejected(long.batch)).map((r) => r[1])).toEqual([`invalid statuses[].pricing (expected an object, got "${'x'.repeat(58)}…)`])

  // one delivery of 3,000 messages and 3,000 statuses (each record's lambda once copied the whole
  // delivery): every record is stored, with the entry's WABA and phone number
  const many = Array.from({ length: 3000 }, (_, i) => inbound(`many-${i}`, String(14155560000 + i)))
  const sts = Array.from({ length: 3000 }, (_, i) => ({ id: `many-${i}`, status: 'read', timestamp: '1764583300', recipient_id: String(14155560000 + i) }))
  expect(await feed(JSON.stringify(envelope('w-many', value('p-many', many, sts))))).toMatchObject({ accepted: 6000, rejected: 0 })
  expect(await query("SELECT count() AS n, uniqExact(wa_id) AS c, groupUniqArray(waba_id) AS w FROM messages FINAL WHERE phone_number_id = 'p-many'", {}))
    .toEqual([{ n: 3000, c: 3000, w: ['w-many'] }])
  expect(await query("SELECT count() AS n, uniqExact(recipient_id) AS r FROM statuses WHERE message_id LIKE 'many-%'", {}))
    .toEqual([{ n: 3000, r: 3000 }])
})

it('takes only strings and whole numbers as ids (item 17)', async () => {
  const sum = await feed([
    msg('ids-ok', 'p-ids'), { ...msg('x', 'p-ids'), message_id: true }, { ...msg('x', 'p-ids'), message_id: { a: 1 } },
    { ...msg('x', 'p-ids'), message_id: [1, 2] }, msg('ids-w', 'p-ids', { waba_id: false }), msg('ids-p', 'p-ids', { phone_number_id: { a: 1 } }),
    { ...msg('x', 'p-ids'), message_id: 12345 },
  ].map((l) => JSON.stringify(l)).join('\n'))
  expect(sum).toMatchObject({ accepted: 2, rejected: 5 })
  expect((await stored('p-ids')).map((m) => m[0])).toEqual(['12345', 'ids-ok'])
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
    [2, 'invalid message_id: true (expected a string or a whole number)'],
    [3, 'invalid message_id: {"a":1} (expected a string or a whole number)'],
    [4, 'invalid message_id: [1,2] (expected a string or a whole number)'],
    [5, 'invalid waba_id: false (expected a string or a whole number)'],
    [6, 'invalid phone_number_id: {"a":1} (expected a string or a whole number)'],
  ])

  // inside webhooks the ids keep their JSON type up to the check, and the reason spells the field
  const env = await feed([
    JSON.stringify(envelope('w-ids', value('p-ids2', [{ ...inbound('x'), id: true }, inbound('ids-env-ok')]))),
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: ['w'], changes: [{ field: 'messages', value: value('p-ids2', [inbound('ids-env-w')]) }] }] }),
  ].join('\n'))
  expect(env).toMatchObject({ accepted: 1, rejected: 2 })
  expect((await rejected(env.batch)).map((r) => [r[0], r[1]])).toEqual([
    [1, 'invalid messages[].id: true (expected a string or a whole number)'],
    [2, 'invalid entry[].id: ["w"] (expected a string or a whole number)'],
  ])
})

it('refuses a record with a key given twice instead of keeping its first value', async () => {
  const ok = JSON.stringify(msg('dup-ok', 'p-dup'))
  const sum = await feed([
    ok,
    ok.replace('{"message_id":"dup-ok"', '{"message_id":"dup-a","message_id":"dup-b"'),
    ok.replace('"wa_id":"14155550111"', '"wa_id":"14155550111","wa_id":"14155550222"').replace('dup-ok', 'dup-c'),
    ok.replace('"direction"', '"note":1,"note":2,"direction"').replace('dup-ok', 'dup-d'),
    '{"kind":"status","message_id":"dup-ok","status":"delivered","timestamp":"2025-12-01T10:00:05Z","pricing":{"billable":true,"category":"utility","category":"marketing"}}',
    // a nested object of a log line is not one of the fields read: its keys are left alone
    JSON.stringify(msg('dup-e', 'p-dup', { type: 'text' })).replace('"type":"text"', '"text":{"body":"a","body":"b"}'),
  ].join('\n'))
  expect(sum).toMatchObject({ accepted: 2, rejected: 4 })
  expect((await stored('p-dup')).map((m) => m[0])).toEqual(['dup-e', 'dup-ok'])
  expect(await rejected(sum.batch)).toEqual([
    [2, 'duplicate key: message_id appears more than once (which value counts is ambiguous; give each key once)', ok.replace('{"message_id":"dup-ok"', '{"message_id":"dup-a","message_id":"dup-b"')],
    [3, 'duplicate key: wa_id appears more than once (which value counts is ambiguous; give each key once)', expect.stringContaining('"wa_id":"14155550222"')],
    [4, 'duplicate key: note appears more than once (which value counts is ambiguous; give each key once)', expect.stringContaining('"note":2')],
    [5, 'duplicate key: pricing.category appears more than once (which value counts is ambiguous; give each key once)', expect.stringContaining('"category":"marketing"')],
  ])
})

it('refuses an impossible clock time instead of rolling it into the next day (item 18)', async () => {
  const sum = await feed([msg('t-1', 'p-time', { timestamp: '2024-08-01T25:61:00Z' }), msg('t-2', 'p-time', { timestamp: '2024-08-01T23:59:59+05:30' })]
    .map((l) => JSON.stringify(l)).join('\n'))
  expect(sum).toMatchObject({ accepted: 1, rejected: 1 })
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]]))
    .toEqual([[1, 'invalid timestamp: 2024-08-01T25:61:00Z (expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099)']])
})

it('lets a correction on the next line win over record 300 of a webhook envelope (item 19)', async () => {
  const many = Array.from({ length: 300 }, (_, i) => inbound(`big-${i}`))
  const correction = msg('big-299', 'p-big', { wa_id: '14155550999' })
  const sum = await feed(`${JSON.stringify(envelope('w1', value('p-big', many)))}\n${JSON.stringify(correction)}\n${JSON.stringify(msg('big-0', 'p-big', { wa_id: '14155550998' }))}`)
  expect(sum).toMatchObject({ lines: 3, accepted: 302, rejected: 0 })
  const rows = await stored('p-big')
  expect(rows).toHaveLength(300)
  expect(rows.find((r) => r[0] === 'big-299')).toEqual(['big-299', 'w1', '14155550999'])
  expect(rows.find((r) => r[0] === 'big-0')).toEqual(['big-0', 'w1', '14155550998'])
  expect(rows.find((r) => r[0] === 'big-298')).toEqual(['big-298', 'w1', '14155550111'])

  // the same with every line its own run and group: the ordinals carry over from group to group
  const many2 = Array.from({ length: 300 }, (_, i) => inbound(`bg-${i}`))
  const lines = [JSON.stringify(envelope('w1', value('p-big2', many2))), JSON.stringify(msg('bg-299', 'p-big2', { wa_id: '14155550999' }))]
  expect(await feed(lines.join('\n'), { chunkBytes: 1, groupBytes: 1 })).toMatchObject({ lines: 2, accepted: 301 })
  expect((await stored('p-big2')).find((r) => r[0] === 'bg-299')).toEqual(['bg-299', 'w1', '14155550999'])
})

it('cuts documents into runs anywhere: pretty arrays and documents sharing a line, in tiny runs (item 10)', async () => {
  const docs = [msg('run-1', 'p-run'), msg('run-2', 'p-run'), msg('run-3', 'p-run', { wa_id: '14155550222' })]
  const body = `[\n${JSON.stringify(docs[0], null, 2)},\n${JSON.stringify(docs[1])}, ${JSON.stringify(docs[2])}\n]\n`
  const sum = await ingestSource(s.db, Readable.from(body.match(/[\s\S]{1,7}/g)!.map((c) => Buffer.from(c))), 'runs', undefined, { chunkBytes: 20, groupBytes: 40 })
  expect(sum).toMatchObject({ accepted: 3, rejected: 0 })
  expect(await stored('p-run')).toEqual([['run-1', 'w1', '14155550111'], ['run-2', 'w1', '14155550111'], ['run-3', 'w1', '14155550222']])
})

it('says what is wrong: a lone \\r is a blank line, numbers beyond 64 bits, deep nesting (item 20)', async () => {
  const deep = `{"message_id":"deep","x":${'['.repeat(5000)}${']'.repeat(5000)}}`
  const sum = await feed([JSON.stringify(msg('cr-ok', 'p-cr')), '\r', '{"message_id":123456789012345678901234}', deep].join('\n'))
  expect(sum).toMatchObject({ lines: 3, blankLines: 1, accepted: 1, rejected: 2 })
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
    [3, 'invalid message_id: 123456789012345678901234 (a number beyond 64 bits cannot be read exactly: send ids as strings)'],
    [4, 'nested too deeply (more than 1024 levels)'],
  ])
})

it('ledger --waba takes a pretty-printed bare value object as a user sends it (item 11, CLI)', async () => {
  const file = join(tempDir('wacost-shapes-'), 'value.json')
  writeFileSync(file, JSON.stringify(value('p-cli', [inbound('cli-1', '919812345678')]), null, 2))
  const { stdout } = await promisify(execFile)(process.execPath, [wacostJs, 'ledger', '--input', file, '--waba', 'w-cli', '--pricing-models', new URL('./fixtures/pricing-models-cbp.csv', import.meta.url).pathname], { env: { ...process.env, CLICKHOUSE_URL: '' } })
  const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
  expect(rows.map((r) => [r.waba_id, r.phone_number_id, r.wa_id, r.category, r.opening_message_id]))
    .toEqual([['w-cli', 'p-cli', '919812345678', 'SERVICE', 'cli-1']])
}, 60_000)
