// What the investigation page shows lives in the address bar, so a link reopens the same view.
import { readQuery, writeQuery } from '../state.ts'

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
  /** the timeline's zoom: '' for the whole period, or the first of three local days shown */
  zoom: string
}

const defaults: CustomerState = { q: '', country: '', customer: '', phone: '', from: '', to: '', message: '', zoom: '' }

export function guessCountry(): string {
  const region = /-([A-Z]{2})\b/.exec(navigator.language)?.[1]
  return region ?? 'US'
}

export function readCustomerState(): CustomerState {
  const s = readQuery(defaults)
  if (!s.country) s.country = guessCountry()
  return s
}

export const writeCustomerState = (s: CustomerState): void => writeQuery(s, defaults)
