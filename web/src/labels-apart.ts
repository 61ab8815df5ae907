// Amounts shown beside the total they are parts of (the markets of the total spend, the templates
// of a kind's cost difference): each label is its own exact amount rounded once, as its export
// line rounds, never spread to add up, so the labels may add up to a cent or two off the total.
// The note said only "Each amount rounded on its own", and a reader adding the labels up found
// $624.17 under a total spend of $624.15 (fresh-user trial): where they differ, both figures and
// the gap are said.
import Big from 'big.js'
import { amount, money } from './format.ts'

/** `m` rounded as `amount` writes it: half away from zero, to the cent, or to 4 decimals under a cent. */
function shown(m: Big): Big {
  const a = m.abs()
  return m.round(a.gt(0) && a.lt('0.01') ? 4 : 2, Big.roundHalfUp)
}

/** What the labels of `parts` add up to, the total rounded once and the gap, each as money writes it (`sign`: "+" before a positive amount). */
export interface Apart { labels: string; total: string; gap: string }

/**
 * The labels of `parts` (`amount` of each) added up, and the total of the parts as `amount`
 * writes it, with the gap between them; null when the labels add up to the total as written.
 * `signed`: a cost difference, "+" before a positive amount (the reconciliation's).
 */
export function labelsApart(parts: (number | string)[], currency: string, signed = false): Apart | null {
  // an Arrow number as its shortest decimal (String(1.005) is "1.005"), a string as written
  const exact = parts.map((v) => new Big(typeof v === 'number' ? String(v) : v.trim()))
  const labels = exact.reduce((s, m) => s.plus(shown(m)), new Big(0))
  const total = exact.reduce((s, m) => s.plus(m), new Big(0))
  if (labels.eq(shown(total))) return null
  const plus = (m: Big, text: string) => (signed && m.gt(0) ? `+${text}` : text)
  return {
    // the labels' sum to its last decimal (a label under a cent has 4)
    labels: plus(labels, money(labels.toFixed(), currency, 2, 4)),
    total: plus(total, amount(total.toFixed(), currency)),
    gap: money(labels.minus(shown(total)).abs().toFixed(), currency, 2, 4),
  }
}

/**
 * The sentence said after "Each amount rounded on its own …" of labels that are parts of the
 * total spend (Spend by market, the headline's categories): what they add up to beside the total
 * spend rounded once, and the gap (kept whole: "($0.01" / "apart)" on a phone); '' when they
 * add up to it, or `amounts` are not all of `currency`.
 */
export function spendApart(amounts: { amount: number; currency: string | null }[], currency: string): string {
  if (amounts.length < 2 || amounts.some((a) => a.currency !== currency)) return ''
  const apart = labelsApart(amounts.map((a) => a.amount), currency)
  return apart ? ` Labels add up to ${apart.labels}; the total spend, ${apart.total}, is rounded once (${apart.gap}\u00a0apart).` : ''
}
