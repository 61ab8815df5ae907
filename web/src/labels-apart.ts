// Amounts shown beside the total they are parts of (the markets of the total spend, the templates
// of a kind's cost difference): each label is its own exact amount rounded once, as its export
// line rounds, never spread to add up, so the labels may add up to a cent or two off the total.
// The note said only "Each amount rounded on its own", and a reader adding the labels up found
// $624.17 under a total spend of $624.15 (fresh-user trial): where they differ, both figures and
// the gap are said.
import { amount, money } from './format.ts'

/** An exact decimal (at most 6 places: a number from Arrow, or the API's decimal string) in millionths. */
function micros(v: number | string): bigint {
  if (typeof v === 'number') return BigInt(Math.round(v * 1e6))
  const [, sign, whole, frac = ''] = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(v.trim()) ?? []
  if (whole === undefined) return BigInt(Math.round(Number(v) * 1e6))
  const m = BigInt(whole || '0') * 1_000_000n + BigInt((frac + '000000').slice(0, 6))
  return sign === '-' ? -m : m
}

/** Millionths as an exact decimal string ("-0.0088"), as `money` formats one without a float. */
function decimal(m: bigint): string {
  const a = m < 0n ? -m : m
  return `${m < 0n ? '-' : ''}${a / 1_000_000n}.${String(a % 1_000_000n).padStart(6, '0')}`
}

/** `m` rounded as `amount` writes it: half away from zero, to the cent, or to 4 decimals under a cent. */
function shown(m: bigint): bigint {
  const a = m < 0n ? -m : m
  const unit = a > 0n && a < 10_000n ? 100n : 10_000n
  const r = ((a + unit / 2n) / unit) * unit
  return m < 0n ? -r : r
}

/** What the labels of `parts` add up to, the total rounded once and the gap, each as money writes it (`sign`: "+" before a positive amount). */
export interface Apart { labels: string; total: string; gap: string }

/**
 * The labels of `parts` (`amount` of each) added up, and the total of the parts as `amount`
 * writes it, with the gap between them; null when the labels add up to the total as written.
 * `signed`: a cost difference, "+" before a positive amount (the reconciliation's).
 */
export function labelsApart(parts: (number | string)[], currency: string, signed = false): Apart | null {
  const exact = parts.map(micros)
  const labels = exact.reduce((s, m) => s + shown(m), 0n)
  const total = exact.reduce((s, m) => s + m, 0n)
  if (labels === shown(total)) return null
  const plus = (m: bigint, text: string) => (signed && m > 0n ? `+${text}` : text)
  const gap = labels - shown(total)
  return {
    // the labels' sum to its last decimal (a label under a cent has 4)
    labels: plus(labels, money(decimal(labels), currency, 2, 4)),
    total: plus(total, amount(decimal(total), currency)),
    gap: money(decimal(gap < 0n ? -gap : gap), currency, 2, 4),
  }
}
