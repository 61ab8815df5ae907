// Support's list of the customers with the most charges in the period (GET /api/customer/top),
// shown before a search: support could only investigate a customer whose number or message id it
// already had (fresh-user trial). Each customer links to their investigation, for the same period
// and phone number.
import type { CustomerTopRow } from '../../../api/routes/customer.ts'
import { fetchTable, rowsOf, unanswered } from '../api.ts'
import { fold, show, table } from '../panel.ts'
import { amount, count, countryName } from '../format.ts'
import { stamp } from './time.ts'
import { NOTHING_STORED, storedNone, type FilterOption } from '../data-span.ts'
import { customerNumber, markNumber } from './number.ts'

/** What the list is asked for: the search form's period (local days, '' for open) and phone number. */
export interface TopAsk { from: string; to: string; phone: string }

/**
 * The charges' cost, a total, as the dashboard writes totals (`amount`: to the cent, "$0.29"; it
 * read "0.2946 USD" here), with those of no rate-card price said, never counted as 0 (amount and
 * currency null: none has a price).
 */
export function topCost(r: CustomerTopRow): string {
  if (r.amount === null || r.currency === null) return 'no price in the rate card'
  const priced = amount(r.amount, r.currency)
  return r.unpriced === 0 ? priced : `${priced} + ${count(r.unpriced)} with no price in the rate card`
}

/** The customer's investigation page for the same period and phone number (the number as customerNumber writes it, with its +: no default country needed). */
export function topLink(r: CustomerTopRow, ask: TopAsk): string {
  // the search box as the heading writes the number ("+447916336538" beside "+44 7916 336538":
  // trial); the search takes either spelling
  const q = new URLSearchParams({ q: customerNumber(r.wa_id), customer: r.wa_id })
  for (const k of ['phone', 'from', 'to'] as const) if (ask[k]) q.set(k, ask[k])
  return `./customer.html?${q}`
}

/** Whether no WABA the key may read holds any data (the filter options list none); false when they could not be had. */
const nothingAtAll = (): Promise<boolean> =>
  fetchTable('filters', new URLSearchParams()).then((t) => storedNone(rowsOf<FilterOption>(t)), () => false)

/**
 * Draws the list into `section` (`keep`: a live refresh, what is shown stays until replaced);
 * false when the server did not answer (a live refresh's list stays then: panel.ts show).
 */
export async function drawTop(section: HTMLElement, ask: TopAsk, keep = false): Promise<boolean> {
  section.hidden = false
  let answered = true
  await show(section, async (body) => {
    const q = new URLSearchParams()
    for (const k of ['phone', 'from', 'to'] as const) if (ask[k]) q.set(k, ask[k])
    const rows = rowsOf<CustomerTopRow>(await fetchTable('customer/top', q).catch((e: unknown) => { answered = !unanswered(e); throw e }))
    // nothing stored for any WABA the key may read is not a quiet period (the dashboard's panels say it alike)
    if (rows.length === 0) return (await nothingAtAll()) ? NOTHING_STORED : `No charges in this period${ask.phone ? ' on this phone number' : ''}.`
    const t = table(rows, [
      ['Customer', (r) => customerNumber(r.wa_id)],
      ['Country', (r) => countryName(r.country)],
      ['WABA', (r) => r.waba_name || `${count(r.wabas)} WABAs`],
      // the total, then its two kinds by their own names: "Messages 0" read as "sent nothing" (trial)
      ['Charges', (r) => count(r.charges), 'number'],
      ['Charged conversations', (r) => count(r.conversations), 'number'],
      ['Per-message charges', (r) => count(r.messages), 'number'],
      ['Cost', topCost, 'number'],
      ['Last charge', (r) => stamp(r.last_at, r.timezone)],
    ])
    for (const [i, r] of rows.entries()) {
      const td = t.tBodies[0]!.rows[i]!.querySelector<HTMLElement>('td[data-label="Customer"]')!
      td.replaceChildren(markNumber(Object.assign(document.createElement('a'), { href: topLink(r, ask), textContent: customerNumber(r.wa_id), title: 'Investigate this customer' }), r.wa_id))
    }
    // on a phone, compact cards and the first 10 of them: the 50 ran 17,000 px (fresh-user trial)
    body.append(...fold(t, 10, 'customers', q.toString()))
    return true
  }, keep)
  return answered
}
