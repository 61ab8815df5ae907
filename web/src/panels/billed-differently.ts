// The headline's line on what Meta billed differently from the rules (GET /api/reconcile/total):
// the discrepancies of the period and scope, with their cost difference per currency, and a link
// to the reconciliation panel. The headline gave no hint of them: a manager saw them only by
// scrolling to the panel near the page's end (fresh-user trial).
import type { ReconcileTotalRow } from '../../../api/routes/reconcile.ts'
import { fetchTable, rowsOf, unanswered } from '../api.ts'
import { count } from '../format.ts'
import { difference } from './reconcile.ts'
import { notApplied } from '../state.ts'

/** The filter bar's fields the reconciliation takes: market, category and country do not apply to it (as its panel's). */
const FIELDS = new Set(['waba', 'phone', 'from', 'to'])
/** What the cost difference's sign means, as the panel's note says it. */
const SIGN = 'Cost difference: Meta\'s pricing minus the rules\', both priced by this rate card; + where Meta billed more.'

/**
 * The line's words for `rows` (one per currency), e.g. "Meta billed differently from the rules: 616
 * discrepancies, cost difference +$35.92." ("… · +€0.80" in a second currency, "no price for 3"
 * where a difference cannot be computed, "(not costed)" for conversation splits alone); '' when
 * there is none.
 */
export function billedWords(rows: ReconcileTotalRow[]): string {
  const n = rows.reduce((a, r) => a + r.discrepancies, 0)
  if (n === 0) return ''
  // a currency's sum, never added across currencies; conversation splits (no currency) are never costed
  const costs = rows.filter((r) => r.cost_difference !== null || r.uncosted > 0).map((r) => difference(r.cost_difference, r.currency, r.uncosted))
  const what = `${count(n)} ${n === 1 ? 'discrepancy' : 'discrepancies'}`
  return `Meta billed differently from the rules: ${costs.length ? `${what}, cost difference ${costs.join(' · ')}` : `${what} (not costed)`}.`
}

/** The latest call's number: only it marks the line done (an aborted one ends after the next began). */
let latest = 0

/** Hides and empties `line` (the headline's cards failed: nothing of what they showed stays under them), ending any call on the way. */
export function billedGone(line: HTMLElement): void {
  latest++
  line.setAttribute('aria-busy', 'false')
  line.hidden = true
  line.replaceChildren()
}

/**
 * Fills `line` (the headline's, web/index.html #billed-differently) for the filter bar's `params`:
 * the words and a link that scrolls to the reconciliation panel; hidden when there is no
 * discrepancy (none, or no status carried Meta's pricing) or the answer failed (the panel says
 * why). `keep`: a live refresh, whose line stays while the server does not answer. Busy (aria-busy)
 * until answered, as a panel: the line coming in under the cards moves the page below it.
 */
export async function billedDifferently(line: HTMLElement, params: URLSearchParams, signal: AbortSignal, keep = false): Promise<void> {
  const scope = new URLSearchParams([...params].filter(([k]) => FIELDS.has(k)))
  const call = ++latest
  line.setAttribute('aria-busy', 'true')
  let words = ''
  try {
    words = billedWords(rowsOf<ReconcileTotalRow>(await fetchTable('reconcile/total', scope, signal)))
  } catch (e) {
    if ((e as Error).name === 'AbortError' || (keep && unanswered(e))) return
  } finally {
    if (call === latest) line.setAttribute('aria-busy', 'false')
  }
  // (a call the cards' failure ended, or a later call overtook, says nothing)
  if (signal.aborted || call !== latest) return
  line.hidden = words === ''
  if (!words) { line.replaceChildren(); return }
  const link = Object.assign(document.createElement('a'), { href: '#reconcile', textContent: 'See what Meta billed, reconciled' })
  // scrolled to, not navigated: a new #fragment is a popstate, which draws every panel again
  link.addEventListener('click', (e) => { e.preventDefault(); document.getElementById('reconcile')?.scrollIntoView({ behavior: 'smooth', block: 'start' }) })
  line.title = SIGN
  // the reconciliation is of the WABA, phone number and period (its panel says so too)
  const apart = notApplied(params, 'Discrepancies')
  line.replaceChildren(`${words} `, link, ...(apart ? [` ${apart}`] : []))
}
