// The scope of a read: which local days (each WABA's own time zone) and which WABAs. The API's
// filter bar and `wacost export` check it the same way, with the same words; the API turns a
// ScopeError into its JSON error (api/errors.ts), the CLI prints the message.
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'

/** The period an open end stands for: every day a DateTime can hold. */
export const firstDay = '1970-01-01'
export const lastDay = '2148-12-31'

export class ScopeError extends Error {
  constructor(readonly code: 'BAD_DATE' | 'PERIOD_REVERSED', message: string, readonly param: 'from' | 'to') {
    super(message)
  }
}

function checkDay(value: string | undefined, param: 'from' | 'to', fallback: string): string {
  if (value === undefined || value === '') return fallback
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  // setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999 (0001-01-01 was "not a date")
  const parsed = m ? new Date(new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    throw new ScopeError('BAD_DATE', `${param}: "${value}" is not a date; expected YYYY-MM-DD, e.g. 2024-09-01.`, param)
  }
  // a real day the data cannot hold: said as such (it read "not a date": break-it trial)
  if (value < firstDay || value > lastDay) {
    throw new ScopeError('BAD_DATE', `${param}: ${value} is out of range; days from ${firstDay} to ${lastDay} (leave ${param} out for an open end).`, param)
  }
  return value
}

/** The period from … to (inclusive, YYYY-MM-DD), an open end being the first or last day. */
export function checkPeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const period = { from: checkDay(from, 'from', firstDay), to: checkDay(to, 'to', lastDay) }
  if (period.from > period.to) throw new ScopeError('PERIOD_REVERSED', `from (${period.from}) is after to (${period.to}).`, 'from')
  return period
}

/** The asked WABA ids the database does not know. */
export async function unknownWabas(db: Db, asked: string[]): Promise<string[]> {
  if (asked.length === 0) return []
  const known = new Set((await rows<{ waba_id: string }>(db, 'api/known_wabas', { ids: asked })).map((r) => r.waba_id))
  return asked.filter((w) => !known.has(w))
}
