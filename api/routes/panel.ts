// Declares one dashboard route: GET, the filter bar's query string plus the route's own
// parameters, one named .sql file, the result in the negotiated format.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Params } from '../../core/db/sql.ts'
import { filterParams, filterProperties, type FilterParams, type FilterQuery } from '../filters.ts'
import { sendQuery, type Format } from '../results.ts'
import { errorSchema } from '../errors.ts'
import { downloadName } from '../file-name.ts'
import type { FileKind } from '../../core/exports.ts'
import { first } from '../../core/db/lanes.ts'

export interface Panel<Q> {
  url: string
  sql: string
  summary: string
  /** What one row means, and its columns (shown in the OpenAPI document). */
  description: string
  tag?: string
  /** JSON Schema properties of the route's own parameters. */
  properties?: Record<string, unknown>
  /** Filter-bar parameters the route does not use (kept out of its schema). */
  without?: (keyof typeof filterProperties)[]
  /** The route's own parameters that must be given. */
  required?: string[]
  /**
   * The route's own bound parameters; may look things up (e.g. refuse an unknown customer), through
   * the results cache (api/results.ts cachedRows) with `req`.
   */
  params?: (query: Q, filters: FilterParams, req: FastifyRequest) => Params | Promise<Params>
  /** Answered as CSV, the file is named as the finance exports are (api/file-name.ts), as this kind. */
  download?: FileKind
  /** Runs before the query whenever it runs (api/results.ts sendQuery), given the answer's format: e.g. brings the table it reads up to date. */
  prepare?: (format: Format) => Promise<void>
}

/**
 * Whether the page asks for this answer first (RFC 9218 `Priority` urgency below the default 3,
 * e.g. `u=1`: web/src/api.ts sends it for the dashboard's headline and the customer's messages).
 * Its statements, its look-ups too, then go to the engine ahead of the other panels' and of a
 * micro-batch's next statement (core/db/lanes.ts). It only reorders the engine's queue (of
 * requests whose key was already checked); it grants nothing else.
 */
export function urgent(req: FastifyRequest): boolean {
  const u = /(?:^|,)\s*u=([0-7])\s*(?:,|$)/.exec(String(req.headers.priority ?? ''))
  return u !== null && Number(u[1]) < 3
}

export function panel<Q extends object = object>(app: FastifyInstance, p: Panel<Q>): void {
  const base = Object.fromEntries(Object.entries(filterProperties).filter(([k]) => !p.without?.includes(k as keyof typeof filterProperties)))
  app.get<{ Querystring: FilterQuery & Q }>(p.url, {
    schema: {
      summary: p.summary,
      description: p.description,
      tags: [p.tag ?? 'dashboard'],
      security: [{ apiKey: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { ...base, ...p.properties }, ...(p.required ? { required: p.required } : {}) },
      response: { '4xx': errorSchema },
    },
  }, async (req: FastifyRequest<{ Querystring: FilterQuery & Q }>, reply) => {
    const answer = async () => {
      const filters = await filterParams(req, p.without)
      const download = p.download
      return sendQuery(req, reply, p.sql, { ...filters, ...(await p.params?.(req.query as Q, filters, req)) },
        { fileName: download && (() => downloadName(req, download, filters)), prepare: p.prepare })
    }
    return urgent(req) ? first(answer) : answer()
  })
}
