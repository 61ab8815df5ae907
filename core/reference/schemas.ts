// Row schemas of the configuration files (interfaces.md §2 and docs/reference-data.md).
import { z } from 'zod'
import { engineTime } from '../engine-time.ts'

/**
 * A calendar day YYYY-MM-DD the engine's Date holds (1970-01-01 … 2149-06-06): the engine would
 * roll 2025-02-30 over to 2 March and turn 2025-13-45 into 1970-01-01 without a word.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').refine((v) => {
  const d = new Date(`${v}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && v >= '1970-01-01' && v <= '2149-06-06'
}, 'expected a day of the calendar between 1970-01-01 and 2149-06-06 (fix: check month and day, e.g. 2025-02-28)')
/** ISO 4217 codes the runtime knows (Intl), so a typo such as USS is refused, not priced. */
const currencies = new Set(Intl.supportedValuesOf('currency'))
const category = z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'SERVICE'])
const hours = z.string().regex(/^\d+(\.\d+)?$/, 'expected hours').transform((h) => Math.round(Number(h) * 3_600_000))

export const rateCardRow = z.object({
  market: z.string().min(1),
  category: z.string().transform((c) => c.toUpperCase()).pipe(category),
  price: z.string().superRefine((v, ctx) => {
    const say = (message: string) => ctx.addIssue({ code: 'custom', message })
    // Decimal(18, 6) in the engine: 12 integer digits at most, or the load fails with the engine's words.
    if (/^\d{1,12}(\.\d{1,6})?$/.test(v)) return
    if (v.startsWith('-')) say(`a price cannot be negative, got "${v}" (fix: the price per conversation or message, e.g. 0.0250)`)
    else if (/^\d+,\d+$/.test(v)) say(`expected a dot as the decimal mark, got "${v}" (fix: ${v.replace(',', '.')})`)
    else if (/^\d{13,}/.test(v)) say(`a price has at most 12 digits before the decimal point, got "${v}"`)
    else say('expected a decimal price with at most 6 fractional digits (fix: round it to 6, e.g. 0.0123456 → 0.012346, and write it without a currency sign or thousands separator)')
  }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD')
    .refine((c) => currencies.has(c), 'is not an ISO 4217 currency code (fix: e.g. USD, EUR, INR)'),
  effective_from: date,
  // Optional last column (pricing-models.md §4): the volume-tier band's first message; 1 without it.
  tier_from: z.string().optional().transform((t) => t || '1')
    .pipe(z.string().regex(/^[1-9]\d{0,8}$/, 'expected a whole number from 1 (the band\'s first message in the month; fix: 1 for the first band, or leave it empty)'))
    .transform(Number),
})
/** Required columns; `tier_from` may follow (pricing-models.md §4), other columns (`source`) are ignored. */
export const rateCardHeader = ['market', 'category', 'price', 'currency', 'effective_from'] as const

export const marketMapRow = z.object({
  country: z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code').transform((c) => c.toUpperCase()),
  market: z.string().min(1),
})
export const marketMapHeader = ['country', 'market'] as const

export const wabaRow = z.object({
  waba_id: z.string().min(1),
  name: z.string().default(''),
  timezone: z.string().transform((t) => t || 'UTC'),
})
export const wabaHeader = ['waba_id', 'name', 'timezone'] as const

export const phoneNumberRow = z.object({
  phone_number_id: z.string().min(1),
  display_phone_number: z.string().default(''),
  name: z.string().default(''),
  // optional column: the WABA the number belongs to (view phone_number_owners, migration 741)
  waba_id: z.string().default(''),
})
export const phoneNumberHeader = ['phone_number_id', 'display_phone_number', 'name'] as const

export const settingsRow = z.object({
  effective_from: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, 'expected YYYY-MM-DD or an ISO instant in UTC'),
  service_window_hours: hours,
  business_window_hours: hours,
  fep_window_hours: hours,
  entry_reply_window_hours: hours,
  free_tier: z.string().regex(/^\d+$/, 'expected a whole number').transform(Number),
})
export const settingsHeader = ['effective_from', 'service_window_hours', 'business_window_hours', 'fep_window_hours', 'entry_reply_window_hours', 'free_tier'] as const

const pmModel = z.string().transform((m) => m.toUpperCase())
  .pipe(z.enum(['CBP', 'PMP'], 'expected CBP (conversation-based) or PMP (per message)'))
const pmService = z.string().transform((v) => v.toLowerCase())
  .pipe(z.enum(['free_tier', 'free'], 'expected free_tier (a monthly free tier of free_tier service items) or free (service never charged)'))
const pmUtility = z.string().transform((v) => v.toLowerCase())
  .pipe(z.enum(['', 'free', 'charged'], 'expected free or charged (PMP rows), or empty (CBP rows)'))

/**
 * A row of the pricing-model timeline (pricing-models.md §1), as stored in table pricing_models:
 * free_tier 0 when service is free, utility_in_service_window '' on CBP rows.
 */
export const pricingModelRow = z.object({
  effective_from: date,
  model: pmModel,
  service: pmService,
  free_tier: z.string().default(''),
  utility_in_service_window: pmUtility.default(''),
}).superRefine((r, ctx) => {
  const say = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (r.service === 'free_tier' && !/^\d{1,9}$/.test(r.free_tier)) {
    say('free_tier', `expected a whole number up to 999999999 with service free_tier, got "${r.free_tier}" (fix: the number of free service items a month, e.g. 1000, or service free)`)
  } else if (r.service === 'free' && r.free_tier !== '') {
    say('free_tier', `must be empty with service free, got "${r.free_tier}" (fix: empty it, or write service free_tier)`)
  }
  if (r.model === 'PMP' && r.utility_in_service_window === '') {
    say('utility_in_service_window', 'required on a PMP row (fix: free when utility templates inside the customer service window cost nothing, charged when they are paid)')
  } else if (r.model === 'CBP' && r.utility_in_service_window !== '') {
    say('utility_in_service_window', `must be empty on a CBP row, got "${r.utility_in_service_window}" (fix: empty it; conversation-based pricing has no such rule)`)
  }
}).transform((r) => ({ ...r, free_tier: r.service === 'free_tier' ? Number(r.free_tier) : 0 }))
export const pricingModelHeader = ['effective_from', 'model', 'service', 'free_tier', 'utility_in_service_window'] as const

/** ISO 8601 instant with its zone (Z, ±HH:MM, ±HHMM or ±HH), to 'YYYY-MM-DD hh:mm:ss.mmm' in UTC; undefined when not one. */
export function utcInstant(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i.exec(v)
  if (!m) return undefined
  const [, y, mo, d, h, mi, sec = '00', frac = '', zone] = m as unknown as string[]
  // A calendar check the Date constructor does not make (it rolls 02-30 over to March).
  // DateTime64(3) holds 1900-2299; a year outside would be stored clamped, a wrong instant.
  if (+y! < 1900 || +y! > 2299) return undefined
  const local = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +sec))
  if (local.getUTCMonth() !== +mo! - 1 || local.getUTCDate() !== +d! || local.getUTCHours() !== +h! || +mi! > 59 || +sec > 59) return undefined
  const sign = zone![0] === '-' ? -1 : 1
  const [zh, zm] = zone!.toUpperCase() === 'Z' ? [0, 0] : [Number(zone!.slice(1, 3)), zone!.length > 3 ? Number(zone!.slice(-2)) : 0]
  if (zh! > 18 || zm! > 59) return undefined
  const ms = local.getTime() - sign * (zh! * 60 + zm!) * 60_000 + Number(frac.padEnd(3, '0').slice(0, 3))
  return engineTime(new Date(ms))
}

/** authentication-international CSV (pricing-models.md §5): start stored in UTC, country upper-cased. */
export const authInternationalRow = z.object({
  waba_id: z.string().min(1, 'expected the WABA id'),
  country: z.string().regex(/^[A-Za-z]{2}$/, 'expected an ISO 3166 alpha-2 code (fix: e.g. IN for India)').transform((c) => c.toUpperCase()),
  start: z.string().transform((v, ctx) => {
    const at = utcInstant(v)
    if (at === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected an ISO 8601 instant with its zone, got "${v}" (fix: e.g. 2025-07-01T00:00:00Z or 2025-07-01T05:30:00+05:30)` })
      return z.NEVER
    }
    return at
  }),
})
export const authInternationalHeader = ['waba_id', 'country', 'start'] as const
