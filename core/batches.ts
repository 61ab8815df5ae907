// Batch ids: every ingest and every rebuild is a numbered run recorded in ingest_batches. The
// number orders corrections (the last ingested message line wins) and names derive runs.
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'

export interface BatchCounts { lines: number; accepted: number; rejected: number }

export async function startBatch(db: Db, source: string): Promise<{ id: number; started: Date }> {
  const [r] = await rows<{ id: string }>(db, 'pipeline/00_next_batch')
  const id = Number(r?.id ?? 1)
  const started = new Date()
  await recordBatch(db, id, source, started)
  return { id, started }
}

export async function recordBatch(db: Db, id: number, source: string, started: Date, counts?: BatchCounts): Promise<void> {
  const iso = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')
  await db.client.insert({
    table: 'ingest_batches',
    format: 'JSONEachRow',
    values: [{
      batch_id: id, source, started_at: iso(started), finished_at: counts ? iso(new Date()) : null,
      lines: counts?.lines ?? 0, accepted: counts?.accepted ?? 0, rejected: counts?.rejected ?? 0,
    }],
  })
}
