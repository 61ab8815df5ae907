// The filter bar and panel switches live in the address bar, so a view can be shared as a link.
export interface ViewState {
  waba: string; phone: string; market: string; category: string; from: string; to: string
  granularity: 'day' | 'week' | 'month'; split: string
}

const defaults: ViewState = { waba: '', phone: '', market: '', category: '', from: '', to: '', granularity: 'day', split: 'category' }

export function readState(): ViewState {
  const q = new URLSearchParams(location.search)
  const s = { ...defaults }
  for (const k of Object.keys(defaults) as (keyof ViewState)[]) {
    const v = q.get(k)
    if (v !== null) (s as Record<string, string>)[k] = v
  }
  if (!['day', 'week', 'month'].includes(s.granularity)) s.granularity = 'day'
  return s
}

export function writeState(s: ViewState): void {
  const q = new URLSearchParams()
  for (const k of Object.keys(defaults) as (keyof ViewState)[]) if (s[k] !== defaults[k]) q.set(k, s[k])
  const search = q.toString()
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`)
}

/** Query parameters of the filter bar, as the API reads them. */
export function filterQuery(s: ViewState, keys: (keyof ViewState)[] = ['waba', 'phone', 'market', 'category', 'from', 'to']): URLSearchParams {
  const q = new URLSearchParams()
  for (const k of keys) if (s[k]) q.set(k, s[k])
  return q
}
