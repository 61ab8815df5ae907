// A server with Meta's webhook receiver on the database directory given as argument, for the
// crash tests: the app as bin/start.ts builds it (persistent session, recovery on open, the real
// ingest), without the dashboard build or the demo data. Prints its URL on stdout; SIGTERM closes
// it (the micro-batcher flushes). WACOST_TEST_CRASH_AT kills it after a named statement.
import { env, webhookSpoolDir } from '../../core/config.ts'
import { openPersistent } from '../../core/session.ts'
import { ingestSource } from '../../ingest/pipeline.ts'
import { buildApp } from '../../api/app.ts'
import { parseKeys } from '../../api/plugins/auth.ts'

export const serverKey = 'webhook-test-key-0123456789'

const session = await openPersistent(process.argv[2], {})
const app = await buildApp({
  session,
  keys: parseKeys(`${serverKey}=*`),
  webhooks: { appSecret: env.WACOST_WEBHOOK_APP_SECRET!, verifyToken: env.WACOST_WEBHOOK_VERIFY_TOKEN!, spoolDir: webhookSpoolDir(env, process.argv[2]), batchMs: env.WACOST_WEBHOOK_BATCH_MS, batchDeliveries: env.WACOST_WEBHOOK_BATCH_DELIVERIES, maxWaitingBytes: env.WACOST_WEBHOOK_MAX_WAITING_MB * 1024 * 1024, keepDays: env.WACOST_WEBHOOK_KEEP_DAYS },
  ingest: (db, ...rest) => ingestSource(db, ...rest),
})
const url = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${url}\n`)
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)) })
