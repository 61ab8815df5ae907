// The investigation page's text parts: the answer sentence, the conversations with cost and
// reason, the customer's guardrail breaks and undelivered messages, every message in order.
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../../../api/routes/customer.ts'
import { amount, chargeCost, label, messageVerdictWords, moneyInWords, perMessagePricing } from '../format.ts'
import { table, withWholeDates, type Column } from '../panel.ts'
import { shownTimes, stamp, stampAmong } from './time.ts'
import { metaVerdict } from './timeline.ts'
import { metaIdShortener } from '../meta-ids.ts'
import { messageIdCode } from '../message-id.ts'

/**
 * The answer's sentence as the page says it (and copies it, and the CSV has it): its totals as the
 * dashboard writes totals ("(0.0250 USD)" → "($0.0250)", "0.2946 USD" → "$0.29": format.ts amount).
 */
export const answerWords = (summary: string): string => moneyInWords(summary, amount)

export function summaryView(s: CustomerSummaryRow): HTMLElement {
  const p = document.createElement('p')
  p.className = 'answer'
  p.id = 'answer'
  p.replaceChildren(...withWholeDates(s.summary))
  return p
}

/** A business phone number as the page shows it: its name or display number when known (the CSV too). */
export type PhoneName = (phoneNumberId: string) => string
const asIs: PhoneName = (id) => id

/**
 * The cells of column `label` wrap only where `cut` says: it splits a cell's text into what may
 * wrap and the part that stays whole (same text, the whole part in a nowrap span).
 */
function keepWhole(t: HTMLTableElement, label: string, cut: (text: string) => [before: string, whole: string, after: string] | undefined): HTMLTableElement {
  for (const td of t.querySelectorAll<HTMLElement>(`td[data-label="${label}"]`)) {
    const parts = cut(td.textContent ?? '')
    if (parts) td.replaceChildren(parts[0], Object.assign(document.createElement('span'), { className: 'nowrap', textContent: parts[1] }), parts[2])
  }
  return t
}

/** A "name · +91 80 4567 0721" cell wraps after the dot, never inside the number. */
const wholeNumbers = (t: HTMLTableElement) => keepWhole(t, 'Phone number', (text) => {
  const at = text.lastIndexOf(' · ')
  return at >= 0 ? [text.slice(0, at + 3), text.slice(at + 3), ''] : undefined
})

/**
 * A "closed" cell wraps before its note ("(closed early by a free entry point)"), never inside the
 * time: one without a note stays whole too ("2024-09-" / "20 10:22" at 1440 px, fresh-user trial).
 */
const wholeTimes = (t: HTMLTableElement) => keepWhole(t, 'Closed', (text) => {
  const at = text.indexOf(' (')
  return at > 0 ? ['', text.slice(0, at), text.slice(at)] : ['', text, '']
})

/** The conversations table's columns; `times`: the instants it shows (shownTimes of its rows). */
export const conversationColumns = (tz: string, phone: PhoneName = asIs, times: number[] = []): Column<CustomerConversationRow>[] => [
  ['Opened', (c) => stampAmong(c.opened_at, times, tz)],
  // a per-message charge (close_reason '') is no window: nothing closes
  ['Closed', (c) => (c.close_reason === '' ? '— (one message)'
    : `${stampAmong(c.closed_at, times, tz)}${c.suppressed === 1 ? ' (closed early by a free entry point)' : c.close_reason === 'model_change' ? ' (pricing model changed)' : ''}`)],
  ['Phone number', (c) => phone(c.phone_number_id)],
  ['Category', (c) => label(c.category)],
  ['Pricing', (c) => label(c.pricing_type)],
  ['Cost', (c) => chargeCost(c.cost, c.currency), 'number'],
  ['Why', (c) => moneyInWords(c.explanation)],
]

export function conversationsView(convs: CustomerConversationRow[], tz: string, phone: PhoneName = asIs): HTMLTableElement {
  const t = wholeTimes(wholeNumbers(table(convs, conversationColumns(tz, phone, shownTimes(convs)))))
  t.className = 'explained'
  for (const [i, c] of convs.entries()) {
    const tr = t.tBodies[0]!.rows[i]!
    if (c.charged === 1) tr.classList.add('charged')
    if (c.in_period === 0) { tr.classList.add('context'); tr.title = 'Opened before the period; shown because a message of the period belongs to it.' }
  }
  return t
}

export const messageColumns = (tz: string, phone: PhoneName = asIs): Column<CustomerMessageRow>[] => [
  ['Time', (m) => stamp(m.event_at, tz)],
  ['Phone number', (m) => phone(m.phone_number_id)],
  ['Direction', (m) => m.direction],
  ['Template', (m) => (m.template_category ? `${m.template_name || '(unnamed)'} · ${label(m.template_category)}` : '—')],
  ['Verdict', (m) => `${messageVerdictWords(m)}${m.failure ? ` (${m.failure})` : ''}`],
  // the file keeps Meta's whole conversation id; the page shows it shortened under the words (metaCell)
  ['Meta said', (m) => (metaVerdict(m) ? `${metaVerdict(m)}${m.meta_conversation_id ? ` · Meta conversation ${m.meta_conversation_id}` : ''}` : '—')],
  ['Message id', (m) => m.message_id],
  ['Explanation', (m) => moneyInWords(m.explanation)],
]

/**
 * The "Meta said" cell: Meta's decision in words, and under it, smaller, Meta's conversation id
 * shortened by `short` (an opaque hash read as the cell's main text: fresh-user trial), whole in
 * its title and copied whole by its button.
 */
function metaCell(td: HTMLElement, m: CustomerMessageRow, short: (id: string) => string): void {
  const said = metaVerdict(m)
  const id = m.meta_conversation_id
  if (!said || !id) return
  const small = Object.assign(document.createElement('small'), { className: 'meta-id' })
  const code = Object.assign(document.createElement('code'), { textContent: short(id), title: `Meta's conversation id: ${id}` })
  const copy = Object.assign(document.createElement('button'), { type: 'button', className: 'copy-id', textContent: 'Copy id', title: `Copy Meta's conversation id ${id}` })
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(id).then(() => { copy.textContent = 'Copied' }, () => { copy.textContent = 'Copy failed' })
  })
  small.append('conversation ', code, ' ', copy)
  td.replaceChildren(said, small)
}

/** The "Message id" cell on one line (message-id.ts); the CSV has the whole id too. */
function idCell(td: HTMLElement, id: string): void {
  td.replaceChildren(messageIdCode(id))
}

/**
 * The messages table; `short`: the page's shortener of Meta's conversation ids (meta-ids.ts, made
 * from every message shown, so an id reads the same in each table), by default these messages'.
 */
export function messagesView(msgs: CustomerMessageRow[], tz: string, highlight: string, phone: PhoneName = asIs,
  short = metaIdShortener(msgs.map((m) => m.meta_conversation_id))): HTMLTableElement {
  const t = wholeNumbers(table(msgs, messageColumns(tz, phone)))
  t.className = 'explained'
  for (const [i, m] of msgs.entries()) {
    const tr = t.tBodies[0]!.rows[i]!
    metaCell(tr.querySelector<HTMLElement>('td[data-label="Meta said"]')!, m, short)
    idCell(tr.querySelector<HTMLElement>('td[data-label="Message id"]')!, m.message_id)
    tr.dataset.verdict = m.verdict
    if (m.message_id === highlight) tr.classList.add('highlight')
  }
  return t
}

/**
 * How this customer's charges happen, for the pricing models their rows are under: charged
 * conversations (a free entry point's free window is no charge) and per-message charges
 * (close_reason '') or per-message messages (a customer with only an inbound under per-message
 * pricing read "Charges happen when a conversation opens": fresh-user trial).
 */
export function chargesNote(convs: CustomerConversationRow[], msgs: CustomerMessageRow[] = []): string {
  const windows = convs.some((c) => c.close_reason !== '' && c.charged === 1)
  const messages = convs.some((c) => c.close_reason === '') || msgs.some(perMessagePricing)
  const conversation = 'a conversation is charged when it opens, on the day it opened'
  const message = 'each charged message is a charge of its own, on the day it was delivered; customer messages are never charged (they open or extend the customer service window)'
  if (windows && messages) return `Under conversation-based pricing ${conversation}; under per-message pricing ${message}.`
  if (messages) return `Under per-message pricing ${message}.`
  return `Charges happen when a conversation opens; a conversation's charge belongs to the day it opened.`
}

/**
 * Why the conversations table is empty (it said "No data for these filters." with no filter set:
 * fresh-user trial): the customer's messages of the period opened none, and why.
 */
export function noConversations(msgs: CustomerMessageRow[]): string {
  if (msgs.length === 0) return 'No conversation of this customer in this period, and no message either.'
  const n = msgs.length === 1 ? 'its message opened none' : `its ${msgs.length} messages opened none`
  if (msgs.every(perMessagePricing)) {
    return `No conversation of this customer in this period (${n}: under per-message pricing a customer message opens the customer service window, not a conversation, and is never charged; a charged message would be listed here).`
  }
  return `No conversation of this customer in this period (${n}: see each message's verdict below).`
}
