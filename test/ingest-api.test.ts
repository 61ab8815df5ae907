// Keys with roles and POST /api/ingest (issue 12, items 1 and 3), through app.inject on the real
// engine: every route declares its role or is public; a read key cannot ingest, an ingest key
// cannot read, a key written as before roles existed can do both; a log posted as NDJSON, gzip,
// a webhook envelope or with bad lines gives the same batch as `wacost ingest`, twice changes
// nothing, a key limited to some WABAs gets the others' lines rejected by name, and a large body
// is streamed to the engine while it is still being sent.
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { text } from '../core/db/sql.ts'
import { openEngine, type Session } from './support/engine.ts'

const keys = {
  old: 'old-style-key-0123456789',
  read: 'read-only-key-0123456789',
  ingest: 'ingest-only-key-01234567',
  scoped: 'scoped-ingest-key-012345',
  admin: 'admin-role-key-012345678',
  scopedRead: 'scoped-read-key-01234567',
}
const spec = [`${keys.old}=*`, `${keys.read}=*:read`, `${keys.ingest}=*:ingest`, `${keys.scoped}=w-a|w-b:ingest+read`, `${keys.admin}=*:admin`, `${keys.scopedRead}=w-a:read`].join(',')

let s: Session
let app: FastifyInstance
beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(spec), ingest: ingestSource })
})
afterAll(async () => { await app.close() })

const msg = (id: string, phone: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-a', phone_number_id: phone, wa_id: '14155550111', direction: 'inbound', ...extra,
})
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')

function post(body: string | Buffer | Readable, key = keys.ingest, query = '', headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `/api/ingest${query}`, payload: body, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', ...headers } })
}

async function count(phone: string): Promise<number> {
  const rs = await s.db.client.query({ query: 'SELECT count() AS n FROM messages FINAL WHERE phone_number_id = {p:String} AND deleted = 0', query_params: { p: phone }, format: 'JSONEachRow' })
  const [r] = await rs.json<{ n: string }>()
  return Number(r!.n)
}

async function rejected(batch: number): Promise<Array<[number, string]>> {
  const out = await text(s.db, 'queries/rejected', { batch }, 'JSONEachRow')
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string }).map((r) => [Number(r.line_no), r.reason])
}

describe('roles', () => {
  it('has every route declare a role or be public; the ingest routes need ingest, the webhook status admin, the rest read', () => {
    const routes = app.routeAccess()
    expect(routes.length).toBeGreaterThan(25)
    expect(routes.filter((r) => !r.public && !r.declared).map((r) => `${r.method} ${r.url}`)).toEqual([])
    const ingestRoutes = ['POST /api/ingest', 'GET /api/ingest', 'HEAD /api/ingest', 'GET /api/rejected', 'HEAD /api/rejected', 'GET /api/batches', 'HEAD /api/batches']
    expect(routes.filter((r) => r.role === 'ingest').map((r) => `${r.method} ${r.url}`).sort()).toEqual(ingestRoutes.sort())
    expect(routes.filter((r) => !r.public && r.role === 'admin').map((r) => `${r.method} ${r.url}`).sort())
      .toEqual(['GET /api/webhooks/status', 'HEAD /api/webhooks/status'])
    const others = routes.filter((r) => !r.public && r.role !== 'ingest' && r.role !== 'admin')
    expect(new Set(others.map((r) => r.role))).toEqual(new Set(['read']))
  })

  it('answers 403 in words when the key lacks the role, 401 without a valid key', async () => {
    const refused = await post(ndjson([msg('r-1', 'p-roles')]), keys.read)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN' })
    expect(refused.json().error.message).toContain('may not ingest message logs')
    // the example names the role the route needs (it said key=*:read+ingest for an admin route too)
    expect(refused.json().error.message).toContain('e.g. key=*:read+ingest')
    // GET /api/rejected needs the ingest role too (README: Roles), named by what it does: a read
    // key was told it "may not ingest message logs" (break-it trial)
    const listing = await app.inject({ url: '/api/rejected?batch=0', headers: { authorization: `Bearer ${keys.read}` } })
    expect([listing.statusCode, listing.json().error]).toEqual([403, { code: 'FORBIDDEN', message: 'This API key may not list the lines an ingest '
      + 'rejected (GET /api/rejected, a report of the ingest): the route needs the ingest role, the key has read. Use a key with that role (WACOST_API_KEYS, e.g. key=*:read+ingest).' }])
    const admin = app.routeAccess().find((r) => !r.public && r.role === 'admin' && r.method === 'GET')!
    const refusedAdmin = await app.inject({ url: admin.url, headers: { authorization: `Bearer ${keys.ingest}` } })
    expect([refusedAdmin.statusCode, refusedAdmin.json().error.message]).toEqual([403, expect.stringContaining('e.g. key=*:read+admin')])
    // a key limited to WABAs is shown its own WABAs (key=* told it to widen its reach: fresh-user trial)
    const scopedIngest = await post(ndjson([msg('r-2', 'p-roles')]), keys.scopedRead)
    expect([scopedIngest.statusCode, scopedIngest.json().error.message]).toEqual([403, expect.stringContaining('e.g. key=w-a:read+ingest).')])
    // unless the route needs every WABA (the webhook status): the key of its own WABAs met the
    // route's next refusal, "needs a key that reads every WABA" (webhook trial)
    const scopedAdmin = await app.inject({ url: admin.url, headers: { authorization: `Bearer ${keys.scoped}` } })
    expect([scopedAdmin.statusCode, scopedAdmin.json().error.message]).toEqual([403, expect.stringContaining('e.g. key=*:read+admin).')])
    const scopedBatches = await app.inject({ url: '/api/batches', headers: { authorization: `Bearer ${keys.scopedRead}` } })
    expect([scopedBatches.statusCode, scopedBatches.json().error.message]).toEqual([403, expect.stringContaining('e.g. key=*:read+ingest).')])
    const scopedRejected = await app.inject({ url: '/api/rejected?batch=0', headers: { authorization: `Bearer ${keys.scopedRead}` } })
    expect([scopedRejected.statusCode, scopedRejected.json().error.message]).toEqual([403, expect.stringContaining('e.g. key=*:read+ingest).')])
    expect((await post('x', 'not-a-key-0123456789abc')).statusCode).toBe(401)
    // an ingest-only key reads nothing: every read route refuses it before it runs
    const reads = app.routeAccess().filter((r) => r.role === 'read' && r.method === 'GET')
    for (const r of reads) {
      const res = await app.inject({ url: r.url.replace(/:id/, 'a1'), headers: { authorization: `Bearer ${keys.ingest}` } })
      expect(res.statusCode, r.url).toBe(403)
      expect(res.json().error.message, r.url).toContain('may not read the data')
    }
    expect(await count('p-roles')).toBe(0)
    // a path that matches no route is a 404 to any valid key (not a 403 that would hint at a role)
    expect((await app.inject({ url: '/api/nope', headers: { authorization: `Bearer ${keys.ingest}` } })).statusCode).toBe(404)
    expect((await app.inject({ url: '/api/nope' })).statusCode).toBe(401)
  })

  it('gives a key written as before roles (key=*) and an admin key every role', async () => {
    for (const key of [keys.old, keys.admin]) {
      expect((await app.inject({ url: '/api/headline?format=json', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200)
      expect((await post(ndjson([msg(`old-${key}`, 'p-old')]), key)).statusCode).toBe(200)
    }
    expect((await app.inject({ url: '/api/headline?format=json', headers: { authorization: `Bearer ${keys.read}` } })).statusCode).toBe(200)
    expect(await count('p-old')).toBe(2)
  })

  it('documents POST /api/ingest in the OpenAPI document, body and answer', async () => {
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>> }
    const op = doc.paths['/api/ingest']!.post!
    expect(Object.keys(op.requestBody!.content)).toContain('application/x-ndjson')
    expect(JSON.stringify(op.responses['200'])).toContain('rejected_lines')
  })
})

describe('POST /api/ingest', () => {
  it('ingests NDJSON as one batch, keeps bad lines with their reason, and a second time changes nothing', async () => {
    const body = ndjson([msg('n-1', 'p-nd'), 'not json', msg('n-2', 'p-nd', { direction: 'sideways' }), '', msg('n-3', 'p-nd')])
    const res = await post(body, keys.ingest, '?source=nd.ndjson')
    expect(res.statusCode).toBe(200)
    const first = res.json()
    expect(first).toMatchObject({ source: 'nd.ndjson', lines: 4, blankLines: 1, accepted: 2, rejected: 2, rejected_lines: `/api/rejected?batch=${first.batch}` })
    expect(first.rejections.map((r: { reason: string; first_line: number }) => r.first_line).sort()).toEqual([2, 3])
    expect(first.rejections.map((r: { reason: string }) => r.reason)).toContain('invalid direction: sideways (expected inbound or outbound)')
    expect((await rejected(first.batch)).map((r) => r[0])).toEqual([2, 3])
    const listed = await app.inject({ url: `${first.rejected_lines}&format=json`, headers: { authorization: `Bearer ${keys.ingest}` } })
    expect(listed.json().map((r: { line_no: number; raw: string }) => [r.line_no, r.raw.slice(0, 8)])).toEqual([[2, 'not json'], [3, '{"messag']])
    // a batch number beyond what the engine's integers hold: a 400 naming it, not a 500 (break-it trial)
    const huge = await app.inject({ url: '/api/rejected?batch=99999999999999999999999&format=json', headers: { authorization: `Bearer ${keys.ingest}` } })
    expect([huge.statusCode, huge.json().error.code]).toEqual([400, 'BAD_PARAMETER'])
    for (const key of [keys.read, keys.scoped]) {
      const refused = await app.inject({ url: `${first.rejected_lines}&format=json`, headers: { authorization: `Bearer ${key}` } })
      expect(refused.statusCode, key).toBe(403)
    }
    const ledger = await text(s.db, 'queries/ledger', {}, 'JSONEachRow')
    const again = (await post(body, keys.ingest)).json()
    expect(again).toMatchObject({ lines: 4, accepted: 2, rejected: 2 })
    expect(again.batch).toBe(first.batch + 1)
    expect(await count('p-nd')).toBe(2)
    expect(await text(s.db, 'queries/ledger', {}, 'JSONEachRow')).toBe(ledger)
  })

  it('reads a gzip body (Content-Encoding: gzip) like the plain one; one cut short is a 400 and leaves consistent data', async () => {
    const body = ndjson([msg('g-1', 'p-gz'), msg('g-2', 'p-gz', { timestamp: '2025-12-01T11:00:00Z' })])
    const res = await post(gzipSync(body), keys.ingest, '', { 'content-encoding': 'gzip' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ lines: 2, accepted: 2, rejected: 0, rejected_lines: null })
    expect(await count('p-gz')).toBe(2)
    const broken = await post(Buffer.from('this is not gzip'), keys.ingest, '', { 'content-encoding': 'gzip' })
    expect(broken.statusCode).toBe(400)
    expect(broken.json().error.message).toContain('The body is not gzip data, although its Content-Encoding says gzip: gzip data starts with the bytes 1f 8b, this body with "this is not gzip".')
    // gzip without Content-Encoding is told by its first bytes, as `wacost ingest` reads a file
    // (break-it trial: every line was rejected as not UTF-8)
    const bare = await post(gzipSync(ndjson([msg('g-bare', 'p-gz-bare')])), keys.ingest)
    expect(bare.statusCode, bare.body).toBe(200)
    expect(bare.json()).toMatchObject({ lines: 1, accepted: 1, rejected: 0 })
    // cut short mid-stream: what was read is stored and derived, the batch is marked interrupted,
    // and the next batch runs normally
    const long = gzipSync(ndjson(Array.from({ length: 20_000 }, (_, i) => msg(`cut-${i}`, 'p-cut', { wa_id: String(14155550000 + i) }))))
    const cut = await post(long.subarray(0, Math.floor(long.length * 0.6)), keys.ingest, '?source=cut', { 'content-encoding': 'gzip' })
    expect(cut.statusCode).toBe(400)
    expect(cut.json().error.message).toContain('send the whole log again')
    const batches = await text(s.db, 'queries/batches', {}, 'JSONEachRow')
    const last = batches.trim().split('\n').map((l) => JSON.parse(l) as { batch: number; source: string; state: string }).filter((b) => b.source === 'cut')
    expect(last.map((b) => b.state)).toEqual(['interrupted'])
    // what of it was stored, in the words `wacost ingest` repeats (fresh-user trial): less than a group here
    expect(cut.json()).toMatchObject({ batch: last[0]!.batch, stored_lines: 0 })
    expect(cut.json().error.message).toMatch(new RegExp(`Lines are stored a group \\(~64 MB\\) at a time and none was read whole before the cut: nothing was stored; batch ${last[0]!.batch} is marked interrupted, with no lines\\.$`))
    expect((await post(gzipSync(ndjson([msg('g-3', 'p-gz')])), keys.ingest, '', { 'content-encoding': 'gzip' })).json()).toMatchObject({ accepted: 1 })
    const whole = await post(long, keys.ingest, '?source=whole', { 'content-encoding': 'gzip' })
    expect(whole.json()).toMatchObject({ accepted: 20_000, rejected: 0 })
    expect(await count('p-cut')).toBe(20_000)
  })

  // break-it trial: gzip with bytes after its gzip data (`gzip -d` reads it, warning "trailing
  // garbage ignored") was refused whole, with or without Content-Encoding: gzip
  it('reads the gzip data of a body with bytes after it, every member, and says in notices how many bytes were ignored', async () => {
    const [a, b] = [gzipSync(`${ndjson([msg('t-1', 'p-trail')])}\n`), gzipSync(`${ndjson([msg('t-2', 'p-trail', { timestamp: '2025-12-01T12:00:00Z' })])}\n`)]
    const said = '9 byte(s) that are not gzip data came after the end of the gzip data and were ignored, as gzip -d ignores them '
      + '("trailing garbage ignored"); the lines of the gzip data before them were read'
    for (const headers of [{ 'content-encoding': 'gzip' }, {}] as Record<string, string>[]) {
      const res = await post(Buffer.concat([a, b, Buffer.from('junk\x00\x01end')]), keys.ingest, '', headers)
      expect([headers, res.statusCode, res.body]).toEqual([headers, 200, expect.any(String)])
      expect(res.json()).toMatchObject({ lines: 2, accepted: 2, rejected: 0, notices: [said] })
    }
    expect(await count('p-trail')).toBe(2)
    // a corrupt second member is still corrupt (not taken for bytes after the data)
    const bad = await post(Buffer.concat([a, b.subarray(0, 2), Buffer.from('junk-junk-junk')]), keys.ingest, '', { 'content-encoding': 'gzip' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toMatch(/^The body's gzip data is corrupt or cut short \(unknown compression method\)/)
  })

  it('accepts a pretty-printed webhook envelope, and a bare value object with ?waba=', async () => {
    const value = (phone: string, ids: string[]) => ({
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: phone },
      messages: ids.map((id) => ({ from: '14155550111', id, timestamp: '1764583200', type: 'text', text: { body: 'hi' } })),
    })
    const envelope = { object: 'whatsapp_business_account', entry: [{ id: 'w-a', changes: [{ field: 'messages', value: value('p-env', ['e-1', 'e-2']) }] }] }
    const res = await post(JSON.stringify(envelope, null, 2), keys.ingest, '', { 'content-type': 'application/json' })
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 0 })
    const bare = await post(JSON.stringify(value('p-bare', ['b-1'])), keys.ingest, '?waba=w-a')
    expect(bare.json()).toMatchObject({ accepted: 1, rejected: 0 })
    expect([await count('p-env'), await count('p-bare')]).toEqual([2, 1])
  })

  it('rejects, by name, the lines of WABAs a scoped key may not write (and a status naming none)', async () => {
    const body = ndjson([
      msg('s-1', 'p-scope'), msg('s-2', 'p-scope', { waba_id: 'w-c' }), msg('s-3', 'p-scope', { waba_id: 'w-b' }),
      { kind: 'status', message_id: 's-1', status: 'read', timestamp: '2025-12-01T10:05:00Z' },
    ])
    const res = (await post(body, keys.scoped)).json()
    expect(res).toMatchObject({ lines: 4, accepted: 2, rejected: 2, unpriced: null, warnings: [] })
    expect(await rejected(res.batch)).toEqual([
      [2, 'WABA w-c is not one this API key may write (it may write WABA w-a, w-b)'],
      [4, 'missing required field: waba_id (this API key may write only WABA w-a, w-b)'],
    ])
    expect(await count('p-scope')).toBe(2)
    // the same body with a key for every WABA stores the foreign line too
    expect((await post(body, keys.ingest)).json()).toMatchObject({ accepted: 4, rejected: 0 })
    // the count of message ids named only by statuses spans every WABA (a status-only id has no
    // WABA of its own): not told to a limited key (it was: break-it trial)
    const ghost = ndjson([{ kind: 'status', message_id: 's-ghost', status: 'delivered', timestamp: '2025-12-01T10:05:00Z', waba_id: 'w-a' }])
    const limited = (await post(ghost, keys.scoped)).json()
    expect(limited).toMatchObject({ accepted: 1, rejected: 0 })
    expect(limited.unmatchedStatuses).toBeUndefined()
    expect((await post(ghost, keys.ingest)).json().unmatchedStatuses).toBeGreaterThanOrEqual(1)
  })

  it('answers the dashboard while a batch is streaming in (reads do not wait for the batch)', async () => {
    let readDuring: number | undefined
    async function* body(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 4000; i++) {
        yield Buffer.from(`${JSON.stringify(msg(`live-${i}`, 'p-live', { wa_id: String(14155560000 + i) }))}\n`)
        // Half-way, the body waits for a dashboard read: were reads queued behind the batch,
        // this would never finish.
        if (i === 2000) readDuring = (await app.inject({ url: '/api/headline?format=json', headers: { authorization: `Bearer ${keys.read}` } })).statusCode
      }
    }
    const res = await post(Readable.from(body()), keys.ingest, '?source=live', { 'transfer-encoding': 'chunked' })
    expect(readDuring).toBe(200)
    expect(res.json()).toMatchObject({ lines: 4000, accepted: 4000 })
  }, 120_000)

  it('runs batches posted at once one after the other, each whole', async () => {
    const log = (tag: string) => ndjson(Array.from({ length: 30_000 }, (_, i) => msg(`${tag}-${i}`, `p-${tag}`, { wa_id: String(14155570000 + i) })))
    const [a, b] = await Promise.all([post(log('para'), keys.ingest, '?source=para'), post(log('parb'), keys.ingest, '?source=parb')])
    expect([a.json(), b.json()]).toMatchObject([{ lines: 30_000, accepted: 30_000, rejected: 0 }, { lines: 30_000, accepted: 30_000, rejected: 0 }])
    expect(Math.abs(a.json().batch - b.json().batch)).toBe(1)
    expect([await count('p-para'), await count('p-parb')]).toEqual([30_000, 30_000])
  }, 120_000)

  it('streams a 200,000-line body to the engine while it is being sent: the server never holds more than a few runs of it', async () => {
    const total = 200_000
    // ~550 bytes a line: a body of ~110 MB, many times the runs (4 MiB) the server may hold
    const pad = 'x'.repeat(400)
    const line = (i: number) => `${JSON.stringify(msg(`big-${i}`, 'p-big', { wa_id: String(14155550000 + (i % 5000)), template_name: pad, timestamp: new Date(Date.UTC(2025, 11, 1) + i * 1000).toISOString() }))}\n`
    let produced = 0
    let bytes = 0
    let maxLag = 0
    let checks = 0
    let seen = 0
    /** Bytes of the body already sent to the engine: the start of the last run it got (its buffer is emptied after each group). */
    const reached = async () => {
      const rs = await s.db.client.query({ query: 'SELECT max(first_byte) AS b, count() AS n FROM ingest_chunk_buffer', format: 'JSONEachRow' })
      const [r] = await rs.json<{ b: string; n: string }>()
      seen = Math.max(seen, Number(r!.n) > 0 ? Number(r!.b) : 0)
      return seen
    }
    async function* body(): AsyncGenerator<Buffer> {
      while (produced < total) {
        const part: string[] = []
        for (let i = 0; i < 500 && produced < total; i++) part.push(line(produced++))
        const buf = Buffer.from(part.join(''))
        bytes += buf.length
        yield buf
        // The generator runs only when the server asks for more: how far the engine lags behind
        // what was sent is what the server holds. A route that buffered the body would lag by
        // all of it (and never reach the engine before the end).
        if (produced % 20_000 === 0 && bytes > 20e6) {
          maxLag = Math.max(maxLag, bytes - await reached())
          checks++
        }
      }
    }
    const res = await post(Readable.from(body()), keys.ingest, '?source=big.ndjson', { 'transfer-encoding': 'chunked' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ lines: total, accepted: total, rejected: 0 })
    expect(bytes).toBeGreaterThan(100e6)
    expect(checks).toBeGreaterThan(5)
    console.log(`streamed ${bytes} bytes; the engine lagged at most ${maxLag} bytes behind the sender`)
    expect(maxLag).toBeLessThan(40e6)
  }, 240_000)
})
