// Bad input of the last break-it trial: an array inside the array of documents, stray commas and
// brackets, a body said to be gzip that is not, numbers written 1e2, NUL in a record. Each is kept
// with a reason in words (with where it is), no record that is fine is lost unsaid, a line counts
// once, and the same input reads the same as an NDJSON line, a one-line array or a pretty array.
import { Readable } from 'node:stream'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { ingestSource, type BatchSummary } from '../ingest/pipeline.ts'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { openEngine, type Session } from './support/engine.ts'
import { text } from '../core/db/sql.ts'
import { tempDir } from './support/temp.ts'
import { wacost } from './support/cli.ts'
import { loadEnv } from '../core/config.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `body` read in pieces of `piece` bytes (whole by default), as a file or request arrives. */
const feed = (body: string | Buffer, piece = Infinity): Promise<BatchSummary> => {
  const bytes = Buffer.from(body)
  const pieces: Buffer[] = []
  for (let i = 0; i < bytes.length; i += Math.min(piece, bytes.length)) pieces.push(bytes.subarray(i, i + piece))
  return ingestSource(s.db, Readable.from(pieces), 'defects')
}
const counts = (b: BatchSummary) => ({ lines: b.lines, accepted: b.accepted, rejected: b.rejected })

const msg = (id: string, phone: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w1', phone_number_id: phone, wa_id: '14155550111', direction: 'inbound', ...extra,
})

/** The batch's rejected lines: [line, reason, raw]. */
async function rejected(batch: number): Promise<Array<[number, string, string]>> {
  const out = await text(s.db, 'queries/rejected', { batch }, 'JSONEachRow')
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string })
    .map((r) => [Number(r.line_no), r.reason, r.raw])
}

/** Message ids stored for a phone number. */
async function stored(phone: string): Promise<string[]> {
  const rs = await s.db.client.query({
    query: 'SELECT message_id FROM messages FINAL WHERE phone_number_id = {p:String} AND deleted = 0 ORDER BY message_id', query_params: { p: phone }, format: 'JSONEachRow',
  })
  return (await rs.json<{ message_id: string }>()).map((m) => m.message_id)
}

const NESTED = 'an array inside the array of documents: each element must be one JSON object (a message or status line, or a webhook envelope); the records inside it are not read'

describe('an array inside the array of documents', () => {
  it('is one refused element, its neighbours read, on an NDJSON line, in a pretty array and on a line of a pretty array alike', async () => {
    const [a, b, c] = ['nest-a', 'nest-b', 'nest-c'].map((id) => msg(id, 'p-nest'))
    const inner = JSON.stringify([a, b])
    // one line: the whole line was refused as "not a JSON object", c with it
    const line = await feed(`[${inner},${JSON.stringify(c)}]\n`)
    expect(counts(line)).toEqual({ lines: 1, accepted: 1, rejected: 1 })
    expect(await rejected(line.batch)).toEqual([[1, NESTED, inner]])
    // pretty-printed: the inner array's elements were stored as documents, unsaid
    const pretty = await feed(JSON.stringify([[a, b], c], null, 2))
    expect(counts(pretty)).toEqual({ lines: 2, accepted: 1, rejected: 1 })
    expect((await rejected(pretty.batch)).map((r) => [r[0], r[1], JSON.parse(r[2])])).toEqual([[2, NESTED, [a, b]]])
    // sharing a line of a pretty array with the next document
    const shared = await feed(`[\n${inner}, ${JSON.stringify(c)}\n]\n`)
    // two documents, though on one line (counted as one: break-it trial)
    expect(counts(shared)).toEqual({ lines: 2, accepted: 1, rejected: 1 })
    expect(await rejected(shared.batch)).toEqual([[2, NESTED, inner]])
    expect(await stored('p-nest')).toEqual(['nest-c'])
  })
})

describe('stray commas and brackets', () => {
  it('in a pretty array: each refused alone, where it is, and every document read', async () => {
    // (columns count characters as JSON.parse does: é one, 😀 two)
    const [a, b, c] = ['comma-a', 'comma-b', 'comma-c'].map((id) => JSON.stringify(msg(id, 'p-comma', { type: 'é😀' }))) as [string, string, string]
    // [ , a,, b, ] with c after the array, after a comma that belongs to no array
    const body = `[\n  ,\n  ${a},,\n  ${b},\n],\n${c}\n`
    const left = 'it was left out and the documents around it were read'
    const reasons = [
      [2, `not valid JSON: a comma before the array's first document (line 2, column 3); ${left}`, ','],
      [3, `not valid JSON: a second comma between two documents of the array (line 3, column ${a.length + 4}); ${left}`, ','],
      [4, `not valid JSON: a comma after the array's last document (line 4, column ${b.length + 3}); ${left}`, ','],
      [5, `not valid JSON: a comma between documents that are not in an array (documents one after another take none) (line 5, column 2); ${left}`, ','],
    ]
    // whole, and in pieces of 5 bytes (a line's start let go of before its comma is said)
    for (const piece of [Infinity, 5]) {
      const sum = await feed(body, piece)
      // the 3 documents: a stray comma is none (each line of one counted as a document: break-it trial)
      expect(counts(sum)).toEqual({ lines: 3, accepted: 3, rejected: 4 })
      expect(await rejected(sum.batch)).toEqual(reasons)
    }
    expect(await stored('p-comma')).toEqual(['comma-a', 'comma-b', 'comma-c'])
  })

  it('says the column of a defect on a broken document\'s first line in the line, not from where the document starts', async () => {
    const a = JSON.stringify(msg('mid-a', 'p-mid'))
    // the defect: the comma before `}`, at index 18 of the document, which starts at column a.length + 5
    // (said in an NDJSON line's words: ingest/document-defects.ts)
    const sum = await feed(`[\n  ${a}, {"message_id": "x",}\n]\n`, 7)
    expect(counts(sum)).toEqual({ lines: 2, accepted: 1, rejected: 1 })
    expect((await rejected(sum.batch)).map((r) => r[1]))
      .toEqual([`not valid JSON: a comma before the closing \`}\` (line 2, column ${a.length + 23}; JSON allows no comma after the last element)`])
  })

  it('on an NDJSON line: the line refused whole (JSON allows none), the reason naming the comma and its column', async () => {
    const [a, b] = ['nd-comma-a', 'nd-comma-b'].map((id) => JSON.stringify(msg(id, 'p-nd-comma'))) as [string, string]
    const ok = JSON.stringify(msg('nd-comma-ok', 'p-nd-comma'))
    // (a comma or bracket inside a string never counts)
    const sum = await feed([ok, `[${a},,${b}]`, `[${a},]`, `${a},`, `{"message_id":"x",}`, '{"message_id":"x,,]"}}'].join('\n'))
    expect(counts(sum)).toEqual({ lines: 6, accepted: 1, rejected: 5 })
    expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
      [2, `not valid JSON: a comma with no value before it (column ${a.length + 3}; JSON has no empty elements)`],
      [3, `not valid JSON: a comma before the closing \`]\` (column ${a.length + 2}; JSON allows no comma after the last element)`],
      [4, `not valid JSON: \`,\` after the end of the line's JSON object (column ${a.length + 1}; a line holds one JSON value: a record, or an array of records)`],
      [5, 'not valid JSON: a comma before the closing `}` (column 18; JSON allows no comma after the last element)'],
      [6, 'not valid JSON: `}` after the end of the line\'s JSON object (column 22; a line holds one JSON value: a record, or an array of records)'],
    ])
  })

  it('an array followed by a stray ] is one line, counted once: refused whole, as on any NDJSON line, alone in a file too', async () => {
    const a = JSON.stringify(msg('bracket-a', 'p-bracket'))
    const why = `not valid JSON: \`]\` after the end of the line's JSON array (column ${a.length + 4}; a line holds one JSON value: a record, or an array of records)`
    // alone, the file was read as JSON documents: its record stored and the `]` refused, one line counted both ways
    const alone = await feed(`[${a}] ]\n`)
    expect(counts(alone)).toEqual({ lines: 1, accepted: 0, rejected: 1 })
    expect(await rejected(alone.batch)).toEqual([[1, why, `[${a}] ]`]])
    const second = await feed(`${JSON.stringify(msg('bracket-ok', 'p-bracket'))}\n[${a}] ]\n`)
    expect(counts(second)).toEqual({ lines: 2, accepted: 1, rejected: 1 })
    expect((await rejected(second.batch)).map((r) => [r[0], r[1]])).toEqual([[2, why]])
    // in a pretty array, a `]` on a line of its own: that line refused, the documents read
    const pretty = await feed(`${JSON.stringify([msg('bracket-p', 'p-bracket')], null, 2)} ]\n`)
    // one document: the `]` is none
    expect(counts(pretty)).toEqual({ lines: 1, accepted: 1, rejected: 1 })
    expect((await rejected(pretty.batch)).map((r) => [r[0], r[1], r[2]])).toEqual([
      [10, 'not valid JSON: a `]` that closes no array (line 10, column 3); it was left out and the documents around it were read', ']'],
    ])
    expect(await stored('p-bracket')).toEqual(['bracket-ok', 'bracket-p'])
  })
})

// break-it trial: a Python dict's text, JavaScript's keys, a line cut short said "not valid JSON" alone
describe('the defects of hand-made or cut lines', () => {
  it('names a single quote or a key without quotes with its column, a bare word, a line cut short; a trailing comma as before', async () => {
    const good = JSON.stringify(msg('hand-ok', 'p-hand'))
    const lines = [
      `{'message_id': 'hand-1', 'direction': 'inbound'}`, good.replace('"message_id"', 'message_id'), good.replace('"inbound"', 'True'),
      good.slice(0, 40), good.slice(0, -1), good.replace('}', ',}'), '{"note": "it\'s", "a": 1 "b": 2}', 'hello',
    ]
    const sum = await feed(`${[good, ...lines].join('\n')}\n`)
    expect(counts(sum)).toEqual({ lines: 9, accepted: 1, rejected: 8 })
    expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
      [2, 'not valid JSON: a single quote (column 2; JSON writes strings and keys in double quotes: "…")'],
      [3, 'not valid JSON: the key message_id without double quotes (column 2; JSON writes keys as strings: "message_id")'],
      [4, 'not valid JSON: True is no JSON value (JSON has true, false and null, in lower case, numbers, and text in double quotes)'],
      [5, 'not valid JSON: the line ends inside a string (cut short?)'],
      [6, 'not valid JSON: the line ends with 1 bracket still open (cut short?)'],
      [7, `not valid JSON: a comma before the closing \`}\` (column ${good.length}; JSON allows no comma after the last element)`],
      // a quote inside a string is no defect; a missing comma is not named (yet)
      [8, 'not valid JSON'],
      [9, 'not valid JSON: the line is text, not JSON (it starts with `hello`; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them)'],
    ])
    expect(await stored('p-hand')).toEqual(['hand-ok'])
  })

  // A file whose first line is cut and whose second is bad too was read as one pretty-printed
  // document: line 1 told "Expected ',' or '}' after property value (line 2, column 1)", the
  // parser's words, and a line of three documents after them counted 5 records rejected in 3
  // lines (fresh-user trial). A second line that starts an object where the first line's cannot
  // take one is a line of its own: each line said in plain words, as when a good line follows.
  it('reads a cut first line followed by a bad one as lines, each refused in plain words', async () => {
    const cut = '{"message_id":"x1","timestamp":"2025-01-01T00:00:00Z"'
    for (const [body, n] of [[`${cut}\n{bad json}\n`, 2], [`${cut}\n{bad json}\n{"a":1}{"b":2}{"c":3}\n`, 3]] as const) {
      const sum = await feed(body)
      expect(counts(sum)).toEqual({ lines: n, accepted: 0, rejected: n })
      expect((await rejected(sum.batch)).map((r) => [r[0], r[1]]).slice(0, 2)).toEqual([
        [1, 'not valid JSON: the line ends with 1 bracket still open (cut short?)'],
        [2, 'not valid JSON'],
      ])
    }
    // a pretty array's next element, or a key's value, on the next line is still one document
    const pretty = await feed(`[${JSON.stringify(msg('cut-ok-1', 'p-cut'))},\n${JSON.stringify(msg('cut-ok-2', 'p-cut'))}]\n`)
    expect(counts(pretty)).toEqual({ lines: 2, accepted: 2, rejected: 0 })
  })
})

describe('a NUL in a record', () => {
  /** Stored messages of a phone number: id, WABA, customer, type; the id's bytes in hex. */
  async function kept(phone: string): Promise<string[][]> {
    const rs = await s.db.client.query({
      query: 'SELECT hex(message_id) AS id, waba_id, wa_id, msg_type FROM messages FINAL WHERE phone_number_id = {p:String} AND deleted = 0 ORDER BY message_id',
      query_params: { p: phone }, format: 'JSONEachRow',
    })
    return (await rs.json<{ id: string; waba_id: string; wa_id: string; msg_type: string }>()).map((m) => [m.id, m.waba_id, m.wa_id, m.msg_type])
  }
  const hex = (t: string) => Buffer.from(t).toString('hex').toUpperCase()

  // A webhook record is followed by a NUL and the object it was read from (10_parse splits them
  // at the first NUL): the engine writes a NUL inside a value escaped, so none can shift a field
  it('written \\u0000, is kept exactly: on a line, in a one-line array, in a webhook delivery, in a pretty document', async () => {
    const delivery = { object: 'whatsapp_business_account', entry: [{ id: 'w-nul', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: 'p-nul-hook' },
      messages: [{ from: '14155550111', id: 'hook\u0000id', timestamp: '1764583200', type: 'te\u0000xt', text: { body: 'a\u0000b' } }] } }] }] }
    const sum = await feed([JSON.stringify(msg('line\u0000id', 'p-nul')), JSON.stringify([msg('arr\u0000id', 'p-nul'), msg('arr-ok', 'p-nul')]),
      JSON.stringify(delivery)].join('\n'))
    expect(counts(sum)).toEqual({ lines: 3, accepted: 4, rejected: 0 })
    expect(await kept('p-nul')).toEqual([[hex('arr\u0000id'), 'w1', '14155550111', ''], [hex('arr-ok'), 'w1', '14155550111', ''], [hex('line\u0000id'), 'w1', '14155550111', '']])
    expect(await kept('p-nul-hook')).toEqual([[hex('hook\u0000id'), 'w-nul', '14155550111', 'te\u0000xt']])
    const pretty = await feed(JSON.stringify([msg('doc\u0000id', 'p-nul-doc')], null, 2))
    expect(counts(pretty)).toEqual({ lines: 1, accepted: 1, rejected: 0 })
    expect(await kept('p-nul-doc')).toEqual([[hex('doc\u0000id'), 'w1', '14155550111', '']])
  })

  it('written raw (a 0 byte), is refused with where it is, the reason showing it escaped', async () => {
    const ok = JSON.stringify(msg('raw-ok', 'p-nul-raw'))
    const sum = await feed(`${ok}\n${ok.replace('raw-ok', 'raw\u0000in')}\n${ok}\u0000\n`)
    expect(counts(sum)).toEqual({ lines: 3, accepted: 1, rejected: 2 })
    expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
      [2, 'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000)'],
      [3, `not valid JSON: \`\\u0000\` after the end of the line's JSON object (column ${ok.length + 1}; a line holds one JSON value: a record, or an array of records)`],
    ])
    // in JSON documents: inside a string, and between two documents
    const doc = JSON.stringify(msg('raw-doc', 'p-nul-raw'), null, 2)
    const docs = await feed(`${doc.replace('"raw-doc"', '"raw\u0000doc"')}\n\u0000${doc}\n`)
    // (the NUL before the second document took it into its refusal)
    expect(counts(docs)).toEqual({ lines: 2, accepted: 1, rejected: 2 })
    expect(await rejected(docs.batch)).toEqual([
      [1, 'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000) (line 2, column 21)',
        doc.replace('"raw-doc"', '"raw\u0000doc"')],
      [9, 'not valid JSON: a control character (\\u0000) outside any document (line 9, column 1); it was left out and the documents around it were read', '\u0000'],
    ])
    expect(await stored('p-nul-raw')).toEqual(['raw-doc', 'raw-ok'])
  })
})

describe('the API', () => {
  const key = 'defects-ingest-key-0123456'
  let app: FastifyInstance
  beforeAll(async () => { app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource }) })
  afterAll(async () => { await app.close() })
  const headers = { authorization: `Bearer ${key}` }

  it('says a body that is not gzip although its Content-Encoding says gzip is not gzip, in those words', async () => {
    const body = `${JSON.stringify(msg('gz-plain', 'p-gz-plain'))}\n`
    const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { ...headers, 'content-encoding': 'gzip' } })
    expect(res.statusCode).toBe(400)
    const { error, batch, stored_lines: lines } = res.json() as { error: { code: string; message: string }; batch: number; stored_lines: number }
    expect([error.code, lines]).toEqual(['BAD_REQUEST', 0])
    expect(error.message).toBe('The body is not gzip data, although its Content-Encoding says gzip: gzip data starts with the bytes 1f 8b, '
      + 'this body with "{\\"message_id\\":\\"g…". Send it compressed with gzip, or as it is without the Content-Encoding header. '
      + `Lines are stored a group (~64 MB) at a time and none was read whole before the cut: nothing was stored; batch ${batch} is marked interrupted, with no lines.`)
    // bytes that are not text are shown as bytes
    const binary = await app.inject({ method: 'POST', url: '/api/ingest', payload: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 1]), headers: { ...headers, 'content-encoding': 'gzip' } })
    expect(binary.json().error.message).toContain('this body with the bytes 28 b5 2f fd 00 01. Send it compressed with gzip')
    expect(await stored('p-gz-plain')).toEqual([])
  })

  it('takes a whole number in a query string written in digits only, and says so', async () => {
    const get = (url: string) => app.inject({ url, headers })
    for (const [url, param, value] of [['/api/rejected?batch=1e2', 'batch', '1e2'], ['/api/rejected?batch=0x10', 'batch', '0x10'], ['/api/rejected?batch=2.0', 'batch', '2.0'],
      ['/api/rejected?batch=%202', 'batch', ' 2'], ['/api/rejected?batch=1&limit=1e3', 'limit', '1e3'], ['/api/reconcile?latest=1e1', 'latest', '1e1']] as const) {
      const res = await get(url)
      expect([url, res.statusCode, res.json().error.code, res.json().error.param]).toEqual([url, 400, 'BAD_PARAMETER', param])
      expect(res.json().error.message).toMatch(new RegExp(`^${param}: ${JSON.stringify(value).replace(/[.]/g, '\\.')} is not a whole number written in digits \\(expected: .*\\); a number in another form \\(1e2, 0x10, 2\\.0, \\+5\\) is not read\\.$`))
    }
    // digits are read as before
    const posted = await app.inject({ method: 'POST', url: '/api/ingest', payload: 'not json\n', headers })
    const batch = (posted.json() as { batch: number }).batch
    const listed = await get(`/api/rejected?batch=${batch}&limit=10&format=json`)
    expect([listed.statusCode, (listed.json() as unknown[]).length]).toEqual([200, 1])
  })
})

it('wacost ingest of an array followed by a stray ]: the line rejected with where the ] is, exit 4 as the README says', async () => {
  const dir = tempDir('wacost-defects-')
  const a = JSON.stringify(msg('cli-bracket', 'p-cli-bracket'))
  const file = join(dir, 'bracket.json')
  writeFileSync(file, `[${a}] ]\n`)
  const run = await wacost(['ingest', '--db', join(dir, 'db'), '--no-progress', file])
  expect(run.code).toBe(4)
  expect(run.stderr).toContain(`${file}: 1 line, 0 records accepted, 1 line rejected (batch 1)`)
  expect(run.stderr).toContain(`not valid JSON: \`]\` after the end of the line's JSON array (column ${a.length + 4}; a line holds one JSON value: a record, or an array of records) (first at line 1)`)
  expect(run.stderr).toContain('wacost: nothing to derive: the one input line was rejected (reason above)')
}, 100_000)

it('takes a number in an environment variable written in digits only (PORT=1e3 listened on port 1000)', () => {
  const refused = (v: string) => `invalid environment: PORT="${v}" (expected a whole number written in digits; a number in another form (1e3, 0x10, 2.0, +5) is not read); fix or unset it`
  for (const v of ['1e3', '0x50', '80.0', '+80']) expect(() => loadEnv({ PORT: v })).toThrow(refused(v))
  // a blank is said as one (it read "expected a whole number written in digits": break-it trial)
  expect(() => loadEnv({ PORT: ' 80' })).toThrow('PORT=" 80" (it has a blank before the number (a space or line break copied with it?): give the number alone, 80)')
  expect(loadEnv({ PORT: '8080', WACOST_BODY_IDLE_SECONDS: '30', WACOST_WEBHOOK_KEEP_DAYS: '14' })).toMatchObject({ PORT: 8080, WACOST_BODY_IDLE_SECONDS: 30, WACOST_WEBHOOK_KEEP_DAYS: 14 })
  // other text, and a number out of range, is said as what is expected (zod's words were
  // "Invalid input: expected number, received NaN": fresh-user trial)
  for (const v of ['abc', '70000']) expect(() => loadEnv({ PORT: v })).toThrow(`PORT="${v}" (must be a port number: 1–65535, or 0 for any free port)`)
  expect(() => loadEnv({ WACOST_WRITE_NICE: 'x' })).toThrow('WACOST_WRITE_NICE="x" (expected a whole number from 0 to 19)')
})
