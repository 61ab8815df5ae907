// A dashboard link's filters checked against the key's filter options (GET /api/filters): what
// the dashboard cannot show is said in the notice and dropped, never applied unsaid.
import type { FilterOption as Option } from './data-span.ts'
import { linkLeftOut, type ViewState } from './state.ts'

// the filters a link may give, in words
const kinds = { waba: 'WABA', phone: 'phone number', market: 'market', category: 'category', country: 'country' } as const

/**
 * The view `state` with a filter value from a link that is not among this key's `options`
 * dropped, and what was dropped in words (`said`, empty: nothing). A market or category typed in
 * another case (`market=in`) is the option's, spelled as it is, as the API takes it (it was
 * dropped as unknown: user trial); a country too (`country=ca`). A phone number of another WABA than the link's is said and
 * dropped too, as picking another WABA drops it (it filtered everything away: every panel 0, the
 * menu blank, unsaid: fresh-user trial). `search`: the link's query (a filter given twice, a
 * setting the dashboard does not read).
 */
export function knownFilters(state: ViewState, options: Option[], search = location.search): { state: ViewState; said: string[] } {
  const unknown: string[] = []
  const said: string[] = []
  for (const [k, what] of Object.entries(kinds) as [keyof typeof kinds, string][]) {
    const v = state[k]
    if (!v) continue
    const anyCase = k === 'market' || k === 'category' || k === 'country'
    const known = options.find((o) => o.kind === k && (anyCase ? o.id.toUpperCase() === v.toUpperCase() : o.id === v))
    // the WABA is checked first: state.waba is a known one or ''
    const elsewhere = k === 'phone' && known && state.waba !== '' && known.waba_id !== state.waba
    state = { ...state, [k]: known && !elsewhere ? known.id : '' }
    if (!known) unknown.push(`${what} ${v}`)
    else if (elsewhere) {
      const waba = options.find((o) => o.kind === 'waba' && o.id === state.waba)
      // (a possessive 's read "Northwind Outfitters's": fresh-user trial)
      said.push(`The link's phone number ${known.label} does not belong to ${waba?.label ?? state.waba}: showing all phone numbers of that WABA.`)
    }
  }
  if (unknown.length > 0) said.unshift(`The link asks for ${unknown.join(', ')}, which this key does not see or the data does not have: showing all instead.`)
  return { state, said: [...givenTwice(search), ...said, ...linkLeftOut(search)] }
}

/**
 * What the dashboard says of a link's query (`search`) whatever the key: a filter given twice,
 * and the settings it does not read (state.ts linkLeftOut). Without a key the filter given twice
 * went unsaid, and with a key the server refuses, both (trial): the notice said only the key.
 */
export function linkSaid(search = location.search): string[] {
  return [...givenTwice(search), ...linkLeftOut(search)]
}

/** A filter given twice (?waba=A&waba=B) kept the first unsaid (fresh-user trial): said, the last kind first. */
function givenTwice(search: string): string[] {
  const given = new URLSearchParams(search)
  const said: string[] = []
  for (const [k, what] of Object.entries(kinds)) {
    const all = given.getAll(k)
    if (all.length > 1) said.unshift(`The link gives ${all.length} ${what}s (${all.join(', ')}); the dashboard filters by one at a time: it takes the first.`)
  }
  return said
}
