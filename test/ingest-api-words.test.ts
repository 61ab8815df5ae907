// What POST /api/ingest tells a person when something is off (break-it trial, fresh clone, README
// only): a body shorter than its Content-Length, which Node's parser refused first as "The request
// is not valid HTTP.", with nothing about the cut or the resend; `?waba=` empty, answered with the
// schema validator's own text; and the warnings after a batch, which pointed at `wacost statuses
// --unmatched`, a command that cannot open the database while the server holds it.
import { connect } from 'node:net'
import { Readable, Writable } from 'node:stream'
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { describeReport, type RunReport } from '../core/reports.ts'
import { rawRequest } from './support/raw-http.ts'

const key = 'words-ingest-key-0123456'
let s: Session
let app: FastifyInstance
let port: number
beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => { await app.close() })

const msg = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-words', phone_number_id: 'p-words', wa_id: '14155550111', direction: 'inbound', ...extra,
})

/** `head` and `body` on a raw connection, then our side closed (a client whose upload stopped); what the server answers. */
async function raw(head: string, body: string): Promise<{ status: number; json: { error: { code: string; message: string } } }> {
  const res = await rawRequest(port, [head + body], { end: true })
  try { return { status: res.status, json: JSON.parse(res.body) as { error: { code: string; message: string } } } } catch { throw new Error(`not JSON: ${res.headers}\r\n\r\n${res.body}`) }
}

describe('POST /api/ingest in words', () => {
  it('says a body shorter than its Content-Length ended early, to send it again whole, and that a resend is safe', async () => {
    const body = `${msg('cut-1')}\n${msg('cut-2')}\n`
    const head = ['POST /api/ingest?source=cut HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${key}`,
      'Content-Type: application/x-ndjson', `Content-Length: ${body.length + 5000}`, '', ''].join('\r\n')
    const res = await raw(head, body)
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('BAD_REQUEST')
    expect(res.json.error.message).toMatch(/^The request ended before its end: .*fewer bytes than its Content-Length/)
    expect(res.json.error.message).toContain('Send the request again whole. For POST /api/ingest, lines read before the failure may have been stored')
    expect(res.json.error.message).toContain('lines already stored are not counted twice when sent again.')
    // the whole body afterwards: the batch a resend makes
    const again = await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { authorization: `Bearer ${key}` } })
    expect(again.json()).toMatchObject({ lines: 2, accepted: 2, rejected: 0 })
  })

  // break-it trial: a body sent whole whose client then went away (curl killed, a proxy's timeout)
  // while its batch waited its turn behind another was dropped: "The body ended before its end
  // (aborted) … nothing was stored". The server finishes it, as one whose client goes once it started.
  it('finishes a batch whose whole body came, though its client went away while it waited its turn', async () => {
    let release!: () => void
    const held = s.exclusive(() => new Promise<void>((resolve) => { release = resolve }))
    await expect.poll(() => typeof release, { timeout: 20_000 }).toBe('function')
    const stored = async (prefix: string) => Number((await (await s.db.client.query({
      query: 'SELECT count() AS n FROM messages FINAL WHERE startsWith(message_id, {prefix:String})',
      query_params: { prefix }, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n)
    // our side closed after the body (FIN: a client that hung up), and the socket destroyed (a client killed)
    for (const how of ['end', 'destroy'] as const) {
      const body = `${msg(`gone-${how}-1`)}\n${msg(`gone-${how}-2`)}\n`
      const head = [`POST /api/ingest?source=gone-${how} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${key}`,
        'Content-Type: application/x-ndjson', `Content-Length: ${body.length}`, '', ''].join('\r\n')
      const socket = connect({ port, host: '127.0.0.1' })
      socket.on('error', () => {})
      await new Promise<void>((resolve) => { socket.write(head + body, () => { resolve() }) })
      if (how === 'end') socket.end(); else socket.destroy()
    }
    // both batches wait their turn (the writer held, and one each), then a moment for the server to see their clients go
    // (500 ms from the writes alone: on a loaded machine the server may not have read the requests by then)
    await expect.poll(() => s.writers(), { timeout: 30_000 }).toBe(3)
    await new Promise((resolve) => { setTimeout(resolve, 500) })
    release()
    await held
    for (const how of ['end', 'destroy']) {
      await expect.poll(() => stored(`gone-${how}-`), { timeout: 20_000, interval: 200 }).toBe(2)
    }
  })

  // the same with the body not whole: the server's log said "The body ended before its end"
  it('says in the server\'s log of a body not whole whose client went away while its batch waited that it did, and to send it again', async () => {
    const logged: string[] = []
    const stream = new Writable({ write(chunk: Buffer, _enc, done) { logged.push(chunk.toString('utf8')); done() } })
    // a second app on the same session, with a log; closing it leaves the session to this file's app
    const server = await buildApp({ session: Object.create(s, { close: { value: async () => {} } }) as Session, keys: parseKeys(`${key}=*`), ingest: ingestSource, logger: { level: 'warn', stream } })
    await server.listen({ port: 0, host: '127.0.0.1' })
    try {
      let release!: () => void
      const held = s.exclusive(() => new Promise<void>((resolve) => { release = resolve }))
    await expect.poll(() => typeof release, { timeout: 20_000 }).toBe('function')
      const body = `${msg('half-1')}\n`
      const head = ['POST /api/ingest?source=half HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${key}`,
        'Content-Type: application/x-ndjson', `Content-Length: ${body.length + 100}`, '', ''].join('\r\n')
      const answer = rawRequest((server.server.address() as { port: number }).port, [head + body], { end: true })
      // its batch waits its turn, then a moment for the server to see its client go
      await expect.poll(() => s.writers(), { timeout: 30_000 }).toBe(2)
      await new Promise((resolve) => { setTimeout(resolve, 500) })
      release()
      await held
      expect((await answer).status).toBe(400)
      await expect.poll(() => logged.join(''), { timeout: 20_000, interval: 200 }).toContain('(half) did not finish')
      const line = JSON.parse(logged.find((l) => l.includes('(half) did not finish'))!) as { msg: string }
      expect(line.msg).toMatch(/^batch \d+ \(half\) did not finish \(0 lines stored\), marked interrupted: The client went away while this batch waited its turn behind another, before its body came whole \(aborted\): send the whole log again\. Lines are stored a group \(~64 MB\) at a time and none was read whole before the cut: nothing was stored; /)
    } finally { await server.close() }
  })

  it('answers ?waba= (empty) with a sentence in the error shape, not the validator\'s text', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest?waba=', payload: msg('w-1'), headers: { authorization: `Bearer ${key}` } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toEqual({
      code: 'BAD_PARAMETER', param: 'waba',
      message: 'waba: empty; give a value (expected: WABA id of webhook `value` objects sent without their envelope (like `wacost ingest --waba`): '
        + 'at most 64 ASCII letters, digits, "_" or "-") or leave the parameter out.',
    })
    const long = await app.inject({ method: 'POST', url: `/api/ingest?source=${'x'.repeat(201)}`, payload: msg('w-2'), headers: { authorization: `Bearer ${key}` } })
    expect(long.json().error.message).toMatch(/^source: too long, at most 200 characters \(expected: name of the batch/)
    const form = await app.inject({ method: 'POST', url: '/api/ingest?waba=a%20b', payload: msg('w-3'), headers: { authorization: `Bearer ${key}` } })
    expect(form.json().error.message).toMatch(/^waba: "a b" is not of the expected form \(expected: WABA id/)
  })

  it('names what lists unmatched statuses while the server holds the database', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` },
      payload: JSON.stringify({ kind: 'status', message_id: 'words-ghost', status: 'delivered', timestamp: '2025-12-01T10:05:00Z' }),
    })
    expect(res.statusCode).toBe(200)
    const warnings = (res.json() as { warnings: string[] }).warnings
    expect(warnings.join('\n')).toContain('have status records but no message line (first: words-ghost)')
    expect(warnings).toContain('  they count nothing until their message is ingested: `wacost statuses --unmatched` lists them once the server is stopped (it holds the database)')
  })

  // break-it trial: a plain body sent with `Content-Encoding: br` was answered "The body could not
  // be decompressed …: gzip must come whole …", naming neither the coding sent nor what to send
  it('names a Content-Encoding it cannot read and says which are accepted: 415 or 400, nothing stored', async () => {
    const body = `${msg('enc-1')}\n`
    // The batches as listed (FINAL: a count of raw rows moved with the engine's background
    // merges, and passed or failed by their timing), and whether the line was stored.
    const batches = async () => (await s.db.client.query({ query: 'SELECT toUInt32(batch_id) AS batch, toUInt32(lines) AS lines FROM ingest_batches FINAL ORDER BY batch', format: 'JSONEachRow' })).json()
    const stored = async () => (await s.db.client.query({ query: "SELECT toUInt32(count()) AS n FROM messages FINAL WHERE message_id = 'enc-1'", format: 'JSONEachRow' })).json()
    const before = await batches()
    for (const coding of ['zstd', 'compress']) {
      const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: Buffer.from(body), headers: { authorization: `Bearer ${key}`, 'content-encoding': coding } })
      expect([coding, res.statusCode, res.headers['accept-encoding']]).toEqual([coding, 415, 'gzip, deflate, br'])
      expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: `Content-Encoding: ${coding} is not accepted: send the body compressed with gzip, deflate or br `
        + '(e.g. Content-Encoding: gzip), or uncompressed without a Content-Encoding header (or with Content-Encoding: identity). '
        + 'Nothing of this request was read or stored.' } })
    }
    // refused before the body is read: no batch
    expect(await batches()).toEqual(before)
    // a body that is not the br or deflate it says: named as such, not as gzip; its batch is
    // recorded with no line (the answer names it, `wacost batches` lists it interrupted)
    const cut: { batch: number; lines: number }[] = []
    for (const coding of ['br', 'deflate']) {
      const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: Buffer.from(body), headers: { authorization: `Bearer ${key}`, 'content-encoding': coding } })
      expect([coding, res.statusCode]).toEqual([coding, 400])
      expect(res.json().error.message).toMatch(new RegExp(`^The body could not be decompressed as its Content-Encoding: ${coding} says \\(.+\\): send it whole, compressed with ${coding}, or uncompressed without a Content-Encoding header\\.`))
      expect(res.json().stored_lines).toBe(0)
      cut.push({ batch: res.json().batch, lines: 0 })
    }
    expect(await batches()).toEqual([...before, ...cut])
    expect(await stored()).toEqual([{ n: 0 }])
    // the key is checked first
    const anonymous = await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { 'content-encoding': 'br' } })
    expect(anonymous.statusCode).toBe(401)
    // gzip in any letter case, x-gzip (RFC 9110 §8.4.1), br, deflate, identity and none are read
    for (const [coding, payload] of [['gzip', gzipSync(body)], ['GZIP', gzipSync(body)], ['x-gzip', gzipSync(body)], ['br', brotliCompressSync(body)], ['deflate', deflateSync(body)], ['identity', Buffer.from(body)], [undefined, Buffer.from(body)]] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/ingest', payload, headers: { authorization: `Bearer ${key}`, ...(coding ? { 'content-encoding': coding } : {}) } })
      expect([coding, res.statusCode, res.json()]).toEqual([coding, 200, expect.objectContaining({ lines: 1, accepted: 1 })])
    }
  })

  // bytes after a gzip body's data were said in notices (test/ingest-api.test.ts); after a deflate
  // body's, zlib dropped them unsaid; after a br body's too (break-it trial)
  for (const [coding, pack, data] of [['deflate', deflateSync, 'deflate'], ['br', brotliCompressSync, 'brotli']] as const) {
    it(`reads the ${coding} data of a body with bytes after it and says in notices how many were ignored, as after gzip data`, async () => {
      const packed = pack(`${msg(`${coding}-1`)}\n${msg(`${coding}-2`)}\n`)
      const post = (payload: Buffer | Readable) => app.inject({ method: 'POST', url: '/api/ingest', payload, headers: { authorization: `Bearer ${key}`, 'content-encoding': coding } })
      const junk = await post(Buffer.concat([packed, Buffer.from('junk\x00\x01end')]))
      expect([junk.statusCode, junk.json()]).toEqual([200, expect.objectContaining({ lines: 2, accepted: 2, rejected: 0,
        notices: [`9 byte(s) that are not ${data} data came after the end of the ${data} data and were ignored; the lines of the ${data} data before them were read`] })])
      // the data ending where a piece of the body ends, the bytes after it in the next pieces
      const zeros = await post(Readable.from([packed, Buffer.alloc(300), Buffer.alloc(212)]))
      expect(zeros.json()).toMatchObject({ lines: 2, accepted: 2, notices: [`512 zero byte(s) (padding) came after the end of the ${data} data and were ignored; the lines of the ${data} data before them were read`] })
      // without bytes after it: no notice; cut short: still a 400
      expect((await post(Readable.from([packed.subarray(0, 20), packed.subarray(20)]))).json()).toMatchObject({ lines: 2, accepted: 2, notices: [] })
      const cut = await post(packed.subarray(0, packed.length - 3))
      expect([cut.statusCode, cut.json().error.message]).toEqual([400, expect.stringMatching(new RegExp(`^The body could not be decompressed as its Content-Encoding: ${coding} says \\(unexpected end of file\\)`))])
    })
  }

  // break-it trial: two zlib streams one after the other: the second's lines dropped and its bytes
  // called "not deflate data"; raw deflate answered in zlib's words only ("incorrect header check")
  it('says a second deflate stream after the first was not read, and that raw deflate is not the zlib data deflate means', async () => {
    const post = (payload: Buffer | Readable) => app.inject({ method: 'POST', url: '/api/ingest', payload, headers: { authorization: `Bearer ${key}`, 'content-encoding': 'deflate' } })
    const first = deflateSync(`${msg('two-1')}\n`)
    const second = deflateSync(`${msg('two-2')}\n`)
    const words = `a second deflate stream (${second.length} byte(s)) came after the end of the first and was not read: `
      + 'Content-Encoding: deflate is one zlib stream; the lines of the first stream were read. Send one stream, or gzip, whose members are all read'
    for (const payload of [Buffer.concat([first, second]), Readable.from([first, second.subarray(0, 1), second.subarray(1)])]) {
      const res = await post(payload)
      expect([res.statusCode, res.json()]).toEqual([200, expect.objectContaining({ lines: 1, accepted: 1, notices: [words] })])
    }
    const raw = await post(deflateRawSync(`${msg('raw-1')}\n`))
    expect([raw.statusCode, raw.json().error.message]).toEqual([400, expect.stringMatching(/^The body could not be decompressed as its Content-Encoding: deflate says \(incorrect header check: the body is not zlib-wrapped deflate data \(RFC 1950\), which Content-Encoding: deflate requires; raw deflate without the zlib header is not read\): send it whole/)])
  })

  // break-it trial: a corrupt gzip body was answered "lines read before the failure may have been
  // stored …" and, in the same message, "nothing was stored": now only what was, and what to do
  it('says of a corrupt gzip body exactly what of it was stored, once, and to send it again', async () => {
    const stored = async (prefix: string) => Number((await (await s.db.client.query({
      query: 'SELECT count() AS n FROM messages FINAL WHERE startsWith(message_id, {prefix:String}) AND deleted = 0',
      query_params: { prefix: `${prefix}-` }, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n)
    // the same ingest cut into groups of a few lines (~64 MB each otherwise), so groups are read whole before the corruption
    const small = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: (db, input, source, progress, limits) => ingestSource(db, input, source, progress, { ...limits, chunkBytes: 600, groupBytes: 600 }) })
    for (const [name, server, prefix] of [['whole groups', small, 'gzc'], ['one group', app, 'gzo']] as const) {
      const whole = gzipSync(Array.from({ length: 400 }, (_, i) => msg(`${prefix}-${i}`, { wa_id: String(14155550000 + i) })).join('\n'))
      // its checksum wrong: every line comes out, then zlib fails ("incorrect data check"); the
      // group being read then is not stored (overwritten deflate data may decode to junk lines first)
      const corrupt = Buffer.from(whole)
      corrupt[corrupt.length - 8] = corrupt[corrupt.length - 8]! ^ 0xff
      const res = await server.inject({ method: 'POST', url: '/api/ingest', payload: corrupt, headers: { authorization: `Bearer ${key}` } })
      expect([name, res.statusCode]).toEqual([name, 400])
      const { error, batch, stored_lines: lines } = res.json() as { error: { message: string }; batch: number; stored_lines: number }
      expect(await stored(prefix)).toBe(lines)
      expect(error.message).not.toContain('may have been stored')
      expect(error.message).toMatch(/^The body's gzip data is corrupt or cut short \(.+\): gzip must come whole: send the whole log again \(with or without Content-Encoding: gzip: gzip is told by its first bytes\)\. /)
      expect(error.message.endsWith(lines > 0
        ? `Lines are stored a group (~64 MB) at a time: the ${lines} line(s) of the groups read whole before the cut were stored as batch ${batch}, which is marked interrupted. Lines already stored are not counted twice when sent again.`
        : `Lines are stored a group (~64 MB) at a time and none was read whole before the cut: nothing was stored; batch ${batch} is marked interrupted, with no lines.`), error.message).toBe(true)
      expect([name, lines > 0]).toEqual([name, server === small])
    }
    // (not closed: closing an app closes its session, this file's engine)
  })

  // the API twin of `wacost rejected --batch 999`: an empty 200 said nothing about the batch
  it('says GET /api/rejected?batch=N names no batch, and which is the last one', async () => {
    const posted = await app.inject({ method: 'POST', url: '/api/ingest?source=words.ndjson', headers: { authorization: `Bearer ${key}` }, payload: `${msg('words-r1')}\nnot json` })
    const batch = (posted.json() as { batch: number }).batch
    const res = await app.inject({ url: `/api/rejected?batch=${batch + 100}&format=json`, headers: { authorization: `Bearer ${key}` } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: `No batch ${batch + 100}: the last batch is ${batch} (words.ndjson).`, param: 'batch' } })
    const listed = await app.inject({ url: `/api/rejected?batch=${batch}&format=json`, headers: { authorization: `Bearer ${key}` } })
    expect((listed.json() as { line_no: number }[]).map((r) => Number(r.line_no))).toEqual([2])
  })

  // the rate card the server prices with is the one stored in its database; reference options are
  // refused through it: `--rate-card FILE` alone told a server's user to do what cannot be done
  it('tells a server\'s user how to price an unpriced charge: stop it, rebuild with the rate card', () => {
    const r: RunReport = { unpriced: 1, unpricedGroups: [{ n: '1', market: 'XX', category: 'MARKETING', first_day: '2025-12-01', example: 'c-1' }], unmatched: 0, unmatchedFirst: [] }
    expect(describeReport(r, { served: true }).at(-1)).toBe('  fix: add rows for these markets (ISO country code, a market of the market map, or OTHER) and dates to the rate card, stop the server (it holds the database) and run `wacost rebuild --rate-card FILE`')
    expect(describeReport(r).at(-1)).toContain('(--rate-card FILE); --strict makes this an error')
  })
})

// break-it trial: a form upload (`curl -F f=@log`) answered 200, its boundary and part-header
// lines rejected as "not valid JSON" beside the log's own lines stored
describe('POST /api/ingest with a form', () => {
  it('refuses a multipart/form-data body 415 saying to send the log itself, storing nothing; takes curl --data-binary\'s default type', async () => {
    const auth = { authorization: `Bearer ${key}` }
    const batches = async () => (await app.inject({ method: 'GET', url: '/api/batches?format=json', headers: auth })).json().length as number
    const before = await batches()
    const form = ['--x', 'Content-Disposition: form-data; name="f"; filename="log.ndjson"', 'Content-Type: application/octet-stream', '', msg('form-1'), '--x--', ''].join('\r\n')
    const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: form, headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' } })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'A multipart/form-data body (a form upload, `curl -F`) is not read as a log: send the log itself as the request body, '
      + 'e.g. `curl --data-binary @log.ndjson -H \'Content-Type: application/x-ndjson\'` (gzip too: add -H \'Content-Encoding: gzip\' for a .gz). Nothing of this request was read or stored.' } })
    expect(await batches()).toBe(before)
    expect((await app.inject({ method: 'GET', url: '/api/messages/form-1?format=json', headers: auth })).statusCode).toBe(404)
    // `curl --data-binary @log` sends application/x-www-form-urlencoded unless told: the log itself, read
    const plain = await app.inject({ method: 'POST', url: '/api/ingest', payload: `${msg('form-2')}\n`, headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' } })
    expect(plain.json()).toMatchObject({ lines: 1, accepted: 1, rejected: 0 })
  })
})
