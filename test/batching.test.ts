// Property: the derivation depends only on the set of lines, not on how they arrive. Random
// logs (3 customers, inbound with entry points, templates of every category, free-form replies,
// failures, deliveries reported by separate status lines) are ingested once in a single batch
// and once shuffled into several batches with duplicates, statuses before their messages, and
// late statuses; ledgers and verdicts must be identical. Each run uses fresh tenant ids.
// Keys with hundreds of messages and corrections: incremental.test.ts.
import { afterAll, beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { openEngine, type Session } from './support/engine.ts'
import { assertBatchingIndependence, event } from './support/random-log.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

describe('order and batching independence', () => {
  it('random logs: one batch ≡ shuffled, re-batched, duplicated, late statuses', async () => {
    await assertBatchingIndependence(s, fc.array(event(6), { minLength: 1, maxLength: 40 }),
      { maxEvents: 40, minPieces: 1, maxPieces: 4, numRuns: 12 })
  }, 300_000)
})
