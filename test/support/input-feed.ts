// Feeding one scratch engine input as `wacost ingest` reads it, and reading back what it kept:
// the stored messages of a phone number, a batch's rejected lines with their reasons and raw
// text (test/input-shapes.test.ts, test/input-bytes.test.ts).
import { Readable } from 'node:stream'
import { ingestSource, type BatchSummary, type IngestOptions } from '../../ingest/pipeline.ts'
import { text } from '../../core/db/sql.ts'
import type { Session } from './engine.ts'

/** The feeding and reading functions on session `s` (its engine open for the test file). */
export function inputFeed(s: () => Session) {
  /** One batch of `body`, source 'shapes'. */
  const feed = (body: string | Buffer, opts: IngestOptions = {}): Promise<BatchSummary> =>
    ingestSource(s().db, Readable.from([typeof body === 'string' ? Buffer.from(body) : body]), 'shapes', undefined, opts)

  /** A batch's rejected lines: [line number, reason, raw text as `wacost rejected` shows it]. */
  async function rejected(batch: number): Promise<Array<[number, string, string]>> {
    const out = await text(s().db, 'queries/rejected', { batch }, 'JSONEachRow')
    return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string })
      .map((r) => [Number(r.line_no), r.reason, r.raw])
  }

  /** Rows of `sql` with bound `params`, as JSON. */
  async function query<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const rs = await s().db.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })
    return rs.json<T>()
  }

  /** Stored messages of one phone number: [message_id, waba_id, wa_id]. */
  async function stored(phone: string): Promise<string[][]> {
    const r = await query<{ message_id: string; waba_id: string; wa_id: string }>(
      'SELECT message_id, waba_id, wa_id FROM messages FINAL WHERE phone_number_id = {p:String} AND deleted = 0 ORDER BY message_id', { p: phone })
    return r.map((m) => [m.message_id, m.waba_id, m.wa_id])
  }
  return { feed, rejected, query, stored }
}

/** An inbound message line of phone number `phone` (WABA w1, 2025-12-01 10:00 UTC). */
export const msg = (id: string, phone: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w1', phone_number_id: phone, wa_id: '14155550111', direction: 'inbound', ...extra,
})
