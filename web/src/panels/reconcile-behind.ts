// The reconciliation panel while the server answered it "as of" an earlier time (batches waited
// to be derived: api/routes/reconcile.ts): the words it says, and when to draw it again.
import type { ReconcileState } from '../../../api/routes/reconcile.ts'
import { fetchJson } from '../api.ts'
import { clock } from '../format.ts'

/**
 * How often a panel shown "as of" asks whether batches still wait (ms): one small JSON answer,
 * only while the panel is behind.
 */
export const CATCH_UP_POLL_MS = 5_000

/**
 * The reconciliation's time when the server answered from it while batches waited to be derived:
 * never a silently stale panel under a live "updated" mark.
 */
export function behind(state: ReconcileState): string {
  const since = state.reconciled_at ? `as of ${clock(new Date(state.reconciled_at))}` : 'not yet since the server started'
  return `Reconciled ${since}: messages received since are being derived first; this panel catches up once they are.`
}

/**
 * Resolves once no batch waits or is being derived (GET /api/reconcile/state's batches_waiting),
 * asked every CATCH_UP_POLL_MS: the panel then asks again and catches up. The batch it waited for
 * may change nothing (Meta's retries, records all refused), and then no change event refreshes
 * the page: the panel said "as of" until some later change, for ever on a quiet system (trial).
 * Never resolves once `signal` is aborted (a refresh draws the panel anew and asks itself).
 */
export function batchesDerived(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let timer: number | undefined
    const later = () => { if (!signal.aborted) timer = window.setTimeout(ask, CATCH_UP_POLL_MS) }
    // a failed ask (the server restarting) is asked again later: the live mark says it is offline
    const ask = () => fetchJson<ReconcileState>('reconcile/state').then((s) => {
      if (signal.aborted) return
      if (s.batches_waiting) later(); else resolve()
    }, later)
    signal.addEventListener('abort', () => { window.clearTimeout(timer) }, { once: true })
    later()
  })
}
