// Batches while the server runs (fresh-user trial: `wacost ingest big.ndjson` through `npm start`,
// the CLI killed after 6 s; the server finished the batch, and nothing said so until it stopped:
// its log was silent, `wacost batches` refused (exit 2), GET /api/batches was "No route").
// GET /api/batches answers the rows `wacost batches` prints, to a key of the ingest role for
// every WABA; `wacost batches` asks the server holding the database; the server logs each batch.
import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../core/keys.ts'
import { text } from '../core/db/sql.ts'
import type { BatchRow } from '../core/batches.ts'
import { openPersistent, type Session } from '../core/session.ts'
import { writeServerLock } from '../core/server-lock.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { tempDir } from './support/temp.ts'
import { wacost } from './support/cli.ts'

const demo = readFileSync(new URL('../examples/demo.ndjson', import.meta.url))
const keys = {
  admin: 'batches-admin-0123456789', loader: 'batches-loader-012345678', reader: 'batches-reader-012345678',
  scoped: 'batches-scoped-012345678',
}

let dir: string
let session: Session
let app: FastifyInstance
let url: string
/** The server's log, one JSON object a line, at the level `npm start` uses by default. */
const logged: { level: number; msg: string; [field: string]: unknown }[] = []

beforeAll(async () => {
  dir = tempDir('wacost-batches-server-')
  session = await openPersistent(dir, {})
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logged.push(JSON.parse(line) as typeof logged[number])
      done()
    },
  })
  app = await buildApp({
    session, ingest: ingestSource, logger: { level: 'warn', stream },
    keys: parseKeys(`${keys.admin}=*:admin,${keys.loader}=*:ingest,${keys.reader}=*:read,${keys.scoped}=102290129340398:ingest`),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  // what npm start writes when it generated its key (an all-WABA, all-role key)
  writeServerLock(dir, { url, pid: process.pid, key: keys.admin })
  const posted = await app.inject({ method: 'POST', url: '/api/ingest?source=demo.ndjson&report=none', payload: demo, headers: { authorization: `Bearer ${keys.loader}`, 'content-type': 'application/x-ndjson' } })
  expect(posted.statusCode, posted.body).toBe(200)
}, 120_000)
afterAll(async () => { await app?.close() })

const get = (key: string | undefined, query = '?format=json') =>
  app.inject({ url: `/api/batches${query}`, headers: key ? { authorization: `Bearer ${key}` } : {} })

/** The rows `wacost batches` prints on this database (the same query, run here). */
const printed = async (): Promise<BatchRow[]> =>
  (await text(session.db, 'queries/batches', {}, 'JSONEachRow')).trim().split('\n').map((l) => JSON.parse(l) as BatchRow)

describe('GET /api/batches', () => {
  it('answers a key of the ingest role (or admin) for every WABA the rows `wacost batches` prints', async () => {
    for (const key of [keys.loader, keys.admin]) {
      const res = await get(key)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual(await printed())
    }
    const [batch] = (await get(keys.loader)).json<BatchRow[]>()
    expect(batch).toMatchObject({ batch: 1, source: 'demo.ndjson', state: 'finished', lines: 12, accepted: 11, rejected: 1, new_records: 11 })
    // Arrow by default, as every data route; CSV too
    const arrow = await get(keys.loader, '')
    expect([arrow.statusCode, arrow.headers['content-type']]).toEqual([200, 'application/vnd.apache.arrow.stream'])
    expect((await get(keys.loader, '?format=csv')).body).toMatch(/^"?batch"?,"?source"?,/)
  })

  it('refuses a read key (the role), a key limited to some WABAs (a batch is no WABA\'s) and no key, each in words', async () => {
    const read = await get(keys.reader)
    expect([read.statusCode, read.json().error.code]).toEqual([403, 'FORBIDDEN'])
    expect(read.json().error.message).toContain('This API key may not list the batches (GET /api/batches, a report of the ingest): the route needs the ingest role, the key has read.')
    const scoped = await get(keys.scoped)
    expect([scoped.statusCode, scoped.json().error.message]).toEqual([403, expect.stringContaining('This API key is limited to some WABAs; a batch may hold records of any WABA')])
    expect((await get(undefined)).statusCode).toBe(401)
    // documented as the other routes are
    const doc = app.swagger() as unknown as { paths: Record<string, { get?: { tags?: string[]; responses?: Record<string, { content?: Record<string, unknown> }> } }> }
    expect(doc.paths['/api/batches']?.get?.tags).toEqual(['ingest'])
    expect(Object.keys(doc.paths['/api/batches']?.get?.responses?.['200']?.content ?? {})).toContain('application/json')
  })
})

describe('the server\'s log', () => {
  it('has one line per POST /api/ingest batch that finished or failed, at the default level', async () => {
    const finished = logged.filter((l) => l.batch === 1)
    expect(finished).toEqual([expect.objectContaining({
      level: 30, batch: 1, source: 'demo.ndjson', state: 'finished', lines: 12, accepted: 11, rejected: 1,
      msg: 'batch 1 (demo.ndjson) finished: 12 lines, 11 records accepted, 1 rejected',
    })])
    // a gzip body cut short: the batch is interrupted, said as a warning with what it stored
    const cut = gzipSync(demo).subarray(0, 100)
    const res = await app.inject({ method: 'POST', url: '/api/ingest?source=cut.ndjson.gz', payload: cut, headers: { authorization: `Bearer ${keys.loader}`, 'content-encoding': 'gzip' } })
    expect(res.statusCode, res.body).toBe(400)
    const batch = res.json<{ batch: number }>().batch
    const failed = logged.filter((l) => l.batch === batch)
    expect(failed).toEqual([expect.objectContaining({ level: 40, source: 'cut.ndjson.gz', state: 'interrupted', stored_lines: 0 })])
    expect(failed[0]!.msg).toMatch(new RegExp(`^batch ${batch} \\(cut\\.ndjson\\.gz\\) did not finish \\(0 lines stored\\), marked interrupted: The body's gzip data`))
    // a body refused whole (UTF-32): logged refused, as GET /api/batches lists it, not "did not finish, marked interrupted" (break-it trial)
    const u32 = Buffer.alloc(4 + demo.length * 4)
    u32.writeUInt32LE(0xfeff, 0)
    ;[...demo.toString('latin1')].forEach((c, i) => u32.writeUInt32LE(c.charCodeAt(0), 4 + i * 4))
    const refused = await app.inject({ method: 'POST', url: '/api/ingest?source=u32le.ndjson', payload: u32, headers: { authorization: `Bearer ${keys.loader}` } })
    expect(refused.statusCode, refused.body).toBe(400)
    const line = logged.filter((l) => l.source === 'u32le.ndjson')
    expect(line).toEqual([expect.objectContaining({ level: 40, state: 'refused', stored_lines: 0 })])
    const refusedBatch = line[0]!.batch as number
    expect(line[0]!.msg).toMatch(new RegExp(`^batch ${refusedBatch} \\(u32le\\.ndjson\\) was refused whole: it is UTF-32 text \\(little-endian, byte-order mark FF FE 00 00\\), .*nothing of it was stored$`))
    // a pretty-printed array is counted in JSON documents, as the CLI's summary counts it ("2 lines" of 19 read wrong)
    const pretty = JSON.stringify(demo.toString('utf8').split('\n').filter(Boolean).slice(0, 2).map((l) => JSON.parse(l) as unknown), null, 2)
    const posted = await app.inject({ method: 'POST', url: '/api/ingest?source=pretty.json', payload: pretty, headers: { authorization: `Bearer ${keys.loader}` } })
    expect(posted.statusCode, posted.body).toBe(200)
    expect(posted.json()).toMatchObject({ lines: 2, unit: 'document' })
    expect(logged.filter((l) => l.source === 'pretty.json')).toEqual([expect.objectContaining({
      state: 'finished', lines: 2, unit: 'document', msg: expect.stringMatching(/^batch \d+ \(pretty\.json\) finished: 2 JSON documents, 2 records accepted, 0 rejected$/),
    })])
  })
})

describe('wacost batches while the server holds the database', () => {
  it('asks the server (found from its lock file, or --server URL) and prints the rows it would print itself', async () => {
    const rows = await printed()
    const ndjson = rows.map((r) => `${JSON.stringify(r)}\n`).join('')
    const found = await wacost(['batches', '--db', dir])
    expect([found.code, found.stderr, found.engineLoaded]).toEqual([0, `listed by the wacost server at ${url}\n`, false])
    expect(found.stdout).toBe(ndjson)
    const named = await wacost(['batches', '--server', url], { env: { WACOST_API_KEY: keys.loader } })
    expect([named.code, named.stdout]).toEqual([0, ndjson])
    // a key the server refuses: could not start, in the server's words
    const refused = await wacost(['batches', '--db', dir], { env: { WACOST_API_KEY: keys.reader } })
    expect([refused.code, refused.stdout]).toEqual([2, ''])
    expect(refused.stderr).toContain(`the server at ${url} did not list the batches (403): This API key may not list the batches`)
  }, 120_000)

  // break-it trial: a key the server was not started with read only "This API key is not valid (it
  // may have changed when the server restarted)": which key was sent (never the key) and what to do
  it('says which key the server does not know (401), ingest and batches alike, exit 2', async () => {
    const unknown = 'batches-unknown-01234567'
    const log = new URL('../examples/demo.ndjson', import.meta.url).pathname
    const viaVariable = `the server at ${url} does not know the key in WACOST_API_KEY (401): set WACOST_API_KEY to a key of the server's `
      + 'WACOST_API_KEYS (the one it was started with) that has the ingest role\n'
    for (const command of [['batches', '--server', url], ['ingest', '--server', url, log]]) {
      const run = await wacost(command, { env: { WACOST_API_KEY: unknown } })
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `wacost: ${viaVariable}`])
    }
    const ownList = await wacost(['batches', '--db', dir], { env: { WACOST_API_KEYS: `${unknown}=*:ingest` } })
    expect([ownList.code, ownList.stderr]).toEqual([2, `wacost: the server at ${url} does not know the first key with the ingest role in this shell's `
      + 'WACOST_API_KEYS (401): this list is not the server\'s: set WACOST_API_KEY to a key of the server\'s WACOST_API_KEYS that has the ingest role\n'])
    expect(ownList.stderr).not.toContain(unknown)
  }, 120_000)

  // break-it trial: `--server http://user:pw@localhost:3917` said "no wacost server answers at
  // http://user:pw@…" (fetch refuses such a URL) with the password; `--server ''` said "got " and
  // nothing; `--server URL --db ANYTHING` silently ignored --db
  it('refuses a --server URL that is empty or carries a password (never echoed), and --server beside --db, in words, exit 2', async () => {
    const withPassword = url.replace('http://', 'http://user:s3cret-pw@')
    const cases: [string[], string][] = [
      [['--server', withPassword], '--server: the URL carries a user name and password; give the URL without them: the key goes in WACOST_API_KEY'],
      [['--server', ''], "--server: the URL is empty; give the wacost server's URL, e.g. http://localhost:3917"],
      [['--server', 'ftp://user:s3cret-pw@host/'], '--server: the URL carries a user name and password'],
      [['--server', 'localhost:3917'], '--server: expected an http:// or https:// URL, got localhost:3917'],
      [['--server', url, '--db', dir], '--server and --db: give one of them: with --server, the server at that URL uses its own database; '
        + 'with --db, this command uses that directory (through the server running on it, if any)'],
    ]
    for (const command of [['batches'], ['ingest', new URL('../examples/demo.ndjson', import.meta.url).pathname]]) {
      for (const [args, words] of cases) {
        const run = await wacost([...command, ...args], { env: { WACOST_API_KEY: keys.loader } })
        expect({ args, code: run.code, stdout: run.stdout, engineLoaded: run.engineLoaded }).toEqual({ args, code: 2, stdout: '', engineLoaded: false })
        expect(run.stderr).toContain(words)
        expect(run.stderr).not.toContain('s3cret-pw')
      }
    }
  }, 120_000)
})
