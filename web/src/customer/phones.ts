// The customer page's phone number menu. Before a search it offers the key's phone numbers (GET
// /api/filters), named as the dashboard's menu names them: it offered only "All phone numbers",
// so the list of the most charged customers could not be narrowed from the page, and a link's
// phone number read as its id (fresh-user trial). After a search, the customer's numbers.
import type { FilterOption } from '../data-span.ts'

/** The key's phone numbers among the filter options (ids), none while they are unknown. */
export const keyPhones = (options: FilterOption[] | undefined): string[] =>
  (options ?? []).filter((o) => o.kind === 'phone').map((o) => o.id)

/**
 * A phone number as the dashboard's menu names it with every WABA offered (web/src/main.ts), its
 * label and its WABA's: "Kirana India · +91 80 4567 0721 · Kirana Express"; undefined when it is
 * not among the options.
 */
export function keyPhoneName(options: FilterOption[] | undefined, id: string): string | undefined {
  const o = options?.find((x) => x.kind === 'phone' && x.id === id)
  if (!o) return undefined
  const waba = options!.find((x) => x.kind === 'waba' && x.id === o.waba_id)
  return `${o.label} · ${waba?.label ?? o.waba_id}`
}

/**
 * Fills `select` with "All phone numbers", `phones` and `chosen` (the one in force, '' for all),
 * each shown as `name` says; the value stays the id (the address and the API keep ids).
 */
export function fillPhoneMenu(select: HTMLSelectElement, phones: string[], chosen: string, name: (id: string) => string): void {
  const all = [...new Set([...phones, ...(chosen ? [chosen] : [])])]
  select.replaceChildren(new window.Option('All phone numbers', ''), ...all.map((p) => new window.Option(name(p), p)))
  select.value = chosen
}
