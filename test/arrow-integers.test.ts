// Every route that answers Arrow (the dashboard's and the customer page's panels, and the others)
// gives its integers as the row types declare them: a ClickHouse UInt64/Int64 arrives in Arrow as
// Uint64/Int64, which apache-arrow hands the page as a BigInt where the row type says number (the
// reconciliation panel once threw a TypeError adding one to a number). The routes come from the
// app itself (the OpenAPI document's Arrow answers, each route's declared role), not a list kept
// here; each is asked on the demo dataset with a key of the role it needs, and its Arrow schema
// may hold a 64-bit integer only in a column some row type declares `bigint`.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DataType, tableFromIPC } from 'apache-arrow'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import type { ReconcileRow } from '../api/routes/reconcile.ts'
import { CBP_ONLY } from './support/engine.ts'
import { openDemoSession } from './support/demo.ts'
import type { Session } from '../core/session.ts'

const keys: Record<string, string> = { read: 'arrow-read-key-0123456789', ingest: 'arrow-ingest-key-012345678' }
const arrow = 'application/vnd.apache.arrow.stream'
const root = new URL('../', import.meta.url)

let session: Session
let app: FastifyInstance

beforeAll(async () => {
  ;({ session } = await openDemoSession({ pricingModels: CBP_ONLY }))
  app = await buildApp({ session, keys: parseKeys(`${keys.read}=*:read,${keys.ingest}=*:ingest`), ingest: ingestSource })
  await app.ready()
})
afterAll(async () => { await app?.close() })

interface Operation { parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, { content?: Record<string, unknown> }> }

/** The GET routes whose answer the OpenAPI document gives as Arrow, with the role each declares. */
function arrowRoutes(): { path: string; role: string; required: { name: string; in: string }[] }[] {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> }
  const roles = new Map(app.routeAccess().filter((r) => r.method === 'GET').map((r) => [r.url.replace(/:(\w+)/g, '{$1}'), r.role]))
  return Object.entries(doc.paths).flatMap(([path, ops]) => {
    const get = ops.get
    if (!get?.responses?.['200']?.content?.[arrow]) return []
    return [{ path, role: roles.get(path) ?? 'admin', required: (get.parameters ?? []).filter((p) => p.required) }]
  })
}

/** Column names some row type beside the queries declares bigint (none today). */
function declaredBigint(): Set<string> {
  const files = ['api/routes', 'core'].flatMap((d) => readdirSync(new URL(d, root)).filter((f) => f.endsWith('.ts')).map((f) => new URL(`${d}/${f}`, root)))
  return new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/(\w+)\??:\s*bigint\b/g)].map((m) => m[1]!)))
}

const wide = (t: DataType): boolean => (DataType.isInt(t) && t.bitWidth === 64) || (t.children ?? []).some((c) => wide(c.type))

async function answer(url: string, key: string) {
  for (;;) {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, accept: arrow } })
    if (res.statusCode !== 202) return res
    // a what-if being derived: asked again as the page does
    await new Promise((ok) => setTimeout(ok, 500))
  }
}

it('answers no 64-bit integer where the row type says number, on every Arrow route', async () => {
  const json = async <T>(url: string) => (await app.inject({ url, headers: { authorization: `Bearer ${keys.read}` } })).json<T>()
  const [found] = await json<ReconcileRow[]>('/api/reconcile?format=json')
  const [scenario] = await json<{ id: string }[]>('/api/whatif/scenarios')
  // the demo's values for the parameters a route requires (a new one fails here until given one)
  const values: Record<string, string | undefined> = { q: found?.wa_id, customer: found?.wa_id, id: found?.message_id, scenario: scenario?.id }
  const routes = arrowRoutes()
  // the routes the pages read as Arrow are all among them
  const fetched = [...new Set(readdirSync(new URL('web/src', root), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(new URL(`web/src/${f}`, root), 'utf8').matchAll(/fetchTable\('([^']+)'/g)].map((m) => `/api/${m[1]}`)))]
  expect(fetched.length).toBeGreaterThan(10)
  expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(fetched))

  const allowed = declaredBigint()
  const wrong: string[] = []
  for (const r of routes) {
    const query = new URLSearchParams()
    let path = r.path
    for (const p of r.required) {
      const v = values[p.name]
      expect(v, `a demo value for ${p.name}, required by ${r.path}`).toBeDefined()
      if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(v!))
      else query.set(p.name, v!)
    }
    const res = await answer(`${path}?${query}`, keys[r.role] ?? '')
    expect(res.statusCode, `${r.path}: ${res.body.slice(0, 200)}`).toBe(200)
    for (const f of tableFromIPC(res.rawPayload).schema.fields) {
      if (wide(f.type) && !allowed.has(f.name)) wrong.push(`${r.path} ${f.name}: ${f.type}`)
    }
  }
  expect(wrong).toEqual([])
})
