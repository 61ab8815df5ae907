// The oracle properties' side of the engine (pmp-oracle, cbp-oracle, cbp-oracle-cases): the rate
// card and market map as the oracles read them, and a WABA's ledger and verdicts in the oracles'
// shape (conversation_id as `unit:opening_message_id`).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ledger, verdicts, type Session } from './engine.ts'
import type { RateRow } from './oracle-input.ts'

const csv = (p: string) => readFileSync(p, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))

/** A rate-card CSV (no quoted fields) as the oracles' rows. */
export function readRates(path: string): RateRow[] {
  return csv(path).map(([market = '', category = '', price = '', currency = '', effective_from = '', tier_from]) =>
    ({ market, category, price, currency, effective_from, tier_from: Number(tier_from || 1) }))
}

/** The shipped country → market map. */
export const marketMap: Record<string, string> = Object.fromEntries(
  csv(fileURLToPath(new URL('../../config/defaults/market-map.csv', import.meta.url))).map(([c = '', m = '']) => [c, m]))

/** The engine's whole ledger (its order) and verdicts, read once for the tenants of a batch. */
export async function engineRows(s: Session) {
  return { ledger: await ledger(s), verdicts: await verdicts(s) }
}

/** The engine's ledger (its order) and verdicts (by message_id) of WABA `waba` and messages `ids`. */
export function engineView(all: Awaited<ReturnType<typeof engineRows>>, waba: string, ids: string[]) {
  const rows = all.ledger.filter((r) => r.waba_id === waba)
  const ref = new Map(rows.map((r) => [r.conversation_id, `${r.unit}:${r.opening_message_id}`]))
  const v = ids.flatMap((id) => { const x = all.verdicts.get(id); return x ? [x] : [] })
    .map((x) => ({ message_id: x.message_id, verdict: x.verdict, row: x.conversation_id === null ? null : ref.get(x.conversation_id) ?? `?${x.conversation_id}` }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.message_id), Buffer.from(b.message_id))) // byte-wise, as interfaces.md §3
  const ledgerRows = rows.map(({ waba_id, phone_number_id, wa_id, country, market, category, unit, opened_at, closed_at, close_reason, opening_message_id, pricing_type, cost, currency, tier }) =>
    ({ waba_id, phone_number_id, wa_id, country, market, category, unit, opened_at, closed_at, close_reason, opening_message_id, pricing_type, cost, currency, tier }))
  return { ledger: ledgerRows, verdicts: v }
}
