// Spend across pricing eras (pricing-models.md): spend and charges by pricing category × pricing
// type on one time axis, with each change of the pricing-model timeline marked.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { count, day, moneyLabel, moneyTicks, statedCurrency, wholeTicks } from '../format.ts'
import { colorScale, seriesColor, seriesHint, seriesNote, seriesText } from '../colors.ts'
import { legendOf } from '../legend.ts'
import { hasSpend, NO_CHARGES, type Render } from '../panel.ts'
import { autoGranularity, barAmount, chargesLine, extent, incomplete, incompleteMarks, MARK_ROOM, markedLine, noPriceText, periodText, unpricedChartNote, type Period } from './spend.ts'
import { partialBars, partialHatch, partialNote } from './partial.ts'
import { DAY_MARGINS, dayAxis, periodAxis } from '../day-ticks.ts'
import { tipAt, tipText } from '../tip.ts'
import { isoDay } from '../day-fields.ts'

// Both charts share these (the per-day charts' margins), so their time axes line up to the pixel,
// by day with every per-day chart's.
const { marginLeft: MARGIN_LEFT, marginRight: MARGIN_RIGHT } = DAY_MARGINS
const HEIGHT = 230
// A full label is at most 16 ems of 10 px per line; a short one ("Nov 1, 2024") about 60 px,
// with a gap after it.
const FULL_PX = 170
const SHORT_PX = 76
const ROW_PX = 12

// cost null: some of the row's charges have no rate-card price; the bars draw priced_cost (dashboard.ts SpendRow)
// (messages: the per-message charges among conversations, for the tip's count: spend.ts chargesLine)
interface SpendRow { period: number; key: string; currency: string | null; conversations: number; messages: number; cost: number | null; priced_cost: number; unpriced: number }
interface ModelRow { effective_from: number; model: string; starts_in_range: number; label: string }
interface Change { at: Date; label: string; anchor: 'start' | 'end'; text: string; row: number }

/**
 * Where each change's words go. A change in the period's last third is labelled on its left so
 * its words stay on screen. When every label has room for its full words (wide screens) they are
 * drawn; otherwise (a phone, or two changes months apart) each rule is named by its day, on
 * staggered rows where two days would touch, and the words go to a list under the charts.
 */
function layout(models: ModelRow[], period: Period, x: Plot.Scale, at: (d: Date) => number): { changes: Change[]; full: boolean } {
  const changes: Change[] = models.filter((m) => m.starts_in_range === 1).map((m) => {
    const at = new Date(+m.effective_from)
    const late = +at > period.from + (2 / 3) * (period.to - period.from)
    return { at, label: m.label, anchor: late ? 'end' : 'start', text: m.label, row: 0 }
  })
  const px = changes.map((c) => at(c.at))
  const [left, right] = x.range as [number, number]
  const room = (i: number, need: number) => {
    const c = changes[i]!
    if (c.anchor === 'start') {
      const next = changes[i + 1]
      return (next ? px[i + 1]! - (next.anchor === 'end' ? need : 0) : right) - px[i]! >= need
    }
    const prev = changes[i - 1]
    return px[i]! - (prev ? px[i - 1]! + (prev.anchor === 'start' ? need : 0) : left) >= need
  }
  const full = changes.every((_, i) => room(i, FULL_PX))
  if (full) return { changes, full }
  // short labels: the first row where the last label put there is far enough away
  const ends: number[] = []
  for (const [i, c] of changes.entries()) {
    c.text = day(c.at)
    const from = c.anchor === 'start' ? px[i]! : px[i]! - SHORT_PX
    let row = ends.findIndex((end) => end <= from)
    if (row < 0) row = ends.length
    ends[row] = from + SHORT_PX
    c.row = row
  }
  return { changes, full }
}

/**
 * Spend (top) and charges (bottom: conversations and per-message charges) per period, stacked by
 * pricing category × pricing type, on Plot's own UTC time axis from the first week's Monday or
 * month's 1st (a week or month only partly inside the period drawn over its days in its place,
 * hatched, and said under the charts, as Spend over time; ticks at the bars' starts, by Plot's
 * interval of the bars: periodAxis), or by day a
 * band per day of Plot's day interval (each tick at its day's bar); a dashed rule at each change
 * of the pricing-model timeline inside the period (e.g. the July 2025 switch), its words on the
 * top chart. A change effective on day D is drawn where D begins: by week or month where D is on
 * the time axis (a change on a Monday or a 1st: its bar's start), by day the gap before D's bar.
 */
export function spendAcrossEras(params: URLSearchParams, period: Period, signal: AbortSignal): Render {
  return async (body, width) => {
    const granularity = autoGranularity(period)
    const q = new URLSearchParams(params)
    q.set('granularity', granularity)
    q.set('split', 'category_pricing_type')
    const [spend, models] = await Promise.all([
      fetchTable('spend', q, signal).then((t) => rowsOf<SpendRow>(t)),
      fetchTable('pricing-models', new URLSearchParams({ from: isoDay(period.from), to: isoDay(period.to) }), signal).then((t) => rowsOf<ModelRow>(t)),
    ])
    if (spend.length === 0) return NO_CHARGES
    // fields named as the tooltip says them (the x axis itself has no label)
    const data = spend.map((r) => ({ ...r, Period: new Date(+r.period), Series: r.key }))
    const currency = statedCurrency(data)
    // a bar's period in the tooltip: the day, the week's first and last day, or the month (a
    // partial one says so, as Spend over time)
    const at = (d: Date) => extent(granularity, period, +d)
    const color = colorScale('category_pricing_type', data.map((r) => r.key))
    const byDay = granularity === 'day'
    const plotPx = width - MARGIN_LEFT - MARGIN_RIGHT
    const x = byDay
      // a band per day: each tick at its day's bar (a utc scale's fell at midnight, between two)
      ? { ...dayAxis(period, width), label: null }
      // weeks and months as Spend over time draws them: from the first one's Monday or 1st, a
      // week or month only partly inside the period narrower and hatched in its place; ticks at
      // the bars' starts (Mondays, 1sts), a week named by its Monday ("Sep 2"), months in Plot's format
      : { ...periodAxis(granularity, period, plotPx), label: null }
    const scale = Plot.scale({ x: { ...x, range: [MARGIN_LEFT, width - MARGIN_RIGHT] } })
    // By day, a rule is drawn half a step left of its day's band centre (Plot centres a rule
    // on a band): in the gap before the bar of the day the change takes effect.
    const shift = byDay ? -scale.step! / 2 : 0
    const ruleAt = (d: Date) => (scale.apply(d) as number) + (byDay ? scale.bandwidth! / 2 + shift : 0)
    const { changes, full } = layout(models, period, scale, ruleAt)
    // rows of words above the bars, so no bar runs under them: the staggered rows, or the lines
    // of the longest full label (about 29 characters a line at 16 ems)
    const rows = full ? Math.max(0, ...changes.map((c) => Math.ceil(c.label.length / 29))) : Math.max(0, ...changes.map((c) => c.row + 1))
    const words = { x: 'at', text: 'text', title: 'label', frameAnchor: 'top', lineWidth: 16, fontSize: 10 } as const
    // one text mark per side and row (a mark's dy is one number)
    const labels = (['start', 'end'] as const).flatMap((anchor) => [...new Set(changes.map((c) => c.row))].map((row) =>
      Plot.text(changes.filter((c) => c.anchor === anchor && c.row === row), {
        ...words, textAnchor: anchor, dx: (anchor === 'start' ? 4 : -4) + shift, dy: 2 + ROW_PX * row,
      })))
    // charges are whole: the axis's ticks too (at most one per charge of the tallest stack)
    const stacks = new Map<number, number>()
    for (const r of data) stacks.set(+r.period, (stacks.get(+r.period) ?? 0) + r.conversations)
    const tallest = Math.max(...stacks.values())
    // the spend chart's segments: priced, or with charges without a price (drawn 0 high, marked
    // "?" and said in their tips, as Spend over time's: left out, a segment of unpriced charges
    // only was in the charges chart and nowhere in the spend chart, unsaid: fresh-user trial);
    // hasSpend's `priced_cost > 0` leaves nothing out: a price is never negative (core/reference/schemas.ts)
    const spent = data.filter(hasSpend)
    const marked = incomplete(spent, (d) => seriesText(d.key))
    const anyPriced = spent.some((d) => d.priced_cost > 0)
    const chart = (y: 'priced_cost' | 'conversations', top: boolean) => Plot.plot({
      width, height: HEIGHT, marginLeft: MARGIN_LEFT, marginRight: MARGIN_RIGHT, x,
      y: y === 'priced_cost'
        ? { grid: true, label: moneyLabel('Spend', currency), tickFormat: moneyTicks(currency),
          insetTop: (top ? ROW_PX * rows + 4 * Math.sign(rows) : 0) + (marked.length > 0 ? MARK_ROOM : 0),
          // no segment has an amount (each 0 high): an empty axis, as Spend over time's, the tips saying "no price"
          ...(anyPriced ? {} : { domain: [0, 1], ticks: [] }) }
        : { grid: true, label: 'Charges', ticks: wholeTicks(tallest, Math.floor(HEIGHT / 40)), tickFormat: count },
      color,
      marks: [
        (byDay ? Plot.barY : Plot.rectY)(y === 'priced_cost' ? spent : data.filter((d) => d.conversations !== 0), Plot.stackY({
          ...(byDay ? { x: 'Period' } : { x1: (d: { Period: Date }) => at(d.Period).x1, x2: (d: { Period: Date }) => at(d.Period).x2, insetLeft: 0.5, insetRight: 0.5 }),
          y, fill: 'Series',
          // the tip's lines in the chart's words (tip.ts); the series' hint on a line of its own
          title: (d: SpendRow & { Period: Date }) => tipText([['Period', periodText(granularity, at(d.Period))],
            // the count in Spend over time's words ("Per-message charges: 1" was "Charges: 1")
            y === 'priced_cost' ? [moneyLabel('Spend', currency), barAmount(d, currency)] : chargesLine(d),
            ['Category · pricing type', seriesText(d.key)], ['', seriesHint(d.key)], ['Incomplete', noPriceText(d.unpriced)],
            ...(y === 'priced_cost' ? [markedLine(marked, +d.Period, seriesText(d.key))] : [])]),
          tip: tipAt(width),
        })),
        // each partial week's or month's bar, to the top of its stack in this chart
        ...partialHatch(byDay ? [] : partialBars(data, (d) => at(d.Period), (d) => d[y])),
        Plot.ruleY([0]),
        ...(y === 'priced_cost' ? [incompleteMarks(marked, byDay, (d) => at(new Date(d.period)))] : []),
        Plot.ruleX(changes, { x: 'at', dx: shift, stroke: 'currentColor', strokeDasharray: '4,3' }),
        ...(top ? labels : []),
      ],
    })
    const legend = legendOf(color.domain.map((k) => ['bar', seriesColor(k), seriesText(k), seriesNote(k) || undefined]))
    body.append(legend, chart('priced_cost', true), chart('conversations', false))
    if (data.some((d) => at(d.Period).partial)) body.append(partialNote(granularity, period))
    const unpriced = unpricedChartNote(spent, marked, granularity)
    if (unpriced) body.append(unpriced)
    if (!full && changes.length > 0) {
      const list = document.createElement('ul')
      list.className = 'eras-list'
      for (const c of changes) list.append(Object.assign(document.createElement('li'), { textContent: `${day(c.at)}: ${c.label}` }))
      body.append(list)
    }
    return true
  }
}
