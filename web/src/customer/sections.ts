// The customer's sections of the investigation page, each drawn from its own data as soon as that
// is there: the answer, the timeline with its zoom control, the conversations, the guardrail
// breaks and undelivered messages, and every message. main.ts looks the customer up, asks for
// the data and keeps the page's state (the address); what is drawn here is what it is given.
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../../../api/routes/customer.ts'
import { scrolling, show } from '../panel.ts'
import { metaIdShortener } from '../meta-ids.ts'
import { legend, timeline, timelineAxis, zoomDays } from './timeline.ts'
import { dayPx, ZOOM_DAYS } from './axis.ts'
import { conversationsView, messagesView, noConversations, problemVerdicts, summaryView, type PhoneName } from './views.ts'
import { stamp } from './time.ts'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)!

/** The customer's sections, in page order: the answer, the timeline and the tables. */
export const sections = ['#summary', '#timeline', '#conversations', '#problems', '#messages']

/**
 * How a section is drawn. `keep`: a live refresh; what is shown stays until replaced (panel.ts
 * show), the scroll position too. `phone`: the business phone numbers by name, as the look-up
 * knows them when drawn. `message`: the searched message's id, outlined in the tables.
 */
export interface Drawing { keep: boolean; phone: PhoneName; message: string }

/** The answer: the one sentence to paste into the reply. */
export function drawSummary(summary: CustomerSummaryRow, d: Drawing): Promise<void> {
  return show($('#summary'), async (body) => { body.append(summaryView(summary)); return true }, d.keep)
}

/**
 * The conversations with cost and why, in `tz`; none says why from the customer's messages
 * (`msgs`, waited for only then).
 */
export function drawConversations(convs: CustomerConversationRow[], msgs: Promise<CustomerMessageRow[]>, tz: string, d: Drawing): Promise<void> {
  return show($('#conversations'), async (body) => {
    if (convs.length === 0) return noConversations(await msgs)
    body.append(scrolling(conversationsView(convs, tz, d.phone))); return true
  }, d.keep)
}

/**
 * The guardrail breaks and undelivered messages, then every message, in `tz`: one shortener of
 * Meta's conversation ids for both, so an id reads the same in each.
 */
export async function drawMessages(msgs: CustomerMessageRow[], tz: string, d: Drawing): Promise<void> {
  const problems = msgs.filter((m) => problemVerdicts.includes(m.verdict))
  const short = metaIdShortener(msgs.map((m) => m.meta_conversation_id))
  await show($('#problems'), async (body) => {
    if (problems.length === 0) { body.append(Object.assign(document.createElement('p'), { className: 'state', textContent: 'None for this customer in this period.' })); return true }
    body.append(scrolling(messagesView(problems, tz, d.message, d.phone, short)))
    return true
  }, d.keep)
  await show($('#messages'), async (body) => { body.append(scrolling(messagesView(msgs, tz, d.message, d.phone, short))); return msgs.length > 0 }, d.keep)
}

/** What the timeline shows: the customer's conversations and messages, in `tz`. */
export interface TimelineData { convs: CustomerConversationRow[]; msgs: CustomerMessageRow[]; tz: string }

/** The timeline's zoom as the page keeps it (in its state and the address). */
export interface Zoom {
  /** '' for the whole activity, or the first of the ZOOM_DAYS local days shown */
  day: string
  /** the zoom's day has no activity now (it is no longer offered): the whole activity, the address left as is */
  reset(): void
  /** the user chose `day`: kept in the address, the timeline drawn again */
  choose(day: string): void
}

/** Under this width (px) a 24 h window is a sliver: the whole period says the zoom reads it. */
const THIN_DAY_PX = 12

/**
 * The timeline with its zoom control: the customer's whole activity, or three days from a day
 * with activity, each choice naming the charges it holds. Where a 24 h window is a sliver (a
 * phone over weeks) a line under the control says so and how to read it: nothing told the user
 * they could narrow it (fresh-user trial). `message`: the searched message's id, ringed.
 */
export function drawTimeline({ convs, msgs, tz }: TimelineData, message: string, z: Zoom, keep: boolean): Promise<void> {
  return show($('#timeline'), async (body, width) => {
    if (convs.length === 0 && msgs.length === 0) return false
    const days = zoomDays(convs, msgs, tz)
    let day = z.day
    if (day && !days.includes(day)) { day = ''; z.reset() }
    const zoom = document.createElement('label')
    zoom.className = 'zoom'
    zoom.append('Zoom ')
    const select = document.createElement('select')
    select.name = 'zoom'
    const chargedOn = convs.filter((c) => c.charged === 1).map((c) => stamp(c.opened_at, tz).slice(0, 10))
    const charges = (from: string, to = '9999') => {
      const n = chargedOn.filter((d) => d >= from && d < to).length
      return n === 0 ? '' : ` · ${n} ${n === 1 ? 'charge' : 'charges'}`
    }
    const after = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + ZOOM_DAYS * 86_400_000).toISOString().slice(0, 10)
    select.append(new Option(`all activity${charges('')}`, ''),
      ...days.map((d) => new Option(`${ZOOM_DAYS} days from ${d}${charges(d, after(d))}`, d)))
    select.value = day
    select.addEventListener('change', () => z.choose(select.value))
    zoom.append(select)
    body.append(zoom)
    const px = dayPx(timelineAxis(convs, msgs, tz, width, day).domain, width)
    if (px < THIN_DAY_PX) {
      body.append(Object.assign(document.createElement('p'), {
        className: 'zoom-hint', textContent: `A 24 h window is ${px < 1 ? 'under 1' : Math.round(px)} px wide here: zoom to ${ZOOM_DAYS} days to read it.`,
      }))
    }
    body.append(timeline(convs, msgs, tz, width, message, day), legend(convs, msgs, message))
    return true
  }, keep)
}
