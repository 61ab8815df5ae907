// The dashboard's routes across pricing eras (pricing-models.md): the pricing-model timeline for
// the time axis, the per-message free allowance per business phone number, and volume-tier
// progress. Each reads one query in sql/api/; the row types are its columns (times are UTC
// midnights of local dates, amounts decimal currency as Float64 for charts).
import type { FastifyInstance } from 'fastify'
import { panel } from './panel.ts'

export interface PricingModelRow {
  effective_from: number; model: 'CBP' | 'PMP'; service: 'free' | 'free_tier'; free_tier: number | null
  utility_in_service_window: '' | 'free' | 'charged'; starts_in_range: number; label: string
}
export interface FreeAllowanceRow {
  waba_id: string; waba_name: string; phone_number_id: string; label: string; month: number; currency: string
  /** paid_cost: null when some of the paid messages have no rate-card price (paid_unpriced > 0) */
  allowance: number; used: number; remaining: number; paid_messages: number; paid_cost: number | null; ran_out_on: number | null
  paid_unpriced: number
}
export interface VolumeTierRow {
  waba_id: string; waba_name: string; market: string; category: string; month: number; currency: string | null
  paid: number; unpriced: number; tier: string; tier_price: number | null; next_tier_from: number | null; to_next_tier: number | null
  next_tier_price: number | null; cost: number | null; saving: number | null
}

export async function erasRoutes(app: FastifyInstance): Promise<void> {
  panel(app, {
    url: '/api/pricing-models', sql: 'api/pricing_models',
    summary: 'The pricing-model timeline in the period',
    description: 'One row per timeline row in force on some day of the period (pricing-models.md §1): effective_from (local date of each WABA, as a UTC midnight), model (CBP|PMP), service (free|free_tier), free_tier (size, null when service is free), utility_in_service_window, starts_in_range (1 when the change falls in the period: the spend chart marks it) and label (what changed from the previous row, in words).',
    without: ['waba', 'phone', 'market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/free-allowance', sql: 'api/free_allowance',
    summary: 'Per-message free allowance per business phone number and month',
    description: 'One row per phone number and local month overlapping the period in which a PMP timeline row with service free_tier is in force, counted from the month\'s 1st to the period\'s end: allowance (free service messages a month), used, remaining, paid_messages and paid_cost (service messages charged; paid_cost null when paid_unpriced of them have no rate-card price), ran_out_on (day of the last free one, when used up), paid_unpriced. The CBP per-WABA count is /api/free-tier. Market and category filters do not apply.',
    without: ['market', 'category', 'country'],
  })
  panel(app, {
    url: '/api/volume-tiers', sql: 'api/volume_tiers',
    summary: 'Volume-tier progress per market and pricing category',
    description: 'One row per WABA, market, pricing category (UTILITY, AUTHENTICATION, AUTHENTICATION_INTERNATIONAL) and local month overlapping the period, counted from the month\'s 1st to the period\'s end (pricing-models.md §4): paid (REGULAR per-message charges ranked, those without a rate-card price too), unpriced (those of them), tier (band of the last priced one, LOWER:UPPER; \'\' when none has a price, and then tier_price, currency and the next band null), tier_price, next_tier_from (rank where the next band starts), to_next_tier (messages until one is priced in it, that one included), next_tier_price (null in the last band), cost and saving (first band for all minus cost; both null when unpriced > 0: they cannot be computed). Tiers count per WABA, market and category: the phone and country filters do not apply.',
    without: ['phone', 'country'],
  })
}
