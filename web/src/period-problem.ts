// What is wrong with the dashboard's period, in the words the period bar says: checked once
// before any panel or export asks the API, so a link's bad dates are said once, not by every panel.
import { dateOf, FIRST_DAY, isoDay, LAST_DAY, partialDay, realDay } from './day-fields.ts'
import type { Period } from './panels/spend.ts'

const names = { from: 'From', to: 'To' } as const

/** A period's problem: its words ('' when there is none) and the date fields they are about. */
export interface PeriodProblem { words: string; fields: readonly ('from' | 'to')[] }
const said = (words: string, fields: readonly ('from' | 'to')[]): PeriodProblem => ({ words, fields })

/**
 * A period the panels cannot show, said once at the inputs while they keep what they show, dimmed,
 * and the export waits; its words '' when there is none. In order: a bound that is not a date (a link's
 * 2024-02-30: every panel and the export failed on it, each in its own words: fresh-user trial); a
 * date left partly typed in `form`'s From or To (not a whole day, not empty), saying which bound the
 * address still holds for it; a From after To; a bound left open whose day, the data's first or
 * last (`data`, UTC midnights; undefined while the options are unknown), falls on the wrong side of
 * the given one (a period given whole but outside the data is drawn: the panels say it is not
 * covered); a day the API does not count (before 1970-01-01 or after 2148-12-31: every panel
 * failed on a link's from=1969-12-31). `drawnOnce`: the panels show an earlier period; `waiting`,
 * when given, says what waits instead (the customer page: its answer, timeline and tables; the
 * dashboard with no key that may read: the key, first, as its panels show nothing of any period).
 */
export function periodProblemOf(state: { from: string; to: string }, form: HTMLFormElement, drawnOnce: boolean, data: Period | undefined,
  waiting?: string): PeriodProblem {
  const kept = waiting ?? (drawnOnce ? 'The panels below still show the previous period.' : 'The panels wait for a valid period.')
  // both said when both are wrong (a link's from=2024-02-30&to=2024-13-45 said From's alone: trial)
  const notDates = (['from', 'to'] as const).filter((k) => state[k] && !realDay(state[k]))
  if (notDates.length === 2) return said(`From (${state.from}) and To (${state.to}) are not dates: pick days or clear the fields. ${kept}`, notDates)
  const [k] = notDates
  if (k) return said(`${names[k]} (${state[k]}) is not a date: pick a day or clear the field. ${kept}`, [k])
  for (const k of ['from', 'to'] as const) {
    const input = form.elements.namedItem(k) as HTMLInputElement
    // (a link's 1969-12-31, shown as it is, is a whole day before the data: said below)
    if (document.activeElement !== input && !(input.value && input.value === state[k]) && partialDay(input)) {
      // The address cannot hold half a date: it keeps the bound in force, and says so (it kept an
      // old from= while the field showed something else, unsaid: user trial).
      const address = `The address keeps ${names[k]} ${state[k] || 'open'} until then.`
      return said(`${names[k]}${input.value ? ` (${input.value})` : ''} is not a whole day: finish the date or clear the field. ${kept} ${address}`, [k])
    }
  }
  if (state.from && state.to && state.from > state.to) return said(`From (${state.from}) is after To (${state.to}): pick a To on or after From. ${kept}`, ['from', 'to'])
  if (!(state.from && state.to) && data) {
    if (state.from && dateOf(state.from) > data.to) return said(`From (${state.from}) is after the last day with data (${isoDay(data.to)}): pick an earlier From. ${kept}`, ['from'])
    if (state.to && dateOf(state.to) < data.from) return said(`To (${state.to}) is before the first day with data (${isoDay(data.from)}): pick a later To. ${kept}`, ['to'])
  }
  for (const k of ['from', 'to'] as const) {
    const v = state[k]
    if (v && v < FIRST_DAY) return said(`${names[k]} (${v}) is before ${FIRST_DAY}, the first day the product counts: pick a later ${names[k]} or clear the field. ${kept}`, [k])
    if (v && v > LAST_DAY) return said(`${names[k]} (${v}) is after ${LAST_DAY}, the last day the product counts: pick an earlier ${names[k]} or clear the field. ${kept}`, [k])
  }
  return said('', [])
}

/**
 * Marks the date fields `problem` is about invalid (`aria-invalid`: style.css draws them red) and
 * the others valid (both turned red when only From was wrong: break-it trial); returns its words.
 */
export function markFields(form: HTMLFormElement, problem: PeriodProblem): string {
  for (const k of ['from', 'to'] as const) (form.elements.namedItem(k) as HTMLInputElement).setAttribute('aria-invalid', String(problem.fields.includes(k)))
  return problem.words
}
