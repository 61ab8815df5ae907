// Random message logs for the order and batching properties (batching.test.ts,
// incremental.test.ts): events of a few customers of one tenant (inbound with entry points,
// templates of every category, free-form replies, failures, deliveries reported by separate
// status lines), turned into log lines for a given tenant, and a tenant's derivation with its
// tenant-specific ids replaced by event indexes so that two tenants' results compare equal.
import { expect } from 'vitest'
import fc from 'fast-check'
import { at } from './log.ts'
import { ingest, ledger, verdicts, type LedgerRow, type Line, type Session } from './engine.ts'

const customers = ['14155550101', '919812345678', '5511987654321']

const fates = ['delivered', 'delivered', 'delivered', 'failed', 'sent', 'late'] as const

/**
 * An event of one of the given customers (indexes 0–2) at a quarter hour within `days` days;
 * `late`: how many times a delivery told by status lines is drawn among the 5 other fates
 * (delivered as its line says thrice, failed, sent).
 */
export function event(days: number, who: number[] = [0, 1, 2], late = 1) {
  return fc.record({
    customer: fc.constantFrom(...who),
    // quarter hours: many exact 24 h / 72 h boundaries
    q: fc.integer({ min: 0, max: days * 96 }),
    kind: fc.constantFrom('in', 'in', 'ctwa', 'page_cta', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'reply', 'reply'),
    fate: fc.constantFrom(...fates, ...Array<'late'>(late - 1).fill('late')),
    lagQ: fc.integer({ min: 0, max: 8 }),
  })
}

export type Event = ReturnType<typeof event> extends fc.Arbitrary<infer E> ? E : never

export const messageId = (tenant: string, i: number) => `${tenant}.${i}`

/** `shift`: hours added to every time (to place a log across a change of pricing model). */
export const statusLine = (tenant: string, i: number, status: string, q: number, shift = 0): Line =>
  ({ kind: 'status', message_id: messageId(tenant, i), status, timestamp: at(shift + q / 4) })

/** The message line of event i, and its status lines (a late delivery; a failure of an inbound). */
export function eventLines(tenant: string, i: number, e: Event, shift = 0): { message: Line; statuses: Line[] } {
  const base = { message_id: messageId(tenant, i), timestamp: at(shift + e.q / 4), waba_id: `w-${tenant}`, phone_number_id: `p-${tenant}`, wa_id: customers[e.customer] }
  if (e.kind === 'in' || e.kind === 'ctwa' || e.kind === 'page_cta') {
    const entry = e.kind !== 'in' && { entry_point: e.kind, ad_id: `ad-${i % 3}` }
    const m = { ...base, direction: 'inbound', ...entry }
    if (e.fate === 'failed') return { message: { ...m, status: 'failed' }, statuses: [] }
    // a failed status line fails an inbound whose line has a status ('sent' here: a line saying
    // delivered), never one without ('late'): interfaces.md §1
    if (e.fate === 'sent' || e.fate === 'late') {
      return { message: { ...m, ...(e.fate === 'sent' && { status: 'delivered' }) }, statuses: [statusLine(tenant, i, 'failed', e.q + e.lagQ, shift)] }
    }
    return { message: m, statuses: [] }
  }
  const m = { ...base, direction: 'outbound', ...(e.kind !== 'reply' && { template_category: e.kind }) }
  if (e.fate === 'delivered') return { message: m, statuses: [] }
  if (e.fate !== 'late') return { message: { ...m, status: e.fate }, statuses: [] }
  return {
    message: { ...m, status: 'sent' },
    statuses: [statusLine(tenant, i, 'delivered', e.q + e.lagQ, shift), statusLine(tenant, i, 'read', e.q + e.lagQ + 1, shift)],
  }
}

/** Items in the order of their sort keys (a shuffle drawn by fast-check: shrinkable). */
export function arrange<T>(items: T[], keys: number[]): T[] {
  return items.map((item, i) => ({ item, key: keys[i] ?? i })).sort((x, y) => x.key - y.key).map((x) => x.item)
}

/** Items cut into `pieces` consecutive batches. */
export function split<T>(items: T[], pieces: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / pieces))
  const out: T[][] = []
  for (let p = 0; p < items.length; p += size) out.push(items.slice(p, p + size))
  return out
}

/** Ledger and verdicts of a tenant, with tenant-specific ids replaced by the event index. */
export async function derived(s: Session, tenant: string, count: number) {
  const local = (id: string) => id.slice(tenant.length + 1)
  const opener = new Map<string, string>()
  const l = (await ledger(s, `p-${tenant}`)).map((r: LedgerRow) => {
    opener.set(r.conversation_id, local(r.opening_message_id))
    return { ...r, conversation_id: '', waba_id: '', phone_number_id: '', opening_message_id: local(r.opening_message_id) }
  })
  const ids = Array.from({ length: count }, (_, i) => messageId(tenant, i))
  const v = [...(await verdicts(s, ids)).values()].map((x) => ({
    message_id: local(x.message_id), verdict: x.verdict, conversation: x.conversation_id && opener.get(x.conversation_id),
  }))
  return { l, v }
}

let run = 0

/**
 * The property of batching.test.ts: `events` ingested as one batch (tenant `one…`) ≡ (tenant
 * `many…`) shuffled, the message lines drawn in `twice` sent again, statuses possibly before
 * their messages, cut into minPieces–maxPieces batches: identical ledgers and verdicts.
 */
export async function assertBatchingIndependence(s: Session, events: fc.Arbitrary<Event[]>,
  o: { maxEvents: number; minPieces: number; maxPieces: number; numRuns: number; shift?: number; seed?: number }): Promise<void> {
  await fc.assert(
    // order: a sort key per line (the shuffle; ≤ 2 statuses and 2 message lines an event)
    fc.asyncProperty(events, fc.integer({ min: o.minPieces, max: o.maxPieces }),
      fc.array(fc.nat(), { minLength: 5 * o.maxEvents, maxLength: 5 * o.maxEvents }),
      fc.array(fc.boolean(), { minLength: o.maxEvents, maxLength: o.maxEvents }),
      async (evs, pieces, order, twice) => {
        run++
        const built = (tenant: string) => evs.map((e, i) => eventLines(tenant, i, e, o.shift))
        const a = built(`one${run}`)
        const b = built(`many${run}`)
        const messages = b.map((x) => x.message)
        const lines = arrange([...b.flatMap((x) => x.statuses), ...messages, ...messages.filter((_, i) => twice[i])], order)
        // The one batch of `one…` travels with the last batch of `many…` (an ingest less a run,
        // ~1–2 s of engine planning each): the tenants share nothing; `one…`'s keys are new, so
        // the batch compares (or not) as `many…`'s alone; what a batch decides from its latest
        // message (the tails it keeps) serves only later batches, and `many…` has none.
        const batches = split(lines, pieces)
        for (const [n, batch] of batches.entries()) {
          await ingest(s, n < batches.length - 1 ? batch : [...batch, ...a.map((x) => x.message), ...a.flatMap((x) => x.statuses)])
        }
        const x = await derived(s, `one${run}`, evs.length)
        const y = await derived(s, `many${run}`, evs.length)
        expect(x.v).toHaveLength(evs.length)
        expect(y.l).toEqual(x.l)
        expect(y.v).toEqual(x.v)
      }),
    { numRuns: o.numRuns, ...(o.seed !== undefined && { seed: o.seed }) },
  )
}
