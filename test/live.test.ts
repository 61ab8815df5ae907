// Fresh pages: the data version, GET /api/events (server-sent events) and the results cache
// keyed by it, on the real engine. Batches go through session.exclusive, as the server's own
// writers (API ingest, webhook micro-batches) do.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { request, type IncomingMessage } from 'node:http'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { ingest } from './support/engine.ts'
import { adminKey, get, json, openApp, type TestApp } from './support/api.ts'
import { dashboardLog } from './fixtures/dashboard.ts'
import { readDataVersion } from '../core/data-version.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

const wabas = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))
const nyKey = 'test-ny-only-key-0123'
let t: TestApp
let base = ''

beforeAll(async () => {
  t = await openApp({ wabas, freeTier: 2 }, `${adminKey}=*,${nyKey}=waba-ny`)
  expect((await ingest(t.session, dashboardLog)).rejected).toBe(0)
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(async () => { await t?.app.close() })

const total = async (query = '') => (await json<HeadlineRow[]>(t.app, `/api/headline${query}`)).find((r) => r.section === 'total')
let next = 0
/** A new MARKETING conversation of waba-dash: the headline total grows by one. */
const newConversation = () => {
  next += 1
  return { message_id: `live-${next}`, timestamp: `2024-09-2${next}T12:00:00Z`, waba_id: 'waba-dash', phone_number_id: 'pn-d1', wa_id: `1415555030${next}`, direction: 'outbound', template_category: 'MARKETING', template_name: 'promo' }
}

interface Sse { name: string; version: number }

/** vi.waitFor's bound: its 1 s default is too short for the server to see a socket's end on a loaded CI machine; the wait ends as soon as the state is reached. */
const settle = { timeout: 30_000 }

/** Opens /api/events and collects its events; `comments` counts heartbeat lines. */
function events(query = '', key = adminKey): Promise<{ res: IncomingMessage; got: Sse[]; wait(n: number): Promise<Sse[]>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/events${query}`, { headers: { authorization: `Bearer ${key}` } }, (res) => {
      const got: Sse[] = []
      const waiters: (() => void)[] = []
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const name = /^event: (.+)$/m.exec(block)?.[1]
          const data = /^data: (.+)$/m.exec(block)?.[1]
          if (name && data) got.push({ name, version: (JSON.parse(data) as { version: number }).version })
        }
        for (const w of waiters.splice(0)) w()
      })
      const wait = async (n: number) => {
        while (got.length < n) await new Promise<void>((r) => waiters.push(r))
        return got
      }
      resolve({ res, got, wait, close: () => req.destroy() })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('GET /api/events', () => {
  it('sends the current version on connect and a change after a batch', async () => {
    const stream = await events()
    expect(stream.res.statusCode).toBe(200)
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    // Written by hand, still with the security headers every answer carries.
    expect(stream.res.headers['x-content-type-options']).toBe('nosniff')
    expect(stream.res.headers['content-security-policy']).toContain("default-src 'self'")
    const [first] = await stream.wait(1)
    expect(first).toEqual({ name: 'version', version: await readDataVersion(t.session) })
    const summary = await ingest(t.session, [newConversation()])
    const [, change] = await stream.wait(2)
    expect(change).toEqual({ name: 'change', version: summary.batch })
    expect(change!.version).toBeGreaterThan(first!.version)
    stream.close()
  })

  it('needs a key, and a scoped key may not name another WABA', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/events' })
    expect(none.statusCode).toBe(401)
    expect((await get(t.app, '/api/events', 'not-a-key-0123456789')).statusCode).toBe(401)
    const other = await get(t.app, '/api/events?waba=waba-dash', nyKey)
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ error: { code: 'UNKNOWN_WABA' } })
    expect((await get(t.app, '/api/events?since=1')).statusCode).toBe(400)
    const own = await events('?waba=waba-ny', nyKey)
    expect(own.res.statusCode).toBe(200)
    expect((await own.wait(1))[0]!.name).toBe('version')
    own.close()
  })

  it('sends its first event ahead of the statements already waiting for the engine', async () => {
    // a page's live mark waits for this event: behind the panels asked at the same instant (by it
    // or another page) it came seconds after the headline (CI)
    const order: string[] = []
    const slow = (tag: string) => t.session.db.client.query({ query: 'SELECT sum(cityHash64(number)) AS x FROM numbers({n:UInt64})', query_params: { n: 300_000_000 }, format: 'JSONEachRow' })
      .then((r) => r.json()).then(() => { order.push(tag) })
    const waiting = [slow('running'), slow('waiting')]
    const stream = await events()
    try {
      await stream.wait(1)
      order.push('event')
      await Promise.all(waiting)
      expect(order).toEqual(['running', 'event', 'waiting'])
    } finally { stream.close() }
  })

  it('stops listening when the client leaves', async () => {
    // The earlier tests' streams are closed by now.
    await vi.waitFor(() => expect(t.app.dataVersion.listening).toBe(0), settle)
    const stream = await events()
    await stream.wait(1)
    expect(t.app.dataVersion.listening).toBe(1)
    stream.close()
    await vi.waitFor(() => expect(t.app.dataVersion.listening).toBe(0), settle)
  })

  // Connections are kept half-open (a POST /api/ingest body that came whole is read though its
  // client closed its side, api/app.ts): a stream whose client closed only its side (its FIN, the
  // socket not destroyed) stayed subscribed, and open, until a heartbeat's write failed.
  it('stops listening, and ends the stream, when the client closes its side of the connection', async () => {
    await vi.waitFor(() => expect(t.app.dataVersion.listening).toBe(0), settle)
    const { port } = new URL(base)
    const socket = connect({ port: Number(port), host: '127.0.0.1' })
    let got = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => { got += d })
    const ended = new Promise<void>((resolve) => { socket.once('end', resolve) })
    socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${adminKey}\r\n\r\n`)
    try {
      await vi.waitFor(() => expect(got).toContain('event: version'), settle)
      expect(t.app.dataVersion.listening).toBe(1)
      socket.end()
      await vi.waitFor(() => expect(t.app.dataVersion.listening).toBe(0), settle)
      await ended // the server closed its side too: the connection is not kept
    } finally { socket.destroy() }
  })
})

describe('results cache', () => {
  it('never answers a result of the data before a batch once the batch is done', async () => {
    const before = await total()
    expect(await total()).toEqual(before)
    await ingest(t.session, [newConversation()])
    const after = await total()
    expect(after!.count).toBe(before!.count + 1)
    // Also for a scoped key and a filtered view (the WABA look-up is cached too).
    const ny = await total('?waba=waba-ny')
    await ingest(t.session, [{ ...newConversation(), waba_id: 'waba-ny', phone_number_id: 'pn-ny' }])
    expect((await total('?waba=waba-ny'))!.count).toBe(ny!.count + 1)
  })

  it('runs one query for identical concurrent requests, and again after a change', async () => {
    await ingest(t.session, [newConversation()])
    const exec = vi.spyOn(t.session.db.client, 'exec')
    const ran = () => exec.mock.calls.filter(([p]) => p.clickhouse_settings?.log_comment === 'wacost:api/headline').length
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => get(t.app, '/api/headline')))
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
      expect(new Set(answers.map((a) => a.rawPayload.toString('base64'))).size).toBe(1)
      expect(ran()).toBe(1)
      // Server-Timing says where each answer came from: one ran the query, the others shared it
      expect(answers.map((a) => /desc=(\w+)/.exec(String(a.headers['server-timing']))?.[1]).sort())
        .toEqual(['run', 'shared', 'shared', 'shared', 'shared', 'shared'])
      const again = await get(t.app, '/api/headline')
      expect(ran()).toBe(1)
      expect(String(again.headers['server-timing'])).toMatch(/^cache;desc=kept;dur=\d+(\.\d)?$/)
      await ingest(t.session, [newConversation()])
      expect(String((await get(t.app, '/api/headline')).headers['server-timing'])).toMatch(/^cache;desc=run;/)
      expect(ran()).toBe(2)
    } finally {
      exec.mockRestore()
    }
  })

  it('looks a customer up once for the investigation page\'s three panels, and again after a change', async () => {
    // each panel looked the customer's keys up itself: three queries queued behind the engine per
    // refresh (100–250 ms each while the dashboard refreshed too: bench:pages)
    const customer = newConversation()
    await ingest(t.session, [customer])
    const exec = vi.spyOn(t.session.db.client, 'query')
    const ran = () => exec.mock.calls.filter(([p]) => p.clickhouse_settings?.log_comment === 'wacost:api/customer_known').length
    const page = () => Promise.all(['messages', 'conversations', 'summary'].map((p) => get(t.app, `/api/customer/${p}?customer=${customer.wa_id}&from=2024-09-01&to=2024-09-30&format=json`)))
    try {
      expect((await page()).map((a) => a.statusCode)).toEqual([200, 200, 200])
      expect(ran()).toBe(1)
      await ingest(t.session, [{ ...newConversation(), wa_id: customer.wa_id }])
      const after = await page()
      expect(after.map((a) => a.statusCode)).toEqual([200, 200, 200])
      expect(ran()).toBe(2)
      expect(JSON.parse(after[0]!.payload).length).toBe(2)
    } finally {
      exec.mockRestore()
    }
  })
})

// Last: closes the app of this file.
it('ends open streams when the app closes', async () => {
  const stream = await events()
  await stream.wait(1)
  const ended = new Promise<void>((resolve) => stream.res.on('end', resolve))
  await t.app.close()
  await ended
  expect(t.app.dataVersion.listening).toBe(0)
}, 20_000)
