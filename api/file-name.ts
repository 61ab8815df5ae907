// The name a downloaded CSV gets from the server (Content-Disposition): the finance exports' and
// the reconciliation's, both by core/exports.ts exportFileName, so that two views never share a
// name (the reconciliation's Download all named only the period: a one-WABA and an all-WABA
// download collided: fresh-user trial).
import type { FastifyRequest } from 'fastify'
import { exportFileName, type ExportParams, type FileKind } from '../core/exports.ts'
import type { FilterQuery } from './filters.ts'
import { cachedRows } from './results.ts'

/** A row of sql/api/waba_names.sql: a WABA's configured name. */
export interface WabaNameRow { waba_id: string; name: string }

/**
 * The file name of `kind` for the request's WABAs asked, by name and id. None asked: a key of every
 * WABA writes "all-wabas"; a key limited to some names those, as the page's sentence beside
 * Download CSV does (its file read "all-wabas" for a key of one WABA: trial).
 */
export async function downloadName(req: FastifyRequest, kind: FileKind, params: ExportParams, excel = false): Promise<string> {
  const given = [...new Set((req.query as FilterQuery).waba ?? [])]
  const asked = given.length > 0 || req.access.all ? given : [...req.access.wabas]
  const names = asked.length === 0 ? [] : await cachedRows<WabaNameRow>(req, 'api/waba_names', { ids: asked })
  return exportFileName(kind, params, asked, new Map(names.map((r) => [r.waba_id, r.name])), excel)
}
