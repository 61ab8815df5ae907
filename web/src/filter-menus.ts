// The dashboard's filter menus (WABA, phone number, market, pricing category, country) filled
// from the filter options (GET /api/filters), showing the filters in force. Split from main.ts,
// which keeps the period fields, the presets and the panels.
import { label } from './format.ts'
import { PHONE } from './panel.ts'
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
  const named = items.map((o) => {
    const option = new window.Option(text(o), o.id)
    // a WABA's or phone number's name alone, as the phone's filter line says it (filter-summary.ts:
    // a WABA without its time zone, a number without its WABA)
    if (name === 'waba' || name === 'phone') option.dataset.name = o.label
    return option
  })
  select.replaceChildren(new window.Option(all, ''), ...named, ...unnamed)
  select.value = current
}

/**
 * A phone number's option with no WABA chosen: "Kirana India · +91 80 4567 0721 · Kirana
 * Express", its name, display number and WABA; on a phone (panel.ts PHONE), where that runs past the menu's width
 * (the business was cut: two numbers of different WABAs read alike, fresh-user trial), the WABA
 * and the display number only, "Kirana Express · +91 80 4567 0721", unique as the number is (the
 * label's part after its last " · ": the number, or the id when none is known).
 */
function phoneText(o: Option, waba: string, narrow: boolean): string {
  return narrow ? `${waba} · ${o.label.split(' · ').at(-1)}` : `${o.label} · ${waba}`
}

/**
 * Fills the filter bar `form`'s menus from `options` with the filters of `state` selected: the
 * phone numbers, markets, categories and countries of the chosen WABA only (all: none chosen).
 */
export function fillMenus(form: HTMLFormElement, options: Option[], state: ViewState): void {
  const narrow = window.matchMedia(PHONE).matches
  const wabaName = new Map(options.filter((o) => o.kind === 'waba').map((o) => [o.id, o.label]))
  fill(form, 'waba', state.waba, options.filter((o) => o.kind === 'waba'), 'All WABAs', (o) => `${o.label} (${o.timezone})`)
  fill(form, 'phone', state.phone, options.filter((o) => o.kind === 'phone' && (!state.waba || o.waba_id === state.waba)), 'All phone numbers',
    (o) => (state.waba ? o.label : phoneText(o, wabaName.get(o.waba_id) ?? o.waba_id, narrow)))
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
