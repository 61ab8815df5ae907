// What a person sees on standard error: progress while a source streams in (on a terminal), then
// what was rejected and why, so bad lines are never a silent loss.
import cliProgress from 'cli-progress'
import type { BatchSummary, Progress } from './pipeline.ts'
import { unlistedWabasSentence } from '../core/unlisted-wabas.ts'
import { printable } from '../core/printable.ts'

export function progressBar(source: string, enabled: boolean): { update(p: Progress): void; stop(): void } {
  if (!enabled) return { update() {}, stop() {} }
  const started = Date.now()
  const bar = new cliProgress.SingleBar(
    { format: `${source} | {lines} lines | {mb} MB | {rate} lines/s`, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  )
  bar.start(1, 0, { lines: 0, mb: '0.0', rate: 0 })
  return {
    update(p) {
      const s = Math.max((Date.now() - started) / 1000, 0.001)
      bar.update(0, { lines: p.lines, mb: (p.bytes / 1e6).toFixed(1), rate: Math.round(p.lines / s) })
    },
    stop() { bar.stop() },
  }
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * What the accepted records changed, so a log ingested again does not read as new data:
 * ` (all new)`, ` (all already stored and unchanged…)`, else each kind with its count. A line
 * repeating an earlier line of the same file is "repeated in this file", not "already stored"
 * (read as stored by an earlier run: fresh-user trial); it changed nothing either.
 */
function news(s: BatchSummary): string {
  // a server from before these counts answers without them
  if (s.accepted === 0 || s.newRecords === undefined) return ''
  if (s.newRecords === s.accepted) return ' (all new)'
  const repeated = s.repeatedRecords ?? 0
  if (s.unchangedRecords === s.accepted && repeated === 0) return ' (all already stored and unchanged: nothing changed)'
  const parts = [[s.newRecords, 'new'], [s.unchangedRecords - repeated, 'already stored and unchanged'], [repeated, 'repeated in this file'],
    // (a message id given again with other fields, stored before or earlier in the same log: "replacing
    // the stored message" read false of a log giving an id twice, nothing stored: break-it trial)
    [s.correctedRecords, 'corrected (a message given before, stored or earlier in this log, with other fields: the last line wins)']] as const
  const nothing = s.unchangedRecords === s.accepted ? ': nothing changed' : ''
  return ` (${parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`).join(', ')}${nothing})`
}

/** What a summary's `lines` count, in words: 'JSON document' for JSON documents over several lines (BatchSummary.unit), else 'line'. */
export const inputUnit = (s: Pick<BatchSummary, 'unit'>): 'line' | 'JSON document' => (s.unit === 'document' ? 'JSON document' : 'line')

/**
 * What the summary counts as rejected: lines (documents, for JSON documents over several lines)
 * while each held one record (accepted and rejected records add up to them: a plain log), else
 * records, as it counts the accepted ones. A webhook line of 100 records of which 3 were refused
 * read "1 line, 97 records accepted, 3 lines rejected" (fresh-user trial): 3 of one line, whose
 * other records were stored; so does a document holding several records (a webhook envelope).
 */
export const rejectedUnit = (s: BatchSummary): 'line' | 'record' | 'document' =>
  (s.accepted + s.rejected !== s.lines ? 'record' : s.unit === 'document' ? 'document' : 'line')

/**
 * The batch summary: counts, then rejected lines (or documents, or records: rejectedUnit) by reason, then where to find each one:
 * `tail` when given (the lines themselves, for a database that will be gone), else the command
 * that lists them from the database (`db`: the --db the user gave, repeated in that command).
 * A pretty-printed array of 2 documents over 21 lines reads "2 JSON documents", not "2 lines"
 * (its reasons' "first at line N" stay the input's lines).
 */
export function describeBatch(s: BatchSummary, tail?: string[], db?: string): string {
  const waiting = (s.unmatchedStatuses ?? 0) > 0 ? `; ${s.unmatchedStatuses} message id(s) have status records but no message yet` : ''
  const blank = s.blankLines > 0 ? ` and ${count(s.blankLines, 'blank line')} (skipped)` : ''
  // an input without a line with a record says what it held ("0 lines and 3 blank lines … 0 lines rejected" did not)
  if (s.lines === 0 && s.rejected === 0) {
    // JSON documents without one: an empty array (`[`, `]`), which is no empty input
    const held = s.unit === 'document' ? `no JSON document${blank}`
      : s.blankLines > 0 ? `only blank lines (${s.blankLines}, skipped)` : 'empty (no lines)'
    return printable(`${s.source}: ${held}, no record stored (batch ${s.batch})${waiting}`)
  }
  const unit = rejectedUnit(s)
  const summary = `${s.source}: ${count(s.lines, inputUnit(s))}${blank}, ${count(s.accepted, 'record')} accepted${news(s)}, ${count(s.rejected, unit)} rejected (batch ${s.batch})${waiting}`
  const head = [printable(summary), ...(s.notices ?? []).map((n) => `  notice: ${printable(n)}`)].join('\n')
  if (s.rejected === 0) return head
  const reasons = s.rejections.map((r) => `  ${String(r.lines).padStart(7)} × ${printable(r.reason)} (first at line ${r.first_line})`)
  return [head, ...reasons, ...(tail ?? [`  every rejected ${unit} is kept: \`wacost rejected${dbOption(db)} --batch ${s.batch}\` lists them`])].join('\n')
}

/** ` --db DIR` as the user gave it (quoted when the shell needs it), '' without one: for the commands a summary suggests. */
function dbOption(db?: string): string {
  return db === undefined ? '' : ` --db ${/^[\w./-]+$/.test(db) ? db : JSON.stringify(db)}`
}

/**
 * `s` with a notice naming the WABAs of its accepted records that the WABA register does not list
 * (none without a register), as the webhook receiver logs them: how to load the register again
 * into the database (`db`: the --db the user gave), or, `temporary` (ledger, verdicts), to give
 * the file with the rows added next time.
 */
export function withUnlisted(s: BatchSummary, temporary: boolean, db?: string): BatchSummary {
  const wabas = s.unregisteredWabas ?? []
  if (wabas.length === 0) return s
  const load = temporary ? 'then give that file with --wabas' : `then run wacost rebuild${dbOption(db)} --wabas FILE`
  return { ...s, notices: [...(s.notices ?? []), unlistedWabasSentence('records', wabas, load)] }
}

/** `s` with `notices` about its input itself (bytes after its gzip data: core/gzip-input.ts) after its own. */
export function withInputNotices<S extends BatchSummary>(s: S, notices: string[]): S {
  return notices.length === 0 ? s : { ...s, notices: [...(s.notices ?? []), ...notices] }
}

export interface RejectedLine { line_no: string | number; reason: string; total: string | number }

/** The rejected lines themselves (the first of them, and how many there are), one per row; `unit`: what the summary counted them as (rejectedUnit). */
export function listRejected(lines: RejectedLine[], unit: 'line' | 'record' | 'document' = 'line'): string[] {
  if (lines.length === 0) return []
  const total = Number(lines[0]!.total)
  const head = total > lines.length ? `  rejected ${unit}s (the first ${lines.length} of ${total}):` : `  rejected ${unit}s:`
  return [head, ...lines.map((l) => `    line ${l.line_no}: ${printable(l.reason)}`)]
}
