// The customer's sections of the investigation page, each drawn from its own data as soon as that
// is there: the answer, the timeline with its zoom control, the conversations, the guardrail
// breaks and undelivered messages, and every message. main.ts looks the customer up, asks for
// the data and keeps the page's state (the address); what is drawn here is what it is given.
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../../../api/routes/customer.ts'
import { scrolling, show } from '../panel.ts'
import { metaIdShortener } from '../meta-ids.ts'
import { legend, problemVerdicts, timeline, timelineAxis, zoomDays } from './timeline.ts'
import { dayPx, ZOOM_DAYS } from './axis.ts'
import { conversationsView, messagesView, noConversations, summaryView, type PhoneName } from './views.ts'
import { stamp, wallClock } from './time.ts'

const $ = (sel: string) => document.querySelector<HTMLElement>(sel)!

/** Why the timeline and the messages are empty, as the dashboard's cards say why (panel.ts Render). */
const NO_MESSAGES = 'No message of this customer in this period.'

/** The customer's sections, in page order: the answer, the timeline and the tables. */
export const sections = ['#summary', '#timeline', '#conversations', '#problems', '#messages']

/**
 * A live refresh's sections, each with what draws it (show() clears its mark once drawn): one
 * whose drawing failed before it began (its data never came) keeps what it shows, no longer
 * marked as updating.
 */
export function notBusyUnless(drawn: [Promise<unknown>, string[]][]): void {
  for (const [p, ids] of drawn) p.catch(() => { for (const id of ids) $(id).setAttribute('aria-busy', 'false') })
}

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
  await show($('#messages'), async (body) => { body.append(scrolling(messagesView(msgs, tz, d.message, d.phone, short))); return msgs.length > 0 || NO_MESSAGES }, d.keep)
}

/** What the timeline shows: the customer's conversations and messages, in `tz`. */
export interface TimelineData { convs: CustomerConversationRow[]; msgs: CustomerMessageRow[]; tz: string }

/** The zoom's value for the whole activity, chosen (kept in the address: the page does not narrow it then). */
const ALL_ACTIVITY = 'all'

/** The timeline's zoom as the page keeps it (in its state and the address). */
export interface Zoom {
  /**
   * '' for the page's choice (the whole activity where a 24 h window is readable, else the
   * ZOOM_DAYS days of the charge investigated: openingDay), ALL_ACTIVITY, or the first of the
   * ZOOM_DAYS local days shown
   */
  day: string
  /** the zoom's day has no activity now (it is no longer offered): the page's choice, the address left as is */
  reset(): void
  /** the user chose `day` (a day or ALL_ACTIVITY): kept in the address, the timeline drawn again */
  choose(day: string): void
}

/** Under this width (px) a 24 h window is a sliver: the whole period says the zoom reads it. */
const THIN_DAY_PX = 12
const DAY_MS = 86_400_000

/**
 * Where a timeline whose whole activity is too long to read opens: the ZOOM_DAYS days that hold
 * the message searched for, else the latest charge, else the latest message, and the most
 * charges beside it; of those as many, the one from the day before it, then from its own day,
 * then from two days before (what led to it, and the 24 h after it). `what` names it. On a phone
 * the whole period squeezed every message of weeks into slivers (fresh-user trial).
 */
function openingDay({ convs, msgs, tz }: TimelineData, message: string, days: string[]): { day: string; what: string } {
  const searched = msgs.find((m) => m.message_id === message)
  const chargedOn = convs.filter((c) => c.charged === 1).map((c) => c.opened_at)
  const [at, what] = searched ? [searched.event_at, 'the message searched for']
    : chargedOn.length ? [Math.max(...chargedOn), 'the latest charge']
      : [Math.max(...msgs.map((m) => m.event_at), ...convs.map((c) => c.opened_at)), 'the latest message']
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const target = Date.parse(`${stamp(at, tz).slice(0, 10)}T00:00:00Z`)
  const charges = chargedOn.map((t) => stamp(t, tz).slice(0, 10))
  const held = (from: string) => charges.filter((d) => d >= from && d < day(Date.parse(`${from}T00:00:00Z`) + ZOOM_DAYS * DAY_MS)).length
  // the target's own day has activity, so it is always a candidate
  const starts = [-1, 0, -2].map((k) => day(target + k * DAY_MS)).filter((d) => days.includes(d))
  const best = starts.reduce((a, b) => (held(b) > held(a) ? b : a))
  // ending at the last day with activity, not past it: from the data's last day (2024-09-20) a
  // phone drew Sep 20 – Sep 23, two days of nothing stored (fresh-user trial). It still holds the
  // target (at most two days before it, never after the last day).
  const last = Date.parse(`${days[days.length - 1]!}T00:00:00Z`) - (ZOOM_DAYS - 1) * DAY_MS
  return { day: best < day(last) ? best : day(last), what }
}

/**
 * The timeline with its zoom control: the customer's whole activity, or three days from a day
 * with activity, each choice naming the charges it holds. Where a 24 h window over the whole
 * activity is a sliver (a phone over weeks) it opens on the days of the charge investigated
 * (openingDay), unless the whole activity was chosen, and a line under the control says what it
 * shows and how to see the rest; with the whole activity chosen there, how to read it: nothing
 * told the user they could narrow it (fresh-user trial). `message`: the searched message's id, ringed.
 */
export function drawTimeline(data: TimelineData, message: string, z: Zoom, keep: boolean): Promise<void> {
  const { convs, msgs, tz } = data
  return show($('#timeline'), async (body, width) => {
    if (convs.length === 0 && msgs.length === 0) return NO_MESSAGES
    const days = zoomDays(convs, msgs, tz)
    let chosen = z.day
    if (chosen && chosen !== ALL_ACTIVITY && !days.includes(chosen)) { chosen = ''; z.reset() }
    const wholePx = dayPx(timelineAxis(convs, msgs, tz, width).domain, width)
    const opened = chosen === '' && wholePx < THIN_DAY_PX ? openingDay(data, message, days) : undefined
    const day = opened?.day ?? (chosen === ALL_ACTIVITY ? '' : chosen)
    // the page's choice may start on a day without activity (openingDay: it ends at the last): offered too
    body.append(zoomControl(data, day && !days.includes(day) ? [...days, day].sort() : days, day, z))
    const hint = (text: string) => body.append(Object.assign(document.createElement('p'), { className: 'zoom-hint', textContent: text }))
    const sliver = `a 24 h window is ${wholePx < 1 ? 'under 1' : Math.round(wholePx)} px wide`
    if (opened) hint(`Showing ${ZOOM_DAYS} days around ${opened.what}: choose “all activity” above for the whole period (${sliver} there).`)
    else if (!day && wholePx < THIN_DAY_PX) hint(`${sliver[0]!.toUpperCase()}${sliver.slice(1)} here: zoom to ${ZOOM_DAYS} days to read it.`)
    // the legend names what the zoom shows: it listed a whole period's kinds beside three days of one charge (fresh-user trial)
    body.append(timeline(convs, msgs, tz, width, message, day), legend(...inView(data, day, width), message))
    return true
  }, keep)
}

/** The conversations drawn over the axis of `day`'s zoom ('' the whole activity), and the messages on it. */
function inView({ convs, msgs, tz }: TimelineData, day: string, width: number): [CustomerConversationRow[], CustomerMessageRow[]] {
  if (!day) return [convs, msgs]
  const [from, to] = timelineAxis(convs, msgs, tz, width, day).domain
  const on = (t: number) => wallClock(t, tz) >= from && wallClock(t, tz) <= to
  // a bar over any of the axis; a per-message charge (no close: a dot at its time) on it
  const drawn = (c: CustomerConversationRow) => (c.close_reason === '' ? on(c.opened_at) : wallClock(c.opened_at, tz) <= to && wallClock(c.closed_at, tz) >= from)
  return [convs.filter(drawn), msgs.filter((m) => on(m.event_at))]
}

/** The zoom's menu: all activity, or ZOOM_DAYS days from each day with activity, each naming its charges; `day` shown ('' all). */
function zoomControl({ convs, tz }: TimelineData, days: string[], day: string, z: Zoom): HTMLElement {
  const zoom = document.createElement('label')
  zoom.className = 'zoom'
  zoom.append('Zoom ')
  const select = document.createElement('select')
  select.name = 'zoom'
  const chargedOn = convs.filter((c) => c.charged === 1).map((c) => stamp(c.opened_at, tz).slice(0, 10))
  const charges = (from: string, to = '9999') => {
    const n = chargedOn.filter((d) => d >= from && d < to).length
    // (a choice without one said nothing, read as not counted: support trial)
    return ` · ${n === 0 ? 'no charge' : `${n} ${n === 1 ? 'charge' : 'charges'}`}`
  }
  const after = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + ZOOM_DAYS * DAY_MS).toISOString().slice(0, 10)
  select.append(new Option(`all activity${charges('')}`, ALL_ACTIVITY),
    ...days.map((d) => new Option(`${ZOOM_DAYS} days from ${d}${charges(d, after(d))}`, d)))
  select.value = day || ALL_ACTIVITY
  select.addEventListener('change', () => z.choose(select.value))
  zoom.append(select)
  return zoom
}
