// Why an export holds its header only because no day of its period has data of its WABAs: said by
// `wacost export` on stderr after the file, and by GET /api/exports/* in its Wacost-Notice header,
// before it (a key limited to a WABA without data got a header line and no word: break-it trial).
// A header alone read as a period without spend, which it is not (fresh-user trial). Likewise
// for filters that match nothing in a period with data (noneMatched).
import { printable } from './printable.ts'
import { firstDay, lastDay } from './scope.ts'

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

/** The dashboard's filters that narrow a ledger or daily export (core/scope.ts NarrowFilters' lists). */
interface Narrowing { phones: string[]; markets: string[]; categories: string[]; countries: string[] }

/**
 * Words (lower case, no full stop) for a filtered export that holds no row: a period with data,
 * filters that exist, none of it theirs (`wacost export` said nothing of it, a header alone with
 * exit 0: fresh-user trial; GET /api/exports/* nothing either: finance trial). `wabas`: the WABAs
 * asked (none: every WABA); `period` in YYYY-MM-DD, both open bounds meaning the stored data.
 * Undefined when no phone number, market, category or country was asked (a WABA's or period's
 * emptiness is uncoveredPeriod's).
 */
export function noneMatched(f: Narrowing, wabas: string[], period: { from: string; to: string }): string | undefined {
  const parts: [string, string[]][] = [['phone number', f.phones], ['market', f.markets], ['category', f.categories], ['country', f.countries]]
  const asked = parts.filter(([, vs]) => vs.length > 0).map(([what, vs]) => `${what} ${[...new Set(vs)].join(', ')}`)
  if (asked.length === 0) return undefined
  const whose = wabas.length > 0 ? ` of WABA ${wabas.join(', ')}` : ''
  const when = period.from === firstDay && period.to === lastDay ? 'in the stored data' : 'in this period'
  // both pricing models' words (pricing-models.md): under per-message pricing a charge is no conversation
  return printable(`no conversation or per-message charge${whose} of ${asked.join(' and ')} ${when}: the file holds the header only`)
}

/**
 * Reads the CSV `csv` (a header line, then rows) until it knows whether a row follows the header:
 * `rows`, and the whole file again as `csv` (the chunks read, then the rest), so an answer's
 * headers can say it before its body is sent. Holds only the chunks up to the first row's.
 */
export async function peekRows(csv: AsyncIterable<Buffer>): Promise<{ rows: boolean; csv: AsyncGenerator<Buffer> }> {
  const it = csv[Symbol.asyncIterator]()
  const read: Buffer[] = []
  let rows = false
  let done = false
  while (!rows && !done) {
    const next = await it.next()
    if (next.done) { done = true; break }
    read.push(next.value)
    const head = Buffer.concat(read)
    const end = head.indexOf(10)
    rows = end >= 0 && end + 1 < head.length
  }
  // (a download ended early ends the export's own read too: its query stops with it)
  async function* again(): AsyncGenerator<Buffer> {
    try {
      yield* read
      if (!done) for (let next = await it.next(); !next.done; next = await it.next()) yield next.value
    } finally {
      await it.return?.()
    }
  }
  return { rows, csv: again() }
}
