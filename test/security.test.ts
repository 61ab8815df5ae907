// The API's security edges (issue 10, items 21, 24, 25): every route needs a key unless it is
// marked public, whatever spelling of the path reaches it (percent-encoded, doubled slashes,
// mixed case), enumerated from the app itself; nothing runs and nothing leaks before the key
// check; the security headers; every error in the one shape, 5xx logged with the request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { openEngine, ingest, type Session } from './support/engine.ts'
import { adminKey, get } from './support/api.ts'
import { dashboardLog } from './fixtures/dashboard.ts'
import { tempDir } from './support/temp.ts'
import { rawRequest } from './support/raw-http.ts'

const wabas = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))
// A 200-character message id: the longest the /api/messages/{id} schema allows.
const longId = `wamid.${'HBgLMTQxNTU1NTAxMDAVAgARGBI'.repeat(8)}`.slice(0, 200)

let session: Session
let app: FastifyInstance
const logged: Record<string, unknown>[] = []
let handlerRuns = 0
let webRoot: string
let address: string | undefined
/** The app on a port of its own, listening from the first call on (for what app.inject normalises or cannot send). */
const port = async () => Number(new URL(address ??= await app.listen({ port: 0, host: '127.0.0.1' })).port)
let engineCalls = 0

beforeAll(async () => {
  session = await openEngine({ wabas })
  expect((await ingest(session, [...dashboardLog, {
    message_id: longId, timestamp: '2024-09-12T00:00:00Z', waba_id: 'waba-ny', phone_number_id: 'pn-ny', wa_id: '14155550133', direction: 'inbound',
  }])).rejected).toBe(0)
  // A built page of two files, so the static routes are among those enumerated.
  webRoot = tempDir('wacost-web-')
  mkdirSync(join(webRoot, 'assets'))
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./assets/a.js"></script>')
  writeFileSync(join(webRoot, 'assets', 'a.js'), 'export {}')
  const stream = new Writable({ write(chunk, _enc, done) { logged.push(JSON.parse(String(chunk))); done() } })
  app = await buildApp({ session, keys: parseKeys(`${adminKey}=*`), webRoot, logger: { level: 'error', stream } })
  // A route that fails like an engine error would, to see what a 5xx says and logs.
  app.get('/api/test-failure', async () => { throw new Error('Code: 60. DB::Exception: Unknown table expression identifier') })
  app.addHook('preHandler', async () => { handlerRuns += 1 })
  for (const method of ['query', 'exec', 'command', 'insert'] as const) {
    const original = session.db.client[method].bind(session.db.client) as (...a: unknown[]) => unknown
    ;(session.db.client as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => { engineCalls += 1; return original(...a) }
  }
  await app.ready()
})
afterAll(async () => { await app?.close() })

/** Spellings of a path that a router or proxy may take for the same route. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1)
  const encodeFirst = (s: string) => (s ? `%${s.charCodeAt(0).toString(16)}${s.slice(1)}` : s)
  const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('')
  return [...new Set([
    path,
    `/${segments.map(encodeFirst).join('/')}`,
    `/${segments.map(encodeAll).join('/')}`,
    `/${encodeFirst(segments[0]!)}/${segments.slice(1).join('/')}`,
    `/${path}`,
    `/${segments.join('//')}`,
    `${path}/`,
    path.toUpperCase(),
    `/${segments.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('/')}`,
    `/${segments.join('%2F')}`,
    `/x/..${path}`,
    `${path};x=1`,
  ])]
}

/** A concrete path for a route pattern (`:id`, `*`). */
const concrete = (url: string) => url.replace(/:id/, 'a1').replace(/\*$/, 'x')

describe('who may call what', () => {
  it('enumerates the routes: data behind the key, only the page, docs, health and Meta\'s webhook (signed instead) public', () => {
    const routes = app.routeAccess()
    const closed = routes.filter((r) => !r.public)
    // A test on an empty list would pass whatever the app does.
    expect(closed.length).toBeGreaterThan(25)
    expect(closed.map((r) => r.url)).toEqual(expect.arrayContaining(['/api/headline', '/api/messages/:id', '/api/exports/ledger', '/api/test-failure']))
    for (const r of routes.filter((x) => x.public)) expect(r.url).toMatch(/^\/(health|docs(\/.*)?|index\.html|assets\/\*|webhooks\/whatsapp|)$/)
    expect(closed.every((r) => r.url.startsWith('/api/'))).toBe(true)
  })

  it('refuses every spelling of every closed route without a key, before anything runs', async () => {
    const closed = app.routeAccess().filter((r) => !r.public)
    let tried = 0
    for (const route of closed) {
      for (const path of spellings(concrete(route.url))) {
        for (const query of ['', '?waba=waba-ny', '?waba=waba-nope&format=json']) {
          for (const authorization of [undefined, 'Bearer test-admin-key-0123456780', `Basic ${adminKey}`]) {
            const before = { handlerRuns, engineCalls }
            const res = await app.inject({ method: route.method as 'GET', url: path + query, headers: authorization ? { authorization } : {} })
            const where = `${route.method} ${path}${query} (${authorization ?? 'no key'})`
            expect(res.statusCode, where).toBe(401)
            if (route.method === 'GET') expect(res.json().error.code, where).toBe('UNAUTHORIZED')
            expect({ handlerRuns, engineCalls }, where).toEqual(before)
            tried += 1
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(closed.length * 30)
  })

  it('answers an unknown and a known WABA identically without a key (the old bypass told them apart)', async () => {
    const known = await app.inject({ url: '/%61pi/headline?waba=waba-ny' })
    const unknown = await app.inject({ url: '/%61pi/headline?waba=waba-nope' })
    expect(known.statusCode).toBe(401)
    expect(known.body).toBe(unknown.body)
  })

  it('serves the routed path with a key, however it was spelled', async () => {
    const res = await get(app, '/%61pi/headline?format=json')
    expect(res.statusCode).toBe(200)
    expect((await get(app, '/%61pi/headline?waba=waba-nope')).json().error.code).toBe('UNKNOWN_WABA')
  })

  it('keeps the page, docs and health open', async () => {
    for (const url of ['/', '/index.html', '/assets/a.js', '/health', '/docs/json']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200)
    }
  })
})

describe("the page's files", () => {
  it("serves a build written after start (a rebuild's new asset names answered 401 until a restart), and nothing else", async () => {
    // `npm run build:web` while the server runs: new hashed names, the page pointing at them
    writeFileSync(join(webRoot, 'assets', 'index-B2x9q.js'), 'export const rebuilt = 1')
    writeFileSync(join(webRoot, 'assets', 'index-B2x9q.css'), 'body { margin: 0 }')
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./assets/index-B2x9q.js"></script>')
    writeFileSync(join(webRoot, 'secret.txt'), 'not a page')
    const js = await app.inject({ url: '/assets/index-B2x9q.js' })
    expect([js.statusCode, js.headers['content-type'], js.body]).toEqual([200, 'application/javascript; charset=utf-8', 'export const rebuilt = 1'])
    const css = await app.inject({ url: '/assets/index-B2x9q.css' })
    expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8'])
    // the page is the new one, revalidated on every load (never a stale copy naming gone assets)
    const page = await app.inject({ url: '/' })
    expect(page.body).toContain('index-B2x9q.js')
    expect(page.headers['cache-control']).toBe('public, max-age=0')
    // a missing asset: not found (it answered 401, a key error, to a dashboard that had one)
    const missing = await app.inject({ url: '/assets/index-gone.js' })
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'NOT_FOUND'])
    // no listing, no way out of the folder, and the API still behind the key
    // (app.inject resolves dots to /secret.txt, a path behind the key)
    const refused = { '/assets/': 404, '/assets/..%2fsecret.txt': 404, '/assets/..%2f..%2fpackage.json': 404, '/assets/../secret.txt': 401, '/assets/%2e%2e/secret.txt': 401 }
    for (const [url, status] of Object.entries(refused)) expect((await app.inject({ url })).statusCode, url).toBe(status)
    // the dots as a client may send them: send refuses to leave the folder
    for (const path of ['/assets/../secret.txt', '/assets/x/../../secret.txt', '/assets/../../package.json', '/assets/%2e%2e/secret.txt']) {
      const res = await rawRequest(await port(), [`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`])
      expect([res.status, res.body], path).toEqual([403, JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'Forbidden' } })])
    }
    expect((await app.inject({ url: '/secret.txt' })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/headline' })).statusCode).toBe(401)
  })
})

describe('security headers', () => {
  it('sends a CSP without inline script, nosniff and no framing on pages, data and errors', async () => {
    for (const res of [await app.inject({ url: '/' }), await get(app, '/api/headline?format=json'), await app.inject({ url: '/api/headline' }),
      await get(app, '/api/nothing'), await app.inject({ url: '/docs/json' })]) {
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("default-src 'self'")
      expect(csp).toMatch(/script-src 'self'(;|$)/)
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toContain('upgrade-insecure-requests')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
  })
})

describe('errors', () => {
  it('logs a 5xx with its request id and returns the id', async () => {
    logged.length = 0
    const res = await get(app, '/api/test-failure')
    expect(res.statusCode).toBe(500)
    const { error } = res.json<{ error: { code: string; message: string; request_id: string } }>()
    expect(error.code).toBe('INTERNAL')
    expect(error.request_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(error.message).toContain(error.request_id)
    // The details stay in the log, not in the answer.
    expect(res.body).not.toContain('DB::Exception')
    const line = logged.find((l) => l.reqId === error.request_id)
    expect(line).toMatchObject({ level: 50, reqId: error.request_id })
    expect(JSON.stringify(line)).toContain('Unknown table expression identifier')
  })

  it('answers a malformed URL and an over-long parameter in the common shape', async () => {
    for (const url of ['/api/%zz', '/api/messages/%E0%A4%A', '/%C0%AFapi/headline']) {
      const res = await get(app, url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json(), url).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(/URL is malformed/) } })
    }
    const tooLong = await get(app, `/api/messages/${'x'.repeat(201)}`)
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().error).toMatchObject({ code: 'BAD_PARAMETER', param: 'id' })
    // 200 characters of 2- and 4-byte UTF-8: long once percent-encoded, still within the schema.
    for (const id of ['é'.repeat(200), '😀'.repeat(200)]) {
      const res = await get(app, `/api/messages/${encodeURIComponent(id)}`)
      expect(res.statusCode, res.body).toBe(404)
      expect(res.json().error.code).toBe('NOT_FOUND')
    }
    const huge = await get(app, `/api/messages/${'x'.repeat(5000)}`)
    expect(huge.statusCode).toBe(414)
    expect(huge.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'A path parameter is too long.' } })
  })

  it('finds a message by a 200-character id (the router capped parameters at 100)', async () => {
    expect(longId).toHaveLength(200)
    const res = await get(app, `/api/messages/${encodeURIComponent(longId)}?format=json`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<{ message_id: string }[]>().map((r) => r.message_id)).toEqual([longId])
  })

  // Node's parser counts the URL with the headers and says "Header overflow" for both: a long URL
  // is a 431 too (not a 414, break-it trial), in words naming both
  it('answers headers, or a URL, over 16 KiB with 431 in the common shape, naming both', async () => {
    const message = 'The request\'s URL and headers are too large: 16 KiB at most, the two together (a URL this long: send the parameters in fewer, shorter values).'
    for (const [path, headers] of [['/api/headline', { 'x-filler': 'a'.repeat(20_000) }], [`/api/headline?waba=${'w'.repeat(20_000)}`, {}]] as const) {
      const res = await new Promise<{ status: number; body: string }>(async (resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: await port(), path, headers }, (r) => {
          let body = ''
          r.on('data', (c) => { body += c })
          r.on('end', () => resolve({ status: r.statusCode!, body }))
        })
        req.on('error', reject)
        req.end()
      })
      expect(res.status).toBe(431)
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'BAD_REQUEST', message } })
    }
  })

  // RFC 9110 §11.1: the scheme is case-insensitive (break-it trial: `bearer` refused), on the wire
  it('takes the key after "Bearer" in any letter case', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await rawRequest(await port(), [`GET /api/key HTTP/1.1\r\nHost: x\r\nAuthorization: ${scheme}  ${adminKey}\r\nConnection: close\r\n\r\n`])
      expect([scheme, res.status, JSON.parse(res.body)]).toEqual([scheme, 200, { wabas: '*' }])
    }
  })
})

describe('docker-compose.yml', () => {
  const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')

  it('publishes ClickHouse on localhost only', () => {
    const ports = [...compose.matchAll(/^\s+- "([^"]+)"$/gm)].map((m) => m[1]).filter((p) => /\d+:\d+$/.test(p!))
    expect(ports).toEqual(['127.0.0.1:8123:8123'])
  })

  it('takes the password from the environment and refuses to start without one', () => {
    expect(compose).toMatch(/^\s+CLICKHOUSE_PASSWORD: \$\{CLICKHOUSE_PASSWORD:\?[^}]+\}$/m)
    expect(compose).not.toMatch(/CLICKHOUSE_PASSWORD: ""/)
  })
})
