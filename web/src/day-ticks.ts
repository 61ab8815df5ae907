// The time axes' tick intervals: per-day charts (dayTicks), and weeks or months (periodTicks).
// The per-day charts' tick interval. On a band per day (Plot's day interval) Plot thins the ticks
// by itself, to every 2 days, week or 2 weeks as the width allows; its weeks start on Sunday,
// the dashboard's on Monday (as the API's), so those become Plot's Monday intervals.

// Plot's default spacing of x-axis ticks (px).
const TICK_PX = 80

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
const periodSteps = {
  week: [[7, 'monday'], [14, '2 mondays'], [28, '4 mondays'], [56, '8 mondays']],
  month: [[30.44, 'month'], [91.31, '3 months'], [182.62, '6 months'], [365.25, 'year']],
} as const

/**
 * The `ticks` option of a utc x scale whose bars are weeks (from Monday) or months, over `days`
 * days and `plotPx` pixels: the bars' own interval while a tick per bar has room (TICK_PX each),
 * else the smallest multiple of it that has ("2 mondays", "3 months", …), so every tick sits at a
 * bar's start. Plot's default ticks follow the span alone: every Sunday over 7 months of monthly
 * bars at 1440 px (fresh-user trial).
 */
export function periodTicks(granularity: 'week' | 'month', days: number, plotPx: number): string {
  const room = Math.max(1, plotPx / TICK_PX)
  const steps = periodSteps[granularity]
  return (steps.find(([len]) => days / len <= room) ?? steps.at(-1)!)[1]
}
