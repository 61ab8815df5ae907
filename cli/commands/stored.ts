// The commands that read what earlier runs stored (`rebuild`, `rejected`, `batches`, `statuses`,
// `export`, `reconcile`); cli/program.ts has already refused a directory that holds no database.
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { rebuild } from '../../core/derive.ts'
import { unknownBatch, type BatchRow } from '../../core/batches.ts'
import { batchRow, rejectedBatchesNote, rejectedNote, type RejectedBatch } from '../../core/rejected-note.ts'
import { printable } from '../../core/printable.ts'
import { rows, text } from '../../core/db/sql.ts'
import { unmatchedTotals, type UnmatchedStatus } from '../../core/reports.ts'
import { exportCsv, reconcileCsv, type ExportKind, type ReconcileList } from '../../core/exports.ts'
import { noneMatched, peekRows, uncoveredPeriod, type DataSpan } from '../../core/export-span.ts'
import { checkFilters, knownFilterValues, marketsHint, narrowFilters, wabasProblem, type MarketRow } from '../../core/scope.ts'
import { CliError } from '../failure.ts'
import { openSession } from './open.ts'
import { warn } from './warnings.ts'

/** `wacost rebuild`: every conversation, verdict and rollup derived again from the stored messages. */
export async function rebuildAll(dir: string, ref: ReferenceOptions & { strict?: boolean }): Promise<void> {
  const session = await openSession(dir, ref)
  try {
    const started = Date.now()
    await rebuild(session.db)
    process.stderr.write(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    await warn(session, ref.strict)
  } finally { await session.close() }
}

/**
 * `wacost rejected`: every kept rejected line (of one batch, or all) as NDJSON. A batch that does
 * not exist is an error naming the last one (it printed nothing and exited 0: break-it trial);
 * of an existing batch, what the list cannot say is said on stderr (core/rejected-note.ts): that it
 * holds no rejected line, or why, or that the batch stopped before it had stored all its lines.
 */
export async function listRejected(dir: string, batch: number | undefined): Promise<void> {
  const session = await openSession(dir, {})
  try {
    if (batch !== undefined && batch !== 0) {
      const there = await unknownBatch(session.db, batch, '`wacost batches`')
      // (the last batch's source as the terminal shows it: a file name may hold control characters)
      if (there) throw new CliError(`no batch ${batch}: ${printable(there)}`)
    }
    const listed = await text(session.db, 'queries/rejected', { batch: batch ?? 0 }, 'JSONEachRow')
    if (!batch) {
      // every batch's lines: from which batches, said before them (core/rejected-note.ts)
      const from = rejectedBatchesNote(await rows<RejectedBatch>(session.db, 'queries/rejected_batches'))
      if (from !== null) process.stderr.write(`${from}\n`)
    }
    process.stdout.write(listed)
    if (batch) {
      // what the list cannot say (a batch that stopped, one refused whole), as GET /api/rejected's Wacost-Notice says it
      const row = await batchRow(session.db, batch)
      const note = row ? rejectedNote(row, listed !== '') : listed === '' ? `batch ${batch} rejected no line` : null
      if (note !== null) process.stderr.write(`${note}\n`)
    }
  } finally { await session.close() }
}

/** `wacost batches`: every batch with its state (`refused`: its input was refused whole, `refused_because` says why; `interrupted`: the run stopped before finishing). */
export async function listBatches(dir: string): Promise<void> {
  const session = await openSession(dir, {})
  try { process.stdout.write(await text(session.db, 'queries/batches', {}, 'JSONEachRow')) } finally { await session.close() }
}

/** `wacost statuses --unmatched`: status records whose message never arrived. */
export async function listUnmatched(dir: string): Promise<void> {
  const session = await openSession(dir, {})
  try {
    const list = await rows<UnmatchedStatus>(session.db, 'queries/unmatched_statuses', { limit: 0 })
    process.stdout.write(list.map(({ total: _, ...r }) => `${JSON.stringify(r)}\n`).join(''))
  } finally { await session.close() }
}

export interface ExportOptions {
  from: string; to: string; waba: string[]; phone?: string[]; market?: string[]; category?: string[]; country?: string[]
  bom?: boolean; excel?: boolean; out?: string; strict?: boolean
}

/**
 * `wacost export KIND`: a finance CSV, streamed to --out or stdout. The ledger and daily exports
 * take the dashboard's phone number, market, category and country filters (the invoice none: cli/program.ts
 * refuses them); a WABA, phone number, market, category or country that does not exist, or a phone number
 * with data under none of the --waba asked, is an error naming it (exit 2, as GET /api/exports
 * answers 404: core/scope.ts checks both), never an empty file.
 */
export async function exportTo(dir: string, kind: ExportKind, opts: ExportOptions): Promise<void> {
  const session = await openSession(dir, {})
  try {
    const wabas = await wabasProblem(session.db, opts.waba)
    if (wabas !== undefined) throw new CliError(wabas)
    const { filters, unknown: absent } = await checkFilters(knownFilterValues(session.db), narrowFilters(opts.phone, opts.market, opts.category, opts.country), [], opts.waba)
    if (absent) {
      const hint = absent.param === 'market' && absent.mended === undefined ? await marketsHint((p) => rows<MarketRow>(session.db, 'queries/markets', p), absent.values) : ''
      throw new CliError(`${absent.said}${hint}${absent.after ?? ''}`)
    }
    await warn(session, opts.strict)
    // whether a row follows the header: read as GET /api/exports reads it (core/export-span.ts)
    const csv = await peekRows(exportCsv(session.db, kind, { wabas: opts.waba, from: opts.from, to: opts.to, ...filters }, { bom: opts.bom, excel: opts.excel }))
    await pipeline(Readable.from(csv.csv), opts.out ? createWriteStream(opts.out) : process.stdout)
    const none = (await uncovered(session.db, opts)) ?? (csv.rows ? undefined : noneMatched(filters, opts.waba, opts))
    if (none) process.stderr.write(`note: ${none}\n`)
  } finally { await session.close() }
}

/** Words for a period none of whose days has data of the WABAs asked (core/export-span.ts); undefined when it has one. */
async function uncovered(db: Parameters<typeof rows>[0], opts: ExportOptions): Promise<string | undefined> {
  const [span] = await rows<DataSpan>(db, 'queries/data_span', { wabas: opts.waba })
  return uncoveredPeriod(span, opts, opts.waba.length > 0 ? `of WABA ${opts.waba.join(', ')} ` : '')
}

/**
 * `wacost reconcile`: where Meta's pricing and the rules differ (docs/reconcile.md), as CSV on
 * stdout; then, on stderr, how many stored status records name no message the database holds
 * (sql/queries/unmatched_totals.sql, whole database: such a status names no WABA nor local day):
 * Meta's pricing on them is compared with nothing, and the list said nothing of them (fresh-user
 * trial). Said only when there are some; the exit status is the same.
 */
export async function reconcileTo(dir: string, list: ReconcileList, opts: { from: string; to: string; waba: string[] }): Promise<void> {
  const session = await openSession(dir, {})
  try {
    const wabas = await wabasProblem(session.db, opts.waba)
    if (wabas !== undefined) throw new CliError(wabas)
    await pipeline(Readable.from(reconcileCsv(session.db, list, { wabas: opts.waba, from: opts.from, to: opts.to })), process.stdout)
    const { records } = await unmatchedTotals(session.db)
    if (records > 0) {
      process.stderr.write(`note: ${records} stored status record${records === 1 ? ' names' : 's name'} no message this database holds, `
        + 'so this reconciliation leaves them out until their message lines are ingested (`wacost statuses --unmatched` lists them).\n')
    }
  } finally { await session.close() }
}
