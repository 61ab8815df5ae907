// The dashboard's filter menus (WABA, phone number, market, pricing category, country) filled
// from the filter options (GET /api/filters), showing the filters in force. Split from main.ts,
// which keeps the period fields, the presets and the panels.
import { label } from './format.ts'
import type { ViewState } from './state.ts'
import type { FilterOption as Option } from './data-span.ts'

type Menu = 'waba' | 'phone' | 'market' | 'category' | 'country'

/**
 * A filter's menu: "All …" and `items`. A value in force that is not among them (no options:
 * opened without a key, with a refused one, or they could not load; once loaded, dropUnknown
 * has cleared the others) stays offered as the link's id: the menu was blank (trial).
 */
function fill(form: HTMLFormElement, name: Menu, current: string, items: Option[], all: string, text: (o: Option) => string = (o) => o.label): void {
  const select = form.elements.namedItem(name) as HTMLSelectElement
  const unnamed = current && !items.some((o) => o.id === current) ? [new window.Option(current, current)] : []
  select.replaceChildren(new window.Option(all, ''), ...items.map((o) => new window.Option(text(o), o.id)), ...unnamed)
  select.value = current
}

/**
 * Fills the filter bar `form`'s menus from `options` with the filters of `state` selected: the
 * phone numbers, markets, categories and countries of the chosen WABA only (all: none chosen).
 */
export function fillMenus(form: HTMLFormElement, options: Option[], state: ViewState): void {
  const wabaName = new Map(options.filter((o) => o.kind === 'waba').map((o) => [o.id, o.label]))
  fill(form, 'waba', state.waba, options.filter((o) => o.kind === 'waba'), 'All WABAs', (o) => `${o.label} (${o.timezone})`)
  fill(form, 'phone', state.phone, options.filter((o) => o.kind === 'phone' && (!state.waba || o.waba_id === state.waba)), 'All phone numbers',
    (o) => (state.waba ? o.label : `${o.label} · ${wabaName.get(o.waba_id) ?? o.waba_id}`))
  // A chosen WABA's own markets, categories and countries (every one was offered and answered 0); the value
  // chosen stays offered, so the select never shows a choice other than the one in force.
  const ofWaba = (kind: 'market' | 'category' | 'country') => options.filter((o) => o.kind === kind
    && (!state.waba || state[kind] === o.id || Array.from(o.wabas).includes(state.waba)))
  // by the name shown (by code it read Brazil, Germany, United Kingdom, Indonesia, India: trial)
  const marketName = (o: Option) => label(o.id)
  fill(form, 'market', state.market, ofWaba('market').sort((a, b) => marketName(a).localeCompare(marketName(b), 'en')), 'All markets', marketName)
  fill(form, 'category', state.category, ofWaba('category'), 'All categories', (o) => label(o.id))
  // by name and code ("Canada (CA)", "Unknown country"), as the API labels and orders them
  fill(form, 'country', state.country, ofWaba('country'), 'All countries')
}
