// The customer timeline's time axis and what is laid out along it: the span it shows (whole
// local days), its tick interval (a Plot interval name) and where the "✂ free entry" labels fit
// (how wide a tooltip may be: ../tip.ts).
import { utcInterval, type LiteralTimeInterval } from '@observablehq/plot'

const DAY = 86_400_000
/** Days a zoomed timeline shows: a free entry point's 72 h fit. */
export const ZOOM_DAYS = 3

// Plot's default spacing of x-axis ticks (px), and the timeline's margins and insets beside the plot.
const TICK_SPACING_PX = 80
// The least room (px) between two dates' ticks ("Dec 30" is ~35 px at Plot's 10 px).
const DATE_LABEL_PX = 48
export const MARGIN_LEFT_PX = 120
export const MARGIN_RIGHT_PX = 20
export const INSET_PX = 12

/** The plot's own width between its margins and insets (px) at a chart width. */
export const plotWidth = (width: number) => Math.max(1, width - MARGIN_LEFT_PX - MARGIN_RIGHT_PX - 2 * INSET_PX)

/**
 * The axis' span, in wall-clock-as-UTC ms: a zoom's ZOOM_DAYS days from its day, else the
 * customer's activity (`times`) from the midnight before its first mark to the one after its
 * last. Whole days, so an axis ticked every few hours has a date at each midnight and names the
 * day of every bar: one from Sep 20 15:19 sat under "Sep 21 / 2024", "12:00" (fresh-user trial).
 */
export function span(times: number[], zoom = ''): [number, number] {
  if (zoom) {
    const from = Date.parse(`${zoom}T00:00:00Z`)
    return [from, from + ZOOM_DAYS * DAY]
  }
  const first = Math.min(...times)
  const last = Math.max(...times)
  const start = Math.floor(first / DAY) * DAY
  return [start, Math.max(start + DAY, Math.ceil(last / DAY) * DAY)]
}

// Longer steps between dated ticks, each with its length in days: the first whose dates stay
// DATE_LABEL_PX apart is taken (weeks from Monday, as the dashboard's).
const DATE_STEPS = [['day', 1], ['2 days', 2], ['monday', 7], ['2 weeks', 14], ['month', 31], ['3 months', 92], ['year', 366]] as const

/**
 * The axis' tick interval (a Plot interval name) for `days` days over a chart `width` px wide:
 * every 6 or 12 hours at Plot's spacing, else the shortest of DATE_STEPS whose dates stay
 * DATE_LABEL_PX apart (a date at each midnight names each day shown). Plot's own choice for 3
 * days over a phone's ~250 px was every 2 days, which left the first day unnamed ("07-24, 07-26"
 * from 07-23: user trial), and for four weeks one tick, "Sep 1", under a month of August's
 * charges (fresh-user trial).
 */
export function axisTicks(days: number, width: number): LiteralTimeInterval {
  const hoursPerTick = (days * 24) / Math.max(1, plotWidth(width) / TICK_SPACING_PX)
  if (hoursPerTick <= 6) return '6 hours'
  if (hoursPerTick <= 12) return '12 hours'
  const fits = DATE_STEPS.find(([, step]) => (plotWidth(width) * step) / days >= DATE_LABEL_PX)
  return (fits ?? DATE_STEPS[DATE_STEPS.length - 1]!)[0]
}

/** The timeline's x axis: its span (wall-clock-as-UTC ms) and its tick interval (a Plot interval name). */
export interface TimeAxis { domain: [number, number]; ticks: LiteralTimeInterval }

/**
 * The axis of `times` (the customer's activity, wall-clock-as-UTC) over a chart `width` px wide:
 * its span (span) and tick interval (axisTicks). The whole activity's span starts at the
 * interval's tick at or before its first day (Plot's own interval floors it), so the axis' first
 * label names its start: from a Wednesday, weekly ticks began at the next Monday, and the bars
 * before it had no date under them (Jul 24 – Jul 27 under "Jul 29" alone: fresh-user trial). A
 * zoom keeps its days (its interval, 6 hours to a day at any width, ticks its first midnight).
 */
export function timeAxis(times: number[], width: number, zoom = ''): TimeAxis {
  const [first, to] = span(times, zoom)
  let ticks = axisTicks((to - first) / DAY, width)
  if (zoom) return { domain: [first, to], ticks }
  // the interval's tick at or before the first day, once per interval tried
  const tickBefore = (interval: LiteralTimeInterval) => +utcInterval(interval).floor(new Date(first))
  let from = tickBefore(ticks)
  // a longer span may want a longer interval, whose tick before the first day is earlier again
  for (let i = 0; i < DATE_STEPS.length; i++) {
    const next = axisTicks((to - from) / DAY, width)
    if (next === ticks) break
    ticks = next
    from = tickBefore(ticks)
  }
  return { domain: [from, to], ticks }
}

/** A 24 h window's width (px) on this axis. */
export const dayPx = ([from, to]: [number, number], width: number) => (plotWidth(width) * DAY) / (to - from)

// "✂ free entry" at the timeline's 10 px (about 62 px), and the gap before it.
const CUT_LABEL_PX = 66
const CUT_DX_PX = 4

export interface CutLabel { anchor: 'start' | 'end' }

/**
 * Where each free entry point's cut (x2: the cut time, lane, phone) gets its "✂ free entry" label:
 * after the cut, or before it where it would run past the plot's right edge; none where it would
 * cover a label already placed in its lane, or off the axis (a zoom clips it). On a whole period
 * at 390 px two cuts days apart wrote their labels over each other (fresh-user trial); the
 * dashed outline and the legend still mark every cut.
 */
export function cutLabels<T extends { x2: number; category: string; phone_number_id: string }>(
  cuts: T[], domain: [number, number], width: number): (T & CutLabel)[] {
  const [from, to] = domain
  const left = MARGIN_LEFT_PX + INSET_PX
  const right = left + plotWidth(width)
  const px = (t: number) => left + ((t - from) / (to - from)) * (right - left)
  const placed = new Map<string, [number, number][]>()
  const out: (T & CutLabel)[] = []
  for (const c of [...cuts].sort((a, b) => a.x2 - b.x2)) {
    if (c.x2 < from || c.x2 > to) continue
    const at = px(c.x2)
    const anchor = at + CUT_DX_PX + CUT_LABEL_PX <= right + INSET_PX ? 'start' : 'end'
    const box: [number, number] = anchor === 'start' ? [at + CUT_DX_PX, at + CUT_DX_PX + CUT_LABEL_PX] : [at - CUT_DX_PX - CUT_LABEL_PX, at - CUT_DX_PX]
    const lane = `${c.phone_number_id}\n${c.category}`
    const taken = placed.get(lane) ?? []
    if (taken.some(([a, b]) => box[0] < b && a < box[1])) continue
    placed.set(lane, [...taken, box])
    out.push({ ...c, anchor })
  }
  return out
}
