// The app with Meta's webhook receiver on a scratch engine: with the calls the receiver's tests make
// (test/webhooks.test.ts, test/webhooks-backlog.test.ts), or with its log kept, for the tests of
// what the receiver tells an operator (test/webhook-words.test.ts, test/log-secrets.test.ts).
import { Writable } from 'node:stream'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../api/app.ts'
import { parseKeys } from '../../api/plugins/auth.ts'
import { ingestSource } from '../../ingest/pipeline.ts'
import { openEngine, type Session } from './engine.ts'
import { adminKey, get } from './api.ts'
import { webhookConfig } from './webhook.ts'
import { tempDir } from './temp.ts'

/**
 * The app with Meta's webhook receiver (webhookConfig, a spool of its own) on a scratch engine,
 * its log at `level` kept in `logs` (one JSON line each), as npm start logs to stderr.
 */
export async function openLoggedWebhookApp(level: 'info' | 'warn', tag: string): Promise<{ session: Session; app: FastifyInstance; logs: string[] }> {
  const logs: string[] = []
  const session = await openEngine()
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs.push(chunk.toString()); done() } })
  const app = await buildApp({
    session, keys: parseKeys(`${adminKey}=*`), ingest: ingestSource,
    webhooks: { ...webhookConfig, spoolDir: join(tempDir(`wacost-${tag}-spool-`), 'spool') }, logger: { level, stream: sink },
  })
  await app.ready()
  return { session, app, logs }
}

/** What GET /api/webhooks/status answers (configured). */
export interface WebhookStatus {
  refused: Record<string, number>; stored: number; replayed: number; derived: number; waiting: number; expired: number
  keep_days: number | null; last_batch: { batch: number; accepted: number; rejected: number } | null
}

export interface WebhookApp {
  session: Session; app: FastifyInstance
  /** the receiver's spool directory (0700, made by the app) */
  spoolDir: string
  /** POST /webhooks/whatsapp with `body` (as sent: compressed when a Content-Encoding says so) and `headers` (a signature: test/support/webhook.ts signed) */
  post: (body: string | Buffer, headers: Record<string, string>) => Promise<LightMyRequestResponse>
  /** resolves once every delivery taken has been derived (or failed) */
  settled: () => Promise<void>
  /** how many stored deliveries have id `id` (0 or 1) */
  stored: (id: string) => Promise<number>
  status: () => Promise<WebhookStatus>
}

/** The app with Meta's receiver (webhookConfig, a spool of its own) and the keys `keys` (WACOST_API_KEYS syntax), ready. */
export async function openWebhookApp(keys: string): Promise<WebhookApp> {
  const session = await openEngine()
  const spoolDir = join(tempDir('wacost-hook-spool-'), 'spool')
  const app = await buildApp({ session, keys: parseKeys(keys), webhooks: { ...webhookConfig, spoolDir }, ingest: ingestSource })
  await app.ready()
  return {
    session, app, spoolDir,
    post: (body, headers) => app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: body, headers }),
    settled: () => app.webhooks!.batcher.settled(),
    stored: async (id) => {
      const rs = await session.db.client.query({ query: 'SELECT count() AS n FROM webhook_deliveries WHERE id = {id:String}', query_params: { id }, format: 'JSONEachRow' })
      return Number((await rs.json<{ n: string }>())[0]!.n)
    },
    status: async () => (await get(app, '/api/webhooks/status')).json<WebhookStatus>(),
  }
}
