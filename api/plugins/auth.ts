// Who is asking: every route needs `Authorization: Bearer <key>` unless it is marked public
// (the page's static files, the API docs, /health). Deny by default: the check reads the route
// the router chose (its config), never the raw URL, so `/%61pi/headline`, `//api/…` or
// `/API/…` cannot slip past it, and a request that matches no route needs a key too. A key
// grants either every WABA or a fixed list; routes only ever see the WABAs the key may read.
import fp from 'fastify-plugin'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { ApiError } from '../errors.ts'

/** What a key may read: every WABA, or only these. */
export type Access = { all: true } | { all: false; wabas: string[] }

/** One registered route and whether it answers without a key. */
export interface RouteAccess { method: string; url: string; public: boolean }

declare module 'fastify' {
  interface FastifyRequest { access: Access }
  interface FastifyContextConfig { public?: boolean }
  interface FastifyInstance {
    /** Every route registered so far, with its access (for tests and audits). */
    routeAccess(): RouteAccess[]
  }
}

/** Parses WACOST_API_KEYS (`key=*,key2=waba1|waba2`). */
export function parseKeys(spec: string): Map<string, Access> {
  const keys = new Map<string, Access>()
  for (const entry of spec.split(',')) {
    const at = entry.indexOf('=')
    const grant = entry.slice(at + 1)
    keys.set(entry.slice(0, at), grant === '*' ? { all: true } : { all: false, wabas: grant.split('|') })
  }
  return keys
}

function lookup(keys: Map<string, Access>, presented: string): Access | undefined {
  const given = Buffer.from(presented)
  for (const [key, access] of keys) {
    const known = Buffer.from(key)
    if (known.length === given.length && timingSafeEqual(known, given)) return access
  }
  return undefined
}

/**
 * Marks every route registered in `scope` (an encapsulated plugin) as public: answered without
 * a key. Only for routes that say nothing about the data.
 */
export function markPublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, { public: true })
  })
}

export const authPlugin = fp<{ keys: Map<string, Access> }>(async (app, { keys }) => {
  // Route options are kept by reference: a child scope's markPublic runs after this hook.
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => { routes.push(route) })
  app.decorate('routeAccess', () => routes.flatMap((r) => [r.method].flat().map((method) => ({
    method, url: r.url, public: (r.config as { public?: boolean } | undefined)?.public === true,
  }))))
  app.decorateRequest('access', null as never)
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.public === true) return
    const header = req.headers.authorization ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const access = match ? lookup(keys, match[1]!) : undefined
    if (!access) {
      throw new ApiError(401, 'UNAUTHORIZED', match
        ? 'This API key is not valid (it may have changed when the server restarted).'
        : 'Send an API key: Authorization: Bearer <key>.')
    }
    req.access = access
  })
})
