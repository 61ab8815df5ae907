// The time axes' tick intervals: per-day charts (dayTicks), weeks or months (periodTicks), and
// the ticks of a chart of bars per day, week or month over a period (timeTicks), which "Spend
// over time", "Spend across pricing models" and the per-day charts (Click-to-WhatsApp, guardrail)
// draw; the per-day charts' one x scale and margins (dayAxis, DAY_MARGINS).
import * as Plot from '@observablehq/plot'

// The per-day charts' tick interval. On a band per day (Plot's day interval) Plot thins the ticks
// by itself, to every 2 days, week or 2 weeks as the width allows; its weeks start on Sunday,
// the dashboard's on Monday (as the API's), so those become Plot's Monday intervals.

// Plot's default spacing of x-axis ticks (px).
const TICK_PX = 80
const DAY = 86_400_000
// Where two ticks' centres are closer than this (px), their labels ("Dec 30", about 34 px wide at
// Plot's 10 px) would touch.
const LABEL_PX = 48
// The same for a month's label ("Sep" over "2024", about 22 px wide).
const MONTH_LABEL_PX = 32
// The ticks a narrow weekly or monthly axis has room for at least (periodTicks).
const MIN_TICKS = 5

/**
 * The `ticks` option of a day band scale of `days` days over `plotPx` pixels (the width between
 * the margins): "monday" or "2 mondays" where Plot would tick every week or 2 weeks, else
 * undefined (Plot's own ticks). Plot picks the standard interval nearest, in log scale, to the
 * days one tick has room for; the bounds between day, 2 days, week, 2 weeks and month are the
 * geometric means of their lengths (√(2·7), √(7·14), √(14·30) days).
 */
export function dayTicks(days: number, plotPx: number): 'monday' | '2 mondays' | undefined {
  const perTick = days / Math.max(1, plotPx / TICK_PX)
  if (perTick < Math.sqrt(2 * 7) || perTick >= Math.sqrt(14 * 30)) return undefined
  return perTick < Math.sqrt(7 * 14) ? 'monday' : '2 mondays'
}

// A week's and a month's bar, and the multiples of them a tick may step by (each a Plot interval).
// (Spend over time may draw weeks over years: a tick a quarter, half year or year of Mondays.)
const periodSteps = {
  week: [[7, 'monday'], [14, '2 mondays'], [28, '4 mondays'], [56, '8 mondays'], [91, '13 mondays'], [182, '26 mondays'], [364, '52 mondays']],
  month: [[30.44, 'month'], [91.31, '3 months'], [182.62, '6 months'], [365.25, 'year'], [730.5, '2 years'], [1826.25, '5 years']],
} as const

/**
 * The `ticks` option of a utc x scale whose bars are weeks (from Monday) or months, over `days`
 * days and `plotPx` pixels: the bars' own interval while a tick per bar has room (TICK_PX each;
 * on a narrow chart room for MIN_TICKS, LABEL_PX each), else the smallest multiple of it that has ("2 mondays", "3 months", …), so every tick sits at a
 * bar's start. Plot's default ticks follow the span alone: every Sunday over 7 months of monthly
 * bars at 1440 px (fresh-user trial).
 */
export function periodTicks(granularity: 'week' | 'month', days: number, plotPx: number): Plot.LiteralTimeInterval {
  // On a phone Plot's spacing left room for under 3 ticks: every 8 weeks over Dec–Feb named
  // no February, every year over Jul 2024–Dec 2025 no 2024 month (fresh-user trial). A week's or
  // month's label is short ("Dec 30", "Jul"), so a narrow chart gets room for MIN_TICKS as long
  // as they stay LABEL_PX apart.
  const room = Math.max(1, plotPx / TICK_PX, Math.min(MIN_TICKS, plotPx / LABEL_PX))
  const steps = periodSteps[granularity]
  return (steps.find(([len]) => days / len <= room) ?? steps.at(-1)!)[1]
}

const monthDay = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' })

/**
 * A day's or week's tick: its day ("Dec 30"), with the year on a second line at the first tick
 * and wherever the year changes ("Jan 6" / "2025"), as Plot's multi-line month ticks carry theirs
 * ("Jan" / "2025"); Plot calls it with each tick, its index and all ticks. A weekly chart across
 * New Year read "Dec 30, Jan 6", no year anywhere, and a daily one never named a year (user
 * trials).
 */
export function dateTickFormat(d: Date, i = 0, ticks?: ArrayLike<Date>): string {
  const before = i > 0 ? ticks?.[i - 1] : undefined
  const year = d.getUTCFullYear()
  return before && before.getUTCFullYear() === year ? monthDay.format(d) : `${monthDay.format(d)}\n${year}`
}

/**
 * Every `every`th Monday (Plot's Monday interval) of [from, end), counted from the period's first
 * Monday and counted again from each new year's first Monday, so a year begun inside the period
 * has a tick that names it (every 8 weeks from Nov 4 fell on Dec 30 and then outside the period:
 * its weeks of the new year unnamed on a phone, user trial). A tick closer than LABEL_PX before a
 * new year's first one gives way to it. `pxPerDay`: the scale's pixels per day.
 */
export function mondayTicks(from: Date, end: Date, every: number, pxPerDay: number): Date[] {
  const starts = [from, ...Plot.utcInterval('year').range(new Date(+from + 1), end)]
  const ticks: Date[] = []
  for (const [k, start] of starts.entries()) {
    const year = Plot.utcInterval('monday').range(start, starts[k + 1] ?? end).filter((_, i) => i % every === 0)
    if (year.length > 0 && ticks.length > 0 && (+year[0]! - +ticks.at(-1)!) / DAY * pxPerDay < LABEL_PX) ticks.pop()
    ticks.push(...year)
  }
  return ticks
}

/**
 * The starts of Plot's `interval` ("month", "3 months", "year", …: calendar months, quarters,
 * years) in [from, end), led by the period's first 1st, so the year the period begins in is named
 * even when no interval starts in it (Jul 2024 – Dec 2025 by year ticked Jan 2025 alone, no 2024
 * month named: fresh-user trial). An interval's start closer than MONTH_LABEL_PX after that first
 * one gives way to it. `pxPerDay`: the scale's pixels per day.
 */
export function monthTicks(from: Date, end: Date, interval: Plot.LiteralTimeInterval, pxPerDay: number): Date[] {
  const first = Plot.utcInterval('month').ceil(from)
  if (+first >= +end) return []
  const rest = Plot.utcInterval(interval).range(from, end).filter((d) => (+d - +first) / DAY * pxPerDay >= MONTH_LABEL_PX)
  return [first, ...rest]
}

/**
 * The x scale's `ticks` and `tickFormat` for bars per day, week (from Monday) or month over the
 * days `from` … `to` (UTC midnights, `to` inclusive) and `plotPx` pixels between the margins. By
 * day, a band scale's: Mondays where dayTicks thins them so (mondayTicks), else Plot's own. By
 * week or month, the starts inside the period of the Plot interval periodTicks picks (Mondays,
 * 1sts; every few where they would crowd), without the period's end (Plot's own interval ticks
 * include it: "Sep 16" under a period to Sep 15); when none is inside, the period's first day, so
 * the axis still names its week or month. Every few weeks count from the period's first Monday
 * and each new year's (mondayTicks): Plot's "4 mondays" are every 4th Monday since 1970, which may
 * start up to 3 weeks into the period, its first weeks unnamed. Months: the period's first 1st,
 * then the interval's calendar starts (monthTicks), so every year it covers is named. A day or
 * week is named by its day, its year beneath on the first tick and where it changes (dateTickFormat); months in Plot's time
 * format ("Sep" over "2024"), a lone one "Sep 2024".
 */
export function timeTicks(granularity: 'day' | 'week' | 'month', period: { from: number; to: number }, plotPx: number):
  { ticks?: Date[]; tickFormat?: string | typeof dateTickFormat } {
  const end = period.to + DAY
  const days = Math.round((end - period.from) / DAY)
  const pxPerDay = plotPx / days
  if (granularity === 'day') {
    const mondays = dayTicks(days, plotPx)
    return { ticks: mondays && mondayTicks(new Date(period.from), new Date(end), mondays === 'monday' ? 1 : 2, pxPerDay), tickFormat: dateTickFormat }
  }
  const interval = periodTicks(granularity, days, plotPx)
  const starts = granularity === 'week'
    ? mondayTicks(new Date(period.from), new Date(end), Number(/^\d+/.exec(interval)?.[0] ?? 1), pxPerDay)
    : monthTicks(new Date(period.from), new Date(end), interval, pxPerDay)
  const ticks = starts.length > 0 ? starts : [new Date(period.from)]
  return { ticks, tickFormat: granularity === 'week' ? dateTickFormat : ticks.length > 1 ? undefined : '%b %Y' }
}

/**
 * The x scale of bars per week (from Monday) or month over `period` (UTC midnights, `to`
 * inclusive) and `plotPx` pixels: Plot's utc axis from the start of the period's first week or
 * month (Plot's own interval floored: its Monday, its 1st) to the period's end, ticked by
 * timeTicks over that span. A partial first week or month (drawn over the period's days) sits in
 * its own week's or month's place, after the tick of its start: over the period's days alone the
 * first tick was the first whole week's Monday, and a period from a Tuesday left its first bar
 * unnamed (trial). The end stays the period's: a partial last week or month starts on the axis
 * anyway, at its Monday or 1st.
 */
export function periodAxis(granularity: 'week' | 'month', period: { from: number; to: number }, plotPx: number) {
  const start = Plot.utcInterval(granularity === 'week' ? 'monday' : 'month').floor(new Date(period.from))
  return { type: 'utc' as const, domain: [start, new Date(period.to + DAY)], ...timeTicks(granularity, { from: +start, to: period.to }, plotPx) }
}

/**
 * The left and right margins (px) of every per-day chart (Spend over time and Spend across
 * pricing models by day, Click-to-WhatsApp, guardrail): with one width and these, a day sits at
 * one x in each, under the same ticks (Click-to-WhatsApp's 50 px left margin ticked every 2 days
 * where guardrail's 120 px right margin, its rows' names, ticked Mondays: fresh-user trial).
 */
export const DAY_MARGINS = { marginLeft: 64, marginRight: 20 } as const

// The widest a day's bar is drawn (px): a one-day period's one band filled the plot, a slab
// with nothing to read it against (fresh-user trial).
export const MAX_DAY_BAR_PX = 64

/**
 * The band scale's padding (inner and outer, Plot's `padding`) for `days` bands over `plotPx`
 * px: 0.1, none for bands of 4 px or less (a gap a fraction of a pixel wide would eat the bars),
 * and, where a band would be wider than MAX_DAY_BAR_PX, what narrows it to that: a band scale's
 * step is plotPx / (days + p) and its bandwidth step · (1 − p), so p = (plotPx − B·days) / (plotPx + B).
 */
export function dayPadding(days: number, plotPx: number): number {
  const step = plotPx / days
  if (step <= 4) return 0
  if (step * 0.9 <= MAX_DAY_BAR_PX) return 0.1
  return (plotPx - MAX_DAY_BAR_PX * days) / (plotPx + MAX_DAY_BAR_PX)
}

/**
 * The x scale of a per-day chart `width` px wide with DAY_MARGINS: a band per day of `period`
 * (Plot's day interval, `to` inclusive: to the period's end, not the last day with data), each
 * tick at its day's bar, ticked by timeTicks; padded by dayPadding (a day's bar at most
 * MAX_DAY_BAR_PX wide, centred in its day's place).
 */
export function dayAxis(period: { from: number; to: number }, width: number) {
  const domain = Plot.utcInterval('day').range(new Date(period.from), new Date(period.to + DAY))
  const plotPx = width - DAY_MARGINS.marginLeft - DAY_MARGINS.marginRight
  return {
    type: 'band' as const, interval: 'day' as const, domain, padding: dayPadding(domain.length, plotPx),
    ...timeTicks('day', period, plotPx),
  }
}
