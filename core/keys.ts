// API keys and what they grant (WACOST_API_KEYS, validated by core/config.ts): the server checks
// requests with them (api/plugins/auth.ts) and the CLI picks the key it sends an ingest with, so
// the one reading of the syntax lives here.

/** What a key may read: every WABA, or only these. */
export type Access = { all: true } | { all: false; wabas: string[] }

/** What a key may do. `admin` implies the others. */
export const roles = ['read', 'ingest', 'admin'] as const
export type Role = typeof roles[number]

/** One key's grant: its WABAs and its roles. */
export interface Grant { access: Access; roles: ReadonlySet<Role> }

/**
 * Parses WACOST_API_KEYS: comma-separated `key=WABAS[:ROLES]`, WABAS `*` or `waba1|waba2`, ROLES
 * `read`, `ingest`, `admin` joined by `+` (e.g. `k=*:read+ingest`). Without `:ROLES` a key has
 * every role (the syntax before roles existed keeps its meaning). core/config.ts validated it.
 */
export function parseKeys(spec: string): Map<string, Grant> {
  const keys = new Map<string, Grant>()
  for (const entry of spec.split(',')) {
    const at = entry.indexOf('=')
    const [wabas = '', named] = entry.slice(at + 1).split(':')
    const given = named === undefined ? [...roles] : named.split('+') as Role[]
    keys.set(entry.slice(0, at), {
      access: wabas === '*' ? { all: true } : { all: false, wabas: wabas.split('|') },
      roles: new Set(given.includes('admin') ? roles : given),
    })
  }
  return keys
}

/** The first key of a WACOST_API_KEYS value that may ingest (the CLI sends through a server with it). */
export function ingestKey(spec: string): string | undefined {
  for (const [key, grant] of parseKeys(spec)) if (grant.roles.has('ingest')) return key
  return undefined
}
