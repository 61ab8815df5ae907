// The customer's timeline: one lane per category, each conversation a bar from opened to closed
// (filled when charged, pale when free, a scissors mark where a free entry point cut it short),
// each message a tick at the instant its verdict was judged, coloured by verdict. A per-message
// charge (pricing-models.md §3: no window, close_reason '') is a dot at its delivery. Each has
// its tooltip, the one of the mark nearest the pointer (timeline-tip.ts).
import * as Plot from '@observablehq/plot'
import type { CustomerConversationRow, CustomerMessageRow } from '../../../api/routes/customer.ts'
import { billableWords, chargeCost, label, legendVerdictWords, messageVerdictWords, moneyInWords } from '../format.ts'
import { shownTimes, stamp, stampAmong, timelineTick, wallClock } from './time.ts'
import { legendOf } from '../legend.ts'
import { byCategory, seriesColor, seriesText } from '../colors.ts'
import { cutLabels, INSET_PX, MARGIN_LEFT_PX, MARGIN_RIGHT_PX, timeAxis, type TimeAxis } from './axis.ts'
import { alongBars, timelineTip, type Pointed } from './timeline-tip.ts'

export const lanes = ['SERVICE', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'FREE_ENTRY_POINT']

// Verdict colours come from the page's theme (web/src/style.css), so both light and dark keep
// contrast; a verdict of per-message pricing takes the colour of its conversation-based twin
// (charged: opened; free tier: extended; free customer service: in the window).
export const verdictColors: Record<string, string> = {
  OPENED: 'var(--v-opened)', REUSED: 'var(--v-reused)', EXTENDED: 'var(--v-extended)', FREE_ENTRY: 'var(--v-free-entry)',
  IN_WINDOW: 'var(--v-in-window)', OUTSIDE_SERVICE_WINDOW: 'var(--v-outside)', NOT_DELIVERED: 'var(--v-not-delivered)',
  CHARGED: 'var(--v-opened)', FREE_CUSTOMER_SERVICE: 'var(--v-in-window)', FREE_TIER: 'var(--v-extended)',
}

/** The verdicts of the guardrail breaks and undelivered messages (their own table, and drawn over the other ticks). */
export const problemVerdicts = ['OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED']

/** The ring round the message searched for (by its id). */
const ringColor = 'var(--v-outside)'

/** Meta's own verdict on a message (the diamonds). */
export const metaColor = 'var(--fg)'

/**
 * A conversation (or a per-message charge) in the dashboard's colour of its category · pricing
 * type (colors.ts: paid in full, the free kinds paler), outlined in the text colour so a pale or
 * light bar keeps 3:1 against the card in both themes.
 */
const kindOf = (c: CustomerConversationRow) => `${c.category} · ${c.pricing_type}`
/**
 * A bar's or dot's first tip line: its category, then its charge or pricing type, said once when
 * they are the same words (a free entry point's read "Free entry point · Free entry point": trial).
 */
function heading(d: CustomerConversationRow): string {
  const how = d.charged === 1 ? charge(d) : label(d.pricing_type)
  return how === label(d.category) ? how : `${label(d.category)} · ${how}`
}

/**
 * A free entry point's bar that starts at the customer's entry message, before the business
 * reply (billing-rules.md rule 6, first case: the service conversation the entry message opened
 * becomes the free entry point's, and the 72 h run from the reply): its length, and why it is
 * more than the window ("72 h 15 min", read as a bug: trial), the window's length as the row has
 * it (configuration, rule 10); '' for any other bar.
 */
function entryToReply(d: CustomerConversationRow, times: number[], tz: string): string {
  if (d.category !== 'FREE_ENTRY_POINT' || d.reply_at === null || d.reply_at <= d.opened_at) return ''
  return ` (${duration(d.closed_at - d.opened_at)})\nFrom the customer's entry message: the ${duration(d.closed_at - d.reply_at)} free window runs from the business reply at ${stampAmong(d.reply_at, times, tz)} (${duration(d.reply_at - d.opened_at)} later).`
}

/** A length as the tips say it: "72 h 15 min", "15 min", "40 s" (seconds only under a minute). */
function duration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  const minutes = Math.round(ms / 60_000)
  const [h, m] = [Math.floor(minutes / 60), minutes % 60]
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ')
}

/** A charged bar's or dot's cost in its tip: "charged $0.0250", or "charged, no price in the rate card". */
const charge = (c: CustomerConversationRow) => `charged${c.cost === null ? ', ' : ' '}${chargeCost(c.cost, c.currency)}`

/**
 * A conversation's bar's tip: what it is, opened → closed (a free entry point's from its entry
 * message: entryToReply), and why. `times`: the instants the conversations show (shownTimes),
 * the ones in another's minute with their seconds, as the table writes them: bars that closed
 * and opened 1.5 s apart read "10:06 → 10:06" twice (fresh-user trial).
 */
const barTip = (d: CustomerConversationRow, times: number[], tz: string) =>
  `${heading(d)}\n${stampAmong(d.opened_at, times, tz)} → ${stampAmong(d.closed_at, times, tz)}${entryToReply(d, times, tz)}\n${moneyInWords(d.explanation)}`

/** A per-message charge's dot's tip: what it is, when (as barTip writes it), and why. */
const dotTip = (d: CustomerConversationRow, times: number[], tz: string) => `${heading(d)}\n${stampAmong(d.opened_at, times, tz)}\n${moneyInWords(d.explanation)}`

/**
 * Meta's conversation id in a tip, whole: over two lines when longer than 24 characters (Meta's are
 * 32 hex digits, wider than a tip's 20 ems: Plot cut it with "…", and the tables show its end
 * only, so the two could not be matched: fresh-user trial).
 */
function wholeId(id: string): string {
  const half = Math.ceil(id.length / 2)
  return id.length > 24 ? `${id.slice(0, half)}\n${id.slice(half)}` : id
}

/** Meta's diamond's tip: when, and what Meta decided (its conversation id whole: support quotes it to Meta). */
const metaTip = (m: CustomerMessageRow, tz: string) =>
  `${stamp(m.event_at, tz)} · Meta's pricing\nMeta: ${metaVerdict(m)}${m.meta_conversation_id ? `\nMeta's conversation id: ${wholeId(m.meta_conversation_id)}` : ''}`

const outline = 'currentColor'

function tipOf(m: CustomerMessageRow, tz: string): string {
  const what = m.template_category
    ? `${m.direction} template ${m.template_name ? `“${m.template_name}” ` : ''}(${label(m.template_category)})`
    : `${m.direction} ${m.msg_type || 'message'}${m.direction === 'outbound' ? ' (free-form)' : ''}`
  const meta = metaVerdict(m)
  return `${stamp(m.event_at, tz)} · ${what}\n${verdictSaid(m)}${meta ? `\nMeta: ${meta}` : ''}`
}

/**
 * The verdict and its explanation, the verdict's words left out when the explanation starts with
 * them: a phone's tip read "Opened a conversation: Opened the utility conversation: …" (trial);
 * an explanation's lead word that starts the verdict's words ("Free: inside the free-entry
 * window …" of a Free entry) left out instead: it read "Free entry: Free: inside …" (trial).
 */
function verdictSaid(m: CustomerMessageRow): string {
  const words = messageVerdictWords(m)
  const first = (s: string) => s.split(' ', 1)[0]!.toLowerCase()
  const why = moneyInWords(m.explanation)
  const lead = /^(\S+): /.exec(why)
  if (lead && lead[1]!.toLowerCase() === first(words)) return `${words}: ${why.slice(lead[0].length)}`
  return first(words) === first(why) ? why : `${words}: ${why}`
}

const pricingModels: Record<string, string> = { CBP: 'conversation-based pricing', PMP: 'per-message pricing' }

/**
 * What Meta decided about a message (its status lines' pricing), in words: "Billable · Marketing ·
 * Paid · conversation-based pricing · conversation opened as Utility"; '' when Meta said nothing.
 * Meta's conversation id is no decision (an opaque hash): the tables give it apart (views.ts metaCell).
 */
export function metaVerdict(m: CustomerMessageRow): string {
  if (m.meta_billable === null && !m.meta_category && !m.meta_conversation_id) return ''
  const words = [
    m.meta_billable === null ? '' : billableWords(m.meta_billable),
    m.meta_category ? label(m.meta_category) : '',
    m.meta_type ? label(m.meta_type) : '',
    pricingModels[m.meta_pricing_model] ?? m.meta_pricing_model,
    m.meta_origin_type ? `conversation opened as ${label(m.meta_origin_type)}` : '',
  ].filter(Boolean)
  return words.length > 0 ? words.join(' · ') : 'no pricing'
}

/** A verdict tick's width, and the card-coloured halo on each side of it (px). */
export const TICK_PX = 2.5
export const HALO_PX = 2

/**
 * A bar's inset from its lane's band (px), and a tick's halo's: 1 px more, so the halo stays
 * inside the bar's outline. Spanning the band, it cut a bar in two at each tick: a free entry
 * point's one conversation read as two grey blocks (fresh-user trial).
 */
const BAR_INSET_PX = 6
const HALO_INSET_PX = BAR_INSET_PX + 1

/** A charge's dot: above its lane's centre, clear of its message's tick. */
const DOT_DY_PX = -9
/** Meta's diamond: above its message's tick and a charge's dot. */
const META_DY_PX = -13

/**
 * The timeline of one customer on the WABA's wall clock. `zoom` ('' or a local day YYYY-MM-DD)
 * narrows the axis to ZOOM_DAYS days from that day; marks outside are clipped, never moved.
 */
export function timeline(convs: CustomerConversationRow[], msgs: CustomerMessageRow[], tz: string, width: number, highlight: string, zoom = ''): SVGSVGElement | HTMLElement {
  const { domain, ticks: interval } = timelineAxis(convs, msgs, tz, width, zoom)
  const phones = [...new Set([...convs, ...msgs].map((r) => r.phone_number_id))]
  const facet = phones.length > 1 ? { fy: (d: { phone_number_id: string }) => d.phone_number_id } : {}
  const all = convs.map((c) => ({ ...c, x1: wallClock(c.opened_at, tz), x2: wallClock(c.closed_at, tz) }))
  const bars = all.filter((c) => c.close_reason !== '')
  const charges = all.filter((c) => c.close_reason === '')
  // authentication-international (pricing-models.md §5) gets its lane only when it occurs
  const shown = [...convs, ...msgs].some((r) => ('category' in r ? r.category : r.lane) === 'AUTHENTICATION_INTERNATIONAL')
    ? [...lanes.slice(0, 4), 'AUTHENTICATION_INTERNATIONAL', ...lanes.slice(4)] : lanes
  // a guardrail break's or an undelivered message's tick drawn last: a send that failed 5 min
  // before the charged one sat under its tick on the whole period, unseen (fresh-user trial)
  const ticks = msgs.map((m) => ({ ...m, x: wallClock(m.event_at, tz), tip: tipOf(m, tz) }))
    .sort((a, b) => Number(problemVerdicts.includes(a.verdict)) - Number(problemVerdicts.includes(b.verdict)))
  const times = shownTimes(convs)
  const cuts = cutLabels(bars.filter((b) => b.suppressed === 1), domain, width)
  const marked = ticks.filter((t) => t.message_id === highlight)
  // what shows a tip, on the axis only (a zoom clips marks): ticks last, winning a tie
  const onAxis = (x: number) => x >= domain[0] && x <= domain[1]
  const tickPoints: Pointed[] = ticks.filter((t) => onAxis(t.x)).map((t) => ({ x: t.x, lane: t.lane, phone_number_id: t.phone_number_id, tip: t.tip, dy: 0 }))
  // Meta's decision (its statuses' pricing) beside the rules': a diamond above the tick, in the
  // lane of Meta's category (a re-categorised template shows in another lane), filled when billable.
  const said = ticks.filter((t) => t.meta_category || t.meta_billable !== null)
    .map((t) => ({ ...t, metaLane: lanes.includes(t.meta_category) ? t.meta_category : t.lane }))
  const pointed: Pointed[] = [
    // on the shared tip too (they had the browser's own title: unstyled, none on a touch screen)
    ...said.filter((d) => onAxis(d.x)).map((d) => ({ x: d.x, lane: d.metaLane, phone_number_id: d.phone_number_id, tip: metaTip(d, tz), dy: META_DY_PX })),
    ...alongBars(bars.map((b) => ({ x1: b.x1, x2: b.x2, lane: b.category, phone_number_id: b.phone_number_id, tip: barTip(b, times, tz) })), tickPoints, domain, width),
    ...charges.filter((c) => onAxis(c.x1)).map((c) => ({ x: c.x1, lane: c.category, phone_number_id: c.phone_number_id, tip: dotTip(c, times, tz), dy: DOT_DY_PX })),
    ...tickPoints,
  ]
  return Plot.plot({
    width,
    height: Math.max(220, 46 * shown.length * phones.length + 60),
    // room under the ticks for a date's second line, its year
    marginBottom: 40,
    marginLeft: MARGIN_LEFT_PX,
    marginRight: MARGIN_RIGHT_PX,
    // Marks are clipped to the axis (a zoom cuts them); a tooltip is not (tip below): clipped at
    // the frame's left, a phone's tip lost its first words (fresh-user trial).
    clip: true,
    // inset: the first and last marks (dots r 5, a highlight ring r 9) whole, not cut at the frame.
    // Whole days from a tick (axis.ts timeAxis), ticked by a Plot interval where there is room for each midnight;
    // 24-hour times, as the tables and explanations write them; dates at midnight.
    x: {
      type: 'utc', label: `time (${tz})`, insetLeft: INSET_PX, insetRight: INSET_PX, domain: domain.map((t) => new Date(t)),
      ticks: interval, tickFormat: timelineTick,
    },
    y: { domain: shown, tickFormat: label, label: null },
    fy: phones.length > 1 ? { label: 'phone number' } : undefined,
    marks: [
      Plot.gridX({ strokeOpacity: 0.08 }),
      ...[false, true].map((cut) => Plot.barX(bars.filter((b) => (b.suppressed === 1) === cut), {
        // Inset only vertically: a bar spans exactly opened → closed at every width.
        x1: 'x1', x2: 'x2', y: 'category', ...facet, insetTop: BAR_INSET_PX, insetBottom: BAR_INSET_PX,
        fill: (d) => seriesColor(kindOf(d)), stroke: outline, strokeOpacity: 0.7,
        strokeDasharray: cut ? '4,3' : undefined,
      })),
      Plot.dot(charges, { x: 'x1', y: 'category', ...facet, r: 5, dy: DOT_DY_PX, fill: (d) => seriesColor(kindOf(d)), stroke: outline }),
      // A halo in the card's colour: a tick stands out on a bar of any colour, as against the card
      // (its colour keeps 3:1 there: test/palette.test.ts). The rule spans the lane's band from y1
      // to y2: given as y it drew nothing (a rule from 0 to the lane), and "Opened" on a Marketing
      // bar, "Reused" on a Utility one, all but vanished in the dark theme (fresh-user trial). It
      // stops inside a bar's outline (HALO_INSET_PX), which runs on over the tick: one bar.
      Plot.ruleX(ticks, { x: 'x', y1: 'lane', y2: 'lane', ...facet, stroke: 'var(--card)', strokeWidth: TICK_PX + 2 * HALO_PX, insetTop: HALO_INSET_PX, insetBottom: HALO_INSET_PX, ariaHidden: 'true', className: 'tick-halo' }),
      Plot.tickX(ticks, {
        x: 'x', y: 'lane', ...facet, stroke: (d) => verdictColors[d.verdict] ?? '#444', strokeWidth: TICK_PX, inset: 3,
      }),
      // Over the ticks, with a halo in the card's colour (Plot's text stroke, painted under the
      // fill): on a whole period at 390 px the ticks crossed "✂ free entry" (fresh-user trial).
      // Each where it fits (axis.ts cutLabels): after the cut, or before it at the right edge.
      ...(['start', 'end'] as const).map((anchor) => Plot.text(cuts.filter((c) => c.anchor === anchor), {
        x: 'x2', y: 'category', ...facet, text: () => '✂ free entry', dx: anchor === 'start' ? 4 : -4, textAnchor: anchor, fill: 'var(--v-outside)', fontSize: 10, dy: -12,
        stroke: 'var(--card)', strokeWidth: 3, paintOrder: 'stroke',
      })),
      Plot.dot(said, {
        x: 'x', y: 'metaLane', ...facet, symbol: 'diamond', r: 4, dy: META_DY_PX, stroke: metaColor, strokeWidth: 1.5,
        fill: (d) => (d.meta_billable === 1 ? metaColor : 'none'),
      }),
      // the ring on an edge of the card's colour: dark, its red on an orange (utility) bar was faint
      Plot.dot(marked, { x: 'x', y: 'lane', ...facet, r: 9, stroke: 'var(--card)', strokeWidth: 5, fill: 'none' }),
      Plot.dot(marked, { x: 'x', y: 'lane', ...facet, r: 9, stroke: ringColor, strokeWidth: 2, fill: 'none' }),
      timelineTip(pointed, width, phones.length > 1),
    ],
  })
}

/**
 * The timeline's axis at `width` px (axis.ts timeAxis): the zoom's days, else the customer's
 * activity in whole days from its tick interval's tick at or before the first.
 */
export function timelineAxis(convs: CustomerConversationRow[], msgs: CustomerMessageRow[], tz: string, width: number, zoom = ''): TimeAxis {
  const times = [...convs.flatMap((c) => [c.opened_at, c.closed_at]), ...msgs.map((m) => m.event_at)].map((t) => wallClock(t, tz))
  return timeAxis(times, width, zoom)
}

/** The local days on which something happened: where the timeline can zoom to. */
export function zoomDays(convs: CustomerConversationRow[], msgs: CustomerMessageRow[], tz: string): string[] {
  const days = new Set([...convs.map((c) => c.opened_at), ...msgs.map((m) => m.event_at)].map((t) => stamp(t, tz).slice(0, 10)))
  return [...days].sort()
}

/**
 * Legend for what this customer's timeline draws: only the marks present in `convs` and `msgs`
 * (those in a zoom's view: sections.ts inView), not every colour the page knows.
 */
export function legend(convs: CustomerConversationRow[], msgs: CustomerMessageRow[], highlight = ''): HTMLElement {
  const bars = convs.filter((c) => c.close_reason !== '')
  const verdicts = new Set(msgs.map((m) => m.verdict))
  // a bar swatch per category · pricing type drawn, named as the dashboard's legends name them
  const kinds = [...new Set(bars.map(kindOf))].sort(byCategory)
  const items: [boolean, [string, string, string]][] = [
    ...kinds.map((k) => [true, ['bar', seriesColor(k), seriesText(k)]] as [boolean, [string, string, string]]),
    [bars.some((b) => b.suppressed === 1), ['cut', 'transparent', '✂ free entry: closed early by a free entry point']],
    [msgs.some((m) => m.meta_category || m.meta_billable !== null), ['meta', metaColor, "Meta's pricing on its statuses (filled: billable; in Meta's category's lane)"]],
    ...[...new Set(convs.filter((c) => c.close_reason === '').map(kindOf))].sort(byCategory)
      .map((k) => [true, ['dot', seriesColor(k), `${seriesText(k)}: charge of one message (since July 2025)`]] as [boolean, [string, string, string]]),
    ...[...new Set(Object.values(verdictColors))].map((c) => {
      // verdicts sharing a colour share a legend item: "Opened a conversation / Charged per message"
      const present = Object.keys(verdictColors).filter((k) => verdictColors[k] === c && verdicts.has(k))
      return [present.length > 0, ['tick', c, legendVerdictWords(present, msgs)]] as [boolean, [string, string, string]]
    }),
    // the red ring round the message searched for had no legend (fresh-user trial)
    [msgs.some((m) => m.message_id === highlight), ['ring', ringColor, 'Red ring: the message searched for']],
  ]
  return legendOf(items.filter(([present]) => present).map(([, item]) => item))
}
