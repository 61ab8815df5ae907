// A POST /api/ingest whose body stops arriving: a client sends a Content-Length larger than what
// it sends, then neither sends more nor closes. The server waited for it for ever (Fastify sets no
// request timeout), holding the one writer; the finding said the answer, when one came, told the
// user nothing. Now: once the body sent nothing for the server's idle limit, a 408 says how much
// came, for how long nothing did, that nothing of it was stored (the batch is recorded as
// interrupted) and to send the whole log again; the next ingest runs.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import type { IngestSource } from '../core/batches.ts'
import { rows } from '../core/db/sql.ts'
import { openEngine, type Session } from './support/engine.ts'
import { rawRequest } from './support/raw-http.ts'
import { join } from 'node:path'
import { tempDir } from './support/temp.ts'
import { envelope, signed, webhookConfig } from './support/webhook.ts'

const key = 'stall-ingest-key-0123456'
let s: Session
let app: FastifyInstance
let port: number
beforeAll(async () => {
  s = await openEngine()
  const spoolDir = join(tempDir('wacost-stall-spool-'), 'spool')
  // a body named `groups` is stored a few lines (200 bytes) at a time, not 64 MB: a stall after some were stored
  const ingest: IngestSource = (db, input, source, progress, limits) =>
    ingestSource(db, input, source, progress, source === 'groups' ? { ...limits, chunkBytes: 200, groupBytes: 200 } : limits)
  app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest, bodyIdleMs: 800, webhooks: { ...webhookConfig, spoolDir } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = (app.server.address() as { port: number }).port
})
afterAll(async () => { await app.close() })

const msg = (id: string) => JSON.stringify({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-stall', phone_number_id: 'p-stall', wa_id: '14155550111', direction: 'inbound',
})
// Connection: close: the server closes after its answer, which ends what rawRequest reads
const head = (length: number, source = 'stalled') => [`POST /api/ingest?source=${source} HTTP/1.1`, 'Host: 127.0.0.1', `Authorization: Bearer ${key}`,
  'Content-Type: application/x-ndjson', `Content-Length: ${length}`, 'Connection: close', '', ''].join('\r\n')

const stored = async (ids: string[]) => Number((await (await s.db.client.query({
  query: 'SELECT count() AS n FROM messages WHERE message_id IN {ids:Array(String)}', query_params: { ids }, format: 'JSONEachRow',
})).json<{ n: string }>())[0]!.n)

it('answers a body that stopped arriving 408, says what came, that nothing was stored and to resend, and closes', async () => {
  const body = `${msg('stall-1')}\n${msg('stall-2')}\n`
  const res = await rawRequest(port, [head(body.length + 5000) + body])
  expect(res.status).toBe(408)
  expect(res.headers.toLowerCase()).toContain('connection: close')
  const error = (JSON.parse(res.body) as { error: { code: string; message: string } }).error
  expect(error.code).toBe('TIMEOUT')
  const batches = await rows<{ batch: string; source: string; state: string; lines: string }>(s.db, 'queries/batches')
  const batch = batches.find((b) => b.source === 'stalled')!
  expect(batch.state).toBe('interrupted')
  expect(error.message).toBe(`The request body stopped arriving: ${body.length} bytes came of the ${body.length + 5000} its Content-Length `
    + 'announced, then nothing for 0.8 s (the server\'s limit, WACOST_BODY_IDLE_SECONDS). Nothing of it was stored: batch '
    + `${batch.batch} is recorded as interrupted (\`wacost batches\`), with no lines. Send the whole log again; ingest is idempotent: `
    + 'lines already stored are not counted twice.')
  expect(await stored(['stall-1', 'stall-2'])).toBe(0)
  // the writer is free, and the whole body sent again is one batch of both lines
  const again = await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { authorization: `Bearer ${key}` } })
  expect(again.json()).toMatchObject({ lines: 2, accepted: 2, rejected: 0 })
  expect(await stored(['stall-1', 'stall-2'])).toBe(2)
}, 30_000)

// The 408 said only "the lines of the whole groups read before it stopped were stored", not
// which batch nor how many: now the batch and stored_lines, as the 400 for a body cut short.
it('a body that stopped after some of its lines were stored: the 408 gives the batch and how many lines it stored', async () => {
  // eight whole lines, then half of a ninth: it cannot be stored
  const ids = Array.from({ length: 9 }, (_, i) => `group-${i}`)
  const body = ids.slice(0, 8).map((id) => `${msg(id)}\n`).join('') + msg(ids[8]!).slice(0, 60)
  const res = await rawRequest(port, [head(body.length + 5000, 'groups') + body])
  expect(res.status).toBe(408)
  const answer = JSON.parse(res.body) as { error: { code: string; message: string }; batch: number; stored_lines: number }
  const batch = (await rows<{ batch: string; source: string; state: string }>(s.db, 'queries/batches')).find((b) => b.source === 'groups')!
  expect(batch.state).toBe('interrupted')
  const n = await stored(ids)
  expect(n).toBeGreaterThan(0)
  expect(n).toBeLessThan(ids.length)
  expect(answer).toMatchObject({ error: { code: 'TIMEOUT' }, batch: Number(batch.batch), stored_lines: n })
  expect(answer.error.message).toContain(`The ${n} line(s) of the whole groups (~64 MB each) read before it stopped were stored and derived; `
    + `batch ${batch.batch} is recorded as interrupted`)
}, 30_000)

it('times only the silence: a body that keeps coming, slower than the limit in all, is ingested', async () => {
  const lines = ['slow-1', 'slow-2', 'slow-3', 'slow-4'].map((id) => `${msg(id)}\n`)
  const body = lines.join('')
  // 4 parts 400 ms apart: 1.2 s in all, never 0.8 s without a byte
  const res = await rawRequest(port, [head(body.length) + lines[0]!, ...lines.slice(1)], { gapMs: 400 })
  expect(res.status).toBe(200)
  expect(JSON.parse(res.body)).toMatchObject({ lines: 4, accepted: 4, rejected: 0 })
}, 30_000)

it('answers a webhook delivery whose body stopped arriving 408 in words, stores nothing of it, and closes', async () => {
  const body = envelope('w-stall', 'p-stall', [{ id: 'hook-stall-1', from: '14155550111', at: '2025-12-01T10:00:00Z' }])
  const headers = Object.entries(signed(body)).map(([k, v]) => `${k}: ${v}`)
  const head = ['POST /webhooks/whatsapp HTTP/1.1', 'Host: 127.0.0.1', ...headers, `Content-Length: ${body.length}`, '', ''].join('\r\n')
  const res = await rawRequest(port, [head + body.slice(0, 100)])
  expect(res.status).toBe(408)
  expect(res.headers.toLowerCase()).toContain('connection: close')
  expect(JSON.parse(res.body)).toEqual({ error: { code: 'TIMEOUT', message: 'The delivery\'s body stopped arriving: nothing came for 0.8 s '
    + '(the server\'s limit, WACOST_BODY_IDLE_SECONDS) while more was expected. Nothing of it was stored; send it again (Meta retries an unanswered delivery).' } })
  // the whole delivery afterwards is received as usual
  const whole = await app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: body, headers: signed(body) })
  expect(whole.statusCode).toBe(200)
  const status = await app.inject({ url: '/api/webhooks/status', headers: { authorization: `Bearer ${key}` } })
  expect(status.json()).toMatchObject({ stored: 1 })
}, 30_000)
