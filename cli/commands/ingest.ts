// `wacost ingest`, and the ingest of the inputs that `ledger` and `verdicts` share: each input one
// batch, its summary on stderr, and a run that stored nothing to derive ends with status 4.
import type { Session } from '../../core/session.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { rows } from '../../core/db/sql.ts'
import { recordRefusal, storedBeforeCut, storedLines } from '../../core/batches.ts'
import { recover, unfinishedBatches } from '../../core/recovery.ts'
import { ingestSource, type BatchSummary } from '../../ingest/pipeline.ts'
import { describeBatch, listRejected, progressBar, rejectedUnit, withInputNotices, withUnlisted, type RejectedLine } from '../../ingest/report.ts'
import { nothingDerived } from '../failure.ts'
import { CutInputError, inputName, openInput, RefusedCliError } from '../inputs.ts'
import { databaseDir } from '../database.ts'
import { sayWhenStopped } from '../interrupted.ts'
import { RefusedInputs } from '../refused-inputs.ts'
import { openSession } from './open.ts'
import { warn } from './warnings.ts'

/** Rejected lines a temporary run prints itself (the rest are counted). */
const LISTED_REJECTS = 20

export interface IngestReport {
  /** The database will be gone after the run: print rejected lines instead of `wacost rejected`. */
  temporary: boolean
  /** The --db the user gave, repeated in the `wacost rejected` hint. */
  db?: string
  progress: boolean
  /** The WABA id of webhook `value` objects without their envelope (`--waba`). */
  waba?: string
  /** `wacost ingest`: an input refused whole is said and the run goes on (exit 2 at its end); else the run stops at it. */
  refused?: RefusedInputs
}

/**
 * Ingests each input as its own batch and reports it on stderr. Throws (status 4) when no input
 * line was accepted: nothing can be derived, and saying nothing would pass for an empty result.
 */
export async function ingestAll(session: Session, inputs: string[], report: IngestReport): Promise<BatchSummary[]> {
  const summaries: BatchSummary[] = []
  for (const input of inputs) {
    try {
      const summary = await ingestOne(session, input, report)
      summaries.push(summary)
    } catch (e) {
      // an input refused whole: said, and the run goes on (`wacost ingest`; `ledger` stops at it)
      if (!report.refused) throw e
      report.refused.said(e, input)
    }
  }
  if (summaries.length > 0 && summaries.every((s) => s.accepted === 0) && report.refused?.failure() === undefined) {
    throw nothingDerived(summaries)
  }
  return summaries
}

/** One input as its own batch, its summary on stderr. */
async function ingestOne(session: Session, input: string, report: IngestReport): Promise<BatchSummary> {
  const bar = progressBar(input, report.progress)
  let summary: BatchSummary
  // what the input itself gives notice of (bytes after its gzip data), said with its summary
  const notices: string[] = []
  try {
    summary = withInputNotices(await ingestSource(session.db, openInput(input, notices), inputName(input), (p) => bar.update(p), { waba: report.waba }), notices)
  } catch (e) {
    bar.stop()
    // The input failed half-way (corrupt gzip, a read error): derive what the batch stored and
    // mark it interrupted now, as POST /api/ingest does, so the next run does not report it as
    // a run that stopped (break-it trial). Should that fail too, the next open re-does it.
    const unfinished = await unfinishedBatches(session.db).catch(() => [])
    const batch = unfinished.at(-1)?.batch_id
    // refused whole (UTF-16/UTF-32, a tar archive): why, recorded with its batch for `wacost batches` and `wacost rejected`
    if (e instanceof RefusedCliError && batch !== undefined) await recordRefusal(session.db, Number(batch), e.refusal).catch(() => {})
    const recovered = await recover(session.db, unfinished).then(() => true, () => false)
    // a gzip file cut short: what of it was stored, and what to do (fresh-user trial: only the cut was said)
    if (e instanceof CutInputError && recovered && batch !== undefined) {
      throw e.stored(storedBeforeCut(batch, await storedLines(session.db, Number(batch))))
    }
    throw e
  }
  bar.stop()
  const tail = report.temporary && summary.rejected > 0
    ? listRejected(await rows<RejectedLine>(session.db, 'queries/rejected_first', { batch: summary.batch, limit: LISTED_REJECTS }), rejectedUnit(summary))
    : undefined
  process.stderr.write(`${describeBatch(withUnlisted(summary, report.temporary, report.db), tail, report.db)}\n`)
  return summary
}

/**
 * Until `off()` runs: SIGINT or SIGTERM (Ctrl-C, a stopped service) still stops the ingest at once
 * by the signal (../interrupted.ts), after one sentence on stderr of what became of the run. The
 * next open of the database derives what was stored (core/recovery.ts). Set before the database
 * is opened: stopped while it opens (migrations, the reference data, a recovery), nothing of the
 * inputs is stored yet (break-it trial); `opened()` switches to the sentence of a stop while ingesting.
 */
function sayWhenInterrupted(): { off: () => void; opened: () => void } {
  let opening = true
  const off = sayWhenStopped(() => opening
    ? ': the ingest stopped at once, while the database was being opened, before it stored any line: nothing of the input is stored; run the same command again'
    : ': the ingest stopped at once; what it stored is kept, and the next wacost command on this database derives it first and says whether to ingest the file again (nothing is counted twice)')
  return { off, opened: () => { opening = false } }
}

/** `wacost ingest FILE…`: into the persistent database, derived batch by batch. */
export async function ingest(files: string[], opts: ReferenceOptions & { db?: string; progress: boolean; strict?: boolean; waba?: string }): Promise<void> {
  const interrupted = sayWhenInterrupted()
  const session = await openSession(databaseDir(opts.db), opts, false, { ingests: true }).catch((e: unknown) => {
    interrupted.off()
    throw e
  })
  interrupted.opened()
  try {
    const refused = new RefusedInputs(files.length)
    await ingestAll(session, files, { temporary: false, db: opts.db, progress: opts.progress && Boolean(process.stderr.isTTY), waba: opts.waba, refused })
    // the warnings after the inputs ingested; an input refused makes the run's status (2), before --strict's
    const unpriced = await warn(session, opts.strict).then(() => undefined, (e: unknown) => e)
    const failure = refused.failure() ?? unpriced
    if (failure) throw failure
  } finally {
    interrupted.off()
    await session.close()
  }
}
