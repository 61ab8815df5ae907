// Labels that are parts of one total, each rounded once (web/src/labels-apart.ts): what they add
// up to beside the total rounded once, and the gap, said where they differ (the markets' labels
// added up to $624.17 under a total spend of $624.15, unsaid: fresh-user trial).
import { expect, it } from 'vitest'
import { labelsApart } from '../web/src/labels-apart.ts'

const plain = (a: { labels: string; total: string; gap: string } | null) => a && Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.replace('\u2212', '-')]))

it('adds up the labels as they are written and the total rounded once, and says the gap', () => {
  // each label rounds half a cent up: $6.03 of labels, the total 6.015 → $6.02
  expect(labelsApart([1.005, 2.005, 3.005], 'USD')).toEqual({ labels: '$6.03', total: '$6.02', gap: '$0.01' })
  // exact decimal strings as the reconciliation's, signed
  expect(labelsApart(['22.9654', '10.1854', '2.7646'], 'USD', true)).toBeNull()
  expect(plain(labelsApart(['22.9654', '10.1854', '2.7654'], 'USD', true))).toEqual({ labels: '+$35.93', total: '+$35.92', gap: '$0.01' })
  expect(plain(labelsApart(['-1.005', '-2.005'], 'USD', true))).toEqual({ labels: '-$3.02', total: '-$3.01', gap: '$0.01' })
})

it('says nothing where the labels add up to the total as written', () => {
  expect(labelsApart([1.25, 2.5, 0.75], 'USD')).toBeNull()
  expect(labelsApart(['0.0014', '0.0021'], 'USD')).toBeNull()
})

it('adds a label under a cent to its 4 decimals', () => {
  // $5.0050 → $5.01, $0.0014 → $0.0014: labels $5.0114, the total 5.0064 → $5.01
  expect(labelsApart([5.005, 0.0014], 'USD')).toEqual({ labels: '$5.0114', total: '$5.01', gap: '$0.0014' })
})
