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

/** Days from the first to the last of a table's day column (UTC midnights), both counted: 0 when empty. */
export function daySpan(days: Iterable<unknown> | null | undefined): number {
  let first = Infinity
  let last = -Infinity
  for (const d of days ?? []) {
    const t = Number(d instanceof Date ? +d : d)
    if (t < first) first = t
    if (t > last) last = t
  }
  return last < first ? 0 : Math.round((last - first) / 86_400_000) + 1
}
