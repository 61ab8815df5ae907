// Who is asking: every /api route needs `Authorization: Bearer <key>`. A key grants either
// every WABA or a fixed list; routes only ever see the WABAs the key may read.
import fp from 'fastify-plugin'
import { timingSafeEqual } from 'node:crypto'
import { ApiError } from '../errors.ts'

/** What a key may read: every WABA, or only these. */
export type Access = { all: true } | { all: false; wabas: string[] }

declare module 'fastify' {
  interface FastifyRequest { access: Access }
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

export const authPlugin = fp<{ keys: Map<string, Access> }>(async (app, { keys }) => {
  app.decorateRequest('access', null as never)
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return
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
