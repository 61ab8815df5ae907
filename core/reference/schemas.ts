// Row schemas of the configuration files (interfaces.md §2 and docs/reference-data.md).
import { z } from 'zod'

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
const category = z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE'])
const hours = z.string().regex(/^\d+(\.\d+)?$/, 'expected hours').transform((h) => Math.round(Number(h) * 3_600_000))

export const rateCardRow = z.object({
  market: z.string().min(1),
  category: z.string().transform((c) => c.toUpperCase()).pipe(category),
  price: z.string().regex(/^\d+(\.\d{1,6})?$/, 'expected a decimal price with at most 6 fractional digits (fix: round it to 6, e.g. 0.0123456 → 0.012346, and write it without a currency sign or thousands separator)'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as USD'),
  effective_from: date,
})
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
