// An independent reference implementation of per-message pricing (pricing-models.md §3–4), test
// code only, written from the spec text alone (not from sql/derive) to check the engine's
// ledger and verdicts (pmp-oracle.test.ts). Scope: a log lying entirely inside ONE PMP period
// (no change of period), WABAs in UTC, canonical wa_ids, one message line per message_id (the
// last one wins). Cited rules: P1–P6 and "Verdicts under PMP" (§3), volume tiers (§4),
// billing-rules.md rule 2 (order), rules 4–7 (windows, guardrail), "Keys" (market).
import { marketOf as market, money, parseMessages, type Msg, type RateRow } from './oracle-input.ts'

export type { RateRow }
const H = 3_600_000

/** One row of the pricing-model timeline, the one in force over the whole log. */
export interface Period { service: 'free' | 'free_tier'; freeTier: number; utilityInWindow: 'free' | 'charged' }
export interface OracleConfig {
  period: Period
  rates: RateRow[]
  /** country → market group (market-map.csv). */
  marketMap: Record<string, string>
  /** The customer's country from wa_id (the engine uses a phone-number library). */
  countryOf: (wa_id: string) => string | null
}
export interface OracleRow {
  waba_id: string; phone_number_id: string; wa_id: string; country: string | null; market: string
  category: string; unit: 'conversation' | 'message'; opened_at: string; closed_at: string | null
  close_reason: string | null; opening_message_id: string; pricing_type: string
  cost: string | null; currency: string | null; tier: string | null
}
/** `row`: the ledger row the verdict's conversation_id points to, as `unit:opening_message_id`. */
export interface OracleVerdict { message_id: string; verdict: string; row: string | null }

type Line = Record<string, unknown>
interface Charge { m: Msg; category: string; type: string; market: string }

const iso = (ms: number) => new Date(ms).toISOString()
const month = (ms: number) => iso(ms).slice(0, 7) // UTC WABAs: the local month is the UTC month
const rowRef = (unit: string, id: string) => `${unit}:${id}`
/** Rule 2: delivery time, inbound before outbound, then message_id (byte-wise; ids are ASCII). */
const rule2 = (a: Msg, b: Msg) => (a.delivered! - b.delivered!) || (Number(b.inbound) - Number(a.inbound)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const byDeliveryThenId = (a: Msg, b: Msg) => (a.delivered! - b.delivered!) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** "Keys": the market of a country. */
const marketOf = (country: string | null, cfg: OracleConfig) => market(country, cfg.rates, cfg.marketMap)

const TIERED = new Set(['UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL'])

/** §4: the bands in effect on the local date for (market, category), the n-th charge's band. */
function priced(cfg: OracleConfig, market: string, category: string, date: string, n: number) {
  const rows = cfg.rates.filter((r) => r.market === market && r.category === category && r.effective_from <= date)
  if (!rows.length) return { cost: null, currency: null, tier: null }
  const latest = rows.reduce((d, r) => (r.effective_from > d ? r.effective_from : d), '')
  const bands = rows.filter((r) => r.effective_from === latest).sort((a, b) => a.tier_from - b.tier_from)
  const i = bands.reduce((k, b, j) => (b.tier_from <= n ? j : k), 0)
  const band = bands[i]!
  const next = bands[i + 1]
  const tier = TIERED.has(category) ? `${band.tier_from - 1}:${next ? next.tier_from - 1 : 'MAX'}` : null
  return { cost: money(band.price), currency: band.currency, tier }
}

/** Ledger rows (in interfaces.md §3 order) and verdicts (by message_id) of a one-period PMP log. */
export function pmpOracle(lines: Line[], cfg: OracleConfig): { ledger: OracleRow[]; verdicts: OracleVerdict[] } {
  const msgs = parseMessages(lines, cfg.countryOf)
  const verdicts = new Map<string, OracleVerdict>()
  const windows: { reply: Msg; market: string }[] = []
  const charges: Charge[] = []
  const verdict = (m: Msg, v: string, row: string | null = null) => verdicts.set(m.id, { message_id: m.id, verdict: v, row })

  const keys = new Map<string, Msg[]>()
  for (const m of msgs) keys.set(`${m.phone}\u0000${m.wa}`, [...(keys.get(`${m.phone}\u0000${m.wa}`) ?? []), m])
  for (const key of keys.values()) {
    const inboundAt = key.filter((m) => m.inbound && m.delivered !== null).map((m) => m.delivered!)
    // P1 / rule 4: the customer service window at t is open when an inbound was delivered in (t − 24 h, t].
    const csw = (t: number) => inboundAt.some((d) => d > t - 24 * H && d <= t)
    for (const m of key.filter((x) => x.delivered === null)) {
      // P6, with billing-rules.md's precedence: OUTSIDE_SERVICE_WINDOW (send time) before NOT_DELIVERED.
      verdict(m, !m.inbound && m.category === null && !csw(m.ts) ? 'OUTSIDE_SERVICE_WINDOW' : 'NOT_DELIVERED')
    }
    let fep: { start: number; end: number; ref: string } | null = null
    let pending: Msg[] = [] // entry messages delivered while no free-entry window was open
    const earlier: number[] = [] // deliveries of the inbounds already walked (rule 2 order)
    for (const m of key.filter((x) => x.delivered !== null).sort(rule2)) {
      const t = m.delivered!
      const market = marketOf(m.country, cfg)
      const inside = fep !== null && fep.start <= t && t < fep.end
      if (m.inbound) {
        if (inside) verdict(m, 'FREE_ENTRY', fep!.ref)
        else {
          // OPENED / EXTENDED (null); an entry message may become FREE_ENTRY at its reply.
          verdict(m, earlier.some((d) => d > t - 24 * H && d <= t) ? 'EXTENDED' : 'OPENED')
          if (m.entry) pending.push(m)
        }
        earlier.push(t)
        continue
      }
      // P2 / rule 5: the first outbound delivered in [entry, entry + 24 h) of the earliest
      // qualifying entry message opens a 72 h free-entry window at its delivery.
      let opening = false
      if (!inside) {
        const entry = pending.find((e) => e.delivered! <= t && t < e.delivered! + 24 * H)
        if (entry) {
          opening = true
          fep = { start: t, end: t + 72 * H, ref: rowRef('conversation', m.id) }
          windows.push({ reply: m, market })
          verdict(entry, 'FREE_ENTRY', fep.ref)
          pending = []
        }
      }
      // P5: a non-template send outside the customer service window (send time) has no charge,
      // unless it is the reply that opens a free-entry window.
      if (m.category === null && !opening && !csw(m.ts)) { verdict(m, 'OUTSIDE_SERVICE_WINDOW'); continue }
      const category = m.category ?? 'SERVICE'
      let type: string
      if (opening || inside) type = 'FREE_ENTRY_POINT'
      else if (category === 'SERVICE' && cfg.period.service === 'free') type = 'FREE_CUSTOMER_SERVICE'
      else if (category === 'UTILITY' && cfg.period.utilityInWindow === 'free' && csw(t)) type = 'FREE_CUSTOMER_SERVICE'
      else if (category === 'SERVICE') type = 'FREE_TIER?' // ranked below, per phone number and month
      else type = 'REGULAR'
      charges.push({ m, category, type, market })
    }
  }

  // P3.3: the first free_tier SERVICE messages of each business phone number and month.
  const rank = (list: Charge[], group: (c: Charge) => string) => {
    const out = new Map<Charge, number>()
    const seen = new Map<string, number>()
    for (const c of [...list].sort((a, b) => byDeliveryThenId(a.m, b.m))) {
      const g = group(c)
      seen.set(g, (seen.get(g) ?? 0) + 1)
      out.set(c, seen.get(g)!)
    }
    return out
  }
  const ft = rank(charges.filter((c) => c.type === 'FREE_TIER?'), (c) => `${c.m.phone}|${month(c.m.delivered!)}`)
  for (const [c, n] of ft) c.type = n <= cfg.period.freeTier ? 'FREE_TIER' : 'REGULAR'
  // §4: REGULAR charges of the tiered categories ranked per (WABA, market, category, month).
  const vol = rank(charges.filter((c) => c.type === 'REGULAR' && TIERED.has(c.category)),
    (c) => `${c.m.waba}|${c.market}|${c.category}|${month(c.m.delivered!)}`)

  const currencyOf = (market: string) => cfg.rates.find((r) => r.market === market)?.currency ?? null
  const base = (m: Msg, market: string) => ({ waba_id: m.waba, phone_number_id: m.phone, wa_id: m.wa, country: m.country, market })
  const ledger: OracleRow[] = []
  for (const w of windows) {
    ledger.push({
      ...base(w.reply, w.market), category: 'FREE_ENTRY_POINT', unit: 'conversation', opened_at: iso(w.reply.delivered!),
      closed_at: iso(w.reply.delivered! + 72 * H), close_reason: 'expired', opening_message_id: w.reply.id,
      pricing_type: 'FREE_ENTRY_POINT', cost: '0.0000', currency: currencyOf(w.market), tier: null,
    })
  }
  const VERDICT: Record<string, string> = {
    REGULAR: 'CHARGED', FREE_CUSTOMER_SERVICE: 'FREE_CUSTOMER_SERVICE', FREE_TIER: 'FREE_TIER', FREE_ENTRY_POINT: 'FREE_ENTRY',
  }
  for (const c of charges) {
    const d = c.m.delivered!
    const p = c.type === 'REGULAR'
      ? priced(cfg, c.market, c.category, iso(d).slice(0, 10), vol.get(c) ?? 1)
      : { cost: '0.0000', currency: currencyOf(c.market), tier: null }
    ledger.push({
      ...base(c.m, c.market), category: c.category, unit: 'message', opened_at: iso(d), closed_at: null, close_reason: null,
      opening_message_id: c.m.id, pricing_type: c.type, ...p,
    })
    verdict(c.m, VERDICT[c.type] ?? c.type, rowRef('message', c.m.id))
  }
  // interfaces.md §3: phone_number_id, wa_id, opened_at, category, opening_message_id, unit (byte-wise).
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  ledger.sort((a, b) => cmp(a.phone_number_id, b.phone_number_id) || cmp(a.wa_id, b.wa_id) || cmp(a.opened_at, b.opened_at)
    || cmp(a.category, b.category) || cmp(a.opening_message_id, b.opening_message_id) || cmp(a.unit, b.unit))
  return { ledger, verdicts: [...verdicts.values()].sort((a, b) => cmp(a.message_id, b.message_id)) }
}
