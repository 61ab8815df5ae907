// What the investigation page shows lives in the address bar, so a link reopens the same view.
import { readQuery, writeQuery } from '../state.ts'
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min'
import { customerNumber } from './number.ts'

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
  /**
   * the timeline's zoom: '' for the page's choice (the whole period where a 24 h window is
   * readable, else three days around the charge investigated: sections.ts openingDay), 'all' for
   * the whole period, or the first of three local days shown
   */
  zoom: string
}

const defaults: CustomerState = { q: '', country: '', customer: '', phone: '', from: '', to: '', message: '', zoom: '' }

export function guessCountry(): string {
  const region = /-([A-Z]{2})\b/.exec(navigator.language)?.[1]
  return region ?? 'US'
}

/**
 * The state in the address. A link with the customer alone (`customer=447916336538`, the name the
 * API takes) opens that customer, as the list of the most charged does: its search is the number
 * as the page writes it (a wa_id's digits) or the value as given. Without a search the link was
 * ignored, the list shown, unsaid (fresh-user trial).
 */
export function readCustomerState(): CustomerState {
  const s = readQuery(defaults)
  if (!s.q.trim() && s.customer.trim()) s.q = linkSearch(s.customer)
  if (!s.country) s.country = guessCountry()
  return s
}

/** The search a link's `customer` (a wa_id, or any value) opens: the number as the page writes it ("+44 7916 336538"), else the value as given. */
const linkSearch = (customer: string): string => (/^\d+$/.test(customer.trim()) ? customerNumber(customer.trim()) : customer.trim())

/**
 * What the search of `s` asked, as a sentence quotes it: the link's customer where the search is
 * the one it opened ("No customer or message matches “+000000000”" quoted what the page wrote for
 * customer=000000000: fresh-user trial), else the search.
 */
export const searchAsked = (s: CustomerState): string => (s.customer.trim() && s.q === linkSearch(s.customer) ? s.customer.trim() : s.q)

/**
 * Whether a search is a number in a national spelling ("(555) 123 4567", "2127025441"): the only
 * search the default country reads (api/customer-number.ts). A message id or an international
 * number ("+91 …", "0091 …") means the same in any country.
 */
export const readsCountry = (q: string): boolean => /^[\d\s().\-/]+$/.test(q.trim()) && !q.trim().startsWith('00')

/**
 * Whether the default country `country` reads the search `q`: a national spelling it reads as a
 * possible number, as the look-up adds that reading (api/customer-number.ts numberCandidates); a
 * country the parser does not know is kept, the page saying to set one.
 */
export function countryReads(q: string, country: string): boolean {
  if (!readsCountry(q)) return false
  const region = country.toUpperCase()
  return !isSupportedCountry(region) || parsePhoneNumberFromString(q.trim(), region)?.isPossible() === true
}

/**
 * The view in the address; the default country only with a search it reads: every link carried
 * the browser's guess (country=US for a customer in India, searched by a message id: trial; for
 * 447916336538, digits read as the international +44 7916 336538: fresh-user trial).
 */
export const writeCustomerState = (s: CustomerState): void => writeQuery(countryReads(s.q, s.country) ? s : { ...s, country: '' }, defaults)

/** The look-up's query of `s`: the search, its default country where the search reads one, the phone number asked. */
export function lookupQuery(s: CustomerState): URLSearchParams {
  const lookup = new URLSearchParams({ q: s.q })
  if (s.country && readsCountry(s.q)) lookup.set('country', s.country)
  if (s.phone) lookup.set('phone', s.phone)
  return lookup
}
