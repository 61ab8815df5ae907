// `--server` with the wrong scheme (break-it trial: `wacost ingest FILE --server
// https://127.0.0.1:PORT` against a plain-HTTP `npm start` said only "GET /health failed"): an
// https:// URL at a port that speaks plain HTTP is told so (the TLS handshake answered in another
// protocol), with the http:// URL to try; an http:// URL at a TLS port the same the other way.
// The servers here answer GET /health only: the CLI stops before anything else.
import { createServer as createHttp, type Server } from 'node:http'
import { createServer as createHttps } from 'node:https'
import { createServer as createNet, type Socket } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from './support/temp.ts'
import { wacost } from './support/cli.ts'

// A self-signed certificate for localhost and 127.0.0.1, made afresh for each run: no private key
// is kept in the repository, not even a test's.
let tls: { key: string; cert: string }
const health = (_req: unknown, res: { setHeader: (k: string, v: string) => void; end: (s: string) => void }) => {
  res.setHeader('content-type', 'application/json')
  res.end('{"status":"ok","engine":"embedded"}')
}
const env = { WACOST_API_KEY: 'scheme-loader-0123456789' }

let plain: Server
let secure: Server
const port = (s: { address: Server['address'] }) => (s.address() as { port: number }).port

beforeAll(async () => {
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  })
  tls = { key: made.private, cert: made.cert }
  plain = createHttp(health).listen(0, '127.0.0.1')
  secure = createHttps(tls, health).listen(0, '127.0.0.1')
  await Promise.all([plain, secure].map((s) => new Promise((resolve) => { s.once('listening', resolve) })))
})
afterAll(() => { plain?.close(); secure?.close() })

describe('--server with the wrong scheme', () => {
  it('says an https:// URL met plain HTTP, and which URL to try (batches and ingest alike)', async () => {
    const log = join(tempDir('wacost-scheme-'), 'today.ndjson')
    writeFileSync(log, '{}\n')
    const at = `https://127.0.0.1:${port(plain)}`
    for (const args of [['batches', '--server', at], ['ingest', log, '--server', at]]) {
      const r = await wacost(args, { env })
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toBe(`wacost: no wacost server answers at ${at}: the server at that address does not speak TLS `
        + '(https:// sent a TLS handshake and it answered in another protocol: ERR_SSL_WRONG_VERSION_NUMBER); '
        + `npm start serves plain HTTP (TLS only through a proxy in front of it): try http://127.0.0.1:${port(plain)}\n`)
      expect(r.engineLoaded).toBe(false)
    }
  }, 60_000)

  it('says an http:// URL met TLS, and which URL to try; a certificate not trusted is said as such', async () => {
    const at = `http://localhost:${port(secure)}/wacost/`
    const r = await wacost(['batches', '--server', at], { env })
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^wacost: no wacost server answers at ${at}: the server at that address speaks TLS \\(HTTPS\\), not plain HTTP `
      + `\\(GET /health failed: [^)]+\\): try https://localhost:${port(secure)}/wacost/\\n$`))
    const untrusted = await wacost(['batches', '--server', `https://127.0.0.1:${port(secure)}`], { env })
    expect(untrusted.code).toBe(2)
    expect(untrusted.stderr).toContain('GET /health failed: its TLS certificate was not accepted (self-signed certificate): '
      + 'for a certificate of your own authority, give its file in NODE_EXTRA_CA_CERTS')
  }, 60_000)

  // a proxy's 404 at an http:// URL was said to be TLS ("speaks TLS, not plain HTTP (GET /health failed:
  // it answered 404)"): an HTTP status is an HTTP answer; a URL with a path is told to give the base URL (break-it trial)
  it('says an HTTP answer other than 200 is no wacost server there, and a URL with a path to give the base URL', async () => {
    // a port that answers both: plain HTTP 404, and a TLS handshake (one tried after the 404 succeeded)
    const notFound = (_req: unknown, res: { statusCode: number; end: (s: string) => void }) => { res.statusCode = 404; res.end('Not Found') }
    const [http, https] = [createHttp(notFound), createHttps(tls, notFound)]
    const proxy = createNet((socket) => {
      socket.once('data', (first) => {
        socket.pause()
        socket.unshift(first)
        ;(first[0] === 0x16 ? https : http).emit('connection', socket)
        socket.resume()
      })
    }).listen(0, '127.0.0.1')
    await new Promise((resolve) => { proxy.once('listening', resolve) })
    try {
      const at = `http://127.0.0.1:${port(proxy)}`
      const r = await wacost(['batches', '--server', at], { env })
      expect([r.code, r.stderr]).toEqual([2, `wacost: no wacost server answers at ${at}: GET /health failed: it answered 404: `
        + 'not a wacost server at that address (or a path in front of it)\n'])
      const pathed = await wacost(['batches', '--server', `${at}/api`], { env })
      expect([pathed.code, pathed.stderr]).toEqual([2, `wacost: no wacost server answers at ${at}/api: GET /health failed: it answered 404: `
        + `not a wacost server at that address (or a path in front of it); the URL has a path, /api: give the server's base URL, e.g. ${at}\n`])
    } finally { proxy.close() }
  }, 60_000)

  // https:// at a port that accepts and never answers read undici's "Connect Timeout Error
  // (attempted address …)", where http:// read "no answer within 15 s" (break-it trial)
  it('says a port that accepts and never answers gave no answer, https:// as http://', async () => {
    const held = new Set<Socket>()
    const silent = createNet((socket) => { held.add(socket) }).listen(0, '127.0.0.1')
    await new Promise((resolve) => { silent.once('listening', resolve) })
    try {
      const at = `https://127.0.0.1:${port(silent)}`
      const r = await wacost(['batches', '--server', at], { env })
      expect([r.code, r.stderr]).toEqual([2, `wacost: no wacost server answers at ${at}: GET /health failed: `
        + 'no answer within 10 s (the connection or its TLS handshake got no reply)\n'])
    } finally {
      for (const socket of held) socket.destroy()
      silent.close()
    }
  }, 60_000)

  it('says nothing listens at a port where nothing does', async () => {
    const closed = createHttp().listen(0, '127.0.0.1')
    await new Promise((resolve) => { closed.once('listening', resolve) })
    const free = port(closed)
    await new Promise((resolve) => { closed.close(resolve) })
    const r = await wacost(['batches', '--server', `http://127.0.0.1:${free}`], { env })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`wacost: no wacost server answers at http://127.0.0.1:${free}: GET /health failed: nothing listens on that port `
      + `(connect ECONNREFUSED 127.0.0.1:${free}): is the server running, on that port?\n`)
  }, 60_000)
})
