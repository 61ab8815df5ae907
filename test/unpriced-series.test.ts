// The series named in the note under a spend chart with charges without a price (spend.ts
// unpricedSeries): each with how many, summed over the chart's bars, most first; past five, the
// rest counted together (a split by phone number may have dozens).
import { expect, it } from 'vitest'
import { unpricedSeries, type Incomplete } from '../web/src/panels/spend.ts'

const bar = (period: number, series: [string, number][]): Incomplete =>
  ({ period, top: 0, unpriced: series.reduce((s, [, n]) => s + n, 0), series })

it('names each series with its charges without a price, summed over the bars, most first', () => {
  const marked = [bar(1, [['Utility', 1], ['Marketing', 1]]), bar(2, [['Marketing', 2]])]
  expect(unpricedSeries(marked)).toBe('Marketing: 3, Utility: 1')
  expect(unpricedSeries(marked, true)).toBe('Marketing: 3 charges, Utility: 1 charge')
})

it('names five series, and past five the first four and the others counted together', () => {
  const five = bar(1, [['A', 5], ['B', 4], ['C', 3], ['D', 2], ['E', 1]])
  expect(unpricedSeries([five])).toBe('A: 5, B: 4, C: 3, D: 2, E: 1')
  expect(unpricedSeries([five, bar(2, [['F', 1], ['G', 1]])], true)).toBe('A: 5 charges, B: 4 charges, C: 3 charges, D: 2 charges, 3 others: 3 charges')
})
