// The investigation page's timeline axis (web/src/customer/time.ts timelineTick): dates at
// midnight, times between; a fresh-user trial found no year anywhere on it, and dates written
// "08-01" where the dashboard writes "Aug 1".
import { expect, it } from 'vitest'
import { timelineTick } from '../web/src/customer/time.ts'

const at = (s: string) => new Date(`${s}Z`)
const labels = (ticks: Date[]) => ticks.map((d, i) => timelineTick(d, i, ticks))

it('names the year under the first date and where the year changes, not under times', () => {
  // a 3-day zoom across New Year, ticks every 12 h
  expect(labels(['2024-12-30T12:00', '2024-12-31T00:00', '2024-12-31T12:00', '2025-01-01T00:00', '2025-01-01T12:00', '2025-01-02T00:00'].map(at)))
    .toEqual(['12:00\nDec 30', 'Dec 31\n2024', '12:00', 'Jan 1\n2025', '12:00', 'Jan 2'])
  // Plot's own weekly ticks over two months of one year: the year once
  expect(labels(['2024-09-01T00:00', '2024-09-08T00:00', '2024-09-15T00:00'].map(at))).toEqual(['Sep 1\n2024', 'Sep 8', 'Sep 15'])
})

it('names the day of a first tick that is a time (an axis from 16:00 named only the next day: second fresh-user trial)', () => {
  expect(labels(['2024-09-20T16:00', '2024-09-20T20:00', '2024-09-21T00:00', '2024-09-21T04:00'].map(at)))
    .toEqual(['16:00\nSep 20', '20:00', 'Sep 21\n2024', '04:00'])
  // no midnight on the axis: the first tick's day carries the year
  expect(labels(['2024-09-20T08:00', '2024-09-20T12:00', '2024-09-20T16:00'].map(at))).toEqual(['08:00\nSep 20 2024', '12:00', '16:00'])
})
