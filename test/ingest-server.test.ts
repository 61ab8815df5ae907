// `wacost ingest` while a server holds the database (issue 12, item 1): the real CLI, spawned as
// a user runs it, finds the server from its lock file (or --server URL) and sends each log to
// POST /api/ingest; the ledger is the one a local ingest makes, the summary and exit statuses
// are the local ones, the engine is never loaded by the CLI, and a stale lock file (its server
// gone) leaves the CLI to open the database itself, as before.
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../core/keys.ts'
import { openPersistent, type Session } from '../core/session.ts'
import { readServerLock, removeServerLock, SERVER_LOCK, writeServerLock } from '../core/server-lock.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const probe = new URL('./support/engine-probe.cjs', import.meta.url).pathname
const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const loader = 'loader-key-0123456789abc'
const reader = 'reader-key-0123456789abc'
// may write WABA w-lim only
const limited = 'limited-key-0123456789ab'

interface Run { code: number; stdout: string; stderr: string; engineLoaded: boolean }

/** `wacost ...args` in a child process, with the engine probe and `env` on top of a clean environment. */
function wacost(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', WACOST_API_KEYS: '', WACOST_API_KEY: '', NODE_OPTIONS: `--require ${probe}` }
  return new Promise((resolve) => {
    execFile(process.execPath, [wacostJs, ...args], { env: { ...base, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout, stderr: stderr.replace(/\[engine-probe\][^\n]*\n/g, ''), engineLoaded: /\[engine-probe\] engine loaded: true/.test(stderr) })
    })
  })
}

/** A process id that is surely not running any more. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['-e', ''], () => resolve(child.pid!))
  })
}

const period = ['--from', '2025-12-01', '--to', '2025-12-31']
const tmp = (name: string) => tempDir(`wacost-${name}-`)

let dir: string
let session: Session
let app: FastifyInstance
let url: string
beforeAll(async () => {
  dir = tmp('served')
  session = await openPersistent(dir, {})
  app = await buildApp({ session, keys: parseKeys(`${loader}=*:ingest+read,${reader}=*:read,${limited}=w-lim:ingest`), ingest: ingestSource })
  await app.listen({ port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  // what npm start writes when it generated its key
  writeServerLock(dir, { url, pid: process.pid, key: loader })
}, 120_000)
afterAll(async () => { await app.close() })

/** A run's stderr but for what differs through a server: the batch numbers, where rejected lines are listed. */
const summary = (r: Run) => r.stderr.split('\n').filter((l) => !l.startsWith('sending through') && !/every rejected \w+ is kept/.test(l)).join('\n').replace(/batch \d+/g, 'batch N')

/**
 * A database of its own holding the demo, ingested once by the real CLI without a server (the run
 * the served ingests are compared with); the tests after the first add their inputs to it.
 */
let localDemo: Promise<{ dir: string; run: Run }> | undefined
function local(): Promise<{ dir: string; run: Run }> {
  localDemo ??= (async () => {
    const d = tmp('local')
    return { dir: d, run: await wacost(['ingest', '--db', d, '--no-progress', demo]) }
  })()
  return localDemo
}

async function servedLedger(): Promise<string> {
  const res = await app.inject({ url: `/api/exports/ledger?from=2025-12-01&to=2025-12-31`, headers: { authorization: `Bearer ${loader}` } })
  expect(res.statusCode).toBe(200)
  return res.body
}

describe('wacost ingest through a running server', () => {
  it('finds the server from its lock file and makes the ledger a local ingest makes', async () => {
    expect(readServerLock(dir)).toEqual({ url, pid: process.pid, key: loader })
    const through = await wacost(['ingest', '--db', dir, demo])
    expect(through.code, through.stderr).toBe(0)
    expect(through.engineLoaded).toBe(false)
    expect(through.stderr).toContain(`sending through the wacost server at ${url}`)
    expect(through.stderr).toMatch(/demo\.ndjson: 12 lines, 11 records accepted \([^)]*\), 1 line rejected \(batch \d+\)/)
    const pointer = new RegExp(`every rejected line is kept: GET (${url}/api/rejected\\?batch=\\d+) lists them`).exec(through.stderr)
    expect(pointer).not.toBeNull()
    const listed = await fetch(`${pointer![1]}&format=json`, { headers: { authorization: `Bearer ${loader}` } })
    expect((await listed.json() as { line_no: number; reason: string }[]).map((r) => [r.line_no, r.reason.slice(0, 25)])).toEqual([[12, 'invalid timestamp: not a ']])

    const { dir: own, run: here } = await local()
    expect(here.code, here.stderr).toBe(0)
    expect(here.stderr).not.toContain('sending through')
    // the same summary lines, but for the batch number and where to list the rejected lines
    expect(summary(through)).toBe(summary(here))
    const exported = await wacost(['export', 'ledger', '--db', own, ...period])
    expect(exported.code).toBe(0)
    expect(exported.stdout.split('\n').length).toBeGreaterThan(5)
    expect(await servedLedger()).toBe(exported.stdout)
  }, 180_000)

  it('sends to --server URL with WACOST_API_KEY; the same log again changes nothing', async () => {
    const before = await servedLedger()
    const r = await wacost(['ingest', '--server', url, demo], { WACOST_API_KEY: loader })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/11 records accepted \([^)]*\), 1 line rejected/)
    expect(await servedLedger()).toBe(before)
  }, 60_000)

  // Ctrl-C of `wacost ingest` sending through a server exited 130 with no sentence (break-it
  // trial): stopped while its standard input is still open (the body not whole), it says the
  // server marks the batch interrupted and to send the input again
  it('says, stopped by SIGINT before the whole input was sent, that the server marks the batch interrupted', async () => {
    const base = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', WACOST_API_KEYS: '', WACOST_API_KEY: loader }
    const child = spawn(process.execPath, [wacostJs, 'ingest', '--server', url, '--no-progress', '-'], { env: base, stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>
    child.stdin.write(`${readFileSync(demo, 'utf8').split('\n')[0]}\n`) // and the input stays open
    const deadline = Date.now() + 60_000
    while (!stderr.includes('sending through') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 500))
    child.kill('SIGINT')
    const [code, signal] = await exited
    child.stdin.destroy()
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' })
    expect(stderr).toBe(`sending through the wacost server at ${url}\nwacost: interrupted (SIGINT) before the whole of standard input was sent: the server at ${url} `
      + 'marks its batch interrupted; send the same input to `wacost ingest -` again (lines already stored are not counted twice)\n')
  }, 60_000)

  // break-it trial: a gzip file with bytes after its gzip data was refused whole; the CLI reads
  // (and decompresses) it before sending, so the notice is its own, beside the server's summary
  it('says through a server too how many bytes after a file\'s gzip data were ignored (exit 0)', async () => {
    const file = join(tmp('trailing'), 'demo.ndjson.gz')
    writeFileSync(file, Buffer.concat([gzipSync(readFileSync(demo)), Buffer.from('junk')]))
    const r = await wacost(['ingest', '--server', url, file], { WACOST_API_KEY: loader })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/demo\.ndjson\.gz: 12 lines, 11 records accepted \([^)]*\), 1 line rejected \(batch \d+\)\n  notice: 4 byte\(s\) that are not gzip data came after the end of the gzip data and were ignored, as gzip -d ignores them \("trailing garbage ignored"\); the lines of the gzip data before them were read\n/)
  }, 60_000)

  it('ends with the local exit statuses: 2 for a key without the ingest role, 4 when nothing was accepted', async () => {
    const refused = await wacost(['ingest', '--server', url, demo], { WACOST_API_KEY: reader })
    expect(refused.code, refused.stderr).toBe(2)
    expect(refused.stderr).toContain('refused the key (403): This API key may not ingest message logs')
    const bad = join(tmp('bad'), 'bad.ndjson')
    writeFileSync(bad, 'not json\n{"message_id":"x"}\n')
    const nothing = await wacost(['ingest', '--db', dir, bad])
    expect(nothing.code).toBe(4)
    expect(nothing.stderr).toContain('nothing to derive: all 2 input lines were rejected')
    const gone = await wacost(['ingest', '--server', 'http://127.0.0.1:9', demo], { WACOST_API_KEY: loader })
    expect(gone.code).toBe(2)
    expect(gone.stderr).toContain('no wacost server answers at http://127.0.0.1:9')
  }, 60_000)

  it('ends with status 4 in the local words when nothing is accepted, though the server answers 422; an input with records beside it is 0', async () => {
    const d = tmp('nothing')
    const [empty, blank, bad] = ['empty', 'blank', 'bad'].map((n) => join(d, `${n}.ndjson`)) as [string, string, string]
    writeFileSync(empty, '')
    writeFileSync(blank, '\n  \n\n')
    writeFileSync(bad, 'not json\n{"message_id":"x"}\n')
    const { dir: own, run: demoRun } = await local()
    expect(demoRun.code).toBe(0)
    const here = await wacost(['ingest', '--db', own, '--no-progress', empty, blank, bad])
    expect(here.code, here.stderr).toBe(4)
    expect(here.stderr).toContain('wacost: nothing to derive: all 2 input lines were rejected')
    // through the lock file and through --server: the same lines and status as without a server
    for (const args of [['--db', dir], ['--server', url]]) {
      const through = await wacost(['ingest', ...args, empty, blank, bad], { WACOST_API_KEY: loader })
      expect(through.code, through.stderr).toBe(4)
      expect(through.stderr).toContain('sending through')
      expect(summary(through)).toBe(summary(here))
    }
    const one = await wacost(['ingest', '--server', url, empty], { WACOST_API_KEY: loader })
    expect([one.code, one.stderr]).toEqual([4, expect.stringContaining('wacost: nothing to derive: the input is empty (no lines)')])
    // one input's 422 is not the run's failure: with a log of records beside it, the run is done
    const mixed = await wacost(['ingest', '--server', url, empty, demo], { WACOST_API_KEY: loader })
    expect(mixed.code, mixed.stderr).toBe(0)
    expect(mixed.stderr).toMatch(/11 records accepted \([^)]*\), 1 line rejected/)
  }, 180_000)

  // a pretty array of 2 documents over 21 lines read "2 lines" (break-it trial): counted in JSON
  // documents, locally and through a server alike, its reasons' lines staying the input's lines
  it('counts a pretty-printed JSON array in JSON documents, through a server as without one', async () => {
    const d = tmp('pretty')
    const doc = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({
      message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w1', phone_number_id: 'p-pretty', wa_id: '14155550111', direction: 'inbound', ...extra,
    }, null, 2).replace(/^/gm, '  ')
    const [good, bad] = [join(d, 'a.json'), join(d, 'bad.json')]
    writeFileSync(good, `[\n${doc('pretty-1')},\n\n${doc('pretty-2')}\n]\n`)
    writeFileSync(bad, `[\n${doc('pretty-3', { timestamp: 'soon' })},\n${doc('pretty-4', { timestamp: 'later' })}\n]\n`)
    const { dir: own } = await local()
    const here = await wacost(['ingest', '--db', own, '--no-progress', good])
    expect(here.code, here.stderr).toBe(0)
    expect(summary(here).split('\n')[0]).toBe(`${good}: 2 JSON documents and 1 blank line (skipped), 2 records accepted (all new), 0 documents rejected (batch N)`)
    const through = await wacost(['ingest', '--server', url, good], { WACOST_API_KEY: loader })
    expect(through.code, through.stderr).toBe(0)
    expect(summary(through)).toBe(summary(here))
    // every document rejected: counted, listed and said in documents, the reasons at their lines
    const none = await wacost(['ingest', '--db', own, '--no-progress', bad])
    expect(none.code, none.stderr).toBe(4)
    expect(summary(none)).toMatch(new RegExp(`^${bad}: 2 JSON documents, 0 records accepted, 2 documents rejected \\(batch N\\)\n.* \\(first at line 10\\)\n`
      + '.* \\(first at line 2\\)\nwacost: nothing to derive: all 2 JSON documents of the input were rejected \\(reasons above\\)\n$'))
    expect(none.stderr).toMatch(/every rejected document is kept: `wacost rejected --db .* --batch \d+` lists them/)
    const noneThrough = await wacost(['ingest', '--server', url, bad], { WACOST_API_KEY: loader })
    expect(noneThrough.code, noneThrough.stderr).toBe(4)
    expect(summary(noneThrough)).toBe(summary(none))
    expect(noneThrough.stderr).toMatch(/every rejected document is kept: GET http:\/\/\S+ lists them \(with the ingest key\)/)
  }, 180_000)

  // break-it trial: a key limited to some WABAs was told its rejected lines are listed by GET
  // /api/rejected, which refuses it (403); and a key for every WABA read the count of unmatched
  // statuses twice, in the summary and in the warning after it (the local run says it once)
  it('says which key lists the rejected lines, and the unmatched statuses once', async () => {
    const file = join(tmp('scoped'), 'lim.ndjson')
    const line = { message_id: 'lim-1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-lim', phone_number_id: 'p-lim', wa_id: '14155550111', direction: 'inbound' }
    writeFileSync(file, `${[JSON.stringify(line), JSON.stringify({ ...line, message_id: 'lim-2', timestamp: 'soon' }),
      JSON.stringify({ kind: 'status', message_id: 'lim-ghost', status: 'delivered', timestamp: '2025-12-01T10:00:05Z', waba_id: 'w-lim' })].join('\n')}\n`)
    const scoped = await wacost(['ingest', '--server', url, file], { WACOST_API_KEY: limited })
    expect(scoped.code, scoped.stderr).toBe(0)
    const batch = /\(batch (\d+)\)/.exec(scoped.stderr)![1]
    const route = `${url}/api/rejected?batch=${batch}`
    expect(scoped.stderr).toContain(`  every rejected line is kept: GET ${route} lists them to a key with the ingest role for every WABA, not to this one `
      + '(it may write only WABA w-lim; rejected lines may name any WABA, or none); the reasons and first lines are above\n')
    // what the line says of either key is what the route does
    expect((await fetch(route, { headers: { authorization: `Bearer ${limited}` } })).status).toBe(403)
    expect((await fetch(route, { headers: { authorization: `Bearer ${loader}` } })).status).toBe(200)
    // the limited key gets no warnings, and no count of unmatched statuses (it spans every WABA)
    expect(scoped.stderr).not.toMatch(/status records but no message/)
    const whole = await wacost(['ingest', '--server', url, file], { WACOST_API_KEY: loader })
    expect(whole.code, whole.stderr).toBe(0)
    expect(whole.stderr).toMatch(/lim\.ndjson: 3 lines, 2 records accepted \([^)]*\), 1 line rejected \(batch \d+\)\n/)
    expect(whole.stderr).toMatch(/every rejected line is kept: GET \S+ lists them \(with the ingest key\)\n/)
    expect(whole.stderr.match(/status records but no message/g)).toHaveLength(1)
    expect(whole.stderr).toMatch(/\nwarning: \d+ message id\(s\) have status records but no message line \(first: /)
  }, 60_000)

  it('keeps the lock file to its owner (mode 0600) and lets only its server remove it', () => {
    const d = tmp('lock')
    writeServerLock(d, { url, pid: process.pid, key: loader })
    expect(statSync(join(d, SERVER_LOCK)).mode & 0o777).toBe(0o600)
    removeServerLock(d, process.pid + 1)
    expect(existsSync(join(d, SERVER_LOCK))).toBe(true)
    removeServerLock(d)
    expect(existsSync(join(d, SERVER_LOCK))).toBe(false)
  })

  // break-it trial: `cp -a data backup` while the server ran, then `wacost ingest --db backup`
  // sent the log into the server's database
  it('does not take a copy of the server\'s directory, lock file and all, for the server\'s', () => {
    const d = tmp('held')
    writeServerLock(d, { url, pid: process.pid, key: loader })
    const copy = tmp('copy')
    cpSync(join(d, SERVER_LOCK), join(copy, SERVER_LOCK))
    expect(readServerLock(d)).toEqual({ url, pid: process.pid, key: loader })
    expect(readServerLock(copy)).toBeUndefined()
  })

  it('opens the database itself when the lock file is stale (its server is gone)', async () => {
    const stale = tmp('stale')
    writeServerLock(stale, { url, pid: await deadPid(), key: loader })
    expect(readServerLock(stale)).toBeUndefined()
    const r = await wacost(['ingest', '--db', stale, '--no-progress', demo])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toContain('sending through')
    expect(r.engineLoaded).toBe(true)
  }, 180_000) // a whole local ingest of the demo in a new directory: 60 s was too short on a loaded machine
})
