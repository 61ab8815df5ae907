// The investigation page's timeline axis (web/src/customer/time.ts timelineTick): dates at
// midnight, times between; a fresh-user trial found no year anywhere on it.
import { expect, it } from 'vitest'
import { timelineTick } from '../web/src/customer/time.ts'

const at = (s: string) => new Date(`${s}Z`)
const labels = (ticks: Date[]) => ticks.map((d, i) => timelineTick(d, i, ticks))

it('names the year under the first date and where the year changes, not under times', () => {
  // a 3-day zoom across New Year, ticks every 12 h
  expect(labels(['2024-12-30T12:00', '2024-12-31T00:00', '2024-12-31T12:00', '2025-01-01T00:00', '2025-01-01T12:00', '2025-01-02T00:00'].map(at)))
    .toEqual(['12:00', '12-31\n2024', '12:00', '01-01\n2025', '12:00', '01-02'])
  // Plot's own weekly ticks over two months of one year: the year once
  expect(labels(['2024-09-01T00:00', '2024-09-08T00:00', '2024-09-15T00:00'].map(at))).toEqual(['09-01\n2024', '09-08', '09-15'])
})
