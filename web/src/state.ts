// Each page's view (filters, switches, a search) lives in the address bar, so a view can be
// shared as a link. Values equal to their defaults stay out of the address.
import { listed } from './format.ts'

export function readQuery<T extends Record<keyof T, string>>(defaults: T): T {
  const q = new URLSearchParams(location.search)
  const s = { ...defaults }
  for (const k of Object.keys(defaults) as (keyof T & string)[]) {
    const v = q.get(k)
    if (v !== null) (s as Record<string, string>)[k] = v
  }
  return s
}

/** Puts the view in the address: `push` adds a history entry (Back returns to the last view). */
export function writeQuery<T extends Record<keyof T, string>>(s: T, defaults: T, how: 'push' | 'replace' = 'replace'): void {
  const q = new URLSearchParams()
  for (const k of Object.keys(defaults) as (keyof T & string)[]) if (s[k] !== defaults[k]) q.set(k, s[k])
  const search = q.toString()
  const url = `${location.pathname}${search ? `?${search}` : ''}`
  if (how === 'push' && url !== `${location.pathname}${location.search}`) history.pushState(null, '', url)
  else history.replaceState(null, '', url)
}

/** The dashboard's filter bar and panel switches. */
export interface ViewState {
  waba: string; phone: string; market: string; category: string
  // a customer country: its ISO 3166 code, or `unknown` (customer numbers of no known country)
  country: string; from: string; to: string
  // '': not picked, the spend chart takes one that suits the period's length
  granularity: '' | 'day' | 'week' | 'month'; split: string
  // the what-if's scenario ('': the default one) and the day it applies from ('': all traffic)
  scenario: string; since: string
}

const defaults: ViewState = { waba: '', phone: '', market: '', category: '', country: '', from: '', to: '', granularity: '', split: 'category', scenario: '', since: '' }

const granularities = ['day', 'week', 'month']
/**
 * The spend chart's "Split by" choices, each value with the select's words, in the select's
 * order: the page's one list (main.ts fills web/index.html's select from it; a link's split is
 * checked against it). The API's /api/spend split takes exactly these (test/spend-splits.test.ts).
 */
export const spendSplits: readonly (readonly [value: string, words: string])[] = [
  ['category', 'Category'], ['market', 'Market'], ['country', 'Country'], ['phone', 'Phone number'], ['waba', 'WABA'], ['pricing_type', 'Pricing type'],
  ['category_pricing_type', 'Category × pricing type'], ['unit', 'Unit'], ['tier', 'Volume tier'],
]
const splits = spendSplits.map(([value]) => value)

export function readState(): ViewState {
  const s = readQuery(defaults)
  if (!granularities.includes(s.granularity)) s.granularity = ''
  if (!splits.includes(s.split)) s.split = defaults.split
  return s
}

/**
 * What readState left out of the link, in words (empty: nothing): a parameter the dashboard does
 * not read (a typo, ?form=2024-09-01, showed every day unsaid: trial), a granularity or split it
 * does not know (a split=city asked the API for it and the chart failed).
 */
export function linkLeftOut(search = location.search): string[] {
  const given = new URLSearchParams(search)
  const said: string[] = []
  const unread = [...new Set([...given.keys()].filter((k) => !(k in defaults)))]
  if (unread.length > 0) {
    const names = unread.map((k) => `"${k}"`).join(', ')
    said.push(`The link's ${names} ${unread.length === 1 ? 'is not a setting' : 'are not settings'} of the dashboard: ignored (it reads ${Object.keys(defaults).join(', ')}).`)
  }
  const granularity = given.get('granularity')
  if (granularity !== null && !granularities.includes(granularity)) said.push(`The link's granularity "${granularity}" is not day, week or month: the chart picks one for the period.`)
  const split = given.get('split')
  if (split !== null && !splits.includes(split)) said.push(`The link's split "${split}" is not one of the chart's (${splits.join(', ')}): split by category.`)
  return said
}

export const writeState = (s: ViewState, how: 'push' | 'replace' = 'replace'): void => writeQuery(s, defaults, how)

/** Query parameters of the filter bar, as the API reads them. */
export function filterQuery(s: ViewState, keys: (keyof ViewState)[] = ['waba', 'phone', 'market', 'category', 'country', 'from', 'to']): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of keys) if (s[k]) q.set(k, s[k])
  return q
}

/**
 * The filters of `params` a count of messages (`what`: the headline's message cards, the
 * discrepancies of its "Meta billed differently" line) does not take, said where it is shown: ''
 * when none is set. Messages are counted by WABA, phone number and period; a message has no market or
 * country of its own, and a guardrail break no category: with a category and a country set, the
 * message cards' counts stood beside the filtered spend, unsaid (fresh-user trial).
 */
export function notApplied(params: URLSearchParams, what: 'All messages' | 'Discrepancies'): string {
  const set = (['market', 'category', 'country'] as const).filter((k) => params.get(k))
  if (set.length === 0) return ''
  return `${what} of the WABA, phone number and period: the ${listed(set)} filter${set.length > 1 ? 's do' : ' does'} not apply.`
}
