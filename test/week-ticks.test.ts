// The weekly time axes' ticks ("Spend over time", "Spend across pricing models": web/src/day-ticks.ts
// timeTicks), as a user trial read them: a weekly chart across New Year read "Dec 30, Jan 6" with
// no year anywhere, and every 4 weeks were Plot's "4 mondays" (every 4th Monday since 1970), which
// named the period's fourth week first and left its first three unnamed.
import { expect, it } from 'vitest'
import * as Plot from '@observablehq/plot'
import { monthTicks, periodAxis, periodTicks, timeTicks } from '../web/src/day-ticks.ts'

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
  // a period from a Tuesday: its first whole week's Monday, then every 8 weeks (390 px)
  const phone = timeTicks('week', period('2025-01-07', '2025-08-31'), 306).ticks as Date[]
  expect(phone.map(iso)).toEqual(['2025-01-13', '2025-03-10', '2025-05-05', '2025-06-30', '2025-08-25'])
})

/** The labels an axis of `granularity` draws, as Plot calls its tickFormat; null where Plot picks the ticks. */
function drawn(granularity: 'day' | 'week', p: { from: number; to: number }, plotPx: number): { dates: string[]; labels: string[] } {
  const { ticks, tickFormat } = timeTicks(granularity, p, plotPx)
  if (!Array.isArray(ticks) || typeof tickFormat !== 'function') throw new Error(`not Mondays: ${String(ticks)}`)
  return { dates: ticks.map(iso), labels: ticks.map((d, i) => tickFormat(d, i, ticks)) }
}

it('names the new year and each month of a short span on a phone (every 8 weeks from Nov 4 named neither December nor February)', () => {
  // 2024-11-04 … 2025-02-23 at 390 px (306 px between the margins): Plot's 80 px a tick left
  // room for every 8 weeks (Nov 4, Jan 6); now every 4, at least 48 px apart
  const p = period('2024-11-04', '2025-02-23')
  expect(periodTicks('week', 112, 306)).toBe('4 mondays')
  const { dates, labels: named } = drawn('week', p, 306)
  // the year's first Monday ticked; Dec 30, a week before it (19 px), gives way
  expect(dates).toEqual(['2024-11-04', '2024-12-02', '2025-01-06', '2025-02-03'])
  expect(named).toEqual(['Nov 4\n2024', 'Dec 2', 'Jan 6\n2025', 'Feb 3'])
  // Dec–Feb on the spend chart at 390 px (236 px between its margins): every 8 weeks ticked
  // Dec 2 and Jan 6, February unnamed (fresh-user trial)
  expect(drawn('week', period('2024-12-02', '2025-02-23'), 236).labels).toEqual(['Dec 2\n2024', 'Jan 6\n2025', 'Feb 3'])
  // a tick far enough before New Year keeps its place: every 4 weeks from Nov 25 at 400 px, Dec 23
  // is 2 weeks (57 px) before Jan 6
  const later = drawn('week', period('2024-11-25', '2025-03-02'), 400)
  expect(later.dates).toEqual(['2024-11-25', '2024-12-23', '2025-01-06', '2025-02-03'])
  expect(later.labels).toEqual(['Nov 25\n2024', 'Dec 23', 'Jan 6\n2025', 'Feb 3'])
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

it('names each year a monthly axis covers, the first one too (Jul 2024 – Dec 2025 on a phone ticked Jan 2025 alone)', () => {
  const p = period('2024-07-01', '2025-12-31')
  // 236 px between the spend chart's margins at 390 px: by year, Plot's interval began in 2025
  expect(periodTicks('month', 549, 236)).toBe('6 months')
  expect(timeTicks('month', p, 236).ticks!.map(iso)).toEqual(['2024-07-01', '2025-01-01', '2025-07-01'])
  // by year (a long span), the period's first 1st leads (its year named), 37 px before 2024's
  const long = period('2023-03-10', '2027-12-31')
  const days = Math.round((long.to + DAY - long.from) / DAY)
  expect(periodTicks('month', days, 236)).toBe('year')
  expect(timeTicks('month', long, 236).ticks!.map(iso)).toEqual(['2023-04-01', '2024-01-01', '2025-01-01', '2026-01-01', '2027-01-01'])
  expect(timeTicks('month', period('2024-12-01', '2026-06-30'), 236).ticks!.map(iso)).toEqual(['2024-12-01', '2025-07-01', '2026-01-01'])
  // an interval's 1st less than 32 px after the first one gives way to it (31 days at 0.5 px)
  expect(monthTicks(new Date(Date.UTC(2024, 10, 20)), new Date(Date.UTC(2026, 0, 1)), 'year', 0.5).map(iso)).toEqual(['2024-12-01'])
})

it('starts a weekly or monthly axis at its first bar\'s Monday or 1st, ticked there (a period from a Tuesday left its first week unnamed)', () => {
  // 2024-07-23 (a Tuesday) … 2024-09-20 at 1356 px: the demo's 60 days; the first tick was Jul 29
  const p = period('2024-07-23', '2024-09-20')
  const week = periodAxis('week', p, 1356)
  expect(week.domain.map(iso)).toEqual(['2024-07-22', '2024-09-21'])
  expect(week.ticks!.map(iso).slice(0, 2)).toEqual(['2024-07-22', '2024-07-29'])
  expect((week.tickFormat as (d: Date, i: number, all: Date[]) => string)(week.ticks![0]!, 0, week.ticks!)).toBe('Jul 22\n2024')
  const month = periodAxis('month', p, 1356)
  expect(month.domain.map(iso)).toEqual(['2024-07-01', '2024-09-21'])
  expect(month.ticks!.map(iso)).toEqual(['2024-07-01', '2024-08-01', '2024-09-01'])
  // a period from a Monday or a 1st: as before
  expect(periodAxis('week', period('2024-09-02', '2024-09-15'), 1356).domain.map(iso)).toEqual(['2024-09-02', '2024-09-16'])
})
