// Spend over time, stacked by the chosen split: Arrow tables straight into Plot (spend by market: markets.ts).
import * as Plot from '@observablehq/plot'
import { fetchTable } from '../api.ts'
import { amount, count, day, label, month, moneyLabel, moneyTicks, pricedAmount, statedCurrency } from '../format.ts'
import { colorScale, seriesText } from '../colors.ts'
import { ALL_FREE, hasSpend, NO_CHARGES, type Render } from '../panel.ts'
import { DAY_MARGINS, dayAxis, periodAxis } from '../day-ticks.ts'
import { partialBars, partialHatch, partialNote } from './partial.ts'
import { tipAt, tipText } from '../tip.ts'
import { spendSplits } from '../state.ts'
import type { SpendRow } from '../../../api/routes/dashboard.ts'

export type Granularity = 'day' | 'week' | 'month'

/** The period on screen: local days as UTC midnights, `to` inclusive. */
export interface Period { from: number; to: number }

const DAY = 86_400_000
// Plot's own intervals: weeks start on Monday, as the API's toMonday() does.
export const intervals = { day: Plot.utcInterval('day'), week: Plot.utcInterval('monday'), month: Plot.utcInterval('month') }

/**
 * Bars per month over more than 120 days, per week (from Monday, as the API) over more than 31,
 * else per day: the granularity a chart takes when the user has not picked one (a day's bar of
 * a 17-month period is under a pixel on a phone).
 */
export function autoGranularity(p: Period): Granularity {
  const days = (p.to - p.from) / DAY
  return days > 120 ? 'month' : days > 31 ? 'week' : 'day'
}
// a split's name in the chart's tooltip: the select's words, but category × pricing type's keys
// read "MARKETING · REGULAR", and its name reads as they do
const splitNames: Record<string, string> = { ...Object.fromEntries(spendSplits), category_pricing_type: 'Category · pricing type' }

/** A /api/spend row's counts: every charge, and the per-message charges among them. */
export type SpendCounts = Pick<SpendRow, 'conversations' | 'messages'>

/**
 * A row of /api/spend (api/routes/dashboard.ts SpendRow): cost is null when some of its charges
 * have no rate-card price (unpriced); priced_cost, what is known, is what the bars draw.
 */
export interface SpendPoint { period: Date | number; label: string; currency: string | null; cost: number | null; priced_cost: number; unpriced: number }

/**
 * A bar's count line in a tooltip, by what its charges are (SpendRow: `conversations` counts
 * every charge, `messages` the per-message ones among them): "Conversations: 12" under
 * conversation-based pricing, "Per-message charges: 12" under per-message pricing, and
 * "Charges: 12 (4 conversations + 8 per-message charges)" for a bar holding both (a period across
 * July 2025; free entry point windows beside per-message charges). Every count was called
 * "Conversations", per-message charges too (fresh-user trial).
 */
export function chargesLine(d: SpendCounts): [string, string] {
  if (d.messages === 0) return ['Conversations', count(d.conversations)]
  if (d.messages === d.conversations) return ['Per-message charges', count(d.messages)]
  const conversations = d.conversations - d.messages
  return ['Charges', `${count(d.conversations)} (${count(conversations)} conversation${conversations === 1 ? '' : 's'} + ${count(d.messages)} per-message charge${d.messages === 1 ? '' : 's'})`]
}

/** A bar's tooltip line (Incomplete) for its charges without a price; null without any (the tooltip leaves it out). */
export const noPriceText = (n: number): string | null => (n > 0 ? `${count(n)} charge${n === 1 ? ' has' : 's have'} no price` : null)

/**
 * A bar's amount in its tooltip or label: what is priced, or "no price for 2" when none of its
 * charges has a price (/api/spend states no currency then): its priced 0 read "$0.00" in Spend over
 * time's tooltip, a figure that cannot be computed read as nothing spent (and "$0.00 ?" by market).
 */
export const barAmount = (d: Pick<SpendPoint, 'currency' | 'priced_cost' | 'unpriced'>, currency: string): string =>
  (d.unpriced > 0 && d.currency === null ? pricedAmount(null, d.unpriced, '') : amount(d.priced_cost, currency))

/** Where one period's bar starts and ends on screen: cut to the period asked for (`partial` when cut). */
export function extent(granularity: Granularity, period: Period, start: number): { start: number; end: number; x1: number; x2: number; partial: boolean } {
  const end = +intervals[granularity].offset(new Date(start))
  const x1 = Math.max(start, period.from)
  const x2 = Math.min(end, period.to + DAY)
  return { start, end, x1, x2, partial: x1 > start || x2 < end }
}

/** "Sep 2, 2024 – Sep 8, 2024"; a partial one says which whole week or month it is part of. */
export function periodText(granularity: Granularity, e: { start: number; end: number; x1: number; x2: number; partial: boolean }): string {
  const span = (a: number, b: number) => (b - a === DAY ? day(a) : `${day(a)} – ${day(b - DAY)}`)
  if (granularity === 'day') return day(e.x1)
  if (!e.partial) return span(e.x1, e.x2)
  const whole = granularity === 'week' ? `the week ${span(e.start, e.end)}` : month(e.start)
  return `${span(e.x1, e.x2)} (the part of ${whole} inside the period)`
}

/**
 * Spend per day, week (from Monday) or month, stacked by `split`. Bars span exactly the part of
 * each period inside `period` (a partial first or last week or month is drawn narrower and
 * hatched, in its week's or month's place on an axis from the first one's Monday or 1st:
 * partial.ts, periodAxis), ticks fall on the periods' starts (Mondays for weeks, 1sts), every few where they
 * would crowd; days are bands, each tick at its day's bar.
 */
export function spendOverTime(params: URLSearchParams, granularity: Granularity, split: string, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const q = new URLSearchParams(params)
    q.set('granularity', granularity)
    q.set('split', split)
    const t = await fetchTable('spend', q, signal)
    if (t.numRows === 0) return NO_CHARGES
    // Series with no spend draw nothing: they get no legend entry either.
    // (a series whose charges all lack a price is drawn too: its mark says so)
    const rows = [...t].map((r) => r as unknown as SpendPoint)
    const currency = statedCurrency(rows)
    const paid = new Set<string>()
    for (const r of rows) if (hasSpend(r)) paid.add(r.label)
    if (paid.size === 0) return ALL_FREE
    const at = (d: { period: Date | number }) => extent(granularity, period, +d.period)
    const anyPriced = rows.some((r) => paid.has(r.label) && r.priced_cost > 0)
    const name = splitNames[split] ?? split
    const keyText = split === 'category_pricing_type' ? seriesText : label
    const marked = incomplete(rows.filter((r) => paid.has(r.label)), (r) => keyText(r.label))
    // each partial period's bar, to the top of its drawn stack
    const partial = partialBars(rows.filter((r) => paid.has(r.label)), at, (r) => r.priced_cost)
    // A bar narrower than a few pixels loses its insets (they would eat it whole), and one under
    // 1.5 px says why the chart looks empty.
    const plotPx = width - DAY_MARGINS.marginLeft - DAY_MARGINS.marginRight
    const byDay = granularity === 'day'
    const x = byDay ? dayAxis(period, width) : periodAxis(granularity, period, plotPx)
    const first = byDay ? new Date(period.from) : x.domain[0] as Date
    const barPx = plotPx / Math.max(1, intervals[granularity].range(first, new Date(period.to + DAY)).length)
    const inset = barPx > 4 ? 0.5 : 0
    body.append(Plot.plot({
      width,
      height: 320,
      // by day, the per-day charts' margins: each day at the x it has in the others
      ...DAY_MARGINS,
      // the axis label under the ticks' second line ("Dec" / "2024"), never beside the last tick
      marginBottom: 44,
      // Days: a band per day of Plot's day interval, each tick at its day's bar (a utc scale's
      // ticks fell at midnight, between two bars: fresh-user trial), thinned to Mondays.
      // Weeks and months on a utc scale from the first one's Monday or 1st, ticked as Spend
      // across pricing models is (periodAxis: at the bars' starts, every few where they would
      // crowd; a partial first week after its Monday's tick).
      x: {
        ...x,
        label: granularity === 'week' ? 'Week (from Monday)' : granularity === 'month' ? 'Month' : 'Day', labelOffset: 40,
      },
      // no charge drawn has an amount (every bar 0 high): an axis of 0 alone drew each bar the
      // chart's whole height, "0" in its middle; an empty axis instead, the tips saying "no price"
      // room above the tallest bar for its "?", inside the frame, where Plot's pointer finds the bar
      // (in the top margin it measured the way to the bar's middle, and showed no tip over the "?")
      y: { grid: true, label: moneyLabel('Spend', currency), tickFormat: moneyTicks(currency), insetTop: marked.length > 0 ? MARK_ROOM : 0,
        ...(anyPriced ? {} : { domain: [0, 1], ticks: [] }) },
      color: { ...colorScale(split, paid), legend: true, tickFormat: keyText, label: name },
      marks: [
        (byDay ? Plot.barY : Plot.rectY)(t, Plot.stackY({
          filter: (d: SpendPoint) => paid.has(d.label),
          ...(byDay ? { x: (d: SpendPoint) => new Date(+d.period) } : { x1: (d: SpendPoint) => at(d).x1, x2: (d: SpendPoint) => at(d).x2 }), y: 'priced_cost',
          fill: { value: 'label', label: name }, insetLeft: inset, insetRight: inset,
          // the tip's lines in the chart's words (tip.ts)
          title: (d: SpendPoint & SpendCounts) => tipText([[moneyLabel('Spend', currency), barAmount(d, currency)],
            [name, keyText(d.label)], ['Period', periodText(granularity, at(d))], chargesLine(d), ['Incomplete', noPriceText(d.unpriced)],
            markedLine(marked, +d.period, keyText(d.label))]),
          // the bar under the pointer's x, its segment nearest the pointer: anywhere over a bar, its
          // "?" too (Plot's default, the bar nearest in x and y, showed none over a tall bar's top)
          tip: { ...tipAt(width), pointer: 'x' },
        })),
        ...partialHatch(partial),
        Plot.ruleY([0]),
        incompleteMarks(marked, byDay, at),
      ],
    }))
    if (partial.length > 0) body.append(partialNote(granularity, period))
    const unpriced = unpricedChartNote(rows.filter((r) => paid.has(r.label)), marked, granularity)
    if (unpriced) body.append(unpriced)
    if (barPx < 1.5) {
      const note = document.createElement('p')
      note.className = 'note partial-note'
      note.textContent = `Each ${granularity} is under 2 pixels wide at this width: pick Week or Month to see the bars.`
      body.append(note)
    }
    return true
  }
}

export interface Incomplete { period: number; top: number; unpriced: number; series: [name: string, unpriced: number][] }

/**
 * Each period of `drawn` (the rows a spend chart stacks) with charges without a price: the top of
 * its stack, how many, and the series they are in (`name`: a row's series in the chart's words).
 */
export function incomplete<R extends { period: Date | number; priced_cost: number; unpriced: number }>(drawn: Iterable<R>, name: (r: R) => string): Incomplete[] {
  const by = new Map<number, Incomplete>()
  for (const r of drawn) {
    const p = by.get(+r.period) ?? { period: +r.period, top: 0, unpriced: 0, series: [] }
    p.top += r.priced_cost
    p.unpriced += r.unpriced
    if (r.unpriced > 0) p.series.push([name(r), r.unpriced])
    by.set(p.period, p)
  }
  return [...by.values()].filter((p) => p.unpriced > 0)
}

/**
 * The tooltip line of a segment (series `own`, of the period starting `period`) saying what its
 * bar's "?" marks: "? marks Marketing: no price for 3". The "?" sits on top of the whole bar, over
 * its top segment, and the tip shown over it is that segment's: a segment of unpriced charges
 * only is drawn 0 high, and the "?" over Utility read as Utility's (break-it trial). Null where
 * the bar has no "?", or where its only unpriced series is the segment's own (its Incomplete line
 * says so).
 */
export function markedLine(marked: Incomplete[], period: number, own: string): [string, string | null] {
  const bar = marked.find((m) => m.period === period)
  const said = !bar || (bar.series.length === 1 && bar.series[0]![0] === own)
  return ['', said ? null : `? marks ${bar.series.map(([n, u]) => `${n}: ${pricedAmount(null, u, '')}`).join(' · ')}`]
}

/** The room a spend chart keeps above its tallest bar for the bar's "?" (incompleteMarks). */
export const MARK_ROOM = 18

/**
 * A "?" over each bar whose amount is incomplete (some of its charges have no price): by day at
 * its day's band, else at the middle of its period's extent (`at`). The y scale keeps MARK_ROOM
 * above the tallest bar for it, inside the frame, where Plot's pointer finds the bar (in the top
 * margin it measured the way to the bar's middle, and showed no tip over the "?"). No tip of its
 * own: Plot showed it with the bar's where both were within reach of the pointer (a short bar, one
 * of no priced charge), two tips overlapping; the bar's tip counts them.
 */
export function incompleteMarks(marked: Incomplete[], byDay: boolean, at: (d: Incomplete) => { x1: number; x2: number }): Plot.Markish {
  return Plot.text(marked, {
    ...(byDay ? { x: (d: Incomplete) => new Date(d.period) } : { x: (d: Incomplete) => new Date((at(d).x1 + at(d).x2) / 2) }),
    y: 'top', text: () => '?', dy: -8, fill: 'var(--warn)', fontWeight: 'bold', fontSize: 13,
  })
}

/** At most this many series named in a note (a split by phone number may have dozens): the others counted together. */
const NAMED = 5

/**
 * Each series of `marked` with charges without a price and how many, in the chart's words, most
 * first: "Marketing: 3, Utility: 1" (`units`: "Marketing: 3 charges, Utility: 1 charge"); past
 * NAMED series, the rest as "7 others: 12".
 */
export function unpricedSeries(marked: Incomplete[], units = false): string {
  const by = new Map<string, number>()
  for (const m of marked) for (const [name, n] of m.series) by.set(name, (by.get(name) ?? 0) + n)
  const all = [...by].sort((a, b) => b[1] - a[1])
  const shown = all.length > NAMED ? all.slice(0, NAMED - 1) : all
  const rest = all.slice(shown.length)
  const charges = (n: number) => (units ? ` charge${n === 1 ? '' : 's'}` : '')
  const others = rest.length === 0 ? [] : [`${count(rest.length)} others: ${count(rest.reduce((s, [, n]) => s + n, 0))}${charges(2)}`]
  return [...shown.map(([name, n]) => `${name}: ${count(n)}${charges(n)}`), ...others].join(', ')
}

/**
 * The note under a spend chart some of whose charges have no rate-card price (`marked`: its bars
 * marked "?", incomplete()), naming the series they are in and how many, as the "?"'s tips do:
 * "Marketing: 3 charges have no price in the rate card. Amounts marked incomplete (?) count only
 * the priced charges." ("4 charges have no price in the rate card (Marketing: 3, Utility: 1). …"
 * for several); it counted them only, the series unsaid (break-it trial). When no charge of
 * `drawn` (the chart's stacked rows) has a price (none states a currency) no amount is incomplete,
 * there is none: said so. Null without any.
 */
export function unpricedChartNote(drawn: { currency: string | null }[], marked: Incomplete[], granularity: Granularity): HTMLElement | null {
  const n = marked.reduce((sum, m) => sum + m.unpriced, 0)
  if (n <= 0) return null
  const names = new Set(marked.flatMap((m) => m.series.map(([name]) => name)))
  const note = document.createElement('p')
  note.className = 'note unpriced-note'
  note.textContent = drawn.every((r) => r.currency === null)
    ? `No charge here has a price in the rate card (${unpricedSeries(marked, true)}): there is no spend to draw; a ? marks each ${granularity} with charges.`
    : `${names.size === 1 ? `${[...names][0]}: ${noPriceText(n)} in the rate card` : `${noPriceText(n)} in the rate card (${unpricedSeries(marked)})`}. `
      + 'Amounts marked incomplete (?) count only the priced charges.'
  return note
}
