// buildApp() assembles the API and the dashboard without listening, so tests drive it through
// app.inject and bin/start.ts decides where it listens.
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import compress from '@fastify/compress'
import accepts from '@fastify/accepts'
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import type { Session } from '../core/session.ts'
import { registerErrors } from './errors.ts'
import { documentFormats } from './openapi.ts'
import { authPlugin, type Access } from './plugins/auth.ts'
import { dbPlugin } from './plugins/db.ts'
import { healthRoutes } from './routes/health.ts'
import { dashboardRoutes } from './routes/dashboard.ts'
import { customerRoutes } from './routes/customer.ts'
import { exportRoutes } from './routes/exports.ts'

export interface AppOptions {
  session: Session
  keys: Map<string, Access>
  /** Built dashboard (web/dist); not served when absent. */
  webRoot?: string
  logger?: boolean
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // An unknown parameter is an error, not silently ignored: a typo must not change figures.
    // verbose: errors carry their schema, so a message can list the parameters a route takes.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, verbose: true } },
  })
  registerErrors(app)
  await app.register(accepts)
  await app.register(compress, { encodings: ['br', 'gzip', 'deflate'] })
  await app.register(swagger, {
    openapi: {
      info: { title: 'wacost API', version: '1', description: 'WhatsApp conversation costs. Every /api route answers an Arrow IPC stream by default, JSON or CSV via Accept or ?format=.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: documentFormats,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(dbPlugin, { session: opts.session })
  await app.register(authPlugin, { keys: opts.keys })
  await app.register(healthRoutes)
  await app.register(dashboardRoutes)
  await app.register(customerRoutes)
  await app.register(exportRoutes)
  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, { root: opts.webRoot, index: 'index.html' })
  }
  return app
}
