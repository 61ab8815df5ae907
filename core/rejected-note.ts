// What a batch's list of rejected lines cannot say by itself, in one sentence: `wacost rejected
// --batch N` writes it on stderr, GET /api/rejected?batch=N in its Wacost-Notice header (the
// route said nothing of a batch that stopped where the CLI said what it stored: break-it trial).
import { batchNamed, GROUP_BYTES, refusedSentence, type BatchRow } from './batches.ts'
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'
import { printable } from './printable.ts'
import { sendAgain } from './unnamed-sources.ts'

/**
 * The sentence said beside the rejected lines of batch `b` (a row of sql/queries/batches.sql),
 * `listed`: whether any line is listed; null when the list says it all (a finished batch with
 * lines listed, one still running with some). A batch refused whole (a UTF-16 or UTF-32 log, a
 * tar archive) read "batch 7 rejected no line" as if every line had been accepted (break-it
 * trial): it says why it was refused, as recorded (migration 853). One refused before that is
 * recorded only as interrupted with no lines, so it is said with the other causes of the same
 * record: a gzip input cut short, a run stopped (kill -9) before it had stored a whole group,
 * which may have stored part of it, as the recovery's warning says (core/recovery.ts: it said
 * flatly "it stored no line", and of standard input to ingest "the file" again, break-it trial).
 * A batch that stopped with lines listed: they are those of what it stored.
 */
export function rejectedNote(b: BatchRow, listed: boolean): string | null {
  const named = batchNamed(b.batch, b.source, b.started_at)
  if (b.state === 'refused' && b.refused_because !== null) return refusedSentence(b.batch, b.source, b.refused_because)
  const unnamed = sendAgain(b.source)
  const again = unnamed ?? `ingest ${printable(b.source)} again`
  const notTwice = '(lines already stored are not counted twice)'
  // stopped in its derive, every line stored (its record counts what they changed): nothing is missing
  const storedAll = b.state === 'interrupted' && b.lines !== null && b.new_records !== null
  if (listed) {
    if (b.state !== 'interrupted' || storedAll) return null
    const group = `~${GROUP_BYTES / 2 ** 20} MB`
    const of = b.lines === null
      ? `of the part of its first group (${group}) it stored; its other lines were not stored`
      : `of the ${b.lines} line(s) of the groups (${group} each) it stored whole, and perhaps of part of the next; any line after them was not stored, or only in part`
    return `${named} stopped (interrupted) before it had stored all its lines: the rejected lines listed are those ${of}: ${again} ${notTwice}`
  }
  if (b.state === 'interrupted' && b.lines === null) {
    return `${named} has no rejected line stored: it stopped (interrupted) before it had stored a whole group (~${GROUP_BYTES / 2 ** 20} MB) `
      + 'of its lines, which were not stored, except perhaps part of that first group; its input was refused whole (a UTF-16 or UTF-32 log, '
      + `a tar archive), or cut short before a whole group was read (gzip), or the run stopped: ${again}: it says which, and what to do `
      + notTwice
  }
  if (storedAll) return `${named} rejected no line of the ${b.lines} it stored before it stopped (interrupted), which were all its lines: nothing is missing`
  if (b.state === 'interrupted') {
    return `${named} rejected no line of the ${b.lines} it stored before it stopped (interrupted); `
      + `lines it had not stored are missing${unnamed ? `: ${unnamed}` : ' until the file is ingested again'} ${notTwice}`
  }
  return b.state === 'running' ? `${named} is still running: it has rejected no line so far` : `${named} rejected no line`
}

/** Batch `batch`'s row of `wacost batches` (sql/queries/batches.sql), undefined when there is none. */
export async function batchRow(db: Db, batch: number): Promise<BatchRow | undefined> {
  return (await rows<BatchRow>(db, 'queries/batches')).find((b) => Number(b.batch) === batch)
}

/** A batch whose rejected lines `wacost rejected` lists (a row of sql/queries/rejected_batches.sql). */
export interface RejectedBatch { batch: number; source: string; lines: number; interrupted: boolean | number; again: number }

/** Stopped batches named one by one in the sentence; more are counted. */
const NAMED_STOPPED = 3

/**
 * The sentence said before every batch's rejected lines (`wacost rejected` without --batch) when
 * they come from several batches or from one that stopped: how many, which stopped (interrupted)
 * and which of those were ingested again, whose lines are listed once for each run (break-it
 * trial: an input stopped and run again listed 91 rows where a clean run lists 50, and the
 * reader could not tell them apart), and how to list one batch. Null: one finished batch, or none.
 */
export function rejectedBatchesNote(batches: readonly RejectedBatch[]): string | null {
  const stopped = batches.filter((b) => Boolean(b.interrupted))
  if (batches.length < 2 && stopped.length === 0) return null
  const listed = `the ${batches.reduce((n, b) => n + Number(b.lines), 0)} rejected line(s) listed come from`
  if (batches.length === 1) {
    const b = batches[0]!
    return `${listed} ${batchNamed(b.batch, b.source)}, which stopped (interrupted) before finishing: \`wacost rejected --batch ${b.batch}\` says what it stored`
  }
  // a later batch of standard input or of a POST body is not known to be the same input
  const rerun = (b: RejectedBatch) => Number(b.again) !== 0 && sendAgain(b.source) === undefined
  const named = stopped.slice(0, NAMED_STOPPED).map((b) => `${batchNamed(b.batch, b.source)}${rerun(b) ? `, ingested again as batch ${b.again}` : ''}`)
  if (stopped.length > NAMED_STOPPED) named.push(`${stopped.length - NAMED_STOPPED} more`)
  const again = stopped.filter(rerun).length
  const which = stopped.length === 0 ? ''
    : `, of which ${stopped.length} stopped (interrupted) before finishing${again > 0 ? ` and ${again} ${again === 1 ? 'was' : 'were'} ingested again` : ''}: `
      + `${named.join('; ')}${again > 0 ? '; a line both runs of an input stored is listed once for each run' : ''}`
  return `${listed} ${batches.length} batches${which}; \`wacost rejected --batch N\` lists one batch's lines${stopped.length > 0 ? ' and says what a stopped one stored' : ''}`
}
