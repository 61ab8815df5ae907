// How a command ends when it cannot do its work: one sentence on stderr and an exit status that
// says which kind of failure it was (README, "Commands": the exit status table). Kept free of
// the engine and of core/config.ts so that even a broken environment is reported this way.

/** Exit statuses; README's table lists the same. */
export const exitStatus = {
  /** Done: output printed or data stored, even if some lines were rejected (reported on stderr). */
  ok: 0,
  /** Failed unexpectedly while working (an engine error or a bug). */
  failed: 1,
  /** Could not start: usage, unreadable input, no database, database held, invalid configuration. */
  cannotStart: 2,
  /** With --strict: a charged conversation has no rate-card price (nothing printed). */
  unpriced: 3,
  /** Ran, but nothing could be derived: every input line was rejected, none, or no message line. */
  nothingDerived: 4,
  // 130 and 143 (Ctrl-C, SIGTERM) are not chosen here: core/session.ts exits with them once a
  // temporary database is removed; other commands are ended by the signal itself.
} as const

/** A failure the command recognised, with the sentence to show and the status to exit with. */
export class CliError extends Error {
  /** usage: the command's help, printed after the sentence when the failure is one of usage (exit 2). */
  constructor(message: string, readonly status: number = exitStatus.cannotStart, readonly usage = '') {
    super(message)
  }
}

/** What one input held, as its batch summary counts it (core/batches.ts BatchSummary): `lines` are JSON documents when `unit` is 'document'. */
export interface InputCounts { lines: number; blankLines?: number; unit?: 'line' | 'document' }

/**
 * The failure of an ingest that stored nothing (exit 4), given what each input held: the lines
 * (or JSON documents) it read and the blank lines it skipped, summed over its files (the same words
 * with and without a server).
 */
export function nothingDerived(inputs: InputCounts[]): CliError {
  const sum = (unit: 'line' | 'document') => inputs.reduce((n, s) => n + ((s.unit ?? 'line') === unit ? s.lines : 0), 0)
  const [lines, documents] = [sum('line'), sum('document')]
  const blankLines = inputs.reduce((n, s) => n + (s.blankLines ?? 0), 0)
  // an input of blank lines only said "0 lines and 3 blank lines", then "holds no lines" (break-it trial)
  const why = lines + documents === 0
    ? (inputs.some((s) => s.unit === 'document') ? 'the input holds no JSON document, no record'
      : blankLines > 0 ? `the input holds only blank lines (${blankLines}), no record` : 'the input is empty (no lines)')
    // a pretty-printed document of 20 lines is one JSON document, as the summary counts it
    : documents === 0 ? (lines === 1 ? 'the one input line was rejected (reason above)' : `all ${lines} input lines were rejected (reasons above)`)
      : lines === 0 ? (documents === 1 ? 'the one JSON document of the input was rejected (reason above)' : `all ${documents} JSON documents of the input were rejected (reasons above)`)
        : `all ${lines} input line${lines === 1 ? '' : 's'} and ${documents} JSON document${documents === 1 ? '' : 's'} were rejected (reasons above)`
  return new CliError(`nothing to derive: ${why}`, exitStatus.nothingDerived)
}

interface CommanderLike { code: string; exitCode: number }
const isCommanderError = (e: unknown): e is CommanderLike =>
  e instanceof Error && typeof (e as Partial<CommanderLike>).code === 'string' && (e as Partial<CommanderLike>).code!.startsWith('commander.')

/**
 * Reports `e` on stderr (unless commander already did) and returns the exit status. `known` is
 * the sentence for an error the caller recognised as the user's to fix (a configuration file):
 * it says "could not start" rather than "failed".
 */
export function report(e: unknown, known?: string): number {
  // Commander has printed its own message (and the help): only the status is left to decide.
  if (isCommanderError(e)) return e.exitCode === 0 ? exitStatus.ok : exitStatus.cannotStart
  if (e instanceof CliError) {
    process.stderr.write(`wacost: ${e.message}\n${e.usage ? `\n${e.usage}` : ''}`)
    return e.status
  }
  if (known !== undefined) {
    process.stderr.write(`wacost: ${known}\n`)
    return exitStatus.cannotStart
  }
  const message = e instanceof Error ? e.message : String(e)
  process.stderr.write(`wacost: failed: ${message.trim()}\n`)
  return exitStatus.failed
}
