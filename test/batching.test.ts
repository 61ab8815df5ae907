// Property: the derivation depends only on the set of lines, not on how they arrive. Random
// logs (3 customers, inbound with entry points, templates of every category, free-form replies,
// failures, deliveries reported by separate status lines) are ingested once in a single batch
// and once shuffled into several batches with duplicates, statuses before their messages, and
// late statuses; ledgers and verdicts must be identical. Each run uses fresh tenant ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { at } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type LedgerRow } from './support/engine.ts'
import type { Session } from '../core/session.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const customers = ['14155550101', '919812345678', '5511987654321']

const event = fc.record({
  customer: fc.integer({ min: 0, max: 2 }),
  // quarter hours over ~6 days: many exact 24 h / 72 h boundaries
  q: fc.integer({ min: 0, max: 6 * 96 }),
  kind: fc.constantFrom('in', 'in', 'ctwa', 'page_cta', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'reply', 'reply'),
  fate: fc.constantFrom('delivered', 'delivered', 'delivered', 'failed', 'sent', 'late'),
  lagQ: fc.integer({ min: 0, max: 8 }),
})

interface Built { messages: Record<string, unknown>[]; statuses: Record<string, unknown>[] }

type Event = typeof event extends fc.Arbitrary<infer E> ? E : never

function build(events: Event[], tenant: string): Built {
  const messages: Record<string, unknown>[] = []
  const statuses: Record<string, unknown>[] = []
  events.forEach((e, i) => {
    const id = `${tenant}.${i}`
    const base = { message_id: id, timestamp: at(e.q / 4), waba_id: `w-${tenant}`, phone_number_id: `p-${tenant}`, wa_id: customers[e.customer] }
    if (e.kind === 'in' || e.kind === 'ctwa' || e.kind === 'page_cta') {
      messages.push({ ...base, direction: 'inbound', ...(e.kind !== 'in' && { entry_point: e.kind, ad_id: `ad-${i % 3}` }), ...(e.fate === 'failed' && { status: 'failed' }) })
      return
    }
    const m = { ...base, direction: 'outbound', ...(e.kind !== 'reply' && { template_category: e.kind }) }
    if (e.fate === 'delivered') messages.push(m)
    else if (e.fate === 'failed') messages.push({ ...m, status: 'failed' })
    else if (e.fate === 'sent') messages.push({ ...m, status: 'sent' })
    else {
      messages.push({ ...m, status: 'sent' })
      statuses.push({ kind: 'status', message_id: id, status: 'delivered', timestamp: at((e.q + e.lagQ) / 4) })
      statuses.push({ kind: 'status', message_id: id, status: 'read', timestamp: at((e.q + e.lagQ + 1) / 4) })
    }
  })
  return { messages, statuses }
}

/** Ledger and verdicts of a tenant, with tenant-specific ids replaced by the event index. */
async function derived(tenant: string, count: number) {
  const local = (id: string) => id.slice(tenant.length + 1)
  const opener = new Map<string, string>()
  const l = (await ledger(s, `p-${tenant}`)).map((r: LedgerRow) => {
    opener.set(r.conversation_id, local(r.opening_message_id))
    return { ...r, conversation_id: '', waba_id: '', phone_number_id: '', opening_message_id: local(r.opening_message_id) }
  })
  const ids = Array.from({ length: count }, (_, i) => `${tenant}.${i}`)
  const v = [...(await verdicts(s, ids)).values()].map((x) => ({
    message_id: local(x.message_id), verdict: x.verdict, conversation: x.conversation_id && opener.get(x.conversation_id),
  }))
  return { l, v }
}

let run = 0
describe('order and batching independence', () => {
  it('random logs: one batch ≡ shuffled, re-batched, duplicated, late statuses', async () => {
    await fc.assert(
      // order: a sort key per line (the shuffle); twice: which message lines come again
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        async (events, pieces, order, twice) => {
        run++
        const one = `one${run}`
        const many = `many${run}`
        const a = build(events, one)
        await ingest(s, [...a.messages, ...a.statuses])
        const b = build(events, many)
        // shuffled (statuses may come before their messages), some lines twice
        const lines = [...b.statuses, ...b.messages, ...b.messages.filter((_, i) => twice[i])]
          .map((line, i) => ({ line, key: order[i] ?? i }))
          .sort((x, y) => x.key - y.key)
          .map((x) => x.line)
        const size = Math.ceil(lines.length / pieces)
        for (let p = 0; p < lines.length; p += size) await ingest(s, lines.slice(p, p + size))
        const x = await derived(one, events.length)
        const y = await derived(many, events.length)
        expect(x.v).toHaveLength(events.length)
        expect(y.l).toEqual(x.l)
        expect(y.v).toEqual(x.v)
      }),
      { numRuns: 12 },
    )
  })
})
