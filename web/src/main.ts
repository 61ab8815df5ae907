// The managers' dashboard: a filter bar kept in the address bar, headline cards and panels,
// each loaded independently so one slow or failing panel never blanks the page.
import { apiKey, fetchTable, rowsOf } from './api.ts'
import { day, label } from './format.ts'
import { show } from './panel.ts'
import { filterQuery, readState, writeState, type ViewState } from './state.ts'
import { headline } from './panels/headline.ts'
import { spendByMarket, spendOverTime } from './panels/spend.ts'
import { freeTier } from './panels/free-tier.ts'
import { ctwa } from './panels/ctwa.ts'
import { guardrail } from './panels/guardrail.ts'

interface Option { kind: string; id: string; label: string; waba_id: string; timezone: string; first_day: number; last_day: number }

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!
const form = $<HTMLFormElement>('#filters')
let state: ViewState = readState()
let options: Option[] = []
let inflight: AbortController | undefined

function fill(name: string, items: Option[], all: string, text: (o: Option) => string = (o) => o.label): void {
  const select = form.elements.namedItem(name) as HTMLSelectElement
  const current = (state as unknown as Record<string, string>)[name] ?? ''
  select.replaceChildren(new window.Option(all, ''), ...items.map((o) => new window.Option(text(o), o.id)))
  // A value from a shared link that this key cannot see stays selectable, so the API can say why.
  if (current && !items.some((o) => o.id === current)) select.append(new window.Option(current, current))
  select.value = current
}

function syncControls(): void {
  const wabaName = new Map(options.filter((o) => o.kind === 'waba').map((o) => [o.id, o.label]))
  fill('waba', options.filter((o) => o.kind === 'waba'), 'All WABAs', (o) => `${o.label} (${o.timezone})`)
  fill('phone', options.filter((o) => o.kind === 'phone' && (!state.waba || o.waba_id === state.waba)), 'All phone numbers',
    (o) => (state.waba ? o.id : `${o.id} · ${wabaName.get(o.waba_id) ?? o.waba_id}`))
  fill('market', options.filter((o) => o.kind === 'market'), 'All markets', (o) => label(o.id))
  fill('category', options.filter((o) => o.kind === 'category'), 'All categories', (o) => label(o.id))
  for (const k of ['from', 'to'] as const) (form.elements.namedItem(k) as HTMLInputElement).value = state[k]
  const span = options.filter((o) => o.kind === 'waba')
  if (span.length > 0) {
    const first = Math.min(...span.map((o) => o.first_day))
    const last = Math.max(...span.map((o) => o.last_day))
    for (const k of ['from', 'to'] as const) {
      const input = form.elements.namedItem(k) as HTMLInputElement
      input.min = new Date(first).toISOString().slice(0, 10)
      input.max = new Date(last).toISOString().slice(0, 10)
      input.placeholder = k === 'from' ? input.min : input.max
    }
    $('#as-of').textContent = `Data from ${day(first)} to ${day(last)}.`
  }
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-switch=granularity] button')) {
    b.setAttribute('aria-pressed', String(b.value === state.granularity))
  }
  ;($<HTMLSelectElement>('#spend select[name=split]')).value = state.split
}

function refresh(): void {
  inflight?.abort()
  inflight = new AbortController()
  const signal = inflight.signal
  writeState(state)
  syncControls()
  const filters = filterQuery(state)
  const noMarketCategory = filterQuery(state, ['waba', 'phone', 'from', 'to'])
  const wabaPeriod = filterQuery(state, ['waba', 'from', 'to'])
  void headline($('#headline'), filters, signal)
  void show($('#spend'), spendOverTime(filters, state.granularity, state.split, signal))
  void show($('#markets'), spendByMarket(filters, signal))
  void show($('#free-tier'), freeTier(wabaPeriod, signal))
  void show($('#ctwa'), ctwa(noMarketCategory, signal))
  void show($('#guardrail'), guardrail(noMarketCategory, signal))
}

form.addEventListener('change', (e) => {
  const el = e.target as HTMLInputElement | HTMLSelectElement
  state = { ...state, [el.name]: el.value }
  // Another WABA's phone number would filter everything away.
  if (el.name === 'waba') state.phone = ''
  refresh()
})
$('#reset').addEventListener('click', () => { state = { ...readState(), waba: '', phone: '', market: '', category: '', from: '', to: '' }; refresh() })
$('[data-switch=granularity]').addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest('button')
  if (b) { state = { ...state, granularity: b.value as ViewState['granularity'] }; refresh() }
})
$('#spend select[name=split]').addEventListener('change', (e) => { state = { ...state, split: (e.target as HTMLSelectElement).value }; refresh() })

let resizeTimer: number | undefined
let lastWidth = window.innerWidth
window.addEventListener('resize', () => {
  if (window.innerWidth === lastWidth) return
  lastWidth = window.innerWidth
  clearTimeout(resizeTimer)
  resizeTimer = window.setTimeout(refresh, 250)
})

async function start(): Promise<void> {
  if (!apiKey()) {
    const notice = $('#notice')
    notice.hidden = false
    notice.textContent = 'No API key: open the dashboard link that `npm start` printed (it ends with #key=…).'
    return
  }
  try {
    options = rowsOf<Option>(await fetchTable('filters', filterQuery(state, [])))
  } catch (e) {
    const notice = $('#notice')
    notice.hidden = false
    notice.textContent = `Could not load the filter options: ${(e as Error).message}`
  }
  refresh()
}

void start()
