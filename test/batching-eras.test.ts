// The batching property of batching.test.ts across a change of pricing model: random logs over
// six days from 2025-06-28 under the shipped timeline (conversation-based until 30 June,
// per-message from 1 July 2025, pricing-models.md §2): one batch ≡ shuffled, re-batched,
// duplicated, late statuses — ledgers (per-message rows, model_change closes) and verdicts.
//
// Bug found by this property (about one CI run in three) and fixed: a UTILITY reply to a
// click-to-WhatsApp entry and an AUTHENTICATION template inside that free entry point were
// FREE_ENTRY_POINT in one batch but REGULAR (charged) after three batches. The batch that brought
// the entry message derived them right, but their new rows' +1 and the old REGULAR rows' -1 had
// the same sort key in conversations (pricing type and price were not in it), so the
// CollapsingMergeTree cancelled them against each other at insert and the old rows stayed live
// (migrations 570-579: conversations and verdicts sorted by every column). The counterexample is
// fixtures/eras-batching-counterexample.json.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fileURLToPath } from 'node:url'
import { ingest, openEngine, type Session } from './support/engine.ts'
import { arrange, assertBatchingIndependence, derived, event, eventLines, split, type Event } from './support/random-log.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
// 2025-06-28T00:00Z, in hours from the logs' base instant 2025-12-01T00:00Z
const shift = (Date.parse('2025-06-28T00:00:00Z') - Date.parse('2025-12-01T00:00:00Z')) / 3_600_000

let s: Session
beforeAll(async () => { s = await openEngine({ pricingModels: shipped }) })
afterAll(async () => { await s.close() })

describe('order and batching independence across eras', () => {
  it('random logs across 1 July 2025: one batch ≡ shuffled, re-batched, duplicated, late statuses', async () => {
    await assertBatchingIndependence(s, fc.array(event(6), { minLength: 1, maxLength: 40 }),
      { maxEvents: 40, minPieces: 1, maxPieces: 4, numRuns: 10, shift })
    // ~50 s alone; it ran past 300 s once in a full run on a machine loaded ~9 (a CI proof)
  }, 600_000)

  it('a free entry point\'s per-message charges after three batches ≡ one batch (FREE_ENTRY_POINT, not charged)', async () => {
    const [evs, pieces, order, twice] = JSON.parse(readFileSync(new URL('./fixtures/eras-batching-counterexample.json', import.meta.url), 'utf8')) as [Event[], number, number[], boolean[]]
    const built = (tenant: string) => evs.map((e, i) => eventLines(tenant, i, e, shift))
    const a = built('kb-one')
    await ingest(s, [...a.map((x) => x.message), ...a.flatMap((x) => x.statuses)])
    const b = built('kb-many')
    const messages = b.map((x) => x.message)
    for (const batch of split(arrange([...b.flatMap((x) => x.statuses), ...messages, ...messages.filter((_, i) => twice[i])], order), pieces)) {
      await ingest(s, batch)
    }
    const x = await derived(s, 'kb-one', evs.length)
    const y = await derived(s, 'kb-many', evs.length)
    expect(y.v).toEqual(x.v)
    expect(y.l).toEqual(x.l)
    // the right value, not only the same one: the reply (message 2) and the template inside the
    // free entry point (message 7) are free
    const free = y.l.filter((r) => r.unit === 'message' && ['2', '7'].includes(r.opening_message_id))
    expect(free.map((r) => [r.opening_message_id, r.pricing_type, r.cost])).toEqual([
      ['2', 'FREE_ENTRY_POINT', '0.0000'], ['7', 'FREE_ENTRY_POINT', '0.0000']])
  }, 120_000)
})
