// Where signed deliveries wait for their derive in the engine: webhook_deliveries (migration 310)
// once a micro-batch took them from the spool (api/webhooks/spool.ts, where they are durable
// before Meta gets its 200), webhook_derived (311) once a batch has ingested and derived them.
import { Readable } from 'node:stream'
import { isUtf8 } from 'node:buffer'
import type { Db } from '../../core/db/client.ts'
import { exec, rows, traced } from '../../core/db/sql.ts'
import { engineTime } from '../../core/engine-time.ts'

/**
 * One delivery: its id (SHA-256 of the body, hex), the body's bytes as Meta sent them, when it
 * was received (spooled; unset: now), and the spool segment holding it (unset: not spooled).
 */
export interface Delivery { id: string; body: Buffer; receivedAt?: Date; segment?: number }

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' }

/**
 * A TabSeparated field holding `body`'s exact bytes: text that is not UTF-8 would be decoded
 * (bytes rewritten to U+FFFD) on its way to the embedded engine, so its bytes above 0x7F travel as
 * `\xHH` escapes; the pipeline then refuses such a line with its reason instead of a changed one.
 */
function tsvField(body: Buffer): string {
  if (isUtf8(body)) return body.toString('utf8').replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c]!)
  return body.toString('latin1').replace(/[\\\t\n\r\0\x80-\xff]/g, (c) => TSV_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16)}`)
}

/**
 * Inserts deliveries into webhook_deliveries as one insert (synced to disk when it returns: the
 * table's fsync_after_insert), each with its receipt time; rejects with the engine's error.
 */
export async function storeDeliveries(db: Db, ds: Delivery[]): Promise<void> {
  if (ds.length === 0) return
  const now = new Date()
  // traced: the crash tests can kill the process right after the insert, before the derive.
  await traced('webhooks/store', () => db.client.insert({
    table: 'webhook_deliveries',
    columns: ['id', 'received_at', 'body'],
    format: 'TabSeparated',
    values: Readable.from([ds.map((d) => `${d.id}\t${engineTime(d.receivedAt ?? now)}\t${tsvField(d.body)}\n`).join('')], { objectMode: false }),
    clickhouse_settings: { log_comment: 'wacost:webhooks/store' },
  }))
}

/** The ids among `ids` the engine already holds: stored in webhook_deliveries, or derived (body maybe forgotten). */
export async function knownAmong(db: Db, ids: string[]): Promise<Set<string>> {
  const known = new Set<string>()
  // A spool segment can hold thousands of deliveries: asked a thousand ids at a time (a server
  // takes the parameters in the URL).
  for (let i = 0; i < ids.length; i += 1000) {
    for (const r of await rows<{ id: string }>(db, 'webhooks/known_among', { ids: ids.slice(i, i + 1000) })) known.add(r.id)
  }
  return known
}

/** Deliveries stored and not derived (what a stopped server left), oldest first. */
export async function pendingDeliveries(db: Db): Promise<Delivery[]> {
  const found = await rows<{ id: string; body: string }>(db, 'webhooks/pending')
  return found.map((r) => ({ id: r.id, body: Buffer.from(r.body, 'base64') }))
}

/** The ids among `ids` that a batch already derived. */
export async function derivedAmong(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  return new Set((await rows<{ id: string }>(db, 'webhooks/derived_among', { ids })).map((r) => r.id))
}

/** Records that batch `batch` ingested and derived the deliveries `ids`. */
export async function markDerived(db: Db, ids: string[], batch: number): Promise<void> {
  await exec(db, 'webhooks/mark_derived', { ids, batch })
}

/**
 * Forgets the bodies of derived deliveries received before `before` (UTC); answers how many.
 * Their ids stay in webhook_derived (a late retry is still skipped); waiting ones are kept.
 */
export async function expireDeliveries(db: Db, before: Date): Promise<number> {
  const params = { before: engineTime(before) }
  const n = Number((await rows<{ n: string }>(db, 'webhooks/expirable', params))[0]?.n ?? 0)
  if (n > 0) await exec(db, 'webhooks/expire', params)
  return n
}
