// Test access to the real engine: one scratch chDB database per test file, migrated with the
// real migrations, fed through the real ingest path. Tests isolate their data by tenant ids
// (phone_number_id / waba_id) instead of truncating tables.
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { openScratch, type Session } from '../../core/session.ts'
import { ingestSource, type BatchSummary } from '../../ingest/pipeline.ts'
import { rebuild as rebuildDb } from '../../core/derive.ts'
import { text } from '../../core/db/sql.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'

export type { Session }

export type Line = Record<string, unknown> | string

/**
 * The conversation-based timeline of billing-rules.md alone (one CBP row from 1970): the tests of
 * the conversation rules use dates after 2024-11-01, which the shipped timeline prices by later
 * models (pricing-models.md §1).
 */
export const CBP_ONLY = fileURLToPath(new URL('../fixtures/pricing-models-cbp.csv', import.meta.url))

/** A scratch database; by default under the CBP-only timeline (pass `pricingModels` to change it). */
export async function openEngine(ref: ReferenceOptions = {}): Promise<Session> {
  return openScratch({ pricingModels: CBP_ONLY, ...ref })
}

export async function ingest(s: Session, lines: Line[], source = 'test'): Promise<BatchSummary> {
  const body = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')
  // Through the session's writer queue, as the server's own writers: an app on this session
  // learns of the batch (results cache, /api/events).
  return s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), source))
}

/** Drops everything derived and derives it again from the stored messages (`wacost rebuild`). */
export async function rebuild(s: Session): Promise<void> {
  await s.exclusive(() => rebuildDb(s.db))
}

export interface LedgerRow {
  conversation_id: string; waba_id: string; phone_number_id: string; wa_id: string; country: string | null
  market: string; category: string; opened_at: string; closed_at: string; close_reason: string
  opening_message_id: string; pricing_type: string; cost: string; currency: string
  unit: 'conversation' | 'message'; tier: string | null
}
export interface VerdictRow { message_id: string; verdict: string; conversation_id: string | null }

function ndjson<T>(out: string): T[] {
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T)
}

export async function ledger(s: Session, phone?: string): Promise<LedgerRow[]> {
  const all = ndjson<LedgerRow>(await text(s.db, 'queries/ledger', {}, 'JSONEachRow'))
  return phone === undefined ? all : all.filter((r) => r.phone_number_id === phone)
}

export async function verdicts(s: Session, ids?: string[]): Promise<Map<string, VerdictRow>> {
  const all = ndjson<VerdictRow>(await text(s.db, 'queries/verdicts', {}, 'JSONEachRow'))
  return new Map(all.filter((v) => ids === undefined || ids.includes(v.message_id)).map((v) => [v.message_id, v]))
}

/**
 * Ledger and verdicts of tenant `t` (keyOf: phone number `pn-t`, message ids `t.x`), its ids made
 * local (`t.x` → `x`, conversation, WABA and phone ids blanked), to compare two tenants' results.
 */
export async function tenantResult(s: Session, t: string) {
  const l = (await ledger(s, `pn-${t}`)).map((r) => ({ ...r, conversation_id: '', waba_id: '', phone_number_id: '',
    opening_message_id: r.opening_message_id.slice(t.length + 1) }))
  const v = [...(await verdicts(s)).values()].filter((x) => x.message_id.startsWith(`${t}.`))
    .map((x) => [x.message_id.slice(t.length + 1), x.verdict]).sort()
  return { l, v }
}
