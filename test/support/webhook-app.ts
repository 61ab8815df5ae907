// The app with Meta's webhook receiver on a scratch engine, its log kept, for the tests of what the
// receiver tells an operator (test/webhook-words.test.ts, test/log-secrets.test.ts).
import { Writable } from 'node:stream'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../api/app.ts'
import { parseKeys } from '../../api/plugins/auth.ts'
import { ingestSource } from '../../ingest/pipeline.ts'
import { openEngine, type Session } from './engine.ts'
import { adminKey } from './api.ts'
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
