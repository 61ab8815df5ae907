// Volume tiers across batches (pricing-models.md §4): a late message ranked before stored ones,
// another customer of the same WABA, a late delivery and a correction that takes a charge out of
// the count re-rank the month exactly as one batch of the final lines does. Bands of the test card:
// India UTILITY 0.0014 from the 1st message of a month, 0.0012 from the 3rd.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { ingest, ledger, openEngine, type Session } from './support/engine.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rates = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))

let s: Session
beforeAll(async () => { s = await openEngine({ pricingModels: shipped, rateCard: rates }) })
afterAll(async () => { await s.close() })

const utility = (t: string, id: string, h: number, wa_id: string, extra: Record<string, unknown> = {}) => ({
  message_id: `${t}.${id}`, timestamp: new Date(Date.parse('2025-08-04T00:00:00Z') + h * 3_600_000).toISOString(),
  waba_id: `w-${t}`, phone_number_id: `p-${t}`, wa_id, direction: 'outbound', template_category: 'UTILITY', ...extra,
})
const A = '919812345678'
const B = '919812345679'

async function tiers(t: string) {
  const rows = [...(await ledger(s)).filter((r) => r.waba_id === `w-${t}`)]
  rows.sort((x, y) => x.opened_at.localeCompare(y.opened_at))
  return rows.map((r) => [r.opening_message_id.slice(t.length + 1), r.category, r.cost, r.tier])
}

it('re-ranks a month exactly when charges arrive late, from other keys, or leave it', async () => {
  const batches = (t: string) => [
    [utility(t, 'u10', 10, A), utility(t, 'u20', 20, A), utility(t, 'u30', 30, A)],
    [utility(t, 'u5', 5, A)],
    [utility(t, 'b25', 25, B), utility(t, 'late', 26, B, { status: 'sent' })],
    [{ kind: 'status', message_id: `${t}.late`, status: 'delivered', timestamp: new Date(Date.parse('2025-08-04T00:00:00Z') + 27 * 3_600_000).toISOString() }],
    // a correction: u20 was a marketing template, which takes no tier rank
    [utility(t, 'u20', 20, A, { template_category: 'MARKETING' })],
  ]
  for (const b of batches('many')) await ingest(s, b)
  const final = batches('one')
  await ingest(s, [...final[1]!, ...final[2]!, ...final[3]!, utility('one', 'u10', 10, A), final[4]![0]!, utility('one', 'u30', 30, A)])
  const expected = [
    ['u5', 'UTILITY', '0.0014', '0:2'],
    ['u10', 'UTILITY', '0.0014', '0:2'],
    ['u20', 'MARKETING', '0.0118', null],
    ['b25', 'UTILITY', '0.0012', '2:MAX'],
    ['late', 'UTILITY', '0.0012', '2:MAX'],
    ['u30', 'UTILITY', '0.0012', '2:MAX'],
  ]
  expect(await tiers('one')).toEqual(expected)
  expect(await tiers('many')).toEqual(expected)
})

// A charge retracted from a count keeps its +1 and -1 rows until the engine merges them: a later
// batch that only continues the month counts the charges before it by their signs (+1 -1 = none),
// not by their rows (two), which would rank the next charge 3rd.
it('does not count a retracted charge when a later batch continues the month', async () => {
  const batches = (t: string) => [
    [utility(t, 'u1', 1, A)],
    [utility(t, 'u1', 1, A, { template_category: 'MARKETING' })],
    [utility(t, 'u2', 2, A)],
  ]
  for (const b of batches('cont')) await ingest(s, b)
  const expected = [
    ['u1', 'MARKETING', '0.0118', null],
    ['u2', 'UTILITY', '0.0014', '0:2'],
  ]
  expect(await tiers('cont')).toEqual(expected)
})
