// What the investigation page shows lives in the address bar, so a link reopens the same view.
export interface CustomerState {
  /** the search as typed: a number in any spelling, or a message id */
  q: string
  /** default country for national spellings */
  country: string
  /** the customer found (wa_id) and, optionally, one phone number */
  customer: string; phone: string
  from: string; to: string
  /** a message to highlight (set when the search was a message id) */
  message: string
}

const keys = ['q', 'country', 'customer', 'phone', 'from', 'to', 'message'] as const

export function guessCountry(): string {
  const region = /-([A-Z]{2})\b/.exec(navigator.language)?.[1]
  return region ?? 'US'
}

export function readCustomerState(): CustomerState {
  const q = new URLSearchParams(location.search)
  const s = Object.fromEntries(keys.map((k) => [k, q.get(k) ?? ''])) as unknown as CustomerState
  if (!s.country) s.country = guessCountry()
  return s
}

export function writeCustomerState(s: CustomerState): void {
  const q = new URLSearchParams()
  for (const k of keys) if (s[k]) q.set(k, s[k])
  history.replaceState(null, '', `${location.pathname}?${q}`)
}
