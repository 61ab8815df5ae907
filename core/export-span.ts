// Why an export holds its header only because no day of its period has data of its WABAs: said by
// `wacost export` on stderr after the file, and by GET /api/exports/* in its Wacost-Notice header,
// before it (a key limited to a WABA without data got a header line and no word: break-it trial).
// A header alone read as a period without spend, which it is not (fresh-user trial).

/** The local days with data of some WABAs, as sql/queries/data_span.sql gives them (no day: days 0). */
export interface DataSpan { first_day: string; last_day: string; days: string | number }

/**
 * Words (lower case, no full stop) for a period `from`..`to` (YYYY-MM-DD) none of whose days is in
 * `span`, the data of the WABAs `whose` names ('of WABA 1, 2 ', with its trailing blank; '' for
 * every WABA); undefined when the period has a day with data.
 */
export function uncoveredPeriod(span: DataSpan | undefined, period: { from: string; to: string }, whose: string): string | undefined {
  if (!span || Number(span.days) === 0) return `no data ${whose}is stored: the file holds only its header`
  if (period.to >= span.first_day && period.from <= span.last_day) return undefined
  return `the data ${whose}runs ${span.first_day} to ${span.last_day}: nothing of ${period.from} to ${period.to} is in it, `
    + 'so the file holds only its header (its spend is not known here, not 0)'
}
