// The dashboard's filter bar and finance export on a phone (≤ 600 px wide, or ≤ 500 px tall: turned
// sideways, phone-lines.css): each folded behind one line, so the headline cards start on the first
// screen (fresh-user trial at 390 × 844: the bar and the export filled it, Total spend starting
// ~690 px down; new-user trial at 844 × 390: Total spend at y 390). The filters' line says
// the period and each filter set, and opens the whole bar on a tap; the export's opens the export.
// On a wider and taller screen the lines are hidden and the bar and export show as ever.
import { day } from './format.ts'
import { dateOf, realDay } from './day-fields.ts'
import type { ViewState } from './state.ts'

/** The filter bar's menus, in its order. */
const menus = ['waba', 'phone', 'market', 'category', 'country'] as const
// presets whose words do not name their days ("Last 7 days"): the summary adds them
const countedBack = ['7d', '30d']

/**
 * The period in words: a preset's name ("This month (Sep 2024)", "All data"; "Last 7 days, Sep 14,
 * 2024 – Sep 20, 2024"), else its days ("Sep 1, 2024 – Sep 30, 2024", "From Sep 1, 2024").
 * `preset`: the Period menu, showing the preset in force (period-presets.ts).
 */
function periodWords(state: ViewState, preset: HTMLSelectElement): string {
  // a link's date that is not one as it is: 2024-02-30 read "Mar 1, 2024" (fresh-user trial)
  const [from, to] = [state.from, state.to].map((d) => (d && realDay(d) ? day(dateOf(d)) : d))
  const days = from && to ? `${from} – ${to}` : from ? `From ${from}` : to ? `To ${to}` : 'All data'
  const chosen = preset.selectedOptions[0]
  if (!chosen || preset.value === 'custom') return days
  return countedBack.includes(preset.value) ? `${chosen.text}, ${days}` : chosen.text
}

/**
 * What the filter bar `form` has set, in the menus' words: the period, then each filter chosen
 * (a WABA by its name, without its time zone). E.g. "Last 7 days, Sep 14, 2024 – Sep 20, 2024 ·
 * Northwind Outfitters · Marketing".
 */
export function summaryWords(state: ViewState, form: HTMLFormElement): string {
  const set = menus.filter((k) => state[k]).map((k) => {
    const option = (form.elements.namedItem(k) as HTMLSelectElement).selectedOptions[0]
    return option?.dataset.name ?? option?.text ?? state[k]
  })
  return [periodWords(state, form.elements.namedItem('preset') as HTMLSelectElement), ...set].join(' · ')
}

/**
 * Wires a line's button to the panel it folds (the filter bar, the export form); returns `show()`,
 * which opens it. The panel's state is its own: a redraw (a filter chosen, a live batch) never closes it.
 * Escape in the open panel, or on its line, closes it and puts the focus back on the line (as a
 * disclosure does: Escape left the bar open, fresh-user trial).
 */
function fold(button: HTMLButtonElement, panel: HTMLElement): () => void {
  const set = (open: boolean) => { button.setAttribute('aria-expanded', String(open)); panel.classList.toggle('open', open) }
  button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'))
  const escape = (e: KeyboardEvent) => {
    // (only where the line shows: on a wider screen the bar is never folded)
    if (e.key !== 'Escape' || e.defaultPrevented || button.getAttribute('aria-expanded') !== 'true' || !button.offsetParent) return
    e.preventDefault()
    set(false)
    button.focus()
  }
  panel.addEventListener('keydown', escape)
  button.addEventListener('keydown', escape)
  return () => set(true)
}

/**
 * Wires the lines (web/index.html #phone-lines): `filters` and `exporter`, the forms they fold.
 * Returns `say(state)`, which writes what is set on the filters' line (main.ts calls it with each
 * redraw of the controls, after the menus and presets show `state`).
 */
export function compactControls(filters: HTMLFormElement, exporter: HTMLFormElement): (state: ViewState) => void {
  const toggle = document.querySelector<HTMLButtonElement>('#filters-toggle')!
  const showFilters = fold(toggle, filters)
  fold(document.querySelector<HTMLButtonElement>('#export-toggle')!, exporter)
  // a period's problem (a link's date that is not one, a reversed period) says to pick a day in
  // From or To: the bar opens, so the fields it names are in view
  const problem = document.querySelector<HTMLElement>('#period-error')!
  new MutationObserver(() => { if (!problem.hidden) showFilters() }).observe(problem, { attributes: true, attributeFilter: ['hidden'] })
  const words = toggle.querySelector<HTMLElement>('[data-role=summary]')!
  // a date or a number never broken at its spaces ("Sep 14," / "2024"; "+91 80" / "4567 0721")
  return (state) => { words.textContent = summaryWords(state, filters).replace(/ (?=[\d+])/g, '\u00a0') }
}
