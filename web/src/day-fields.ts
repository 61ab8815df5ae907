// The filter bar's From and To fields: when a value in them reaches the panels. A date input
// reports every keystroke that makes a real day, so typing a date passes through days nobody
// meant; only a whole day the user settled on may redraw the page.

export type DayField = 'from' | 'to'

/** The first and last days the API counts (core/scope.ts `firstDay`, `lastDay`: what a DateTime holds). */
export const FIRST_DAY = '1970-01-01'
export const LAST_DAY = '2148-12-31'

/** A `YYYY-MM-DD` day as its UTC midnight (local days are stored as UTC midnights). */
export const dateOf = (v: string): number => Date.parse(`${v}T00:00:00Z`)

/** A UTC midnight (ms) as the day it is, YYYY-MM-DD: dateOf's inverse, as the date fields, the file names and the sentences write a day. */
export const isoDay = (t: number): string => new Date(t).toISOString().slice(0, 10)

/**
 * A date field's value once it is a whole, real day: typing 09012024 passes through 0002-09-01,
 * 0020-09-01 and 0202-09-01 before 2024-09-01, and none of those may reach the panels.
 */
export function completeDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false
  const year = Number(v.slice(0, 4))
  return year >= 1970 && year <= 2200 && new Date(dateOf(v)).toISOString().slice(0, 10) === v
}

/**
 * A link's `YYYY-MM-DD` that is a day of the calendar, of any year (2024-02-30 and 2024-13-45 are
 * not): one that is not is said at the inputs, never sent to the API.
 */
export function realDay(v: string): boolean {
  const t = dateOf(v)
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v
}

/**
 * A field the user left with a date that is not a whole day: one part missing (the browser then
 * reports '' as for an empty field: validity.badInput tells them apart) or a year still being
 * typed (0202-09-01). It is neither the day nor "no bound", so it never reaches the panels.
 */
export function partialDay(input: HTMLInputElement): boolean {
  return input.validity.badInput || (input.value !== '' && !completeDay(input.value))
}

/**
 * Bounds `form`'s From and To fields by the data's days (`span`, UTC midnights; undefined: not
 * known, no key or its options unread): their min and max, and each field's placeholder its own
 * bound, the data's first day in From and its last in To.
 */
export function boundFields(form: HTMLFormElement, span: { from: number; to: number } | undefined): void {
  for (const k of ['from', 'to'] as const) {
    const input = form.elements.namedItem(k) as HTMLInputElement
    input.min = span ? isoDay(span.from) : ''
    input.max = span ? isoDay(span.to) : ''
    input.placeholder = k === 'from' ? input.min : input.max
  }
}

/**
 * Typing over a filled field passes through whole, real days too (09/01 → 09/02 → 09/20 while
 * typing "20"): a value typed on the keyboard applies when the user leaves the field, presses
 * Enter or stops typing for TYPING_PAUSE_MS; one picked in the calendar applies at once.
 */
const TYPING_PAUSE_MS = 1500

/**
 * Wires the From and To fields of `form`: `current(name)` is the day the panels show for it,
 * `apply(name, value)` makes a settled value theirs (an empty one: no bound); `left()` is told
 * when a value applies nothing: the user leaves a field (a partial date, said at the inputs), or
 * settles on the day already in force (what was said of the field may no longer hold).
 * Returns the handler of a date field's change event (the form's change listener hands it the field).
 */
export function dayFields(form: HTMLFormElement, current: (name: DayField) => string, apply: (name: DayField, value: string) => void,
  left: () => void): (input: HTMLInputElement) => void {
  let typingTimer: number | undefined
  let lastKeyAt = 0
  // The field being edited, from its focus to its blur: Chromium dispatches a date field's change
  // while its focus sits in the field's own parts (document.activeElement and :focus then say it is
  // not focused), which read as a calendar pick and applied 2024-08-01 at the "8" of 08152024,
  // dropping the keys after it (fresh-user trial)
  let editing: HTMLInputElement | undefined

  function applyDay(input: HTMLInputElement, leaving: boolean): void {
    clearTimeout(typingTimer)
    const v = input.value
    const name = input.name as DayField
    // An empty field mid-edit is not "no bound" until the user leaves it; a partly filled one never is.
    if (v !== current(name) && ((v === '' && leaving && !input.validity.badInput) || completeDay(v))) apply(name, v)
    // a whole day equal to the one in force applies nothing, but a "not a whole day" said before
    // no longer holds: told as when leaving (it stayed until the field was left: fresh-user trial)
    else if (leaving || completeDay(v)) left()
  }

  for (const k of ['from', 'to'] as const) {
    const input = form.elements.namedItem(k) as HTMLInputElement
    input.addEventListener('focus', () => { editing = input })
    input.addEventListener('blur', () => { editing = undefined; applyDay(input, true) })
    input.addEventListener('keydown', (e) => {
      lastKeyAt = performance.now()
      if (e.key === 'Enter') { e.preventDefault(); applyDay(input, true) }
    })
  }

  return (input) => {
    if (editing !== input) return applyDay(input, true)
    if (performance.now() - lastKeyAt > 500) return applyDay(input, false)
    clearTimeout(typingTimer)
    typingTimer = window.setTimeout(() => applyDay(input, false), TYPING_PAUSE_MS)
  }
}
