// Batch ids: every ingest and every rebuild is a numbered run recorded in ingest_batches. The
// number orders corrections (the last ingested message line wins) and names derive runs.
import type { Readable } from 'node:stream'
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'
import { engineTime } from './engine-time.ts'
import { printable } from './printable.ts'
import { sourceInWords } from './unnamed-sources.ts'

export interface Rejection { reason: string; lines: number; first_line: number }

/**
 * What a batch's accepted records changed (sql/pipeline/33_record_news.sql), so that a log
 * ingested again does not read as new data; the three add up to `accepted`. new: a message or
 * status line not stored before; unchanged: it repeats, field for field, what was stored (or an
 * earlier line of the batch), so nothing changed; corrected: a message line for a message id
 * stored before (or earlier in the batch) whose fields differ, which replaces it.
 */
export interface RecordNews {
  newRecords: number; unchangedRecords: number; correctedRecords: number
  /** Of the unchanged: lines repeating the line before them of the same id in the input (within a group, ~64 MB), not a stored row; absent from a server before it. */
  repeatedRecords?: number
}

/** What one ingested batch did (`wacost ingest` prints it, POST /api/ingest answers it). */
export interface BatchSummary extends RecordNews {
  batch: number
  source: string
  /** lines that hold a record; of JSON documents over several lines (unit 'document'), the documents as written (those that share a line count one each; a stray comma or bracket none) */
  lines: number
  /**
   * What `lines` counts: 'document' when the input was read as JSON documents over several lines
   * (ingest/documents.ts), else 'line' (absent from a server before it: lines). The summary says
   * "2 JSON documents" of a pretty array of 21 lines, not "2 lines".
   */
  unit?: 'line' | 'document'
  /**
   * Blank lines skipped (also a lone \r): of a line-per-record log, lines + blankLines are its
   * lines; of JSON documents, those before, between and after documents (the other lines a
   * document spans are neither).
   */
  blankLines: number
  accepted: number
  rejected: number
  /** Reasons, most frequent first; first_line is the first input line with that reason. */
  rejections: Rejection[]
  /**
   * Message ids named only by status lines so far (in the whole database, after this batch).
   * Only when asked (IngestLimits.unmatchedTotals: POST /api/ingest): a count over the whole
   * database took 0.3–1 s of each batch at 10M messages stored. The CLI says them once after its
   * inputs; the webhook receiver at most once a minute (api/webhooks/unmatched.ts).
   */
  unmatchedStatuses?: number
  /**
   * The status records of those ids (a status sent again counts once), whole database; only
   * when asked, like them. Not in POST /api/ingest's answer.
   */
  unmatchedStatusRecords?: number
  /**
   * The batch's accepted status records naming a message id that had no message line when they
   * were stored (none before, none earlier in the batch's ~64 MB group): the webhook receiver's
   * last batch shows it (GET /api/webhooks/status). Only for a webhook micro-batch (one group:
   * in a file of several, a status whose message comes in a later group would count). Not in
   * POST /api/ingest's answer.
   */
  statusesWithoutMessage?: number
  /**
   * Accepted records kept as given that are likely mistakes of the log (a message_id with blanks
   * at its ends, a wa_id that is no international number, a phone number given under another
   * WABA than it is stored under), one sentence each; they are counted by the rules as given.
   * And, once, how to convert an input whose lines were rejected as not UTF-8 (ingest/not-utf8.ts).
   * Absent from a server older than them.
   */
  notices?: string[]
  /**
   * WABA ids of accepted records that the WABA register (`--wabas`) does not list, sorted (up to
   * 100 per ~64 MB group): counted in UTC and shown without a name. Empty when no register is
   * loaded (then every WABA is so). The webhook receiver logs each once; `wacost ingest` and POST
   * /api/ingest say them in a notice (core/unlisted-wabas.ts).
   */
  unregisteredWabas?: string[]
}

export interface Progress { lines: number; bytes: number }

/**
 * Input bytes routed per group (ingest/pipeline.ts). A group is parsed and routed as a whole, so
 * its working tables (Memory) stay bounded whatever the batch size, and each group looks earlier
 * message ids up once. Groups of one batch are routed in line order, so the result equals one big
 * group. Nothing of a batch is stored before its first group is read whole: POST /api/ingest says
 * so when a body stops arriving before that.
 */
export const GROUP_BYTES = 64 * 1024 * 1024

/**
 * Options of an ingest: `waba` is the WABA id of webhook `value` objects sent without their
 * envelope (`--waba`); `wabas`, when not empty, the only WABAs the batch may write (an API key
 * limited to them): a record of another WABA, or a status naming none, is rejected with a reason
 * naming it. The sizes of runs and groups are set only by tests, to exercise many runs and
 * groups in a small log.
 */
export interface IngestOptions {
  waba?: string; wabas?: string[]; chunkBytes?: number; groupBytes?: number
  /** Each line is a body Meta's webhook receiver took (api/webhooks/batcher.ts): a line that is no webhook delivery is refused saying so. */
  webhooks?: boolean
  /**
   * The ids of a webhook micro-batch's deliveries, one a line in order: its notices name the
   * delivery (`first in delivery <id>`, its records) where a file's name the line (`first at line
   * N`), a line number of a micro-batch meaning nothing to whoever reads the server's log.
   */
  deliveries?: readonly string[]
  /** Told what the batch's derive did (benchmarks, tests). */
  onDerived?: (d: DeriveCounts) => void
  /**
   * Work done once the batch is recorded as started, before any line is read: the demo's WABAs and
   * phone numbers (ingest/demo/load.ts), so that a kill between them leaves a batch naming the
   * demo, which npm start finishes; loaded before the batch started, a kill in between left the
   * demo's WABA register with no trace of the demo, and the user's next ingest was told its WABAs
   * are not in the register (break-it trial).
   */
  started?: () => Promise<unknown>
  /**
   * Count the whole database's unmatched statuses for the summary (BatchSummary.unmatchedStatuses):
   * POST /api/ingest's answer gives them. Not by default: 0.3 s of a 10k-message batch at 10M
   * messages stored, and the CLI says them once, after all its inputs (core/reports.ts).
   */
  unmatchedTotals?: boolean
}

/**
 * What a batch's derive did: its queued keys, how many of them were continued from their reach,
 * and how many from their last restart point with their cached tail (derive/05_keys).
 */
export interface DeriveCounts { keys: number; continued: number; fromTail: number }

/**
 * The ingest of one source as one batch (ingest/pipeline.ts `ingestSource`), handed to the API
 * by the composition root (bin/start.ts) since api/ may not import ingest/.
 */
export type IngestSource = (db: Db, input: Readable, source: string, onProgress?: (p: Progress) => void, limits?: IngestOptions) => Promise<BatchSummary>

/** A row of `wacost batches` and GET /api/batches (sql/queries/batches.sql): null where not known. */
export interface BatchRow {
  batch: number; source: string; started_at: string; finished_at: string | null
  state: 'finished' | 'refused' | 'interrupted' | 'running'
  lines: number | null; accepted: number | null; rejected: number | null
  new_records: number | null; unchanged_records: number | null; corrected_records: number | null
  /** of a `refused` batch, why its input was refused whole (recordRefusal); null for any other, and one refused before migration 853 */
  refused_because: string | null
}

/** A finished batch's counts; a rebuild run stores no records, so it has no RecordNews (null in `wacost batches`). */
export interface BatchCounts extends Partial<RecordNews> { lines: number; accepted: number; rejected: number }

/**
 * The source of the demo load's batch (ingest/demo/load.ts): `npm start` looks for it to finish
 * a demo load that stopped (bin/start.ts), and recovery names it in its own words (core/recovery.ts).
 */
export const demoSource = '(demo dataset)'

/**
 * The sources of the runs that derive everything again and store no record (rebuild runs), as
 * `wacost batches` lists them and recovery names them: `(rebuild)`, one asked for (`wacost
 * rebuild`, a what-if); the one an opening starts when a migration or the reference data (prices,
 * time zones, settings) changed; the one recovery starts for runs that stopped (core/recovery.ts).
 * The SQL function wacost_rebuild_run (migration 852) tells them from the others: test batches-sources.
 */
export const rebuildSource = '(rebuild)'
export const upgradeSource = '(rebuild for new reference data or a new version)'
export const recoverySource = (batches: (number | string)[]): string =>
  `(recovery of batch${batches.length === 1 ? '' : 'es'} ${batches.join(', ')})`

/** A run recorded as started (startBatch), to record as finished with the same source. */
export interface Run { id: number; started: Date; source: string }

export async function startBatch(db: Db, source: string): Promise<Run> {
  const [r] = await rows<{ id: string }>(db, 'pipeline/00_next_batch')
  const id = Number(r?.id ?? 1)
  const started = new Date()
  await recordBatch(db, id, source, started)
  return { id, started, source }
}

/**
 * Records batch `id`: started (no counts), finished (its counts), or still running with `stage`:
 * 'so far', the counts of the groups it has stored whole (ingest/pipeline.ts records them before
 * reading another group, so a batch that stops later is listed with what it stored, not with 0s;
 * a start row's lines are 0, and a stored group has at least one line); 'stored', every line
 * stored, the derive still to do: its whole counts with what its records changed (RecordNews),
 * whose presence tells recovery nothing of the batch is missing (core/recovery.ts).
 */
export async function recordBatch(db: Db, id: number, source: string, started: Date, counts?: BatchCounts, stage?: 'so far' | 'stored'): Promise<void> {
  const finished = counts !== undefined && stage === undefined
  const news = finished || stage === 'stored'
  await db.client.insert({
    table: 'ingest_batches',
    format: 'JSONEachRow',
    values: [{
      batch_id: id, source, started_at: engineTime(started), finished_at: finished ? engineTime(new Date()) : null,
      lines: counts?.lines ?? 0, accepted: counts?.accepted ?? 0, rejected: counts?.rejected ?? 0,
      new_records: news ? counts?.newRecords ?? null : null, unchanged_records: news ? counts?.unchangedRecords ?? null : null,
      corrected_records: news ? counts?.correctedRecords ?? null : null,
    }],
  })
}

/**
 * Records why batch `id`'s input was refused whole by its first bytes (`refusal`: the message of a
 * RefusedInputError, core/refused-input.ts), so that `wacost batches` lists it `refused` and
 * `wacost rejected --batch N` says why rather than guess (its record alone is that of a run that
 * stopped before storing a line). Recovery marks it interrupted as any run that did not finish.
 */
export async function recordRefusal(db: Db, id: number, refusal: string): Promise<void> {
  await db.client.insert({ table: 'refused_batches', format: 'JSONEachRow', values: [{ batch_id: id, refusal, refused_at: engineTime(new Date()) }] })
}

/** How a batch refused whole is said: `batch 7 (x.log) was refused whole: it is UTF-16 text …; nothing of it was stored`. */
export const refusedSentence = (batch: number | string, source: string, refusal: string): string =>
  `${batchNamed(batch, source)} was refused whole: ${refusal}`

/**
 * How a person is told which batch: `batch 7 (log.ndjson)` (a file's name as printable() shows it:
 * it may hold control characters), `batch 2 (standard input, started …)` (an unnamed source in
 * words, core/unnamed-sources.ts, with its start when known: it tells it from others alike).
 * `run`: recovery's naming of a run that stopped, by its kind, its start (when known) said of every
 * run: `a rebuild (batch 3)` (one asked for), `the recovery of batch 1 (batch 2)`, `the rebuild for
 * new reference data or a new version (batch 2)` (rebuild runs the user never asked for: their
 * source in words; `rebuildRun` as wacost_rebuild_run tells, migration 852), `the demo load
 * (batch 1, started …)`, `batch 7 (log.ndjson, started …)`.
 */
export function batchNamed(batch: number | string, source: string, started?: string, run?: { rebuildRun: boolean }): string {
  const at = started ? `, started ${started}` : ''
  if (run && source === rebuildSource) return `a rebuild (batch ${batch}${at})`
  if (run?.rebuildRun) return `the ${source.replace(/^\(|\)$/g, '')} (batch ${batch}${at})`
  if (run && source === demoSource) return `the demo load (batch ${batch}${at})`
  const words = sourceInWords(source)
  // (standard input in words: `batch 2 ((stdin), …)` read oddly, break-it trial)
  return `batch ${batch} (${words ?? printable(source)}${words !== undefined || run ? at : ''})`
}

/** The lines batch `batch` stored (a batch that stopped: those of the groups it stored whole). */
export async function storedLines(db: Db, batch: number): Promise<number> {
  const [r] = await rows<{ lines: string }>(db, 'queries/batch_stored', { batch })
  return Number(r?.lines ?? 0)
}

/**
 * What a batch whose input was cut short (a gzip file or body cut short or corrupt) stored, in
 * the words `wacost ingest` and POST /api/ingest both use: lines are stored a group at a time,
 * so only the groups read whole before the cut are (the batch is marked interrupted either way).
 */
export function storedBeforeCut(batch: number | string, lines: number): string {
  const groups = `lines are stored a group (~${GROUP_BYTES / 2 ** 20} MB) at a time`
  return lines > 0
    ? `${groups}: the ${lines} line(s) of the groups read whole before the cut were stored as batch ${batch}, which is marked interrupted`
    : `${groups} and none was read whole before the cut: nothing was stored; batch ${batch} is marked interrupted, with no lines`
}

/** sql/queries/batch_known.sql's row. */
export interface BatchKnownRow { found: string; batches: string; last: string; last_source: string }

/**
 * Which batches there are, in words, when batch `batch` does not exist (`wacost rejected --batch
 * N`, GET /api/rejected?batch=N: an unknown batch listed nothing and said nothing, break-it
 * trial); null when it exists. `listing`: where the reader finds them all, if anywhere.
 */
export async function unknownBatch(db: Db, batch: number, listing?: string): Promise<string | null> {
  const [known] = await rows<BatchKnownRow>(db, 'queries/batch_known', { batch })
  if (Number(known?.found ?? 0) > 0) return null
  if (Number(known?.batches ?? 0) === 0) return 'the database holds no batch yet'
  // (the caller makes a file's name printable, as its medium needs)
  return `the last batch is ${known!.last} (${sourceInWords(known!.last_source) ?? known!.last_source})${listing ? `; ${listing} lists them all` : ''}`
}
