// A look-up that matched several customers (a number spelled without its country code, a message
// id shared across WABAs): each with an Investigate button, for support to choose.
import type { CustomerMatchRow } from '../../../api/routes/customer.ts'
import { table } from '../panel.ts'
import { stamp } from './time.ts'
import { customerNumber, markNumberCells } from './number.ts'

/**
 * Shows `matches` in `section` (its `.body`), one row per customer and phone number with its
 * messages and last message on the WABA's clock; `choose(m)` when a row's Investigate is pressed.
 */
export function drawMatches(section: HTMLElement, matches: CustomerMatchRow[], choose: (m: CustomerMatchRow) => void): void {
  section.hidden = false
  const t = table(matches, [
    ['Customer', (m) => customerNumber(m.wa_id)], ['Country', (m) => m.country], ['WABA', (m) => m.waba_name || m.waba_id],
    ['Phone number', (m) => m.phone_label || m.phone_number_id], ['Messages', (m) => String(m.messages), 'number'],
    ['Last message', (m) => stamp(m.last_at, m.timezone)],
  ])
  markNumberCells(t, 'Customer', matches.map((m) => m.wa_id))
  for (const [i, m] of matches.entries()) {
    const b = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Investigate' })
    b.addEventListener('click', () => choose(m))
    t.tBodies[0]!.rows[i]!.insertCell().append(b)
  }
  section.querySelector('.body')!.replaceChildren(t)
}
