// `npm start` (bin/start.ts) and the CLI when something is in the way, run as a user runs them:
// an invalid environment or a database directory held by another process exits 2 with one
// sentence (held: it exited 1, an engine error's status; break-it trial), and so does a port in
// use (it exited 1: fresh-user trial), with one sentence saying what to do; never a stack trace.
import { once } from 'node:events'
import { existsSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loadEnv } from '../core/config.ts'
import { openPersistent } from '../core/session.ts'
import { explainEngineError, lockHolder } from '../core/db/errors.ts'
import { readServerLock } from '../core/server-lock.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { npmStart } from './support/npm-start.ts'
import { cli, run, runTs, start } from './support/run-start.ts'
import { tempDir } from './support/temp.ts'

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal|Error:/)

describe('an invalid environment', () => {
  it('stops npm start with exit 2 and one sentence', async () => {
    const r = await run([runTs, start], { PORT: 'abc', WACOST_DB: join(tmpdir(), 'wacost-never-created') })
    expect(r.code).toBe(2)
    // zod's words were "Invalid input: expected number, received NaN" (fresh-user trial)
    expect(r.stderr).toBe('wacost: invalid environment: PORT="abc" (must be a port number: 1–65535, or 0 for any free port); fix or unset it\n')
    expect(r.stdout).toBe('')
  })

  it('stops the CLI the same way, naming a secret without echoing it', async () => {
    const r = await run([cli, 'rejected', '--db', join(tmpdir(), 'wacost-never-created')], { WACOST_API_KEYS: 'short=*' })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^wacost: invalid environment: WACOST_API_KEYS \(the 1st key has 5 characters; a key needs 16 or more; expected key=\*/)
    expect(r.stderr).not.toContain('short=*')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  // PORT=" 3000" read "expected a whole number written in digits" (break-it trial): a blank is said
  // as one, by one rule for every number of the environment, npm start's and the CLI's alike
  it('says a number with a blank has a blank, naming the variable and its value', async () => {
    const r = await run([runTs, start], { PORT: ' 3000', WACOST_DB: join(tmpdir(), 'wacost-never-created') })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('wacost: invalid environment: PORT=" 3000" (it has a blank before the number (a space or line break copied with it?): give the number alone, 3000); fix or unset it\n')
    const other = await run([cli, 'rejected', '--db', join(tmpdir(), 'wacost-never-created')], { WACOST_BODY_IDLE_SECONDS: '60\n', WACOST_WRITE_NICE: '1 0' })
    expect(other.code).toBe(2)
    expect(other.stderr).toBe('wacost: invalid environment: WACOST_WRITE_NICE="1 0" (it has a blank inside the number: give the number alone, in digits, without blanks), '
      + 'WACOST_BODY_IDLE_SECONDS="60\\n" (it has a blank after the number (a space or line break copied with it?): give the number alone, 60); fix or unset them\n')
  })

  // break-it trial: a C1 control character (U+0085, NEL: a line break) was called "an invisible
  // blank", and a tab "a blank (a space or line break …)": each named as what it is
  it('names a control character and a tab in a value as such, not as a blank', () => {
    const said = (PORT: string) => { try { loadEnv({ PORT }); return 'read' } catch (e) { return (e as Error).message } }
    expect(said('3000\u0085')).toBe('invalid environment: PORT="3000\\u0085" (it has a control character (U+0085, a line break) after the number (copied with it?): give the number alone, 3000); fix or unset it')
    expect(said('\u00813000')).toBe('invalid environment: PORT="\\u00813000" (it has a control character (U+0081) before the number (copied with it?): give the number alone, 3000); fix or unset it')
    expect(said('3000\t')).toBe('invalid environment: PORT="3000\\t" (it has a tab after the number (copied with it?): give the number alone, 3000); fix or unset it')
    expect(() => loadEnv({ HOST: '\t127.0.0.1' })).toThrow('HOST="\\t127.0.0.1" (it has a tab before the address (copied with it?): give the address alone, 127.0.0.1)')
  })

  // WACOST_DB=' /tmp/x' made a folder " " in the working directory, and WACOST_DB=$'/tmp/db1\n'
  // was told "no database at /tmp/db1" and a line break (break-it trial): a blank at an end is
  // said as in PORT, for the CLI's --db too; one inside the path is part of it
  it('says a blank at an end of WACOST_DB or the CLI\'s --db, and keeps one inside the path', async () => {
    const said = (WACOST_DB: string) => { try { return loadEnv({ WACOST_DB }).WACOST_DB } catch (e) { return (e as Error).message } }
    expect(said(' /tmp/x')).toBe('invalid environment: WACOST_DB=" /tmp/x" (it has a blank before the directory (a space or line break copied with it?): give the directory alone, /tmp/x); fix or unset it')
    expect(said('/tmp/x\t')).toBe('invalid environment: WACOST_DB="/tmp/x\\t" (it has a tab after the directory (copied with it?): give the directory alone, /tmp/x); fix or unset it')
    expect(said(' ')).toBe('invalid environment: WACOST_DB=" " (it has only blanks, no directory: give a directory, or leave it empty or unset); fix or unset it')
    expect(said('/tmp/my dir')).toBe('/tmp/my dir')
    const db = join(tempDir('wacost-db-blank-'), 'db1')
    const runs = await Promise.all([
      run([cli, 'batches'], { WACOST_DB: `${db}\n` }),
      run([cli, 'batches', '--db', `${db} `], {}),
      run([cli, 'ingest', '/dev/null', '--db', ` ${db}`], {}),
      run([cli, 'batches', '--db', ''], {}),
    ])
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [2, `wacost: invalid environment: WACOST_DB="${db}\\n" (it has a blank after the directory (a space or line break copied with it?): give the directory alone, ${db}); fix or unset it\n`],
      [2, `wacost: --db "${db} ": it has a blank after the directory (a space or line break copied with it?): give the directory alone, ${db}\n`],
      [2, `wacost: --db " ${db}": it has a blank before the directory (a space or line break copied with it?): give the directory alone, ${db}\n`],
      // an empty --db was told " holds no wacost database: … (wacost ingest FILE --db ), …"
      [2, 'wacost: --db "": it is empty: give a directory\n'],
    ])
    expect(existsSync(db)).toBe(false)
  })

  // the last grant of a key given twice won, silently (break-it trial): refused, the key not echoed
  it('refuses a key given twice in WACOST_API_KEYS, whatever its grants', async () => {
    const r = await run([cli, 'rejected', '--db', join(tmpdir(), 'wacost-never-created')], { WACOST_API_KEYS: 'admin-key-0123456789abcd=*,admin-key-0123456789abcd=111:read' })
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('wacost: invalid environment: WACOST_API_KEYS (the 1st and the 2nd key are the same key: give each key once, with all its WABAs and roles in one entry (key=waba1|waba2:read+ingest)); fix or unset it')
  })
})

describe('npm start when something is in the way', () => {
  // HOST=999.1.1.1 read "not an address of this machine" (break-it trial): it is no address at all
  it('says HOST is not a valid IP address, or not an address of this machine', async () => {
    const db = join(tempDir('wacost-start-'), 'data')
    const invalid = await run([runTs, start], { PORT: '39217', HOST: '999.1.1.1', WACOST_DB: db })
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toBe('wacost: cannot listen on HOST="999.1.1.1": it is not a valid IP address (IPv4 is four numbers from 0 to 255, e.g. 127.0.0.1; 0.0.0.0 listens on every interface)\n')
    // 192.0.2.1: an address kept for documentation (RFC 5737), no machine's
    const elsewhere = await run([runTs, start], { PORT: '39217', HOST: '192.0.2.1', WACOST_DB: db })
    expect(elsewhere.code).toBe(2)
    expect(elsewhere.stderr).toBe('wacost: cannot listen on HOST="192.0.2.1": it is not an address of this machine\n')
    // an IPv6 address with a zone listened, then printed http://[::1%lo]:…/ and wrote it into the
    // lock file: no URL parser takes it, so `wacost ingest` on that database ended "Invalid URL"
    const zoned = await run([runTs, start], { PORT: '39217', HOST: '::1%lo', WACOST_DB: db })
    expect([zoned.code, zoned.stderr]).toEqual([2, 'wacost: cannot listen on HOST="::1%lo": it is an IPv6 address with a zone (%lo), which no URL can hold, '
      + 'so neither a browser nor wacost ingest could reach the server at it: give an address without a zone (::1 if it is not link-local; '
      + '::1 for this machine alone, :: for every interface)\n'])
    expect(existsSync(db)).toBe(false)
  })

  // HOST=[::1], localhost:3000 and http://localhost read "not a valid IP address" without saying
  // what was wrong; HOST=" 127.0.0.1" was not told its blank, and a no-break space was echoed as a
  // plain space (break-it trial): each said, with the HOST (and PORT) to give
  it('says what is wrong in a HOST written as in a URL, or with a blank', async () => {
    const db = join(tempDir('wacost-start-'), 'data')
    const cases: [string, string][] = [
      ['[::1]', 'wacost: cannot listen on HOST="[::1]": it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=::1\n'],
      // PORT given too: was told "PORT=3000" as if PORT were unset (break-it trial)
      ['localhost:3000', 'wacost: cannot listen on HOST="localhost:3000": it has a port (:3000): give only the address in HOST (HOST=localhost) and the port in PORT (PORT=3000 or PORT=39218: PORT is already 39218, give the port once)\n'],
      ['http://localhost', 'wacost: cannot listen on HOST="http://localhost": it has a scheme (http://): give only the address, HOST=localhost, and the port in PORT\n'],
      // read "cannot listen on HOST=localhost:: it ends in a colon…", its colon run into the sentence's
      ['localhost:', 'wacost: cannot listen on HOST="localhost:": it ends in a colon with no port after it: give only the address in HOST (HOST=localhost) and the port in PORT\n'],
      [' 127.0.0.1', 'wacost: invalid environment: HOST=" 127.0.0.1" (it has a blank before the address (a space or line break copied with it?): give the address alone, 127.0.0.1); fix or unset it\n'],
      ['127.0.0.1\u00a0', 'wacost: invalid environment: HOST="127.0.0.1\\u00a0" (it has a no-break space (U+00A0) after the address (copied with it from a web page or document?): give the address alone, 127.0.0.1); fix or unset it\n'],
    ]
    const runs = await Promise.all(cases.map(([host]) => run([runTs, start], { PORT: '39218', HOST: host, WACOST_DB: db })))
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(cases.map(([, said]) => [2, said]))
    expect(existsSync(db)).toBe(false)
  })

  // with PORT=0 the check before opening anything was skipped: HOST=:3000 was said only once the
  // database was opened and the demo loaded (break-it trial)
  it('says a bad HOST before opening the database with PORT=0 too', async () => {
    const db = join(tempDir('wacost-start-'), 'data')
    const r = await run([runTs, start], { PORT: '0', HOST: ':3000', WACOST_DB: db })
    expect([r.code, r.stderr]).toEqual([2, 'wacost: cannot listen on HOST=":3000": it has a port (:3000) and no address: give the port in PORT '
      + '(PORT=3000 or PORT=0: PORT is already 0, give the port once) and an address in HOST (e.g. HOST=localhost), or leave HOST unset\n'])
    expect(existsSync(db)).toBe(false)
  })

  it('says the port is in use, before opening the database', async () => {
    const other = createServer().listen(0, '127.0.0.1')
    await once(other, 'listening')
    const { port } = other.address() as AddressInfo
    const db = join(tempDir('wacost-start-'), 'data')
    try {
      const r = await run([runTs, start], { PORT: String(port), HOST: '127.0.0.1', WACOST_DB: db })
      expect(r.code).toBe(2) // could not start (1, "failed while working": fresh-user trial)
      expect(r.stderr).toBe(`wacost: port ${port} is in use: stop the other server or set PORT=… (e.g. PORT=${port + 1} npm start)\n`)
      expect(existsSync(db)).toBe(false)
    } finally {
      other.close()
    }
  })

  it('says another process holds the database', async () => {
    const db = tempDir('wacost-held-')
    const holder = await openPersistent(db, {})
    try {
      expect(lockHolder(db)).toBeUndefined() // this process is not "another" one
      const r = await run([runTs, start], { PORT: '0', WACOST_DB: db })
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`wacost: another wacost process (pid ${process.pid}) holds the database at ${db}: `
        + 'stop it (npm start, or a wacost command still running) or use another directory (WACOST_DB=DIR)\n')
      noStack(r.stderr)
    } finally {
      await holder.close()
    }
  })

  // npm start takes no --db: it said "(use --db DIR or WACOST_DB for another place)" (fresh-user trial)
  it('says WACOST_DB is a file, in words that fit npm start', async () => {
    const file = join(tempDir('wacost-afile-'), 'afile')
    writeFileSync(file, 'x\n')
    const r = await run([runTs, start], { PORT: '0', WACOST_DB: file })
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '',
      `wacost: cannot open the database at ${file}: it is a file, not a directory (use WACOST_DB=DIR for another place)\n`])
  })

  // a path that cannot be created exited 1 from npm start ("failed while working"), 2 from the CLI (break-it trial)
  it('says a WACOST_DB under a file cannot be created: exit 2, as the CLI', async () => {
    const file = join(tempDir('wacost-under-file-'), 'afile')
    writeFileSync(file, 'x\n')
    const db = join(file, 'sub')
    const r = await run([runTs, start], { PORT: '0', WACOST_DB: db })
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '',
      `wacost: cannot create the database at ${db}: a file is in the way on that path (use WACOST_DB=DIR for another place)\n`])
    const cliRun = await run([cli, 'ingest', '--db', db, '-'], {})
    expect(cliRun.code).toBe(2)
    expect(cliRun.stderr).toContain(`wacost: cannot create the database at ${db}: a file is in the way on that path`)
  })
})

/**
 * `npm start` on a new database holding one message (so no demo data is loaded), as a service or
 * a terminal starts it (`detached`: its own process group); resolves once it printed its URL,
 * with its server's process id, its stderr so far, how it exits, and a cleanup that kills
 * whatever a failed run left running.
 */
async function startNpm(name: string, detached: boolean) {
  const db = tempDir(`wacost-npm-${name}-`)
  const seed = await openPersistent(db, {})
  try {
    await ingestSource(seed.db, Readable.from([Buffer.from(JSON.stringify({ message_id: `wamid.npm-${name}-1`, direction: 'inbound', waba_id: 'waba-npm', phone_number_id: 'pn-npm', wa_id: '14155550199', timestamp: '2025-12-01T10:00:00Z' }))]), 'seed')
  } finally { await seed.close() }
  const run = npmStart(db, { detached })
  try {
    expect(await run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=/)
  } catch (e) { run.cleanup(); throw e }
  return { db, ...run, server: readServerLock(db)! }
}

describe('npm start under a supervisor', () => {
  // A supervisor stops a service by sending SIGTERM to the process it started: npm. npm passes it
  // to its child; before `exec` in the start script that child was the shell, which died and left
  // the server running (found by a fresh-user trial).
  it('stops the server when npm itself gets SIGTERM: closed, lock file removed, exit 0', async () => {
    const run = await startNpm('start', false)
    try {
      expect(run.server.pid).not.toBe(run.npm.pid)
      run.npm.kill('SIGTERM')
      expect(await run.exit()).toBe(0)
      // The server's own process is gone too (it removed its lock file on the way out).
      expect(readServerLock(run.db)).toBeUndefined()
      expect(() => process.kill(run.server.pid, 0)).toThrow()
    } finally { run.cleanup() }
  }, 180_000)
})

describe('npm start in a terminal', () => {
  // Ctrl-C signals the terminal's whole process group: npm and the server, and npm passes its own
  // SIGINT on, so the server got two at once; its handler ran once, and the second signal's
  // default killed it in its close (fresh-user trial: gone in 0.6 s, nothing said, the waiting
  // webhook deliveries left to the next start).
  it('stops on a Ctrl-C to the process group: says so, closes, removes the lock file, exit 0', async () => {
    const run = await startNpm('ctrl-c', true)
    try {
      process.kill(-run.npm.pid!, 'SIGINT')
      // npm's own SIGINT passed on, while the server closes (sent here too: two signals sent at
      // once reach a process as one)
      await new Promise((resolve) => setTimeout(resolve, 30))
      try { process.kill(run.server.pid, 'SIGINT') } catch { /* already closed */ }
      expect(await run.exit()).toBe(0)
      // closed, not killed by the second signal (which left the lock file)
      expect(readServerLock(run.db)).toBeUndefined()
      expect(() => process.kill(run.server.pid, 0)).toThrow()
      expect(run.said.stderr).toContain('wacost: stopping (SIGINT): finishing the batch that runs, then closing the database …\nwacost: stopped\n')
      // started with WACOST_API_KEYS= (test/support/npm-start.ts): read as unset, and said (it was not)
      expect(run.said.stderr).toContain('WACOST_API_KEYS is set but empty: read as unset, so this run makes one key for every WABA and role (in the dashboard address below)')
    } finally { run.cleanup() }
  }, 180_000)
})

describe('explainEngineError', () => {
  it('turns the engine\'s lock error into the sentence, and leaves unknown errors alone', () => {
    const locked = new Error('Code: 76. DB::Exception: Cannot lock file /x/status. Another server instance in same directory is already running. (CANNOT_OPEN_FILE)')
    expect(explainEngineError(locked, { dir: './data' })).toMatch(/^another wacost process holds the database at \.\/data: stop it/)
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' })
    expect(explainEngineError(refused, { server: 'http://localhost:8123' })).toMatch(/^cannot reach the ClickHouse server at http:\/\/localhost:8123/)
    expect(explainEngineError(new Error('Code: 62. Syntax error'))).toBeUndefined()
  })
})
