// An independent reference implementation of conversation-based pricing (billing-rules.md), test
// code only, written from the spec text alone (not from sql/derive nor docs/rules.md) to check the
// engine's ledger and verdicts (cbp-oracle.test.ts). Scope: a log priced entirely by one CBP
// period (the timeline of test/fixtures/pricing-models-cbp.csv), the free-tier size given, one
// message line per message_id counted (the last one wins). Cited rules: "Keys" (canonical wa_id,
// country, market, WABA time zone), rules 1–8 (windows, FEP), rule 9 (pricing), "Per-message
// verdicts"; interfaces.md §1 (delivery), §3 (fields, order); pricing-models.md §4 (CBP pays the
// tier_from = 1 band) and §3 P3 (cost digits, the currency of free rows). Delivery, market and
// cost digits are read as pmp-oracle.ts reads them (oracle-input.ts).
import { marketOf, money, parseMessages, type Msg, type RateRow } from './oracle-input.ts'

export type { RateRow }
const H = 3_600_000
const DAY = 24 * H

export interface CbpConfig {
  /** rule 9: the free tier per WABA and month (`--free-tier`). */
  freeTier: number
  rates: RateRow[]
  /** country → market group (market-map.csv). */
  marketMap: Record<string, string>
  /** The customer's country from the canonical wa_id (the engine uses a phone-number library). */
  countryOf: (wa_id: string) => string | null
  /** The WABA's IANA time zone (wabas.csv; default UTC). */
  zoneOf?: (waba_id: string) => string
}
export interface CbpRow {
  waba_id: string; phone_number_id: string; wa_id: string; country: string | null; market: string
  category: string; unit: 'conversation'; opened_at: string; closed_at: string; close_reason: string
  opening_message_id: string; pricing_type: string; cost: string | null; currency: string | null; tier: null
}
/** `row`: the ledger row the verdict's conversation_id points to, as `conversation:opening_message_id`. */
export interface CbpVerdict { message_id: string; verdict: string; row: string | null }

type Line = Record<string, unknown>
interface Conv {
  category: string; opener: Msg; opened: number; closed: number; reason: 'expired' | 'fep'
  /** The FEP window's start (the reply), for a FREE_ENTRY_POINT conversation. */
  start?: number
}

const iso = (ms: number) => new Date(ms).toISOString()
/** Byte-wise (UTF-8), as the spec orders ids: not JavaScript's UTF-16 order, which differs beyond U+FFFF. */
const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))
const ref = (c: Conv) => `conversation:${c.opener.id}`
/** Rule 2: delivery time, inbound before outbound, then message_id (byte-wise). */
const rule2 = (a: Msg, b: Msg) => (a.delivered! - b.delivered!) || (Number(b.inbound) - Number(a.inbound)) || cmp(a.id, b.id)

// Brazil's 67 area codes (ANATEL's DDD plan): "the phone-number library's knowledge" of where the
// ninth digit exists; another two digits there are no Brazilian mobile area code.
const DDD = new Set('11 12 13 14 15 16 17 18 19 21 22 24 27 28 31 32 33 34 35 37 38 41 42 43 44 45 46 47 48 49 51 53 54 55 61 62 63 64 65 66 67 68 69 71 73 74 75 77 79 81 82 83 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99'.split(' '))

/**
 * "Keys": Mexico `521` + 10 digits → `52` + the 10 digits; Brazil `55` + area code + 8 digits
 * starting with 6–9 → the `9` inserted after the area code.
 */
export function canonicalWaId(wa: string): string {
  if (/^521\d{10}$/.test(wa)) return `52${wa.slice(3)}`
  const br = /^55(\d{2})([6-9]\d{7})$/.exec(wa)
  return br && DDD.has(br[1]!) ? `55${br[1]}9${br[2]}` : wa
}

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
function localDate(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms))
  const get = (t: string) => parts.find((p) => p.type === t)!.value
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** The conversations and verdicts of one conversation key (rules 1–8). */
function walkKey(key: Msg[], verdict: (m: Msg, v: string, c?: Conv | null) => void): Conv[] {
  const convs: Conv[] = []
  const inboundAt = key.filter((m) => m.inbound && m.delivered !== null).map((m) => m.delivered!)
  // rule 4: the customer service window at t is open when an inbound was delivered in (t − 24 h, t].
  const csw = (t: number) => inboundAt.some((d) => d > t - DAY && d <= t)
  const open = (c: Conv | null | undefined, t: number): c is Conv => !!c && c.opened <= t && t < c.closed
  for (const m of key.filter((x) => x.delivered === null)) {
    // precedence: OUTSIDE_SERVICE_WINDOW (send time) before NOT_DELIVERED; rule 3: opens nothing.
    verdict(m, !m.inbound && m.category === null && !csw(m.ts) ? 'OUTSIDE_SERVICE_WINDOW' : 'NOT_DELIVERED')
  }
  const conv = (category: string, opener: Msg, opened: number, length: number): Conv => {
    const c: Conv = { category, opener, opened, closed: opened + length, reason: 'expired' }
    convs.push(c)
    return c
  }
  let service: Conv | null = null
  const business = new Map<string, Conv>()
  let fep: Conv | null = null
  // rule 5: entry messages delivered while no FEP window was open, with the conversation each opened.
  let pending: { m: Msg; opened: Conv | null }[] = []
  for (const m of key.filter((x) => x.delivered !== null).sort(rule2)) {
    const t = m.delivered!
    const inFep = fep !== null && fep.start! <= t && t < fep.closed
    if (inFep) {
      // rule 7: nothing opens; inbounds and templates are free, attributed to the FEP conversation.
      if (m.inbound || m.category !== null) verdict(m, 'FREE_ENTRY', fep)
      else if (!csw(m.ts)) verdict(m, 'OUTSIDE_SERVICE_WINDOW')
      else verdict(m, 'IN_WINDOW', fep)
      continue
    }
    if (m.inbound) {
      if (open(service, t)) {
        service.closed = t + DAY // rolling: 24 h after the latest delivered inbound
        verdict(m, 'EXTENDED', service)
        if (m.entry) pending.push({ m, opened: null })
      } else {
        service = conv('SERVICE', m, t, DAY)
        verdict(m, 'OPENED', service)
        if (m.entry) pending.push({ m, opened: service })
      }
      continue
    }
    // rule 5: the first outbound delivered in [entry, entry + 24 h) of the earliest qualifying entry.
    const entry = pending.find((e) => e.m.delivered! <= t && t < e.m.delivered! + DAY)
    if (entry) {
      // rule 6: every other open window is suppressed at the reply and keeps its charge.
      for (const c of [...business.values(), ...(service && service !== entry.opened ? [service] : [])]) {
        if (open(c, t)) { c.closed = t; c.reason = 'fep' }
      }
      if (entry.opened !== null && entry.opened === service) {
        fep = service
        fep.category = 'FREE_ENTRY_POINT'
        fep.closed = t + 72 * H
      } else {
        fep = conv('FREE_ENTRY_POINT', m, t, 72 * H)
      }
      fep.start = t
      service = null
      business.clear()
      pending = []
      verdict(entry.m, 'FREE_ENTRY', fep)
      verdict(m, 'FREE_ENTRY', fep)
      continue
    }
    if (m.category !== null) {
      const c = business.get(m.category)
      if (open(c, t)) verdict(m, 'REUSED', c) // the expiry does not move
      else {
        const n = conv(m.category, m, t, DAY)
        business.set(m.category, n)
        verdict(m, 'OPENED', n)
      }
      continue
    }
    // rule 4 and the precedence: judged at the send time; attributed to the service conversation open at delivery.
    if (!csw(m.ts)) verdict(m, 'OUTSIDE_SERVICE_WINDOW')
    else verdict(m, 'IN_WINDOW', open(service, t) ? service : null)
  }
  return convs
}

/** Ledger rows (in interfaces.md §3 order) and verdicts (by message_id) of a CBP log. */
export function cbpOracle(lines: Line[], cfg: CbpConfig): { ledger: CbpRow[]; verdicts: CbpVerdict[] } {
  const msgs = parseMessages(lines, cfg.countryOf, canonicalWaId)
  const verdicts = new Map<string, CbpVerdict>()
  const verdict = (m: Msg, v: string, c: Conv | null = null) => verdicts.set(m.id, { message_id: m.id, verdict: v, row: c ? ref(c) : null })
  const keys = new Map<string, Msg[]>()
  for (const m of msgs) {
    const k = `${m.phone}\u0000${m.wa}`
    keys.set(k, [...(keys.get(k) ?? []), m])
  }
  const convs = [...keys.values()].flatMap((key) => walkKey(key, verdict))

  // rule 9: the first freeTier SERVICE conversations of each WABA and local month, by opened_at then opening id.
  const zone = (waba: string) => cfg.zoneOf?.(waba) ?? 'UTC'
  const free = new Set<Conv>()
  const seen = new Map<string, number>()
  const services = convs.filter((c) => c.category === 'SERVICE')
    .sort((a, b) => (a.opened - b.opened) || cmp(a.opener.id, b.opener.id))
  for (const c of services) {
    const g = `${c.opener.waba}|${localDate(c.opened, zone(c.opener.waba)).slice(0, 7)}`
    seen.set(g, (seen.get(g) ?? 0) + 1)
    if (seen.get(g)! <= cfg.freeTier) free.add(c)
  }

  const currencyOf = (market: string) => cfg.rates.find((r) => r.market === market)?.currency ?? null
  const ledger = convs.map((c): CbpRow => {
    const m = c.opener
    const market = marketOf(m.country, cfg.rates, cfg.marketMap)
    const type = c.category === 'FREE_ENTRY_POINT' ? 'FREE_ENTRY_POINT' : free.has(c) ? 'FREE_TIER' : 'REGULAR'
    let cost: string | null = '0.0000'
    let currency = currencyOf(market)
    if (type === 'REGULAR') {
      // the price for (market, category) effective at opened_at (local date), its tier_from = 1 band
      const date = localDate(c.opened, zone(m.waba))
      const rows = cfg.rates.filter((r) => r.market === market && r.category === c.category && r.effective_from <= date && r.tier_from === 1)
        .sort((a, b) => cmp(b.effective_from, a.effective_from))
      cost = rows[0] ? money(rows[0].price) : null
      currency = rows[0]?.currency ?? null
    }
    return {
      waba_id: m.waba, phone_number_id: m.phone, wa_id: m.wa, country: m.country, market, category: c.category,
      unit: 'conversation', opened_at: iso(c.opened), closed_at: iso(c.closed), close_reason: c.reason,
      opening_message_id: m.id, pricing_type: type, cost, currency, tier: null,
    }
  })
  // interfaces.md §3: phone_number_id, wa_id, opened_at, category, opening_message_id, unit (byte-wise).
  ledger.sort((a, b) => cmp(a.phone_number_id, b.phone_number_id) || cmp(a.wa_id, b.wa_id) || cmp(a.opened_at, b.opened_at)
    || cmp(a.category, b.category) || cmp(a.opening_message_id, b.opening_message_id) || cmp(a.unit, b.unit))
  return { ledger, verdicts: [...verdicts.values()].sort((a, b) => cmp(a.message_id, b.message_id)) }
}
