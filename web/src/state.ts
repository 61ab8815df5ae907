// Each page's view (filters, switches, a search) lives in the address bar, so a view can be
// shared as a link. Values equal to their defaults stay out of the address.
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
  waba: string; phone: string; market: string; category: string; from: string; to: string
  // '': not picked, the spend chart takes one that suits the period's length
  granularity: '' | 'day' | 'week' | 'month'; split: string
  // the what-if's scenario ('': the default one) and the day it applies from ('': all traffic)
  scenario: string; since: string
}

const defaults: ViewState = { waba: '', phone: '', market: '', category: '', from: '', to: '', granularity: '', split: 'category', scenario: '', since: '' }

export function readState(): ViewState {
  const s = readQuery(defaults)
  if (!['day', 'week', 'month'].includes(s.granularity)) s.granularity = ''
  return s
}

export const writeState = (s: ViewState, how: 'push' | 'replace' = 'replace'): void => writeQuery(s, defaults, how)

/** Query parameters of the filter bar, as the API reads them. */
export function filterQuery(s: ViewState, keys: (keyof ViewState)[] = ['waba', 'phone', 'market', 'category', 'from', 'to']): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of keys) if (s[k]) q.set(k, s[k])
  return q
}
