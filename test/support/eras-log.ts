// A message log spanning every era of the shipped pricing-model timeline (pricing-models.md §1):
// CBP with a free tier (2024-09/10), CBP with free service (from 2024-11-01), PMP (from
// 2025-07-01, across the switch at each WABA's local midnight) and PMP with charged service
// (from 2026-10-01), on three WABAs in UTC, Asia/Kolkata and America/New_York, Indian and US
// customers, with volume-tier bands reached (test/fixtures/rate-card-eras.csv). Deterministic.
import { fileURLToPath } from 'node:url'
import type { Line } from './engine.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))

/** The reference the log is priced under: the shipped timeline, its rate card and WABAs, free tier 3 (so it runs out). */
export const ERAS_REFERENCE: ReferenceOptions = {
  pricingModels: fixture('../../config/defaults/pricing-models.csv'), rateCard: fixture('../fixtures/rate-card-eras.csv'),
  wabas: fixture('../fixtures/wabas-eras.csv'), freeTier: 3,
}

export const ERA_WABAS = ['waba-era-utc', 'waba-era-kol', 'waba-era-ny'] as const

/** Days the log covers; each gets the same script per customer, at an hour that varies by key. */
export const ERA_DAYS = [
  '2024-09-10', '2024-09-30', '2024-10-31', '2024-11-02', '2025-06-30', '2025-07-02', '2025-07-15',
  '2025-08-31', '2026-09-30', '2026-10-02', '2026-10-15', '2026-10-31', '2026-11-03',
]

const customers = ['919812340001', '919812340002', '14155550111']

export function erasLog(): Line[] {
  const out: Line[] = []
  let seq = 0
  for (const waba of ERA_WABAS) {
    for (const pn of [1, 2]) {
      const phone = `${waba}-pn${pn}`
      customers.forEach((wa_id, ci) => {
        const k = { waba_id: waba, phone_number_id: phone, wa_id }
        ERA_DAYS.forEach((day, di) => {
          // 17:00-22:00 UTC: late enough that Kolkata's local day (and month) is the next one
          const base = Date.parse(`${day}T${String(17 + ((ci + di + pn) % 6)).padStart(2, '0')}:00:00Z`)
          const at = (h: number) => new Date(base + h * 3_600_000).toISOString()
          const id = (s: string) => `${phone}-${ci}-${di}-${s}-${seq++}`
          const m = (h: number, extra: Record<string, unknown>) => out.push({ message_id: id(String(h)), timestamp: at(h), ...k, ...extra })
          const ctwa = (ci + di) % 5 === 0
          m(0, { direction: 'inbound', ...(ctwa ? { entry_point: 'ctwa', ad_id: `ad-${ci}` } : {}) })
          m(0.5, { direction: 'outbound' })
          m(1, { direction: 'outbound', template_category: 'UTILITY', template_name: 'order_update' })
          m(1.5, { direction: 'outbound' })
          m(2, { direction: 'outbound', template_category: 'AUTHENTICATION', template_name: 'otp' })
          m(26, { direction: 'outbound', template_category: 'UTILITY', template_name: 'shipped' })
          m(27, { direction: 'outbound', template_category: 'MARKETING', template_name: 'promo' })
          if (di % 2 === 0) m(28, { direction: 'outbound', template_category: 'UTILITY', template_name: 'reminder' })
          if (di % 3 === 1) m(29, { direction: 'outbound', template_category: 'AUTHENTICATION', template_name: 'otp' })
        })
      })
    }
  }
  return out
}
