// The batching property of batching.test.ts across a change of pricing model: random logs over
// six days from 2025-06-28 under the shipped timeline (conversation-based until 30 June,
// per-message from 1 July 2025, pricing-models.md §2): one batch ≡ shuffled, re-batched,
// duplicated, late statuses — ledgers (per-message rows, model_change closes) and verdicts.
import { afterAll, beforeAll, describe, it } from 'vitest'
import fc from 'fast-check'
import { fileURLToPath } from 'node:url'
import { openEngine, type Session } from './support/engine.ts'
import { assertBatchingIndependence, event } from './support/random-log.ts'

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
})
