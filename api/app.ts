// buildApp() assembles the API and the dashboard without listening, so tests drive it through
// app.inject and bin/start.ts decides where it listens.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import compress from '@fastify/compress'
import accepts from '@fastify/accepts'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Session } from '../core/session.ts'
import type { IngestSource } from '../core/batches.ts'
import { clientErrorHandler, frameworkErrors, registerErrors } from './errors.ts'
import { requestForLog } from './log-request.ts'
import { documentFormats } from './openapi.ts'
import { registerRequestEncoding, requestEncodings } from './request-encoding.ts'
import { registerWholeNumbers } from './whole-numbers.ts'
import { authPlugin, markPublic, requireRole, type Grant } from './plugins/auth.ts'
import { registerSecurityHeaders } from './plugins/security-headers.ts'
import { dbPlugin } from './plugins/db.ts'
import { livePlugin } from './plugins/live.ts'
import { healthRoutes } from './routes/health.ts'
import { dashboardRoutes } from './routes/dashboard.ts'
import { customerRoutes } from './routes/customer.ts'
import { exportRoutes } from './routes/exports.ts'
import { ingestRoutes } from './routes/ingest.ts'
import { batchRoutes } from './routes/batches.ts'
import { eventRoutes } from './routes/events.ts'
import { reconcileRoutes } from './routes/reconcile.ts'
import { erasRoutes } from './routes/eras.ts'
import { whatifRoutes } from './routes/whatif.ts'
import { webhooksPlugin, type WebhookConfig } from './plugins/webhooks.ts'
import { BODY_IDLE_SECONDS } from '../core/config.ts'
import { webhookRoutes } from './routes/webhooks.ts'

export interface AppOptions {
  session: Session
  keys: Map<string, Grant>
  /**
   * The ingest behind POST /api/ingest and the webhook's micro-batches (ingest/pipeline.ts
   * ingestSource); the ingest route is absent without it.
   */
  ingest?: IngestSource
  /** How long a POST /api/ingest or webhook body may send nothing, ms (WACOST_BODY_IDLE_SECONDS; default 60 s). */
  bodyIdleMs?: number
  /** Built dashboard (web/dist); not served when absent. */
  webRoot?: string
  /** Fastify's logger: off by default (tests); `npm start` logs warnings and errors to stderr. */
  logger?: FastifyServerOptions['logger']
  /** Meta's webhook receiver (WACOST_WEBHOOK_*); absent: its routes answer 404. */
  webhooks?: WebhookConfig
}

/**
 * The API and the page, not listening. Every route needs an API key except those registered
 * under markPublic (health, API docs, the page's files), and a key with the route's role (read,
 * ingest, admin); errors have the one shape of errors.ts.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    // a logger given as options (npm start's) writes requests without their secrets (api/log-request.ts)
    logger: typeof opts.logger === 'object' && opts.logger !== null ? { ...opts.logger, serializers: { req: requestForLog } } : opts.logger ?? false,
    // A request id that is unique across restarts: it is what a person quotes from an error.
    genReqId: () => randomUUID(),
    // Message ids may be 200 characters (the route's schema says so, and answers a longer one
    // with a 400); the router's own cap (100 by default) would refuse them first. The cap counts
    // the encoded path: 200 characters of 4-byte UTF-8 are 2,400 once percent-encoded.
    routerOptions: { maxParamLength: 2400 },
    frameworkErrors,
    clientErrorHandler,
    // An unknown parameter is an error, not silently ignored: a typo must not change figures.
    // verbose: errors carry their schema, so a message can list the parameters a route takes.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, verbose: true } },
  })
  // A client that closes its side once its request is sent (a wacost ingest or curl killed, a
  // proxy's timeout) leaves that request to be answered: Node destroyed it on the client's FIN,
  // and a POST /api/ingest body that came whole while its batch waited its turn was dropped
  // (break-it trial). A body cut short is still an error (the parser's, at that FIN).
  Object.assign(app.server, { httpAllowHalfOpen: true })
  registerErrors(app)
  const idleMs = opts.bodyIdleMs ?? BODY_IDLE_SECONDS * 1000
  await registerSecurityHeaders(app)
  await app.register(accepts)
  // Request bodies: gzip or none (api/request-encoding.ts refuses others in words, before this reads them).
  registerRequestEncoding(app)
  registerWholeNumbers(app)
  // threshold 0: results are sent as buffers (api/results-cache.ts); small ones were compressed when streamed too.
  await app.register(compress, { encodings: ['br', 'gzip', 'deflate'], threshold: 0, requestEncodings })
  await app.register(swagger, {
    openapi: {
      info: { title: 'wacost API', version: '1', description: 'WhatsApp conversation costs. Every /api route answers an Arrow IPC stream by default, JSON or CSV via Accept or ?format=.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: documentFormats,
  })
  await app.register(dbPlugin, { session: opts.session })
  await app.register(livePlugin, { session: opts.session })
  await app.register(authPlugin, { keys: opts.keys })
  await app.register(webhooksPlugin, { session: opts.session, config: opts.webhooks, ingest: opts.ingest })
  // The only routes answered without a key: none of them says anything about the data.
  await app.register(async (open) => {
    markPublic(open)
    await open.register(healthRoutes)
    await open.register(swaggerUi, { routePrefix: '/docs' })
    if (opts.webRoot && existsSync(opts.webRoot)) {
      // The pages (index.html, customer.html): one route per built file, so any other path
      // stays behind the key; each answer reads the file, so a rebuild's page is served (with
      // max-age=0 and its ETag: a browser revalidates it on every load).
      await open.register(fastifyStatic, { root: opts.webRoot, index: 'index.html', wildcard: false, globIgnore: ['assets/**'] })
      // Their hashed assets under /assets/, whatever their names: a list taken at start left a
      // rebuild's new names (`npm run build:web` while the server runs) to the key check, 401,
      // and an open dashboard that reloaded blank until a restart. A missing one answers 404, so
      // does the folder itself (no listing, and send's 403 for a directory read as a bad
      // request); send refuses paths that leave the folder.
      await open.register(fastifyStatic, {
        root: join(opts.webRoot, 'assets'), prefix: '/assets/', wildcard: true, index: false, decorateReply: false,
        allowedPath: (path) => !path.endsWith('/'),
      })
    }
  })
  // Every other route names the role it needs; one that names none needs admin (auth.ts).
  await app.register(async (reads) => {
    requireRole(reads, 'read')
    await reads.register(dashboardRoutes)
    await reads.register(customerRoutes)
    await reads.register(exportRoutes)
    await reads.register(eventRoutes)
    await reads.register(reconcileRoutes, { session: opts.session })
    await reads.register(erasRoutes)
    await reads.register(whatifRoutes, { exclusive: opts.session.exclusive })
  })
  if (opts.ingest) await app.register(ingestRoutes, {
    ingest: opts.ingest, exclusive: opts.session.exclusive, idleMs,
  })
  // the batches and their states (role ingest): what `wacost batches` asks while the server runs
  await app.register(batchRoutes)
  // Public but signed (Meta sends no key); its status route needs admin (the default role).
  await app.register(webhookRoutes, { idleMs })
  return app
}
