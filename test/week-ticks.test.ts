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
  // every 28 days, counted again from the new year's first Monday (so it names 2025)
  for (const [i, d] of (ticks as Date[]).slice(1).entries()) {
    if (iso(d) !== '2025-01-06') expect(+d - +(ticks as Date[])[i]!).toBe(28 * DAY)
  }
  expect(dates).toContain('2025-01-06')
  // a period from a Tuesday: its first whole week's Monday, then every 13 weeks (390 px)
  const phone = timeTicks('week', period('2025-01-07', '2025-08-31'), 306).ticks as Date[]
  expect(phone.map(iso)).toEqual(['2025-01-13', '2025-04-14', '2025-07-14'])
})

/** The labels an axis of `granularity` draws, as Plot calls its tickFormat; null where Plot picks the ticks. */
function drawn(granularity: 'day' | 'week', p: { from: number; to: number }, plotPx: number): { dates: string[]; labels: string[] } {
  const { ticks, tickFormat } = timeTicks(granularity, p, plotPx)
  if (!Array.isArray(ticks) || typeof tickFormat !== 'function') throw new Error(`not Mondays: ${String(ticks)}`)
  return { dates: ticks.map(iso), labels: ticks.map((d, i) => tickFormat(d, i, ticks)) }
}

it('names the new year on a phone where every few weeks skipped it (every 8 weeks from Nov 4: Nov 4, Dec 30, then outside)', () => {
  // 2024-11-04 … 2025-02-23 at 390 px (306 px between the margins): every 8 weeks
  const p = period('2024-11-04', '2025-02-23')
  expect(periodTicks('week', 112, 306)).toBe('8 mondays')
  const { dates, labels: named } = drawn('week', p, 306)
  // the year's first Monday ticked; Dec 30, a week before it (19 px), gives way
  expect(dates).toEqual(['2024-11-04', '2025-01-06'])
  expect(named).toEqual(['Nov 4\n2024', 'Jan 6\n2025'])
  // a tick far enough before New Year keeps its place: every 4 weeks from Nov 25, Dec 23 is 2
  // weeks (68 px) before Jan 6
  const later = drawn('week', period('2024-11-25', '2025-01-26'), 306)
  expect(later.dates).toEqual(['2024-11-25', '2024-12-23', '2025-01-06'])
  expect(later.labels).toEqual(['Nov 25\n2024', 'Dec 23', 'Jan 6\n2025'])
  // every week of a year ticked, for any every-n: each year-start's tick names its year
  for (const px of [306, 700, 1356]) {
    const long = drawn('week', period('2023-10-02', '2026-03-01'), px)
    for (const y of [2024, 2025, 2026]) expect(long.labels.some((l) => l.endsWith(`\n${y}`)), `${px} px ${y}`).toBe(true)
  }
})

it('names the year on a day axis\'s first tick and where it changes (day charts never showed one)', () => {
  // 2024-12-02 … 2025-01-12 (42 days) at 390 px: every 2 Mondays; Plot's own "2 mondays" fell
  // on Dec 2, 16 and 30 ("2 / Dec", "16", "30"): no year, and no tick in the new year to name it
  const p = period('2024-12-02', '2025-01-12')
  expect(Plot.utcInterval('2 mondays').range(new Date(p.from), new Date(p.to + DAY)).map(iso)).toEqual(['2024-12-02', '2024-12-16', '2024-12-30'])
  const { dates, labels: named } = drawn('day', p, 306)
  // Dec 30 is 51 px before Jan 6: room for both
  expect(dates).toEqual(['2024-12-02', '2024-12-16', '2024-12-30', '2025-01-06'])
  expect(named).toEqual(['Dec 2\n2024', 'Dec 16', 'Dec 30', 'Jan 6\n2025'])
  // where Plot ticks a short period itself, the format still names the year
  const { ticks, tickFormat } = timeTicks('day', period('2024-12-28', '2025-01-03'), 1356)
  expect(ticks).toBeUndefined()
  const days = [Date.UTC(2024, 11, 28), Date.UTC(2024, 11, 30), Date.UTC(2025, 0, 1)].map((d) => new Date(d))
  expect(days.map((d, i) => (tickFormat as (d: Date, i: number, all: Date[]) => string)(d, i, days))).toEqual(['Dec 28\n2024', 'Dec 30', 'Jan 1\n2025'])
})
