// The managers' dashboard: a filter bar kept in the address bar, headline cards and panels,
// each loaded independently so one slow or failing panel never blanks the page.
import { apiKey, fetchJson, fetchTable, rowsOf, statusOf } from './api.ts'
import { day } from './format.ts'
import { dataStored, keyFailuresSaid, periodOutside, show, withWholeDates, type Render } from './panel.ts'
import { filterQuery, readState, spendSplits, writeState, type ViewState } from './state.ts'
import { headline } from './panels/headline.ts'
import { autoGranularity, spendOverTime, type Period } from './panels/spend.ts'
import { spendByMarket } from './panels/markets.ts'
import { freeTier } from './panels/free-tier.ts'
import { ctwa } from './panels/ctwa.ts'
import { guardrail } from './panels/guardrail.ts'
import { follow, type Live } from './live.ts'
import { drawnNow, whenOnScreen } from './on-screen.ts'
import { boundFields, dateOf, dayFields } from './day-fields.ts'
import { markFields, periodProblemOf, type PeriodProblem } from './period-problem.ts'
import { reconcile } from './panels/reconcile.ts'
import { spendAcrossEras } from './panels/eras.ts'
import { freeAllowance, volumeTiers } from './panels/per-message.ts'
import { whatifControl } from './whatif-control.ts'
import { exportControl } from './export-control.ts'
import { keyFirstWords, keySaidAbove, showWithoutKey, startFailed } from './no-key.ts'
import { startWithKey } from './key-start.ts'
import { knownFilters, linkSaid } from './link-filters.ts'
import { outsideWords, spanOf, storedNone, viewSpan, type FilterOption as Option } from './data-span.ts'
import { periodPresets, rolledPreset } from './period-presets.ts'
import { keyAnswered, keyHeard } from './key-state.ts'
import { fillMenus } from './filter-menus.ts'
import { compactControls } from './filter-summary.ts'

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!
const form = $<HTMLFormElement>('#filters')
// the spend chart's "Split by" choices, from the list a link's split is checked against
$<HTMLSelectElement>('#spend select[name=split]').replaceChildren(...spendSplits.map(([value, words]) => new window.Option(words, value)))
let state: ViewState = readState()
keyFailuresSaid(keySaidAbove, $('#notice')) // a key refused or not let read: said once, in the notice (start); each panel points there
// a preset sets From and To as typing both would (period-presets.ts)
const syncPresets = periodPresets($<HTMLSelectElement>('#filters select[name=preset]'), (from, to) => { state = { ...state, from, to }; refresh() })
const exporter = exportControl($<HTMLFormElement>('#export'), form, $('#export-toggle [data-role=unavailable]'))
// on a phone, the bar and the export behind one line each, the filters' saying what is set
const sayFilters = compactControls(form, $<HTMLFormElement>('#export'))
let options: Option[] = []
let inflight: AbortController | undefined
let live: Live | undefined
/** The headline of the last refresh, drawn (or failed, or aborted): true when the server answered it. */
let headlineDrawn: Promise<boolean> = Promise.resolve(true)

function syncControls(): void {
  fillMenus(form, options, state)
  // Never rewrite a field the user is typing in.
  for (const k of ['from', 'to'] as const) {
    const input = form.elements.namedItem(k) as HTMLInputElement
    if (document.activeElement !== input) input.value = state[k]
  }
  // what the server said of the key (key-state.ts: 401 refused, 403 may not read): the presets' line says so
  syncPresets(state, knownSpan(), !apiKey() ? 'none' : keyHeard())
  sayFilters(state)
  // the data's days; none without options (no key, or one refused after it read: its days stayed)
  const span = spanOf(options)
  boundFields(form, span)
  $('#as-of').textContent = span ? `Data from ${day(span.from)} to ${day(span.to)}.` : ''
  // the bars' granularity as the chart will draw it; none pressed while the link's period has an
  // open bound and the data's days are unknown (no key: it pressed nothing for a link's week: trial)
  const shown = state.granularity || (knownSpan() || (state.from && state.to) ? granularity() : '')
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-switch=granularity] button')) {
    b.setAttribute('aria-pressed', String(b.value === shown))
    b.title = b.value === shown && !state.granularity ? 'chosen for the period\'s length' : ''
  }
  ;($<HTMLSelectElement>('#spend select[name=split]')).value = state.split
}

/** The days with data of the view's WABA (all WABAs': none chosen); today while the options are unknown. */
function dataSpan(): Period {
  return knownSpan() ?? { from: Date.now(), to: Date.now() }
}

/** The view's data span once the filter options are known (data-span.ts viewSpan). */
const knownSpan = (): Period | undefined => viewSpan(options, state)

/** The period the panels show: the filter's days, or the data's span where a bound is open. */
function shownPeriod(): Period {
  const data = dataSpan()
  return { from: state.from ? dateOf(state.from) : data.from, to: state.to ? dateOf(state.to) : data.to }
}

/** The spend chart's bars: the user's pick, else per day, week or month by the period's length. */
// whether a period was ever drawn: a reversed link opened fresh has no previous period to keep
let drawnOnce = false
// the window's width the panels were last drawn at (a resize redraws them only away from it)
let drawnWidth = window.innerWidth
const granularity = () => state.granularity || autoGranularity(shownPeriod())

/** The period's problem at the inputs (period-problem.ts), its words '' when the panels can show it; without a key that may read, that the key comes first. */
function periodProblem(): PeriodProblem {
  return periodProblemOf(state, form, drawnOnce, knownSpan(), keyFirstWords(!apiKey() ? 'none' : keyHeard()))
}

/** Whether the panels can show the period: no problem at the inputs (the what-if asks, and writes the address, only then). */
const periodShown = (): boolean => periodProblem().words === ''

/** Says the period's problem at the inputs, or clears it; dims the panels while there is one. */
function sayProblem(): string {
  const problem = markFields(form, periodProblem())
  const error = $('#period-error')
  // its dates whole ("2024-09-" / "10" on a phone)
  error.replaceChildren(...withWholeDates(problem))
  error.hidden = problem === ''
  markStale(problem !== '')
  exporter.update(state, problem, knownSpan())
  return problem
}

/** An invalid period: the previous period's figures stay, dimmed and each panel aria-disabled, until a valid one redraws them. */
function markStale(stale: boolean): void {
  document.querySelector('main')!.classList.toggle('stale', stale)
  for (const s of document.querySelectorAll('main > section, main > .billed-differently')) { if (stale) s.setAttribute('aria-disabled', 'true'); else s.removeAttribute('aria-disabled') }
}

/**
 * Redraws every panel for the current filters; `keep`: a live refresh, what is shown stays until
 * it is replaced, and a panel off screen is redrawn once it scrolls into view. Resolves when every
 * panel (of a live refresh: every panel on screen) is drawn.
 */
function refresh(how: 'push' | 'replace' | 'none' = 'push', keep = false): Promise<void> {
  syncControls()
  // the address keeps the period shown until one is valid (a reversed one went in: fresh-user trial)
  if (sayProblem()) return Promise.resolve()
  if (how !== 'none') writeState(state, how)
  // without a key a change only edits the link (a filter picked asked every panel, each failing
  // in its own words under the notice that nothing is shown without a key: trial)
  if (!apiKey()) return Promise.resolve()
  drawnOnce = true
  drawnWidth = window.innerWidth
  inflight?.abort()
  inflight = new AbortController()
  const signal = inflight.signal
  const filters = filterQuery(state)
  const noMarketCategory = filterQuery(state, ['waba', 'phone', 'from', 'to'])
  const wabaPeriod = filterQuery(state, ['waba', 'from', 'to'])
  // a period the data does not reach: every empty panel says so, as the headline (its one span)
  periodOutside(outsideWords(state, knownSpan()))
  headlineDrawn = headline($('#headline'), filters, signal, knownSpan(), keep)
  // A live refresh asks for the headline (what a batch changed, at a glance) alone first and the
  // other panels once it is drawn: their requests would take the browser's connections to the
  // server, shared with the investigation page's refresh of the same batch (api.ts).
  const after = keep ? headlineDrawn : Promise.resolve(true)
  // and only the panels on screen: one below the fold is redrawn when it scrolls into view (on-screen.ts)
  const later = (section: HTMLElement, render: Render) => after.then(() => {
    if (keep) return whenOnScreen(section, () => show(section, render, true))
    drawnNow(section)
    return show(section, render)
  })
  // Answered "as of" while batches waited, the reconciliation is drawn again once none waits
  // (panels/reconcile-behind.ts): after a batch that changed nothing no change event comes.
  const reconciliation = (): Render => reconcile(noMarketCategory, signal, () => {
    void whenOnScreen($('#reconcile'), () => (signal.aborted ? Promise.resolve() : show($('#reconcile'), reconciliation(), true)))
  })
  const drawn = Promise.all([
    headlineDrawn,
    later($('#spend'), spendOverTime(filters, granularity(), state.split, shownPeriod(), signal)),
    later($('#markets'), spendByMarket(filters, signal)),
    later($('#free-tier'), freeTier(wabaPeriod, signal)),
    later($('#ctwa'), ctwa(noMarketCategory, shownPeriod(), signal)),
    later($('#guardrail'), guardrail(noMarketCategory, shownPeriod(), signal)),
    later($('#reconcile'), reconciliation()),
    later($('#eras'), spendAcrossEras(filters, shownPeriod(), signal)),
    later($('#free-allowance'), freeAllowance(filterQuery(state, ['waba', 'phone', 'from', 'to']), shownPeriod(), signal)),
    later($('#volume-tiers'), volumeTiers(filterQuery(state, ['waba', 'market', 'category', 'from', 'to']), shownPeriod(), signal)),
  ]).then(() => undefined)
  // The live mark's time once the headline is on screen (it waited for the slowest panel, below
  // the fold, seconds later: fresh-user trial), after a batch too (the new total sat under the
  // previous time for ~1.3 s: trial); the what-if on a person's refresh, not a batch's.
  // (only a headline the server answered: one it did not stamped "Figures as of" its end: break-it trial)
  void headlineDrawn.then((answered) => { if (answered && !signal.aborted) live?.loaded() })
  // (a person's refresh draws the what-if anew; a batch's leaves it asking for its result)
  if (keep) return drawn
  whatifPanel.show()
  return drawn
}

/**
 * After a batch: the panels in place (the headline's request first), and the options (new WABAs,
 * phone numbers or days) alongside, not before; when new options change the period the panels
 * show (open bounds follow the data's days, a preset rolls to the new last day), the bars'
 * granularity or the data's days, the panels once more; false: the server did not answer the headline.
 */
async function liveRefresh(): Promise<boolean> {
  // the data's days too: the headline and the export say where a period runs past them
  const shown = () => { const p = shownPeriod(); return `${p.from} ${p.to} ${granularity()} ${JSON.stringify(knownSpan())}` }
  const before = shown()
  const drawn = refresh('none', true)
  let again: Promise<void> | undefined
  try {
    await headlineDrawn
    const fresh = rowsOf<Option>(await fetchTable('filters', filterQuery(state, [])))
    if (JSON.stringify(fresh) !== JSON.stringify(options)) {
      const span = knownSpan()
      options = fresh
      exporter.stored(dataStored(!storedNone(options)))
      const rolled = rolledPreset(state, span, knownSpan())
      if (rolled) { state = { ...state, ...rolled }; writeState(state, 'replace') }
      if (shown() !== before) again = refresh('none', true)
      else syncControls()
    }
  } catch { /* the panels say what failed */ }
  await drawn
  await again
  // The live mark must not vouch for the what-if, which a batch does not recompute: say so.
  whatifPanel.stale()
  return headlineDrawn
}

// What-if: its own scenario select and polling (whatif-control.ts); a reversed period is said at
// the inputs, the panel keeps what it shows.
const whatifPanel = whatifControl($('#whatif'), () => (periodShown() ? filterQuery(state, ['waba', 'from', 'to']) : undefined),
  () => ({ scenario: state.scenario, since: state.since }), (c, how) => { state = { ...state, ...c }; if (periodShown()) writeState(state, how) })

// From and To apply once the user settles on a whole day (day-fields.ts), not at each keystroke.
const dayChanged = dayFields(form, (name) => state[name], (name, value) => { state = { ...state, [name]: value }; refresh() }, () => {
  // A partial date left, or the field brought back to the period in force: said, or the panels
  // drawn again when it was the only problem (they kept the previous period, which is this one).
  const was = !$('#period-error').hidden
  if (!sayProblem() && was) void refresh('none')
})

form.addEventListener('change', (e) => {
  const el = e.target as HTMLInputElement | HTMLSelectElement
  if (el instanceof HTMLInputElement && el.type === 'date') { dayChanged(el); return }
  state = { ...state, [el.name]: el.value }
  // Another WABA's phone number would filter everything away.
  if (el.name === 'waba') state.phone = ''
  refresh()
})
$('#reset').addEventListener('click', () => { state = { ...readState(), waba: '', phone: '', market: '', category: '', country: '', from: '', to: '' }; refresh() })
$('[data-switch=granularity]').addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button')
  if (b) { state = { ...state, granularity: b.value as ViewState['granularity'] }; refresh() }
})
$('#spend select[name=split]').addEventListener('change', (e) => { state = { ...state, split: (e.target as HTMLSelectElement).value }; refresh() })

// Redrawn for a new width once resizing rests; not for a window resized and back meanwhile:
// Chromium's screenshots pass through 1×1 px, and every panel said "Loading…" again (CI). Nor at
// 1 px, held past 250 ms on a loaded machine: drawn there, then again after the screenshot.
let resizeTimer: number | undefined
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer)
  resizeTimer = window.setTimeout(() => { if (window.innerWidth > 1 && window.innerWidth !== drawnWidth) void refresh('none') }, 250)
})

// Back and Forward walk through filter changes. The address decides the date fields, the one with
// the focus too (To kept a reversed 08/15 typed before Back while the panels showed every day:
// fresh-user trial); syncControls leaves a focused field alone only while it is being typed in.
window.addEventListener('popstate', () => {
  state = readState()
  for (const k of ['from', 'to'] as const) (form.elements.namedItem(k) as HTMLInputElement).value = state[k]
  // (a #key=… added to the address comes as a popstate first, then a hashchange)
  if (!keyArrived()) void refresh('none')
})

/**
 * Loads the filter options and draws the view; without a key, the link's view and how to open
 * it. Run again when a key arrives in the address.
 */
async function start(key: string | null): Promise<void> {
  // a link's date that is not one said at the fields, as with a key (the field showed it blank,
  // under a notice calling the filters the link's, unsaid: fresh-user trial)
  if (!key) { syncControls(); sayProblem(); showWithoutKey($('#notice'), exporter, linkSaid()); return }
  // what was said of the page without a key, or of a refused one, no longer holds
  $('#notice').hidden = true
  $('#notice').textContent = ''
  exporter.refuse('')
  try {
    const [table, readable] = await Promise.all([fetchTable('filters', filterQuery(state, [])), fetchJson<{ wabas: '*' | string[] }>('key')])
    options = rowsOf<Option>(table)
    // the link's filters this key's options have (link-filters.ts); the others said and dropped
    const checked = knownFilters(state, options)
    state = checked.state
    if (checked.said.length > 0) { $('#notice').hidden = false; $('#notice').textContent = checked.said.join(' ') }
    // a key limited to some WABAs: the export's sentence names them (by name where they have data)
    exporter.limit(readable.wabas === '*' ? undefined
      : readable.wabas.map((id) => options.find((o) => o.kind === 'waba' && o.id === id)?.label ?? id))
    exporter.stored(dataStored(!storedNone(options)))
    keyAnswered(200)
  } catch (e) {
    // (a page started again for a key refused after it read: the options it read are gone too)
    options = []; dataStored(undefined)
    const notice = $('#notice')
    notice.hidden = false
    // the key's problem first; the link's problems that need no options, as without a key (a refused key said only itself: trial)
    notice.textContent = [startFailed(e), ...linkSaid()].join(' ')
    // a key refused (401) or not let read (403): the export, the presets and the live mark say so (key-state.ts)
    keyAnswered(statusOf(e))
  }
  if (live) live.again(); else live = follow($('#live'), liveRefresh)
  void refresh('replace')
}

// again when a key arrives in the address (key-start.ts)
const keyArrived = startWithKey((key) => { void start(key) })
