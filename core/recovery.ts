// What a run that stopped (a crash, kill -9) left undone, re-done when a database is opened and
// before anything else runs. Every derived table is recomputable from durable state: a batch's
// queued keys stay in derive_queue until its derive ends, free_tier_dirty keeps its marks until
// derive/40_free_tier has used them, and a rebuild that did not finish is started again, as is
// one for a batch that stopped inside its derive (rebuildsAll).
import type { Db } from './db/client.ts'
import { exec, rows } from './db/sql.ts'
import { derivePending, rebuild } from './derive.ts'
import { printable } from './printable.ts'
import { sendAgain } from './unnamed-sources.ts'
import { batchNamed, demoSource, GROUP_BYTES, recoverySource, startBatch, type Run } from './batches.ts'

/**
 * A batch that never finished: `lines` it stored (sql/derive/unfinished_batches.sql: those of the
 * groups it stored whole), `stored_all` 1 when that was every line and it stopped in its derive.
 */
export interface UnfinishedBatch {
  batch_id: string; source: string; started_at: string; lines: number | string; stored_all: number | string
  /** 1 when its derive had reached the statements that feed materialized views (sql/derive/unfinished_batches.sql): only a rebuild repairs what it may have cut */
  derive_cut: number | string
  /** 1 for a rebuild run (core/batches.ts: asked for, an upgrade's, a recovery's; migration 852) */
  rebuild_run: number | string
  /** why its input was refused whole (core/batches.ts recordRefusal); '' or absent: it was not */
  refused_because?: string
  /** what it stored of its first group when it stored none whole (sql/derive/unfinished_part.sql); absent: not counted */
  part?: StoredPart
}

/** Of a first group stored in part: its rejected lines, its messages, and `keyed` 1 when status lines may be stored too (not counted). */
export interface StoredPart { rejected: number | string; messages: number | string; keyed: number | string }

const isRebuildRun = (b: UnfinishedBatch): boolean => Number(b.rebuild_run) === 1

/**
 * Whether recovering `unfinished` derives everything again: a rebuild was stopped, or a batch
 * stopped inside its derive. A statement cut there (kill -9, an engine error) may have written a
 * block to some targets of a materialized view's source and not to others (ClickHouse writes them
 * one after the other, with no transaction): spend_daily then summed 442,134 conversations over
 * conversations' 292,990 (trial, a kill inside a 500k-message derive). Re-deriving the batch's
 * keys compares with conversations alone, so only deriving everything from the stored messages
 * makes the rollups whole again.
 */
export function rebuildsAll(unfinished: UnfinishedBatch[]): boolean {
  return unfinished.some((b) => isRebuildRun(b) || Number(b.derive_cut) === 1)
}

/** How a person is told which run `b` was (core/batches.ts batchNamed: by its kind), `withStart`: with when it started. */
const named = (b: UnfinishedBatch, withStart: boolean): string =>
  batchNamed(b.batch_id, b.source, withStart ? b.started_at : undefined, { rebuildRun: isRebuildRun(b) })

/**
 * One sentence for a person about a batch that never finished; `ingests`: said by an ingest, which
 * stores other data (the demo load's then said npm start finishes it "as long as nothing else is
 * ingested", and the ingest went on to do just that: break-it trial).
 */
export function describeUnfinished(b: UnfinishedBatch, opts: { ingests?: boolean } = {}): string {
  const stopped = `warning: ${named(b, true)} did not finish`
  if (isRebuildRun(b)) return `${stopped} (the process stopped); everything is derived again now`
  if (b.source === demoSource) {
    // No command ingests the demo: `npm start` loads it whole again (bin/start.ts), the lines
    // already stored unchanged, unless the database got other data meanwhile.
    if (opts.ingests) {
      return `${stopped} (the process stopped); this ingest stores other data, so npm start will not finish the demo in this database: `
        + 'for the demo, start on a new database (e.g. WACOST_DB=./demo-data npm start)'
    }
    return `${stopped} (the process stopped); npm start finishes it (nothing is counted twice) as long as nothing else is ingested into this database`
  }
  if (b.source.startsWith('webhooks (')) {
    // The receiver stored the deliveries before answering Meta; it ingests them again on start.
    return `${stopped} (the process stopped); its deliveries are stored and are ingested again now (nothing is counted twice)`
  }
  // Refused whole by its first bytes, then killed before its end: ingested again as it is, it
  // would be refused again (the warning said to: break-it trial); why, and what to do, instead.
  if ((b.refused_because ?? '') !== '') return `warning: ${named(b, true)} was refused whole, and the process stopped before it ended: ${b.refused_because}`
  const lines = Number(b.lines)
  // Stopped in its derive: every line is stored, the derive is done now; nothing to send again
  // (it said lines were missing: break-it trial).
  if (Number(b.stored_all) === 1) {
    return `${stopped} (the process stopped after it had stored all its ${lines} line(s), before their derive was done); `
      + 'their derive is done now: nothing is missing'
  }
  const again = `${sendAgain(b.source) ?? `ingest ${printable(b.source)} again`} (lines already stored are not counted twice)`
  const group = `~${GROUP_BYTES / 2 ** 20} MB`
  // a group is stored as a whole or in part: the one it was storing may have stored some records.
  // Said as what happened ("its lines were not stored, or only in part
  // (derived now)" said a derive of lines it had just said were not stored)
  if (lines === 0) {
    const before = `${stopped} (the process stopped before it had stored a whole group (${group}) of its lines)`
    // counted where the rows hold their batch (sql/derive/unfinished_part.sql): "except perhaps
    // part of that first group" was said of runs that stored nothing (break-it trial)
    const part = b.part
    if (part === undefined) return `${before}; its lines were not stored, except perhaps part of that first group (that part is derived now): ${again}`
    const rejected = Number(part.rejected)
    const rejects = `${rejected} rejected line(s) (\`wacost rejected --batch ${b.batch_id}\` lists them)`
    if (Number(part.keyed) === 0) return `${before}; ${rejected > 0 ? `it stored only its ${rejects}` : 'it stored none of its lines'}: ${again}`
    return `${before}; of that first group it stored ${Number(part.messages)} message(s)${rejected > 0 ? ` and ${rejects}` : ''}, and perhaps `
      + `some of its status lines (what it stored is derived now); its other lines were not stored: ${again}`
  }
  return `${stopped} (the process stopped); the ${lines} line(s) of the groups (${group} each) it had stored whole are derived now, `
    + `any line after them was not stored, or only in part: ${again}`
}

/** The line said before recovering `unfinished` (one or more): what is done first, and that it takes a while. */
export function describeRecovery(unfinished: UnfinishedBatch[]): string {
  const which = unfinished.map((b) => named(b, false))
  const one = unfinished.length === 1
  const stopped = `wacost: ${which.join(', ')} did not finish (the process stopped)`
  if (rebuildsAll(unfinished)) {
    return `${stopped}; everything stored is derived again first, as \`wacost rebuild\` does, so that no total is left `
      + 'half-written (nothing is counted twice); this takes as long as a rebuild …'
  }
  // Nothing stored whole, so no derive of theirs to wait for (it promised one: kill trial).
  if (unfinished.every((b) => Number(b.lines) === 0)) return `${stopped}; checking what ${one ? 'it' : 'they'} left first …`
  return `${stopped}; finishing what ${one ? 'it' : 'they'} left undone first, `
    + `which may take as long as ${one ? 'its' : 'their'} derive (nothing is counted twice) …`
}

/** Batches that started and never finished, not reported yet (read before this run starts any). */
export async function unfinishedBatches(db: Db): Promise<UnfinishedBatch[]> {
  const unfinished = await rows<UnfinishedBatch>(db, 'derive/unfinished_batches')
  // what an ingest that stored no whole group stored of its first, counted before its recovery changes it
  for (const b of unfinished) {
    if (Number(b.lines) !== 0 || isRebuildRun(b) || (b.refused_because ?? '') !== '') continue
    b.part = (await rows<StoredPart>(db, 'derive/unfinished_part', { batch: Number(b.batch_id) }))[0]
  }
  return unfinished
}

/**
 * Re-does the pending work of runs that stopped (`unfinished`): the status facts of stopped
 * ingests (what their statuses made known, written at a batch's end), then a full rebuild when a rebuild
 * or a derive was interrupted (rebuildsAll: recorded as `(recovery of batch N)`) or `rebuildRun` is given (reference data or migrations changed: the rebuild's
 * batch, recorded before the change), else the derive of every queued batch. Batches found unfinished are returned (and recorded as interrupted, once the work is
 * done, so a crash during recovery is itself recovered on the next open).
 */
export async function recover(db: Db, unfinished: UnfinishedBatch[], rebuildRun?: Run): Promise<UnfinishedBatch[]> {
  const all = rebuildRun !== undefined || rebuildsAll(unfinished)
  // A batch's status facts reach status_facts only at its end (pipeline/80_status_facts): those
  // of a batch that stopped are written now, from message_keys, before anything is derived.
  for (const b of unfinished) {
    if (isRebuildRun(b)) continue
    const batch = Number(b.batch_id)
    await exec(db, 'pipeline/92_clear_fact_ids')
    await exec(db, 'pipeline/61_recover_fact_ids', { batch })
    await exec(db, 'pipeline/80_status_facts', { batch })
    await exec(db, 'pipeline/92_clear_fact_ids')
    // what the views of messages and statuses may have missed, the statement that stored a block
    // cut before them: the reconciliation's marks (not before a rebuild, which empties them and
    // fills the reconciliation whole), the phone numbers' WABAs (no rebuild derives them)
    if (!all) await exec(db, 'pipeline/62_recover_marks', { batch })
    await exec(db, 'pipeline/63_recover_phone_wabas', { batch })
    // the ids it recorded whose message lines were never stored (killed before or in
    // pipeline/40_messages): forgotten, or the same lines ingested again read "all already stored
    // and unchanged: nothing changed" (break-it trial). None when it stored every line.
    if (Number(b.stored_all) !== 1) {
      await exec(db, 'pipeline/64_unstored_key_ids', { batch })
      await exec(db, 'pipeline/65_forget_unstored_keys', { batch })
      await exec(db, 'pipeline/66_clear_unstored_key_ids')
    }
  }
  // a rebuild the user did not ask for is recorded as the recovery of the runs it re-does
  if (all) await rebuild(db, rebuildRun ?? await startBatch(db, recoverySource(unfinished.map((b) => b.batch_id))))
  else await derivePending(db)
  if (unfinished.length > 0) await exec(db, 'derive/mark_interrupted', { batches: unfinished.map((b) => b.batch_id) })
  return unfinished
}
