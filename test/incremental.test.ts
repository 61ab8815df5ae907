// Order and batching independence at the scale of a busy customer, and corrections. Each run: one
// key with HEAVY_MIN–HEAVY_MAX messages over DAYS days, plus two light keys of the same tenant,
// random as in batching.test.ts, fresh tenant ids per run.
// (a) one batch ≡ shuffled into several batches, duplicated, statuses before their messages.
// (b) after the history is stored, later batches bring late messages (old timestamps), corrections
//     (the same message id sent again with another time, kind, delivery or customer: the last
//     message line ingested wins) and late status lines, all landing mid-history. The result must
//     equal (i) one batch of the final lines and (ii) a rebuild of the same database.
// Sizes are kept so that the file takes well under a minute on an engine linear in a key's
// messages; with the quadratic engine before issue 9 (2 shared cores) the file took 50–55 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ingest, ledger, openEngine, rebuild, verdicts, type Line, type Session } from './support/engine.ts'
import { arrange, assertBatchingIndependence, derived, event, eventLines, split, statusLine, type Event } from './support/random-log.ts'

const DAYS = 10
const HEAVY_MIN = 200
const HEAVY_MAX = 400
const LIGHT_MAX = 30
const RUNS = 3

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const heavyKey = fc.array(event(DAYS, [0]), { minLength: HEAVY_MIN, maxLength: HEAVY_MAX })
const lightKeys = fc.array(event(DAYS, [1, 2]), { minLength: 0, maxLength: LIGHT_MAX })
const keys = fc.tuple(heavyKey, lightKeys).map(([h, l]) => [...h, ...l])
const MAX = HEAVY_MAX + LIGHT_MAX

// A correction of event `index` (modulo the count): the fields given replace the current ones.
const correction = fc.record({
  index: fc.nat(),
  q: fc.integer({ min: 0, max: DAYS * 96 }),
  kind: fc.constantFrom('in', 'ctwa', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'reply'),
  fate: fc.constantFrom('delivered', 'failed', 'sent', 'late'),
  customer: fc.constantFrom(0, 1, 2),
}, { requiredKeys: ['index'] })
// A status line for event `index`, `lagQ` quarter hours after its first timestamp.
const lateStatus = fc.record({ index: fc.nat(), status: fc.constantFrom('delivered', 'read', 'failed', 'sent'), lagQ: fc.integer({ min: 0, max: 96 }) })

let run = 0
describe('order and batching independence, heavy keys and corrections', () => {
  it('(a) a key with hundreds of messages: one batch ≡ shuffled, re-batched, duplicated', async () => {
    await assertBatchingIndependence(s, keys, { maxEvents: MAX, minPieces: 2, maxPieces: 6, numRuns: RUNS })
  }, 600_000)

  it('(b) late messages, corrections and late statuses mid-history ≡ one batch of the final lines ≡ rebuild', async () => {
    const rebuilt: { many: string; ids: string[]; one: string; n: number; x: Awaited<ReturnType<typeof derived>>
      before: { l: Awaited<ReturnType<typeof ledger>>; v: Awaited<ReturnType<typeof verdicts>> } }[] = []
    await fc.assert(
      fc.asyncProperty(keys, fc.array(fc.nat(9), { minLength: MAX, maxLength: MAX }),
        fc.array(correction, { minLength: 5, maxLength: 40 }), fc.array(lateStatus, { maxLength: 30 }),
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(), { minLength: 4 * MAX, maxLength: 4 * MAX }),
        async (events, held, corrections, statuses, firstPieces, laterPieces, order) => {
        run++
        const n = events.length
        // Lines as functions of the tenant, in the order `many` ingests them.
        type Spec = { index: number; message: boolean; line: (tenant: string) => Line }
        const specsOf = (index: number, e: Event): Spec[] => {
          const lines = (t: string) => { const l = eventLines(t, index, e); return [l.message, ...l.statuses] }
          return lines('').map((_, j) => ({ index, message: j === 0, line: (t) => lines(t)[j]! }))
        }
        const first = events.flatMap((e, i) => (held[i] === 0 ? [] : specsOf(i, e)))
        const later = events.flatMap((e, i) => (held[i] === 0 ? specsOf(i, e) : []))
        const current = [...events]
        for (const { index, ...fields } of corrections) {
          const i = index % n
          current[i] = { ...current[i]!, ...fields }
          later.push(...specsOf(i, current[i]!))
        }
        for (const { index, status, lagQ } of statuses) {
          const i = index % n
          later.push({ index: i, message: false, line: (t) => statusLine(t, i, status, events[i]!.q + lagQ) })
        }
        const batches = [...split(first, firstPieces), ...split(arrange(later, order), laterPieces)]

        const many = `ic${run}`
        // (i) the final lines in one batch: the last message line of each id, every status line
        const all = batches.flat()
        const last = new Map(all.filter((x) => x.message).map((x) => [x.index, x]))
        const one = `id${run}`
        const oneBatch = [...last.values(), ...all.filter((x) => !x.message)].map((x) => x.line(one))
        // ingested with the last batch of `many` (an ingest less a run; as in random-log.ts's
        // assertBatchingIndependence: the tenants share nothing, `one`'s keys are new, `many` has
        // no later batch to serve the tails that batch keeps)
        for (const [n, batch] of batches.entries()) {
          await ingest(s, [...batch.map((x) => x.line(many)), ...(n === batches.length - 1 ? oneBatch : [])])
        }

        const x = await derived(s, one, n)
        const y = await derived(s, many, n)
        expect(x.v).toHaveLength(n)
        expect(y.l).toEqual(x.l)
        expect(y.v).toEqual(x.v)

        // (ii) rebuild: everything derived again from the stored messages, to the same rows (one
        // rebuild after the runs, each run's tenants their own: a rebuild per run re-derived the
        // earlier runs' heavy keys again each time)
        const ids = y.v.map((v) => `${many}.${v.message_id}`)
        rebuilt.push({ many, ids, one, n, x, before: { l: await ledger(s, `p-${many}`), v: await verdicts(s, ids) } })
      }),
      { numRuns: RUNS, endOnFailure: true },
    )
    expect(rebuilt).toHaveLength(RUNS)
    await rebuild(s)
    for (const { many, ids, one, n, x, before } of rebuilt) {
      expect(await ledger(s, `p-${many}`)).toEqual(before.l)
      expect(await verdicts(s, ids)).toEqual(before.v)
      expect(await derived(s, one, n)).toEqual(x)
    }
  }, 600_000)
})
