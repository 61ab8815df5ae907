// Ingests one source (a file or stdin) as one batch: bytes go to the engine in chunks, the SQL
// of sql/pipeline/ routes the parsed lines, and the touched keys are re-derived.
import type { Readable } from 'node:stream'
import type { Db } from '../core/db/client.ts'
import { exec, rows } from '../core/db/sql.ts'
import { recordBatch, startBatch } from '../core/batches.ts'
import { readChunks, type OversizedLine } from './chunks.ts'
import { resolveCountries } from './countries.ts'
import { deriveBatch } from '../core/derive.ts'

export interface Rejection { reason: string; lines: number; first_line: number }

export interface BatchSummary {
  batch: number
  source: string
  lines: number
  accepted: number
  rejected: number
  rejections: Rejection[]
}

export interface Progress { lines: number; bytes: number }

export async function ingestSource(db: Db, input: Readable, source: string, onProgress?: (p: Progress) => void): Promise<BatchSummary> {
  const { id: batch, started } = await startBatch(db, source)
  await db.client.command({ query: 'TRUNCATE TABLE staged_lines' })

  const oversized: OversizedLine[] = []
  const progress: Progress = { lines: 0, bytes: 0 }
  for await (const chunk of readChunks(input, (l) => oversized.push(l))) {
    await db.client.insert({
      table: 'ingest_chunks',
      format: 'JSONEachRow',
      values: [{ batch_id: batch, source, first_line: chunk.firstLine, text: chunk.text }],
    })
    progress.lines = chunk.firstLine + chunk.lines - 1
    progress.bytes += chunk.bytes
    onProgress?.(progress)
  }
  if (oversized.length > 0) {
    await db.client.insert({
      table: 'staged_lines',
      format: 'JSONEachRow',
      values: oversized.map((l) => ({
        batch_id: batch, source, line_no: l.lineNo, kind: 'reject', raw: `${l.head}…`,
        reason: `line too long (${l.bytes} bytes; at most 8 MiB)`,
      })),
    })
  }

  const params = { batch }
  await exec(db, 'pipeline/10_rejects', params)
  await exec(db, 'pipeline/20_derive_queue', params)
  await resolveCountries(db)
  await exec(db, 'pipeline/30_messages', params)
  await exec(db, 'pipeline/35_tombstones', params)
  await exec(db, 'pipeline/40_statuses', params)
  await exec(db, 'pipeline/50_message_index', params)
  await exec(db, 'pipeline/55_status_facts', params)
  const [counts] = await rows<{ lines: string; accepted: string; rejected: string }>(db, 'pipeline/80_batch_counts')
  const rejections = (await rows<Rejection>(db, 'pipeline/70_batch_rejections')).map((r) => ({
    reason: r.reason, lines: Number(r.lines), first_line: Number(r.first_line),
  }))
  await deriveBatch(db, batch)
  const summary = {
    lines: Number(counts?.lines ?? 0),
    accepted: Number(counts?.accepted ?? 0),
    rejected: Number(counts?.rejected ?? 0),
  }
  await recordBatch(db, batch, source, started, summary)
  await db.client.command({ query: 'TRUNCATE TABLE staged_lines' })
  return { batch, source, ...summary, rejections }
}
