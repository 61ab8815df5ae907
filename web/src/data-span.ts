// The days with data, as the filter options (GET /api/filters) give them: each WABA's first and
// last local day with data (UTC midnights). The dashboard's period bar and headline, and the
// customer page's answer, say a period outside them in these words: nothing stored there is not
// a spend of 0, nor no charges (fresh-user trial: "No charges since 2024-10-01." after the data's end).
import { dateOf } from './day-fields.ts'
import { day } from './format.ts'
import type { Period } from './panels/spend.ts'

/** A row of GET /api/filters (api/routes/dashboard.ts FilterOptionRow; wabas: an Arrow list, read with Array.from). */
export interface FilterOption { kind: string; id: string; label: string; waba_id: string; timezone: string; first_day: number; last_day: number; wabas: Iterable<string> }

/** The days with data of the WABAs `wabas` (every WABA's: none given); undefined when none of them is among the options. */
export function spanOf(options: FilterOption[], wabas: string[] = []): Period | undefined {
  const span = options.filter((o) => o.kind === 'waba' && (wabas.length === 0 || wabas.includes(o.id)))
  return span.length ? { from: Math.min(...span.map((o) => o.first_day)), to: Math.max(...span.map((o) => o.last_day)) } : undefined
}

/**
 * The data's span of a view (undefined while the options are unknown: nothing to compare with):
 * of the WABA chosen, else of the phone number's WABA (a phone number's Last 7 days ran to another
 * WABA's later last day, where it had no data: fresh-user trial), else of every WABA.
 */
export const viewSpan = (options: FilterOption[], view: { waba: string; phone: string }): Period | undefined => spanOf(options, view.waba
  ? [view.waba] : options.filter((o) => o.kind === 'phone' && o.id === view.phone).map((o) => o.waba_id))

/** " (the data runs Jul 23, 2024 – Sep 20, 2024)"; '' while the span is unknown. */
export const dataRuns = (data: Period | undefined): string => (data ? ` (the data runs ${day(data.from)} – ${day(data.to)})` : '')

/**
 * A period with no stored message, in words: `zero` is what it would be misread as ("a spend of
 * $0", "no charges"); `filtered`: the phone filter narrows it.
 */
export const nothingStored = (data: Period | undefined, zero: string, filtered = false): string =>
  `No stored message falls in this period${filtered ? ' with these filters' : ''}${dataRuns(data)}: there is nothing to count, which is not the same as ${zero}.`

/**
 * What every panel with nothing to show says of a period the data `data` (the view's span,
 * viewSpan) does not reach at all (uncovered: 'none'): the headline said "No data … nothing to
 * count" while the panels said "No charges in this period.", "No guardrail breaks …", and the
 * reconciliation that no message was delivered (fresh-user trial: October 2024 on the demo).
 */
export const notCovered = (data: Period): string =>
  `The data does not cover this period (it runs ${day(data.from)} – ${day(data.to)}): there is nothing to count, which is not the same as none.`

/** notCovered's words for `period` (local days, '' for an open bound) wholly outside `data`; '' when any of it is inside, or the data's days are unknown. */
export const outsideWords = (period: { from: string; to: string }, data: Period | undefined): string =>
  (data && uncovered(period, data) === 'none' ? notCovered(data) : '')

/**
 * What every panel with nothing to show says when no WABA the key may read holds any data (the
 * filter options list none): "No charges in this period." read as a quiet period under a headline
 * and an export saying there is no data (fresh-user trial: a key whose WABA had none).
 */
export const NOTHING_STORED = 'No data is stored yet for any WABA this key may read: there is nothing to count, which is not the same as no charges.'

/** Whether the filter options (GET /api/filters, loaded) say that no WABA the key may read holds any data. */
export const storedNone = (options: FilterOption[]): boolean => spanOf(options) === undefined

const DAY = 86_400_000

/** A period's days (local days YYYY-MM-DD, '' for an open bound, which runs to the data's own end) as UTC midnights. */
function daysOf(period: { from: string; to: string }, data: Period): Period {
  return { from: period.from ? dateOf(period.from) : data.from, to: period.to ? dateOf(period.to) : data.to }
}

/**
 * How much of a period (local days YYYY-MM-DD, '' for an open bound) the data covers: 'none' when
 * it lies wholly outside `data`; else the days of it before or after the data ("Jul 1, 2024 –
 * Jul 22, 2024"), none when the data covers it (an open bound runs to the data's own end).
 */
export function uncovered(period: { from: string; to: string }, data: Period): 'none' | string[] {
  const { from, to } = daysOf(period, data)
  if (to < data.from || from > data.to) return 'none'
  const days = (a: number, b: number) => (a === b ? day(a) : `${day(a)} – ${day(b)}`)
  return [from < data.from ? days(from, data.from - DAY) : '', to > data.to ? days(data.to + DAY, to) : ''].filter(Boolean)
}

/**
 * A period that runs past the data's last day (or starts before its first), in words, with those
 * days written by `written` (UTC midnight → text; Sep 20, 2024 by default): "Data in this period
 * ends Sep 20, 2024: later days hold nothing stored yet." '' when the data covers the period, when
 * none of it (nothingStored says that) or when the data's days are unknown. Its total read as the
 * whole period's (fresh-user trial: "$222.52" for September 2024, the data ending on the 20th).
 */
export function pastData(period: { from: string; to: string }, data: Period | undefined, written: (d: number) => string = day): string {
  if (!data) return ''
  const { from, to } = daysOf(period, data)
  if (to < data.from || from > data.to) return ''
  const said = [from < data.from ? `starts ${written(data.from)}: earlier days hold nothing stored` : '',
    to > data.to ? `ends ${written(data.to)}: later days hold nothing stored yet` : ''].filter(Boolean)
  return said.length ? `Data in this period ${said.join('; it ')}.` : ''
}
