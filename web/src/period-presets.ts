// The filter bar's period presets (Last 7 days, Last 30 days, This month, Last month, All data):
// a menu beside From and To that fills both fields as typing them would (fresh-user trial: the
// period was two date fields only). They count back from the last day with data, not from today:
// the data may end before today (the demo's ends Sep 20, 2024), and "Last 7 days" counted from
// today would show a week with nothing stored. The menu's group says that day.
import { day } from './format.ts'
import { dateOf, isoDay } from './day-fields.ts'
import type { Period } from './panels/spend.ts'
import type { KeyState } from './key-state.ts'

/** A preset: its menu value and words, and the From and To it sets (YYYY-MM-DD; '' an open bound). */
export interface Preset { value: string; text: string; from: string; to: string }

const DAY = 86_400_000
const monthName = (t: number): string => new Date(t).toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short' })
// the menu's value when the period is none of the presets
const CUSTOM = 'custom'

/**
 * The presets over the data's days `data` (UTC midnights, `to` the last day with data, which
 * they end on); undefined while those are unknown: All data alone (open bounds, which follow the
 * data as it grows). The months are named ("This month (Sep 2024)"): the month of the last day
 * with data, to that day, and the whole month before it.
 */
export function presetsOf(data: Period | undefined): Preset[] {
  const all: Preset = { value: 'all', text: 'All data', from: '', to: '' }
  if (!data) return [all]
  const last = data.to
  const d = new Date(last)
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  const previousStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)
  return [
    all,
    { value: '7d', text: 'Last 7 days', from: isoDay(last - 6 * DAY), to: isoDay(last) },
    { value: '30d', text: 'Last 30 days', from: isoDay(last - 29 * DAY), to: isoDay(last) },
    { value: 'month', text: `This month (${monthName(last)})`, from: isoDay(monthStart), to: isoDay(last) },
    { value: 'last-month', text: `Last month (${monthName(previousStart)})`, from: isoDay(previousStart), to: isoDay(monthStart - DAY) },
  ]
}

/**
 * The preset a period (`from`, `to`: the filter bar's, '' an open bound) is, however it was
 * entered (typed, a link, Back): a preset's value, or 'custom'. Both bounds open is All data, and
 * so are the data's own first and last days typed in.
 */
export function presetOf(period: { from: string; to: string }, data: Period | undefined): string {
  const whole = data && period.from === isoDay(data.from) && period.to === isoDay(data.to)
  const hit = presetsOf(data).find((p) => p.from === period.from && p.to === period.to)
  return hit?.value ?? (whole ? 'all' : CUSTOM)
}

/**
 * The period a preset in force rolls to when the last day with data moves (a live batch brought a
 * later day): the same preset counted back from the new last day, so "Last 7 days" keeps showing
 * the last 7 days of live traffic (it turned into a Custom week that no longer ended on the last
 * day). `before`, `after`: the data's days before and after the batch. Undefined when nothing
 * rolls: the period is Custom (a period typed or linked stays as given), All data (open bounds
 * follow the data by themselves), or the last day did not move.
 */
export function rolledPreset(period: { from: string; to: string }, before: Period | undefined, after: Period | undefined): { from: string; to: string } | undefined {
  if (!before || !after || before.to === after.to) return undefined
  const value = presetOf(period, before)
  if (value === CUSTOM || value === 'all') return undefined
  const next = presetsOf(after).find((p) => p.value === value)
  return next && { from: next.from, to: next.to }
}


/** What the filter options, and so the presets' last day, wait for, after "known once the filter options load". */
const waiting: Record<KeyState, string> = {
  given: '',
  fine: '',
  none: ', which needs an API key, as the notice below says',
  refused: ', which needs an API key the server accepts: it refused this one, as the notice below says',
  // the line said only "known once the filter options load", options a key without the read role never loads (break-it trial)
  unread: ', which needs an API key with the read role: this one does not have it, as the notice below says',
}

/**
 * Wires the Period menu `select` (in the filter bar, before From): `apply(from, to)` sets the
 * filter bar's period as typing both fields would (the address and Back too). Choosing Custom
 * changes nothing and moves to From. Returns `sync(period, data, key)`, which fills the menu for
 * the data's days and shows the period's preset (main.ts calls it with each redraw of the
 * controls); `key`: 'none', the page has no API key, 'refused', the server refused it (401), or
 * 'unread', the key may not read the data (403): the data's days stay unknown until a key the
 * server takes for reading is added.
 */
export function periodPresets(select: HTMLSelectElement, apply: (from: string, to: string) => void): (period: { from: string; to: string }, data: Period | undefined, key?: KeyState) => void {
  let presets: Preset[] = []
  select.addEventListener('change', (e) => {
    // the form's change listener would take `preset` for a filter of the view
    e.stopPropagation()
    const chosen = presets.find((p) => p.value === select.value)
    if (chosen) apply(chosen.from, chosen.to)
    else (select.form?.elements.namedItem('from') as HTMLInputElement | null)?.focus()
  })
  return (period, data, key = 'given') => {
    presets = presetsOf(data)
    const [all, ...counted] = presets
    // the day they count back from, said where they are chosen (and in the menu's tooltip); none
    // while the data's days are unknown (no key, or the options could not load)
    const group = document.createElement('optgroup')
    if (data) group.label = `To the last day with data, ${day(data.to)}`
    group.append(...counted.map((p) => new Option(p.text, p.value)))
    select.replaceChildren(new Option('Custom', CUSTOM), new Option(all!.text, all!.value), ...(data ? [group] : []))
    select.title = data
      ? `Presets end on the last day with data (${day(data.to)}), not on today: the data may stop before today.`
      // without a key, or with one refused or not allowed to read, the options never load: "known once they load"
      // promised a day that never came (break-it trial)
      : `Presets end on the last day with data, known once the filter options load${waiting[key]}.`
    select.value = presetOf(period, data)
    // the same in a line a phone shows (a title needs a pointer: fresh-user trial), naming the
    // days of the preset chosen; phone-lines.css shows it on a phone or a screen without hover
    const chosen = counted.find((p) => p.value === select.value)
    const explain = select.closest('.period')?.querySelector('[data-role=preset-explain]')
    if (explain) {
      explain.textContent = chosen && data
        ? `${chosen.text}: ${day(dateOf(chosen.from))} – ${day(dateOf(chosen.to))}, counted back from the last day with data (${day(data.to)}), not from today: the data may stop before today.`
        : select.title
    }
  }
}
