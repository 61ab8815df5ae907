// What Meta said against what the rules derive (docs/reconcile.md): the discrepancies, their
// totals by kind, and the category drift of templates. Each route reads one query over the SQL
// view `reconciliation` as kept in table discrepancies (view reconciliation_kept); nothing is
// decided here. WABA-scoped by the key like every data route; days are local days of each
// WABA's zone.
import type { FastifyInstance } from 'fastify'
import { panel } from './panel.ts'
import type { Session } from '../../core/session.ts'
import { reconcileLags, reconcileUpToDate } from '../../core/reconcile.ts'
import type { Format } from '../results.ts'
import { errorSchema } from '../errors.ts'

/** The kinds of discrepancy, as the view writes them. */
export type DiscrepancyKind = 'CATEGORY_MISMATCH' | 'BILLED_BUT_FREE' | 'FREE_BUT_CHARGED' | 'CONVERSATION_SPLIT'

/**
 * One discrepancy (sql/api/reconcile.sql). Costs are exact decimal strings in `currency`, null
 * when not computable (never 0): meta_cost (Meta's decision priced by the rate card), derived_cost
 * (the rules' charge), cost_difference = meta_cost − derived_cost. Currency null where none
 * applies (a conversation split).
 */
export interface ReconcileRow {
  kind: DiscrepancyKind; level: 'message' | 'conversation'
  waba_id: string; phone_number_id: string; wa_id: string
  /** local day of the message in its WABA's zone */
  local_date: string | number; event_at: string | number; message_id: string; template_name: string; template_category: string
  verdict: string; conversation_id: string; conversation_category: string; derived_pricing_type: string; derived_conversations: number
  meta_pricing_model: string; meta_billable: number | null; meta_category: string; meta_type: string
  meta_conversation_id: string; meta_origin_type: string
  meta_cost: string | null; derived_cost: string | null; cost_difference: string | null; currency: string | null
  /** 1 where the rules charge the message itself (it opened a paid conversation, or verdict CHARGED), else 0; the row's cost may be its conversation's */
  derived_charges: number
}

/** Discrepancies by kind and currency (null: none applies, a conversation split; sql/api/reconcile_summary.sql); cost_difference null when any is uncosted. */
export interface ReconcileSummaryRow {
  kind: DiscrepancyKind; currency: string | null; discrepancies: number; messages: number; uncosted: number; cost_difference: string | null
}

/**
 * The reconciliation in one row per currency, every kind together (sql/api/reconcile_total.sql):
 * what the dashboard's headline says. cost_difference: exact decimal string, null when uncosted > 0
 * or the currency's rows are conversation splits only (never costed; currency null).
 */
export interface ReconcileTotalRow { currency: string | null; discrepancies: number; uncosted: number; cost_difference: string | null }

/**
 * What the reconciliation had to compare (sql/api/reconcile_compared.sql): `delivered`, the
 * messages of the period and scope it looks at (not NOT_DELIVERED); `compared`, those of them a
 * status of Meta's carrying its pricing (or conversation) names. No discrepancy with compared 0 is
 * nothing to compare, not agreement.
 */
export interface ReconcileComparedRow { delivered: number; compared: number }

/** Templates Meta priced in another category (sql/api/reconcile_drift.sql). */
export interface DriftRow {
  waba_id: string; waba_name: string; template_name: string; template_category: string; meta_category: string; currency: string | null
  messages: number; first_day: string | number; last_day: string | number; uncosted: number; cost_difference: string | null
}

/** The most rows `latest` may ask of /api/reconcile (the whole list is without it). */
export const LATEST_MAX = 1000

/** How far the reconciliation the routes answer from is (GET /api/reconcile/state). */
export interface ReconcileState {
  /** false while batches changed data since the last catch-up: the routes answered from the reconciliation as of `reconciled_at` */
  up_to_date: boolean
  /** when the routes last found or brought it up to date (ISO 8601 UTC, ms); null before their first answer since the server started */
  reconciled_at: string | null
  /**
   * true while batches are queued or being derived now, so an answer would again be as of
   * `reconciled_at`; false: the next answer catches up. A panel shown "as of" asks this to know
   * when to ask again: the batch it waited for may change nothing (Meta's retries, records all
   * refused), and then no change event refreshes the page (web/src/panels/reconcile-behind.ts).
   */
  batches_waiting: boolean
}

/**
 * GET /api/reconcile, /api/reconcile/summary, /api/reconcile/total, /api/reconcile/compared, /api/reconcile/drift: the filter bar's WABA, phone
 * and period (local days of each WABA; market and category do not apply), answered as Arrow,
 * JSON or CSV; a WABA the key may not read is a 404 like an unknown one (api/filters.ts).
 * GET /api/reconcile/state: whether those answers were up to date (ReconcileState).
 */
export async function reconcileRoutes(app: FastifyInstance, opts: { session: Pick<Session, 'exclusive' | 'writers'> }): Promise<void> {
  const state: Omit<ReconcileState, 'batches_waiting'> = { up_to_date: true, reconciled_at: null }
  const reconciled = () => { state.up_to_date = true; state.reconciled_at = new Date().toISOString() }
  // The routes read the reconciliation kept (view reconciliation_kept), brought up to date first
  // for what the batches since changed (core/reconcile.ts): a writer, so after the batch that
  // runs, and quiet (only these routes read it, always after this). Not while batches wait or
  // run (a live server under load): its catch-up took seconds per thousand customers at 10M
  // messages in the writers' queue, and every micro-batch behind it waited (bench:live); the
  // answer is then the reconciliation as it stands, which GET /api/reconcile/state says, and
  // the refresh after the last batch brings it up to date (after a batch that changed nothing,
  // which sends no change event, the panel asks again once the state says none waits). A CSV
  // download always waits for it: finance takes it as the figures.
  const prepare = async (format: Format) => {
    if (!(await reconcileLags(app.db))) { reconciled(); return }
    if (format !== 'csv' && opts.session.writers() > 0) { state.up_to_date = false; return }
    await opts.session.exclusive(() => reconcileUpToDate(app.db), { quiet: true })
    reconciled()
  }
  app.get('/api/reconcile/state', {
    schema: {
      summary: 'Whether the reconciliation routes answered up to date',
      description: 'up_to_date: false when their last answer was the reconciliation as of reconciled_at (ISO 8601 UTC), because batches were waiting to be derived (a live server under load); the first answer after the batches brings it up to date (a CSV download always waits for it). reconciled_at: null before their first answer since the server started. batches_waiting: whether batches are queued or being derived now (an answer would again be as of reconciled_at; once false, the next one catches up).',
      tags: ['reconcile'],
      security: [{ apiKey: [] }],
      response: {
        200: {
          type: 'object',
          properties: { up_to_date: { type: 'boolean' }, reconciled_at: { type: ['string', 'null'] }, batches_waiting: { type: 'boolean' } },
          required: ['up_to_date', 'reconciled_at', 'batches_waiting'],
        },
        '4xx': errorSchema,
      },
    },
  }, async (): Promise<ReconcileState> => ({ ...state, batches_waiting: opts.session.writers() > 0 }))
  panel(app, {
    url: '/api/reconcile', sql: 'api/reconcile', tag: 'reconcile',
    summary: 'Where Meta\'s pricing and the rules differ: one row per discrepancy',
    description: 'Rows of the view reconciliation for messages of the period (local days): kind (CATEGORY_MISMATCH, BILLED_BUT_FREE, FREE_BUT_CHARGED, CONVERSATION_SPLIT), level (message or conversation), the message and its key, the derived side (verdict, conversation_id, conversation_category, derived_pricing_type, derived_conversations), Meta\'s side (meta_pricing_model, meta_billable, meta_category, meta_type, meta_conversation_id, meta_origin_type) and meta_cost, derived_cost, cost_difference (exact decimal strings, null when not computable) in currency (null where none applies: a conversation split), and derived_charges (1 where the rules charge the message itself, else 0). See docs/reconcile.md. As CSV, a download named as the finance exports (`wacost-reconcile-<WABA name and id, or all-wabas, or a limited key\'s WABAs>-<period>[-phone-…].csv`).',
    without: ['market', 'category', 'country'], download: 'reconcile',
    properties: { latest: { type: 'integer', minimum: 1, maximum: LATEST_MAX, description: 'only the last N rows (the dashboard lists the latest 10; their number is the summary\'s)' } },
    params: (q: { latest?: number }) => ({ latest: q.latest ?? 0 }), prepare,
  })
  panel(app, {
    url: '/api/reconcile/summary', sql: 'api/reconcile_summary', tag: 'reconcile',
    summary: 'Discrepancies by kind',
    description: 'One row per kind and currency (null where none applies: conversation splits): discrepancies, messages, uncosted (rows without a computable cost) and cost_difference (Meta minus the rules, exact decimal string; null when any row is uncosted).',
    without: ['market', 'category', 'country'], prepare,
  })
  panel(app, {
    url: '/api/reconcile/total', sql: 'api/reconcile_total', tag: 'reconcile',
    summary: 'Discrepancies per currency, every kind together',
    description: 'One row per currency (null where none applies: conversation splits), none when there is no discrepancy: discrepancies, uncosted (rows with a cost but no computable difference; conversation splits are never costed and not counted) and cost_difference (Meta minus the rules, exact decimal string; null when any row is uncosted, or the rows are conversation splits only). The dashboard\'s headline says it.',
    without: ['market', 'category', 'country'], prepare,
  })
  // (read from the verdicts and statuses as they stand, not the reconciliation kept: no catch-up)
  panel(app, {
    url: '/api/reconcile/compared', sql: 'api/reconcile_compared', tag: 'reconcile',
    summary: 'What the reconciliation had to compare',
    description: 'One row: delivered (the period\'s messages the reconciliation looks at: every one but NOT_DELIVERED) and compared (those of them a status of Meta\'s carrying its pricing or conversation names). With no discrepancy, compared 0 means there was nothing to compare, not that Meta agreed with the rules.',
    without: ['market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/reconcile/drift', sql: 'api/reconcile_drift', tag: 'reconcile',
    summary: 'Category drift: templates Meta priced in another category',
    description: 'One row per WABA (waba_name: its configured name), template_name, logged template_category, meta_category and currency: messages, first_day, last_day, uncosted and cost_difference (exact decimal string; null when any message is uncosted). Costliest first.',
    without: ['market', 'category', 'country'], prepare,
  })
}
