// The weekly time axes' ticks ("Spend over time", "Spend across pricing models": web/src/day-ticks.ts
// timeTicks), as a user trial read them: a weekly chart across New Year read "Dec 30, Jan 6" with
// no year anywhere, and every 4 weeks were Plot's "4 mondays" (every 4th Monday since 1970), which
// named the period's fourth week first and left its first three unnamed.
import { expect, it } from 'vitest'
import * as Plot from '@observablehq/plot'
import { periodTicks, timeTicks } from '../web/src/day-ticks.ts'

const DAY = 86_400_000
const period = (from: string, to: string) => ({ from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`) })
const iso = (d: Date) => d.toISOString().slice(0, 10)

/** The labels a weekly axis draws: its tickFormat called as Plot calls it (tick, index, all ticks). */
function labels(p: { from: number; to: number }, plotPx: number): string[] {
  const { ticks, tickFormat } = timeTicks('week', p, plotPx)
  if (!Array.isArray(ticks) || typeof tickFormat !== 'function') throw new Error(`not a weekly axis: ${String(ticks)} ${String(tickFormat)}`)
  return ticks.map((d, i) => tickFormat(d, i, ticks))
}

it('names the year of a week on the first tick and where it changes (across New Year it read "Dec 30, Jan 6")', () => {
  // 2024-11-04 … 2025-02-23 (16 Mondays) at 1356 px: a tick per week
  const named = labels(period('2024-11-04', '2025-02-23'), 1356)
  expect(named).toHaveLength(16)
  expect(named.slice(0, 2)).toEqual(['Nov 4\n2024', 'Nov 11'])
  expect(named.slice(7, 10)).toEqual(['Dec 23', 'Dec 30', 'Jan 6\n2025'])
  expect(named.filter((l) => l.includes('\n'))).toEqual(['Nov 4\n2024', 'Jan 6\n2025'])
  // a week starting in December of one year, alone on its axis: named with its year too
  expect(labels(period('2024-12-30', '2025-01-05'), 1356)).toEqual(['Dec 30\n2024'])
})

it('counts every few weeks from the period\'s first Monday, not from 1970\'s', () => {
  // 2024-09-02 (a Monday) … 2025-08-31 at 1356 px: every 4 weeks
  const p = period('2024-09-02', '2025-08-31')
  const days = Math.round((p.to + DAY - p.from) / DAY)
  expect(periodTicks('week', days, 1356)).toBe('4 mondays')
  // Plot's "4 mondays" started three weeks in
  expect(iso(Plot.utcInterval('4 mondays').range(new Date(p.from), new Date(p.to + DAY))[0]!)).toBe('2024-09-23')
  const { ticks } = timeTicks('week', p, 1356)
  const dates = (ticks as Date[]).map(iso)
  expect(dates.slice(0, 3)).toEqual(['2024-09-02', '2024-09-30', '2024-10-28'])
  for (const [i, d] of (ticks as Date[]).slice(1).entries()) expect(+d - +(ticks as Date[])[i]!).toBe(28 * DAY)
  // a period from a Tuesday: its first whole week's Monday, then every 13 weeks (390 px)
  const phone = timeTicks('week', period('2025-01-07', '2025-08-31'), 306).ticks as Date[]
  expect(phone.map(iso)).toEqual(['2025-01-13', '2025-04-14', '2025-07-14'])
})
