// The dashboard's data routes. Each reads one rollup-backed query in sql/api/; the row types
// below are the columns each query returns (times are UTC midnights of the WABA's local days).
import type { FastifyInstance } from 'fastify'
import { errorSchema } from '../errors.ts'
import { panel } from './panel.ts'
import { countryCodes, countryLabels, marketCodes, marketLabels } from '../../core/reference/validate.ts'

/** The WABAs a key may read or write: `*` (every WABA) or their ids (GET /api/key, GET /api/ingest). */
export const keyWabasSchema = { type: 'object', properties: { wabas: { anyOf: [{ type: 'string', enum: ['*'] }, { type: 'array', items: { type: 'string' } }] } } }

/**
 * cost: null when the row includes a charge with no rate-card price (unpriced > 0, as the daily and
 * invoice exports leave such an amount empty); priced_cost: the sum of its priced charges. key: the
 * split's value (split country: the ledger's ISO 3166 code, '' when unknown); label: it in words
 * ("United States (US)", "Unknown country"; a WABA's or phone number's name). conversations: every
 * charge, conversations and per-message charges; messages: how many of them are per-message
 * charges. period: the row's first local day (granularity total: the period's from, or with from
 * open the first local day of its charges).
 */
export interface SpendRow {
  period: number; key: string; label: string; currency: string | null; conversations: number; cost: number | null
  unpriced: number; priced_cost: number; messages: number
}
export interface HeadlineRow { section: 'total' | 'category' | 'pricing_type' | 'messages' | 'unpriced' | 'stored'; key: string; currency: string; count: number; cost: number }
export interface FreeTierRow {
  /** used … projected_overage_cost: null where the month lies outside the WABA's data (covered 0: nothing counted, never 0) */
  waba_id: string; waba_name: string; month: number; currency: string; tier: number | null; used: number | null; remaining: number | null
  /** paid_cost: null when some of the paid conversations have no rate-card price (paid_unpriced > 0) */
  service_conversations: number | null; paid_conversations: number | null; paid_cost: number | null; paid_unpriced: number | null; ran_out_on: number | null
  as_of: number; covered: number; data_from: number; data_to: number
  pricing_model: 'CBP' | 'PMP'; service: 'free_tier' | 'free'; model_from: number
  in_progress: boolean; days_in_month: number; days_elapsed: number; projected_service: number | null
  projected_run_out_on: number | null; projected_overage: number | null; projected_overage_cost: number | null
}
export interface CtwaDailyRow { day: number; ad_id: string; series: string; count: number }
export interface CtwaAdRow {
  ad_id: string; entry_point: string; entries: number; fep_started: number; inside_fep: number; awaiting_reply: number
  no_fep: number; not_delivered: number; fep_conversations: number; conversion: number | null
}
export interface GuardrailRow { day: number; phone_number_id: string; label: string; verdict: string; messages: number }
export interface FilterOptionRow {
  kind: string; id: string; label: string; waba_id: string; timezone: string; first_day: number; last_day: number
  /** the WABAs this option has data in (sorted) */
  wabas: string[]
}

/** /api/spend's splits: the dashboard offers exactly these (web/src/state.ts spendSplits; test/spend-splits.test.ts). */
export const spendSplitKeys = ['category', 'market', 'country', 'phone', 'waba', 'pricing_type', 'category_pricing_type', 'unit', 'tier'] as const

/** The countries' names (core/reference/validate.ts), bound for the queries that label countries (spend's split, the filter's options). */
const countryNames = { country_codes: countryCodes, country_labels: countryLabels }

interface SpendQuery { granularity?: 'day' | 'week' | 'month' | 'total'; split?: (typeof spendSplitKeys)[number] }

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  panel<SpendQuery>(app, {
    url: '/api/spend', sql: 'api/spend',
    summary: 'Spend over time',
    description: 'One row per period, split key and currency: period, key, label, currency, conversations (every charge: conversations and per-message charges), cost, unpriced, priced_cost, messages (how many of the charges are per-message charges). Weeks start on Monday; granularity total dates its rows by from, or with from open by the first local day of their charges. unpriced: the row\'s charges with no rate-card price; when there are any, cost is null (it cannot be computed, as in the daily and invoice exports) and priced_cost is the sum of the priced ones (a lower bound). currency: that of priced_cost; null when none of the row\'s charges has a price (as the exports state no currency beside an amount they cannot give).',
    properties: {
      granularity: { type: 'string', enum: ['day', 'week', 'month', 'total'], default: 'day', description: 'total: one row per key for the whole period' },
      split: {
        type: 'string', enum: [...spendSplitKeys], default: 'category',
        description: 'category_pricing_type: keys "MARKETING · REGULAR"; unit: conversation or message (pricing-models.md §3); tier: the volume tier LOWER:UPPER, "" for charges without one; country: the customer\'s ISO 3166 alpha-2 code as the ledger export\'s country column gives it (label "United States (US)"), "" for a number whose country is not known (label "Unknown country"); market: the rate card\'s market (label as the dashboard\'s market menu names it: "India" for IN, "Other markets" for OTHER, "North America" itself)',
      },
    },
    params: (q) => ({ granularity: q.granularity ?? 'day', split: q.split ?? 'category', ...countryNames, market_codes: marketCodes, market_labels: marketLabels }),
  })
  panel(app, {
    url: '/api/headline', sql: 'api/headline',
    summary: 'Headline figures',
    description: 'Rows (section, key, currency, count, cost): section total; category and pricing_type (conversations and cost); messages with key REUSED, OUTSIDE_SERVICE_WINDOW or NOT_DELIVERED (market, category and country filters do not apply to messages); unpriced (count of charged conversations with no rate-card price: the totals are incomplete), only when there are any; stored (count of every stored message of the period, WABA and phone filters), only when there are any: without it nothing of the period is stored, which is not a spend of 0.',
  })
  panel(app, {
    url: '/api/free-tier', sql: 'api/free_tier',
    summary: 'Free tier per WABA and month',
    description: 'One row per WABA and local month overlapping the period that had service conversations under a conversation-based free tier, and always the month of the period\'s end (to; left open, the last day with data), counted from the month\'s 1st to as_of (the period\'s end, the month\'s end or the latest data, whichever comes first): tier, used, remaining, ran_out_on, paid_conversations, paid_cost (null when some of them have no rate-card price: paid_unpriced counts them), and when as_of is the WABA\'s latest data in an unfinished month (in_progress) a projection: projected_service, projected_run_out_on, projected_overage, projected_overage_cost (the paid conversations\' cost so far plus the rest of the overage at the month\'s average service price; null when a paid one or a market of the month has no service price). The end month\'s row may have no service conversations (used 0 is then counted), no conversation free tier (tier null; pricing_model, service and model_from: the pricing-model row in force at as_of) or lie outside the WABA\'s data (covered 0; data_from and data_to: its days with data). The tier is WABA-wide, so phone, market, category and country filters do not apply.',
    without: ['phone', 'market', 'category', 'country'],
    // left open, not the last day the API takes: a `to` of 2148-12-31 typed was read as open
    // and showed the month of the latest data (fresh-user trial)
    params: (q: { to?: string }) => ({ to_open: q.to === undefined ? 1 : 0 }),
  })
  panel(app, {
    url: '/api/ctwa/daily', sql: 'api/ctwa_daily',
    summary: 'Click-to-WhatsApp volume per day and ad',
    description: 'Rows (day, ad_id, series, count): series FEP_CONVERSATIONS (free entry point conversations started that day) or an entry-message outcome: FEP_STARTED, INSIDE_FEP, AWAITING_REPLY (came less than 24 h ago by the server\'s clock, no reply yet), NO_FEP (no reply within 24 h), NOT_DELIVERED.',
    without: ['market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/ctwa/ads', sql: 'api/ctwa_ads',
    summary: 'Click-to-WhatsApp results per ad',
    description: 'One row per ad id: entry_point, entries, fep_started, inside_fep, awaiting_reply (less than 24 h ago, no reply yet), no_fep, not_delivered, fep_conversations, conversion (fep_started / the entries decided, those not awaiting a reply; null when none is).',
    without: ['market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/guardrail', sql: 'api/guardrail',
    summary: 'Guardrail breaks and undelivered messages per day',
    description: 'Rows (day, phone_number_id, label (the number\'s name or display number, else its id), verdict, messages) for verdicts OUTSIDE_SERVICE_WINDOW and NOT_DELIVERED.',
    without: ['market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/filters', sql: 'api/filter_options',
    summary: 'Filter options',
    description: 'Rows (kind, id, label, waba_id, timezone, first_day, last_day, wabas: the WABAs the option has data in) for kind waba, phone, market, category, pricing_type and country (id: the ISO 3166 code, or unknown for customer numbers of no known country, as the country filter takes it; label: "United States (US)", "Unknown country").',
    without: ['phone', 'market', 'category', 'country', 'from', 'to'],
    params: () => countryNames,
  })
  // The dashboard names a limited key's WABAs beside Download CSV when none is chosen (it said
  // "Covers all WABAs" for a key of one: fresh-user trial).
  app.get('/api/key', {
    schema: {
      summary: 'What this key may read',
      description: '`{"wabas": "*"}` for a key of every WABA, else `{"wabas": [ids]}`: the WABAs it may read (WACOST_API_KEYS).',
      tags: ['dashboard'],
      security: [{ apiKey: [] }],
      response: { 200: keyWabasSchema, '4xx': errorSchema },
    },
  }, async (req) => ({ wabas: req.access.all ? '*' : req.access.wabas }))
}
