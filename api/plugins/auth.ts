// Who is asking: every route needs `Authorization: Bearer <key>` unless it is marked public
// (the page's static files, the API docs, /health). Deny by default: the check reads the route
// the router chose (its config), never the raw URL, so `/%61pi/headline`, `//api/…` or
// `/API/…` cannot slip past it, and a request that matches no route needs a key too. A key
// grants either every WABA or a fixed list (routes only ever see the WABAs the key may read),
// and roles: `read` (the dashboard, support pages, exports), `ingest` (POST /api/ingest, GET /api/rejected),
// `admin` (everything). A route declares the role it needs (config.role, or requireRole on its
// plugin); a route that declares none needs `admin`, so a route added without thought is closed.
import fp from 'fastify-plugin'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, RouteOptions } from 'fastify'
import { ApiError } from '../errors.ts'
import type { Access, Grant, Role } from '../../core/keys.ts'

export { parseKeys, type Access, type Grant, type Role } from '../../core/keys.ts'

/** One registered route, whether it answers without a key, and the role it needs (declared or the default `admin`). */
export interface RouteAccess { method: string; url: string; public: boolean; role: Role; declared: boolean }

declare module 'fastify' {
  interface FastifyRequest { access: Access; roles: ReadonlySet<Role> }
  interface FastifyContextConfig {
    public?: boolean; role?: Role
    /** What the route does, in the words of a refusal ("This API key may not …"), where its role's own words do not say it. */
    action?: string
    /** The route answers only a key that reads every WABA: its refusals' example key names `*`, not the key's own WABAs. */
    everyWaba?: boolean
  }
  interface FastifyInstance {
    /** Every route registered so far, with its access (for tests and audits). */
    routeAccess(): RouteAccess[]
  }
}

function lookup(keys: Map<string, Grant>, presented: string): Grant | undefined {
  const given = Buffer.from(presented)
  for (const [key, grant] of keys) {
    const known = Buffer.from(key)
    if (known.length === given.length && timingSafeEqual(known, given)) return grant
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

/** Every route registered in `scope` needs `role`, unless its own config names another. */
export function requireRole(scope: FastifyInstance, role: Role): void {
  scope.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { role?: Role }
    route.config = Object.assign(config, { role: config.role ?? role })
  })
}

const doing: Record<Role, string> = {
  read: 'read the data (the dashboard, customer pages and exports)',
  ingest: 'ingest message logs',
  admin: 'run operations (admin)',
}

export const authPlugin = fp<{ keys: Map<string, Grant> }>(async (app, { keys }) => {
  // Route options are kept by reference: a child scope's markPublic runs after this hook.
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => { routes.push(route) })
  app.decorate('routeAccess', () => routes.flatMap((r) => [r.method].flat().map((method) => {
    const config = (r.config ?? {}) as { public?: boolean; role?: Role }
    return { method, url: r.url, public: config.public === true, role: config.role ?? 'admin', declared: config.role !== undefined }
  })))
  app.decorateRequest('access', null as never)
  app.decorateRequest('roles', null as never)
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config
    if (config?.public === true) return
    const header = req.headers.authorization ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const grant = match ? lookup(keys, match[1]!) : undefined
    if (!grant) {
      throw new ApiError(401, 'UNAUTHORIZED', match
        ? 'This API key is not valid (it may have changed when the server restarted).'
        : 'Send an API key: Authorization: Bearer <key>.')
    }
    // A path that matches no route (no url) answers its 404 to any valid key.
    const need = req.routeOptions.url === undefined ? undefined : config?.role ?? 'admin'
    if (need !== undefined && !grant.roles.has(need)) {
      // a route of a role that does more than its role's words say names its own action (a read
      // key asking GET /api/rejected was told it "may not ingest message logs": break-it trial)
      // the example keeps the key's own WABAs: `key=*` told a one-WABA key to widen its reach
      // along with its roles (fresh-user trial), unless the route needs every WABA: a one-WABA
      // key given its own WABAs met the route's next refusal (webhook trial)
      const wabas = grant.access.all || config?.everyWaba === true ? '*' : grant.access.wabas.join('|')
      throw new ApiError(403, 'FORBIDDEN', `This API key may not ${config?.action ?? doing[need]}: the route needs the ${need} role, the key has ${[...grant.roles].join(', ')}. `
        + `Use a key with that role (WACOST_API_KEYS, e.g. key=${wabas}:${need === 'read' ? 'read' : `read+${need}`}).`)
    }
    req.access = grant.access
    req.roles = grant.roles
  })
})
