// What the reconciliation card says when it has no discrepancy: that there was nothing to compare
// (no message delivered in the period and scope, or no status from Meta with its pricing names
// one), else that Meta's pricing agreed with the rules, and on how many messages. It said "No
// discrepancies in this period: no status of Meta's priced a message differently from the rules."
// for a key whose WABA held no data at all, as if Meta had agreed (break-it trial).
import type { ReconcileComparedRow } from '../../../api/routes/reconcile.ts'
import { fetchTable, rowsOf } from '../api.ts'
import { count } from '../format.ts'

/** The card's sentence for what there was to compare (GET /api/reconcile/compared's row; none: nothing). */
export function noDiscrepancyWords(row: ReconcileComparedRow | undefined): string {
  const delivered = row?.delivered ?? 0
  const compared = row?.compared ?? 0
  if (delivered === 0) return 'Nothing to compare in this period: no message was delivered, so no status from Meta carries its pricing.'
  const messages = `${count(delivered)} delivered message${delivered === 1 ? '' : 's'}`
  if (compared === 0) return `Nothing to compare in this period: no status from Meta with its pricing names any of its ${messages}.`
  return `No discrepancies in this period: no status of Meta's priced a message differently from the rules (Meta's pricing compared on ${count(compared)} of ${messages}).`
}

/**
 * The sentence for the reconciliation's scope `params` (WABA, phone number, period), asked only
 * when the panel has no discrepancy to show (an answer up to date).
 */
export async function noDiscrepancy(params: URLSearchParams, signal: AbortSignal): Promise<string> {
  return noDiscrepancyWords(rowsOf<ReconcileComparedRow>(await fetchTable('reconcile/compared', params, signal))[0])
}
