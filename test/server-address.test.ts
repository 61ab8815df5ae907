// The server's address as it is printed and written in its lock file, and what the CLI says of a
// lock file it cannot use (break-it trial): HOST=::1 printed http://::1:3917/ and wrote it into
// the lock file, after which every `wacost ingest` on that database ended "failed: Invalid URL",
// exit 1; a stopped server (kill -STOP) was said to be one `wacost ingest` "sends through"; a
// killed demo load was said to be finished by npm start "as long as nothing else is ingested" by
// the ingest that went on to ingest something else; HOST written as a URL got wrong advice.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoSource, startBatch } from '../core/batches.ts'
import { loadEnv } from '../core/config.ts'
import { hostProblem, localBase, serverBase } from '../core/listen-address.ts'
import { readServerLock, SERVER_LOCK, writeServerLock } from '../core/server-lock.ts'
import { openPersistent } from '../core/session.ts'
import { wacostJs } from './support/compiled.ts'
import { npmStart } from './support/npm-start.ts'
import { tempDir } from './support/temp.ts'

const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname

interface Run { code: number; stdout: string; stderr: string }

function wacost(args: string[]): Promise<Run> {
  const env = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', WACOST_API_KEYS: '', WACOST_API_KEY: '' }
  return new Promise((resolve) => {
    execFile(process.execPath, [wacostJs, ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 150_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

describe('the address in a URL', () => {
  it('puts an IPv6 address in brackets, and names the loopback one for a server on every interface', () => {
    expect(serverBase('::1', 3917)).toBe('http://[::1]:3917')
    expect(serverBase('::ffff:127.0.0.1', 3917)).toBe('http://[::ffff:127.0.0.1]:3917')
    expect(serverBase('::', 3950)).toBe('http://[::]:3950')
    expect(serverBase('127.0.0.1', 3917)).toBe('http://127.0.0.1:3917')
    expect(serverBase('localhost', 3917)).toBe('http://localhost:3917')
    for (const host of ['::1', '::ffff:127.0.0.1', '::', 'localhost']) expect(URL.canParse(serverBase(host, 1))).toBe(true)
    expect(localBase('::1', 3917)).toBe('http://[::1]:3917')
    expect(localBase('::', 3917)).toBe('http://127.0.0.1:3917')
    expect(localBase('0:0:0:0:0:0:0:0', 3917)).toBe('http://127.0.0.1:3917')
    expect(localBase('0.0.0.0', 3917)).toBe('http://127.0.0.1:3917')
  })

  it('says what to give for a HOST written as in a URL', () => {
    const cases: [string, string][] = [
      ['http://[::1]:3000/', 'it has a scheme (http://): give only the address, HOST=::1, and the port in PORT (PORT=3000)'],
      ['https://127.0.0.1:3000/x', 'it has a scheme (https://): give only the address, HOST=127.0.0.1, and the port in PORT (PORT=3000) (a path is not taken: the server serves from /)'],
      ['http://localhost:3000', 'it has a scheme (http://): give only the address, HOST=localhost, and the port in PORT (PORT=3000)'],
      ['http://localhost', 'it has a scheme (http://): give only the address, HOST=localhost, and the port in PORT'],
      ['[::1]:3000', 'it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=::1, and the port in PORT (PORT=3000)'],
      ['[::1]', 'it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=::1'],
      ['localhost:', 'it ends in a colon with no port after it: give only the address in HOST (HOST=localhost) and the port in PORT'],
      ['localhost:abc', 'its port part (:abc) is not a number: give only the address in HOST (HOST=localhost) and the port in PORT (a number, e.g. PORT=3000)'],
      ['localhost:3000', 'it has a port (:3000): give only the address in HOST (HOST=localhost) and the port in PORT (PORT=3000)'],
    ]
    for (const [host, said] of cases) expect({ host, said: hostProblem(host, 'ENOTFOUND') }).toEqual({ host, said })
  })

  // break-it trial: PORT=4000 HOST=localhost:3000 was told "give the port in PORT (PORT=3000)", as if PORT were unset
  it('tells a HOST with a port that PORT is given already, and to give the port once', () => {
    const cases: [string, number, string][] = [
      ['localhost:3000', 4000, 'it has a port (:3000): give only the address in HOST (HOST=localhost) and the port in PORT (PORT=3000 or PORT=4000: PORT is already 4000, give the port once)'],
      ['localhost:4000', 4000, 'it has a port (:4000): give only the address in HOST (HOST=localhost) and the port in PORT (it already is: PORT=4000)'],
      ['[::1]:3000', 4000, 'it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=::1, and the port in PORT (PORT=3000 or PORT=4000: PORT is already 4000, give the port once)'],
      ['http://localhost:3000', 3000, 'it has a scheme (http://): give only the address, HOST=localhost, and the port in PORT (it already is: PORT=3000)'],
      // the URL parser's http:// would drop :80 and read 1:2 as 0.0.0.1: named as written
      ['localhost:80', 4000, 'it has a port (:80): give only the address in HOST (HOST=localhost) and the port in PORT (PORT=80 or PORT=4000: PORT is already 4000, give the port once)'],
      ['127.1:2', 4000, 'it has a port (:2): give only the address in HOST (HOST=127.1) and the port in PORT (PORT=2 or PORT=4000: PORT is already 4000, give the port once)'],
      ['localhost:abc', 4000, 'its port part (:abc) is not a number: give only the address in HOST (HOST=localhost) and the port in PORT (a number, e.g. PORT=3000)'],
      ['[::1]:', 4000, 'it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=::1; it ends in a colon with no port after it: give only the address in HOST (HOST=::1) and the port in PORT'],
      ['::1', 4000, 'no address is known for that name (DNS, /etc/hosts): give a name or an address of this machine, e.g. localhost'],
      // both were told what an IPv4 address is (break-it trial)
      [':3000', 4000, 'it has a port (:3000) and no address: give the port in PORT (PORT=3000 or PORT=4000: PORT is already 4000, give the port once) and an address in HOST (e.g. HOST=localhost), or leave HOST unset'],
      ['[::1', 4000, 'it has an unclosed bracket: give the address without brackets, HOST=::1'],
    ]
    for (const [host, port, said] of cases) expect({ host, port, said: hostProblem(host, 'ENOTFOUND', port) }).toEqual({ host, port, said })
  })
})

// HOST=' localhost:3000' was told "give the address alone, localhost:3000", then refused for its
// port (break-it trial): the blank's advice reads the rest as a HOST is read
describe('a HOST with a blank', () => {
  it('is told the address and the port to give', () => {
    const said = (HOST: string) => { try { loadEnv({ HOST }); return 'read' } catch (e) { return (e as Error).message } }
    expect(said(' localhost:3000')).toBe('invalid environment: HOST=" localhost:3000" (it has a blank before the address (a space or line break copied with it?): give the address alone, localhost, and the port in PORT (PORT=3000)); fix or unset it')
    expect(said('[::1] ')).toBe('invalid environment: HOST="[::1] " (it has a blank after the address (a space or line break copied with it?): give the address alone, ::1); fix or unset it')
  })
})

// (these four tests at once, the two suites concurrent: the unanswered server's run waits its
// 15 s while npm start starts and the others run; each has its own directory, and only the demo
// load's opens an engine in this process)
describe.concurrent('the lock file of a server on IPv6, or one that does not answer', () => {
  it('npm start on HOST=::1 prints a URL that parses and writes it in its lock file, which the CLI then uses', async () => {
    const db = join(tempDir('wacost-ipv6-'), 'data')
    const run = npmStart(db, { env: { HOST: '::1' } })
    try {
      const url = await run.url
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/#key=/)
      expect(run.said.stderr).toMatch(/\n {2}API docs: {2}http:\/\/\[::1\]:\d+\/docs\n/)
      const lock = readServerLock(db)!
      expect(lock.url).toBe(new URL(url).origin)
      const batches = await wacost(['batches', '--db', db])
      expect(batches.stderr).toBe(`listed by the wacost server at ${lock.url}\n`)
      expect(batches.code).toBe(0)
    } finally { run.cleanup() }
  }, 240_000)

  it('says a lock file whose URL does not parse (an older version\'s) in words, exit 2', async () => {
    const db = tempDir('wacost-bad-lock-')
    writeServerLock(db, { url: 'http://::1:3917', pid: process.pid })
    for (const command of [['ingest', '--db', db, demo], ['batches', '--db', db]]) {
      const r = await wacost(command)
      expect(r).toEqual({ code: 2, stdout: '', stderr: `wacost: the wacost server (pid ${process.pid}) that holds the database at ${db} names an address that is not a valid URL in its lock file `
        + `(${join(db, SERVER_LOCK)}: http://::1:3917), as an older version wrote an IPv6 address: restart it (Ctrl-C, then npm start) so that it writes a valid one, then run this command again\n` })
    }
  }, 60_000)

  it('says a server that holds the database and gives no answer is stopped or stuck, not that the command sends through it', async () => {
    const db = tempDir('wacost-hung-')
    writeFileSync(join(db, 'status'), `PID: ${process.pid}\nStarted at: 2026-01-01 00:00:00\nRevision: 1\n`)
    // accepts and never answers, as a server stopped with kill -STOP (the kernel accepts for it)
    const held: Socket[] = []
    const hung = createServer((socket) => { held.push(socket) })
    await new Promise<void>((resolve) => { hung.listen(0, '127.0.0.1', resolve) })
    const url = `http://127.0.0.1:${(hung.address() as { port: number }).port}`
    writeServerLock(db, { url, pid: process.pid })
    try {
      const r = await wacost(['ingest', '--db', db, demo])
      expect(r).toEqual({ code: 2, stdout: '', stderr: `wacost: the wacost server at ${url} (pid ${process.pid}) holds the database at ${db} but did not answer `
        + `(GET /health failed: no answer within 15 s): is it stopped or stuck? (kill -CONT ${process.pid} if it was stopped, or stop it)\n` })
    } finally {
      for (const socket of held) socket.destroy()
      hung.close()
    }
  }, 60_000)
})

describe.concurrent('a demo load that stopped, then an ingest', () => {
  it('says that this ingest ends the demo in this database, not that npm start finishes it', async () => {
    const db = join(tempDir('wacost-demo-then-ingest-'), 'data')
    const s = await openPersistent(db, {})
    try { await startBatch(s.db, demoSource) } finally { await s.close() } // what a kill -9 during the demo load leaves
    const r = await wacost(['ingest', '--db', db, '--no-progress', demo])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/\nwarning: the demo load \(batch 1, started [^)]+\) did not finish \(the process stopped\); this ingest stores other data, so npm start will not finish the demo in this database: for the demo, start on a new database \(e\.g\. WACOST_DB=\.\/demo-data npm start\)\n/)
    expect(r.stderr).not.toContain('as long as nothing else is ingested')
  }, 240_000)
})
