// A customer's number (wa_id: the international number's digits, interfaces.md §1) as support
// reads it, "+1 415 555 0123": the page showed "+14155550123", digits a person has to count
// (fresh-user trial). Formatted by libphonenumber-js with its smallest metadata ('min': every
// country's formats; the customer page's script grew from 60 to 181 kB, 21 to 51 kB gzipped, on
// 2026-12-05; the full metadata's number types are not needed to format). The wa_id itself
// stays in the element's title and data-wa-id: the API, the address and the CSV take it, and the
// search takes either spelling.
import { isSupportedCountry, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/min'

/** "+1 415 555 0123" for "14155550123"; "+" and the digits when the library knows no country for them ("+999…"). */
export function customerNumber(waId: string): string {
  return parsePhoneNumberFromString(`+${waId}`)?.formatInternational() ?? `+${waId}`
}

/** What a number's element carries besides its text: its wa_id, in words and as data. */
export function markNumber(e: HTMLElement, waId: string): HTMLElement {
  e.title = e.title ? `${e.title} (wa_id ${waId})` : `wa_id ${waId}`
  e.dataset.waId = waId
  e.classList.add('wa-number')
  return e
}

/** `t`'s cells of column `label` (the table's Customer column) marked with their rows' wa_ids. */
export function markNumberCells(t: HTMLTableElement, label: string, waIds: string[]): void {
  for (const [i, waId] of waIds.entries()) markNumber(t.tBodies[0]!.rows[i]!.querySelector<HTMLElement>(`td[data-label="${label}"]`)!, waId)
}

/**
 * What a search that matched nothing looked for, in words after "No customer or message matches …"
 * ('' when there is nothing more to say: a message id). A number with its country code (+ or 00)
 * or a national one read in the default `country` (readsCountry: `national`) says the number it
 * was read as; a national one without a default country, to set one. Every search was told to
 * set the default country, "+1 555-123-4567" with US set too (fresh-user trial).
 */
export function notFoundWords(q: string, country: string, national: boolean): string {
  const raw = q.trim()
  const said = (n: PhoneNumber | undefined, how = '') => (n ? ` The search looked for the number ${n.formatInternational()}${how}.` : '')
  const code = /^(\+|00)/.exec(raw)
  // digits of no country the library knows ("+000000000") as the page writes them: said all the same (fresh-user trial)
  if (code) return said(parsePhoneNumberFromString(`+${raw.slice(code[0].length)}`)) || ` The search looked for the number +${raw.slice(code[0].length).replace(/\D/g, '')}.`
  if (!national) return ''
  const region = country.toUpperCase()
  if (!isSupportedCountry(region)) return ' Numbers are matched with their country code; for a national spelling such as (555) 123 4567 set the default country.'
  return said(parsePhoneNumberFromString(raw, region), `, reading it in the default country (${region})`)
}
