// Ingest through POST /api/ingest under a given key, and the reasons a batch's lines were
// rejected: the security tests' way to try what a key limited to some WABAs may write.
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { text } from '../../core/db/sql.ts'
import type { Db } from '../../core/db/client.ts'

/** Posts `lines` as NDJSON with `key`; expects 200, or 422 when nothing was accepted (`wacost ingest` exits 4). */
export async function postLog(app: FastifyInstance, lines: unknown[], key: string): Promise<{ batch: number; accepted: number; rejected: number }> {
  const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: lines.map((l) => JSON.stringify(l)).join('\n'),
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' } })
  const body = res.json() as { batch: number; accepted: number; rejected: number }
  expect(res.statusCode, res.body).toBe(body.accepted > 0 ? 200 : 422)
  return body
}

/** The batch's rejected lines as [line number, reason], as `wacost rejected` lists them. */
export async function rejectedReasons(db: Db, batch: number): Promise<Array<[number, string]>> {
  const out = await text(db, 'queries/rejected', { batch }, 'JSONEachRow')
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string }).map((r) => [Number(r.line_no), r.reason])
}
