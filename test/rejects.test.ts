// Bad input never crashes a run and never vanishes. Fixture test/fixtures/bad-lines.ndjson
// mixes two valid lines (1 and 13; line 11 is blank) with one line for each kind of defect:
// not JSON, not an object, a missing field, values outside the allowed sets, a timestamp
// without a zone, milliseconds sent as seconds, an invalid status line, an unknown kind.
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ledger, openEngine, verdicts } from './support/engine.ts'
import { ingestSource, type BatchSummary } from '../ingest/pipeline.ts'
import { rows, text } from '../core/db/sql.ts'
import { listMigrations, migrate } from '../core/db/migrate.ts'
import { describeBatch, listRejected, type RejectedLine } from '../ingest/report.ts'
import type { Session } from '../core/session.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const fixture = new URL('./fixtures/bad-lines.ndjson', import.meta.url).pathname
// line 2, `this is not json`: said "not valid JSON" alone (break-it trial)
const TEXT = 'not valid JSON: the line is text, not JSON (it starts with `this`; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them)'

it('reports every bad line with its reason, keeps it, and still ingests the valid lines', async () => {
  const summary = await ingestSource(s.db, createReadStream(fixture), 'bad-lines.ndjson')
  expect(summary).toMatchObject({ lines: 14, accepted: 2, rejected: 12 })
  // every line of the file is accounted for: 14 with a record and the blank line 11
  expect(summary.blankLines).toBe(1)
  expect(describeBatch(summary).split('\n')[0])
    .toBe(`bad-lines.ndjson: 14 lines and 1 blank line (skipped), 2 records accepted (all new), 12 lines rejected (batch ${summary.batch})`)

  const kept = (await text(s.db, 'queries/rejected', { batch: summary.batch }, 'JSONEachRow'))
    .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string; source: string })
  expect(kept.map((r) => [Number(r.line_no), r.reason])).toEqual([
    [2, TEXT],
    [3, 'not a JSON object'],
    [4, 'missing required field: wa_id'],
    [5, 'invalid direction: sideways (expected inbound or outbound)'],
    [6, 'invalid template_category: PROMO (expected MARKETING, UTILITY or AUTHENTICATION)'],
    [7, 'invalid timestamp: 2025-12-01 10:00:00 (expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099)'],
    // milliseconds said as such (break-it trial: "expected … Unix seconds" alone left the user guessing)
    [8, 'invalid timestamp: 1764583200000 (expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099; this looks like milliseconds: divide by 1000)'],
    [9, 'invalid status: bounced (expected sent, delivered, read or failed)'],
    [10, 'unknown kind: receipt (expected message or status)'],
    [12, 'invalid wa_id: +1 415 555 (expected digits only)'],
    [14, 'invalid entry_point: banner (expected ctwa or page_cta)'],
    [15, 'invalid country: USA (expected an ISO 3166 alpha-2 code)'],
  ])
  expect(kept[0]).toMatchObject({ raw: 'this is not json', source: 'bad-lines.ndjson' })
  expect(summary.rejections.find((r) => r.reason === TEXT)).toEqual({ reason: TEXT, lines: 1, first_line: 2 })

  // the valid lines landed: a service conversation and a utility one (delivered 10:00:01 UTC)
  const rows = await ledger(s, 'p-bad')
  expect(rows.map((r) => [r.category, r.opened_at, r.opening_message_id])).toEqual([
    ['SERVICE', '2025-12-01T10:00:00.000Z', 'ok-1'],
    ['UTILITY', '2025-12-01T10:00:01.000Z', 'ok-12'],
  ])
  expect([...(await verdicts(s, ['ok-1', 'ok-12'])).keys()]).toEqual(['ok-1', 'ok-12'])
})


/** Ingests `lines` as NDJSON: its summary, and its rejected lines as [line number, reason]. */
async function ingestRejecting(lines: unknown[], source: string): Promise<{ summary: BatchSummary; rejected: Array<[number, string]> }> {
  const summary = await ingestSource(s.db, Readable.from([Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'))]), source)
  const kept = (await text(s.db, 'queries/rejected', { batch: summary.batch }, 'JSONEachRow'))
    .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string })
  return { summary, rejected: kept.map((r) => [Number(r.line_no), r.reason]) }
}

it('rejects an entry point on an outbound message and a country code that names no country (interfaces.md §1)', async () => {
  const k = { waba_id: 'w-rej2', phone_number_id: 'p-rej2', wa_id: '14155550199' }
  const at = '2025-12-01T10:00:00Z'
  const lines = [
    { message_id: 'rej2-1', timestamp: at, ...k, direction: 'outbound', template_category: 'MARKETING', entry_point: 'ctwa', ad_id: 'ad-1' },
    { message_id: 'rej2-2', timestamp: at, ...k, direction: 'outbound', entry_point: null },
    { message_id: 'rej2-3', timestamp: at, ...k, direction: 'inbound', country: 'XX' },
    { message_id: 'rej2-4', timestamp: at, ...k, direction: 'inbound', country: 'aa' },
    { message_id: 'rej2-5', timestamp: at, ...k, direction: 'inbound', country: 'gb', entry_point: 'ctwa', ad_id: 'ad-2' },
  ]
  const { summary, rejected } = await ingestRejecting(lines, 'rej2.ndjson')
  expect(summary).toMatchObject({ lines: 5, accepted: 2, rejected: 3 })
  expect(rejected).toEqual([
    [1, 'invalid entry_point: ctwa on an outbound message (entry points are inbound only; absent or null otherwise)'],
    [3, 'invalid country: XX (not an ISO 3166 alpha-2 country code)'],
    [4, 'invalid country: aa (not an ISO 3166 alpha-2 country code)'],
  ])
  // the accepted lines: a null entry point on an outbound reply (which answers the ad's message: a
  // free entry point); a real code in any case, as the upper-case code
  expect([...(await verdicts(s, ['rej2-1', 'rej2-2', 'rej2-5'])).keys()].sort()).toEqual(['rej2-2', 'rej2-5'])
  expect((await ledger(s, 'p-rej2')).map((r) => [r.category, r.country, r.opening_message_id])).toEqual([['FREE_ENTRY_POINT', 'GB', 'rej2-5']])
})

// Break-it trial: an ad_id given as a JSON object was stored as its text, without a word; it is
// refused as an id of another type is, on a log line and in a webhook's referral.source_id.
it('refuses an ad_id that is not a string or a whole number, as it refuses such ids', async () => {
  const k = { timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-ad', phone_number_id: 'p-ad', wa_id: '14155550199', direction: 'inbound', entry_point: 'ctwa' }
  const lines = [
    { message_id: 'ad-1', ...k, ad_id: { id: '120226' } },
    { message_id: 'ad-2', ...k, ad_id: ['a', 'b'] },
    { message_id: 'ad-3', ...k, ad_id: true },
    { message_id: 'ad-4', ...k, ad_id: 120226 },
    { message_id: 'ad-5', ...k, ad_id: '{not an object}' },
    { object: 'whatsapp_business_account', entry: [{ id: 'w-ad', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { phone_number_id: 'p-ad' },
      messages: [{ from: '14155550199', id: 'ad-6', timestamp: '1764583200', type: 'text', referral: { source_type: 'ad', source_id: { id: 1 } } }] } }] }] },
  ]
  const { summary, rejected } = await ingestRejecting(lines, 'ad.ndjson')
  expect(summary).toMatchObject({ lines: 6, accepted: 2, rejected: 4 })
  expect(rejected).toEqual([
    [1, 'invalid ad_id: {"id":"120226"} (expected a string or a whole number)'],
    [2, 'invalid ad_id: ["a","b"] (expected a string or a whole number)'],
    [3, 'invalid ad_id: true (expected a string or a whole number)'],
    [6, 'invalid messages[].referral.source_id: {"id":1} (expected a string or a whole number)'],
  ])
  expect(await rows<{ message_id: string; ad_id: string }>(s.db, 'api/customer_messages',
    { key_phones: ['p-ad'], key_wa_ids: ['14155550199'], wabas: [], from: '2025-12-01', to: '2025-12-31', message: '' }))
    .toMatchObject([{ message_id: 'ad-4', ad_id: '120226' }, { message_id: 'ad-5', ad_id: '{not an object}' }])
})

/** Ingests `lines` as one log named `name`, checks that every line was rejected, and returns each one's number and reason. */
async function reasonsOf(name: string, lines: string[]): Promise<[number, string][]> {
  const summary = await ingestSource(s.db, Readable.from([Buffer.from(lines.join('\n'))]), name)
  expect(summary).toMatchObject({ lines: lines.length, accepted: 0, rejected: lines.length })
  const kept = (await text(s.db, 'queries/rejected', { batch: summary.batch }, 'JSONEachRow'))
    .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string })
  return kept.map((r) => [Number(r.line_no), r.reason])
}

// Break-it trial: `"message_id":""` was "missing required field" (it is there, empty), and a
// number beyond 64 bits in any field "number too large for an id". interfaces.md §1 rejects a
// line that "lacks a required field"; absent and null stay "missing", "" says empty, the same for
// every required field (a status line's status and timestamp too).
it('says a required field given as "" is empty, and names the field of a number beyond 64 bits', async () => {
  const k = { message_id: 'req-1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-req', phone_number_id: 'p-req', wa_id: '14155550199', direction: 'inbound' }
  const empty = (field: string) => JSON.stringify({ ...k, [field]: '' })
  const big = '123456789012345678901234567890'
  const lines = [
    ...Object.keys(k).map(empty),
    JSON.stringify({ kind: 'status', message_id: 'req-1', status: '', timestamp: '2025-12-01T10:00:00Z' }),
    JSON.stringify({ kind: 'status', message_id: 'req-1', status: 'read', timestamp: '' }),
    JSON.stringify({ ...k, message_id: null }),
    JSON.stringify(k).replace('"wa_id":"14155550199"', `"wa_id":${big}`),
    JSON.stringify(k).replace('"timestamp":"2025-12-01T10:00:00Z"', `"timestamp":${big}`),
    JSON.stringify({ ...k, cost: 0 }).replace('"cost":0', '"cost":1e400'),
    JSON.stringify(k).replace('"inbound"', `"inbound","notes":"${big}","n":[${big}]`),
  ]
  expect(lines).toHaveLength(13)
  expect(await reasonsOf('required.ndjson', lines)).toEqual([
    [1, 'empty required field: message_id (given as "")'],
    [2, 'empty required field: timestamp (given as "")'],
    [3, 'empty required field: waba_id (given as "")'],
    [4, 'empty required field: phone_number_id (given as "")'],
    [5, 'empty required field: wa_id (given as "")'],
    [6, 'empty required field: direction (given as "")'],
    [7, 'empty required field: status (given as "")'],
    [8, 'empty required field: timestamp (given as "")'],
    [9, 'missing required field: message_id'],
    [10, `invalid wa_id: ${big} (a number beyond 64 bits cannot be read exactly: send ids as strings)`],
    [11, `invalid timestamp: ${big} (a number beyond 64 bits; expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099)`],
    [12, 'invalid cost: 1e400 (a number beyond 64 bits cannot be read, even in a field the log format does not use: send it as a string, or leave the field out)'],
    [13, `invalid n: ${big} (a number beyond 64 bits cannot be read, even in a field the log format does not use: send it as a string, or leave the field out)`],
  ])
})

// Break-it trial: "invalid wa_id:  14155550134" showed a blank at the value's start only as a
// double space; a value with a blank at an end is quoted and said so (one inside stays as it was)
it('quotes a rejected value with a blank at its start or end and says where the blank is', async () => {
  const k = { message_id: 'edge-1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-edge', phone_number_id: 'p-edge', wa_id: '14155550134', direction: 'inbound' }
  const status = { kind: 'status', message_id: 'edge-1', status: 'read', timestamp: '2025-12-01T10:00:00Z' }
  const time = '(expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099)'
  expect(await reasonsOf('edges.ndjson', [
    JSON.stringify({ ...k, wa_id: ' 14155550134' }),
    JSON.stringify({ ...k, timestamp: ' 1756807200' }),
    JSON.stringify({ ...k, timestamp: '2025-12-01T10:00:00Z\t' }),
    JSON.stringify({ ...k, direction: 'inbound ' }),
    JSON.stringify({ ...k, country: ' US' }),
    JSON.stringify({ ...status, status: ' read' }),
    JSON.stringify({ ...k, status: 'read', status_timestamp: '1756807200 ' }),
    JSON.stringify({ ...k, wa_id: '1415 555' }),
  ])).toEqual([
    [1, 'invalid wa_id: " 14155550134" (it starts with a blank; expected digits only)'],
    [2, `invalid timestamp: " 1756807200" (it starts with a blank; ${time.slice(1)}`],
    [3, `invalid timestamp: "2025-12-01T10:00:00Z\\t" (it ends with a blank; ${time.slice(1)}`],
    [4, 'invalid direction: "inbound " (it ends with a blank; expected inbound or outbound)'],
    [5, 'invalid country: " US" (it starts with a blank; expected an ISO 3166 alpha-2 code)'],
    [6, 'invalid status: " read" (it starts with a blank; expected sent, delivered, read or failed)'],
    [7, `invalid status_timestamp: "1756807200 " (it ends with a blank; ${time.slice(1)}`],
    [8, 'invalid wa_id: 1415 555 (expected digits only)'],
  ])
})

// Break-it trial: a line without timestamp and direction was rejected for "missing required
// field: timestamp" alone; fixed, the direction was then refused. Every required field of the
// record's kind it lacks is named, the missing ones, then those given as "".
it('names every required field a rejected line lacks, not only the first', async () => {
  const k = { message_id: 'two-1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-two', phone_number_id: 'p-two', wa_id: '14155550199', direction: 'inbound' }
  const without = (...fields: string[]) => JSON.stringify(Object.fromEntries(Object.entries(k).filter(([f]) => !fields.includes(f))))
  const lines = [
    without('timestamp', 'direction'),
    without('message_id', 'wa_id', 'phone_number_id'),
    JSON.stringify({ ...k, timestamp: null, wa_id: '', direction: '' }),
    JSON.stringify({ kind: 'status', message_id: 'two-1' }),
    without('wa_id'),
  ]
  expect(await reasonsOf('two-missing.ndjson', lines)).toEqual([
    [1, 'missing required fields: timestamp, direction'],
    [2, 'missing required fields: message_id, phone_number_id, wa_id'],
    [3, 'missing required field: timestamp; empty required fields: wa_id, direction (each given as "")'],
    [4, 'missing required fields: status, timestamp'],
    [5, 'missing required field: wa_id'],
  ])
})

it('keeps each record of one line rejected for the same reason, in either order and after a merge (migrations 615–619)', async () => {
  // rejected_lines was sorted by (batch, line, reason) only, and each record of an expanded line is
  // kept as its own text: of two statuses of one envelope with the same defect, one was lost (the
  // summary counted 2, `wacost rejected` listed 1: the one written last)
  const envelope = (ids: string[]) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w-rej3', changes: [{ field: 'messages',
    value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'p-rej3' },
      statuses: ids.map((id) => ({ id, status: 'delivered', timestamp: '1764583200', pricing: { billable: 'yes', category: 'utility' } })) } }] }] })
  const listed = async (body: string) => {
    const summary = await ingestSource(s.db, Readable.from([Buffer.from(body)]), 'rej3.json')
    await s.db.client.command({ query: 'OPTIMIZE TABLE rejected_lines FINAL' })
    const kept = (await text(s.db, 'queries/rejected', { batch: summary.batch }, 'JSONEachRow'))
      .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string })
    // each kept as the status object Meta sent (its id is `id`)
    return { rejected: summary.rejected, kept: kept.map((r) => [Number(r.line_no), r.reason, (JSON.parse(r.raw) as { id: string }).id]) }
  }
  const reason = 'invalid statuses[].pricing.billable: yes (expected true or false)'
  // in their order in the line (migration 639 keys each record by its place)
  expect(await listed(envelope(['rej3-a', 'rej3-b']))).toEqual({ rejected: 2, kept: [[1, reason, 'rej3-a'], [1, reason, 'rej3-b']] })
  expect(await listed(envelope(['rej3-b', 'rej3-a']))).toEqual({ rejected: 2, kept: [[1, reason, 'rej3-b'], [1, reason, 'rej3-a']] })
})

it('keeps two identical records of one line rejected for the same reason, as the summary counts them (migrations 639–643)', async () => {
  // rejected_lines was sorted by (batch, line, reason, text): the same bad status twice in one
  // envelope, or the same bad document twice in one JSON array, was one row: the summary counted
  // 2, `wacost rejected` and GET /api/rejected listed 1
  const bad = { id: 'rej4-a', status: 'delivered', timestamp: '1764583200', pricing: { billable: 'yes', category: 'utility' } }
  const envelope = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w-rej4', changes: [{ field: 'messages',
    value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'p-rej4' }, statuses: [bad, bad] } }] }] })
  const doc = { message_id: 'rej4-b', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-rej4', phone_number_id: 'p-rej4', wa_id: '14155550100', direction: 'sideways' }
  const array = JSON.stringify([doc, doc])
  const summary = await ingestSource(s.db, Readable.from([Buffer.from(`${envelope}\n${array}\n`)]), 'rej4.json')
  await s.db.client.command({ query: 'OPTIMIZE TABLE rejected_lines FINAL' })
  const kept = (await text(s.db, 'queries/rejected', { batch: summary.batch }, 'JSONEachRow'))
    .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string })
  const billable = 'invalid statuses[].pricing.billable: yes (expected true or false)'
  const direction = 'invalid direction: sideways (expected inbound or outbound)'
  expect(summary.rejected).toBe(4)
  expect(kept.map((r) => [Number(r.line_no), r.reason])).toEqual([[1, billable], [1, billable], [2, direction], [2, direction]])
  const first = await rows<{ line_no: string; total: string }>(s.db, 'queries/rejected_first', { batch: summary.batch, limit: 10 })
  expect(first.map((r) => [Number(r.line_no), Number(r.total)])).toEqual([[1, 4], [1, 4], [2, 4], [2, 4]])
})

// A terminal escape sequence in a rejected value cleared the screen and recoloured the report
// that said it was rejected (break-it trial): the report writes control characters as escapes.
it('writes the control characters of a rejected value and of the source as escapes, never raw', async () => {
  const line = '{"message_id":"esc-1","timestamp":"2025-12-01T10:00:00Z","waba_id":"w","phone_number_id":"p","wa_id":"1\\u001b[2J\\u001b[31mOWNED","direction":"inbound"}'
  const summary = await ingestSource(s.db, Readable.from([Buffer.from(`${line}\n`)]), 'tty\u001b[31m.ndjson')
  expect(summary).toMatchObject({ rejected: 1 })
  const kept = await rows<RejectedLine>(s.db, 'queries/rejected', { batch: summary.batch })
  const shown = [describeBatch(summary), ...listRejected(kept)].join('\n')
  expect(shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
  expect(shown).toContain('tty\\u001b[31m.ndjson: 1 line, 0 records accepted')
  expect(shown).toContain('invalid wa_id: 1\\u001b[2J\\u001b[31mOWNED')
  // kept as given: only the report escapes it
  expect(kept[0]!.reason).toContain('\u001b[2J')
})

it('keeps every rejected line of a database stored before migration 615 (and 639)', async () => {
  const all = async () => (await s.db.client.query({ query: 'SELECT * EXCEPT rec_no FROM rejected_lines ORDER BY ALL', format: 'JSONEachRow' })).json()
  // the table as migration 008 made it, with rows of two batches (ingested as today, then copied into it)
  await ingestSource(s.db, createReadStream(fixture), 'bad-lines.ndjson')
  await ingestSource(s.db, Readable.from([Buffer.from('not json either\n{}')]), 'more.ndjson')
  await s.db.client.command({ query: 'RENAME TABLE rejected_lines TO rejected_lines_today' })
  await s.db.client.command({ query: listMigrations().find((m) => m.name.startsWith('008_'))!.sql })
  await s.db.client.command({ query: 'INSERT INTO rejected_lines SELECT batch_id, source, line_no, raw, reason, rejected_at FROM rejected_lines_today' })
  await s.db.client.command({ query: 'DROP TABLE rejected_lines_today SYNC' })
  const before = (await (await s.db.client.query({ query: 'SELECT * FROM rejected_lines ORDER BY ALL', format: 'JSONEachRow' })).json())
  expect(before.length).toBeGreaterThanOrEqual(14)
  const names = listMigrations().map((m) => m.name).filter((n) => /^(61[5-9]|639|64[0-3])_/.test(n))
  await s.db.client.command({ query: 'DELETE FROM schema_migrations WHERE name IN {names:Array(String)}', query_params: { names } })
  // applied, and none of them calls for a rebuild (`-- derived data: unchanged`: nothing derived reads this table)
  expect(await migrate(s.db)).toEqual([])
  expect((await (await s.db.client.query({ query: 'SELECT name FROM schema_migrations WHERE name IN {n:Array(String)} ORDER BY name', query_params: { n: names }, format: 'JSONEachRow' })).json<{ name: string }>()).map((r) => r.name)).toEqual(names)
  expect(await all()).toEqual(before)
  const rs = await s.db.client.query({ query: "SELECT sorting_key FROM system.tables WHERE database = currentDatabase() AND name = 'rejected_lines'", format: 'JSONEachRow' })
  expect(await rs.json()).toEqual([{ sorting_key: 'batch_id, line_no, rec_no, reason, raw' }])
})
