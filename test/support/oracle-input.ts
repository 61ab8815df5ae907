// What the two spec oracles (pmp-oracle.ts, cbp-oracle.ts) read alike, written from the spec text
// alone (not from sql/): each message's delivery (interfaces.md §1), the market of a country
// (billing-rules.md "Keys") and the printed cost (pricing-models.md §3 P3).

export interface RateRow { market: string; category: string; price: string; currency: string; effective_from: string; tier_from: number }
export interface Msg {
  id: string; ts: number; waba: string; phone: string; wa: string; inbound: boolean
  category: string | null; entry: boolean; country: string | null; delivered: number | null
}
type Line = Record<string, unknown>

export const time = (v: unknown): number => typeof v === 'number' || /^\d+$/.test(String(v)) ? Number(v) * 1000 : Date.parse(String(v))

/**
 * interfaces.md §1: message lines (the last one of an id wins), status lines accumulate; delivery
 * per direction. `canonical`: the customer's wa_id as the key takes it; `countryOf`: its country.
 */
export function parseMessages(lines: Line[], countryOf: (wa: string) => string | null, canonical = (wa: string) => wa): Msg[] {
  const byId = new Map<string, Line>()
  const statuses = new Map<string, { status: string; at: number }[]>()
  for (const l of lines) {
    const id = String(l.message_id)
    if (l.kind === 'status') statuses.set(id, [...(statuses.get(id) ?? []), { status: String(l.status), at: time(l.timestamp) }])
    else byId.set(id, l)
  }
  return [...byId.values()].map((l) => {
    const id = String(l.message_id)
    const ts = time(l.timestamp)
    const inbound = l.direction === 'inbound'
    const own = l.status === undefined || l.status === null ? undefined : { status: String(l.status), at: l.status_timestamp === undefined ? ts : time(l.status_timestamp) }
    const all = [...(own ? [own] : []), ...(statuses.get(id) ?? [])]
    let delivered: number | null
    // A line without status is a delivery at its timestamp that no failed status line undoes.
    if (own === undefined) delivered = ts
    else if (inbound) delivered = all.some((s) => s.status === 'failed') ? null : ts
    else {
      const d = all.filter((s) => s.status === 'delivered' || s.status === 'read').map((s) => s.at)
      delivered = d.length ? Math.min(...d) : null
    }
    const wa = canonical(String(l.wa_id))
    return {
      id, ts, waba: String(l.waba_id), phone: String(l.phone_number_id), wa, inbound,
      category: l.template_category ? String(l.template_category).toUpperCase() : null,
      entry: inbound && (l.entry_point === 'ctwa' || l.entry_point === 'page_cta'),
      country: l.country ? String(l.country).toUpperCase() : countryOf(wa), delivered,
    }
  })
}

/** "Keys": the country when the rate card has any row for it, else its group, else OTHER. */
export function marketOf(country: string | null, rates: RateRow[], marketMap: Record<string, string>): string {
  if (country && rates.some((r) => r.market === country)) return country
  return (country && marketMap[country]) || 'OTHER'
}

/** The cost: 4 fractional digits, more when the price has them. */
export function money(price: string): string {
  const [int, frac = ''] = price.split('.')
  return `${int}.${frac.padEnd(Math.max(4, frac.length), '0')}`
}
