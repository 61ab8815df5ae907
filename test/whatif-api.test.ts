// The what-if routes (api/routes/whatif.ts): 202 "computing" then the rows; WABA scoping as on
// every route; shipped scenarios and uploaded timelines checked by the loader's rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { adminKey, get, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { dropWhatifs, type WhatifRow } from '../core/whatif.ts'
import { whatifLog } from './fixtures/whatif-log.ts'
import { removeUploads } from '../core/whatif-scenarios.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rateCard = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))
const aKey = 'test-key-waba-a-0123456789'

let t: TestApp
beforeAll(async () => {
  t = await openApp({ pricingModels: shipped, rateCard }, `${adminKey}=*,${aKey}=waba-wi-a`)
  await ingest(t.session, whatifLog)
}, 60_000)
afterAll(async () => {
  await dropWhatifs(t.app.db)
  await t.app.close()
  // The uploads' directory (a test worker is killed, not exited: no 'exit' handler runs).
  removeUploads()
})

/** Asks until the what-if is computed (202 meanwhile); returns the final answer. */
async function whatif(query: string, key = adminKey) {
  for (let i = 0; i < 120; i++) {
    const res = await get(t.app, `/api/whatif?${query}&format=json`, key)
    if (res.statusCode !== 202) return res
    expect(res.json()).toMatchObject({ status: 'computing' })
    expect(res.headers['retry-after']).toBe('2')
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('still computing')
}

describe('GET /api/whatif', () => {
  it('lists the shipped scenarios with their sources', async () => {
    const res = await get(t.app, '/api/whatif/scenarios')
    expect(res.statusCode).toBe(200)
    const list = res.json<{ id: string; description: string }[]>()
    expect(list.map((s) => s.id)).toContain('october-2026-rules')
    expect(list.every((s) => s.description.length > 20)).toBe(true)
  })

  it('answers 202 computing, then current vs alternative per category, only for the WABAs the key may read', async () => {
    const res = await whatif('scenario=october-2026-rules&by_waba=true', aKey)
    expect(res.statusCode, res.body).toBe(200)
    const rows = res.json<WhatifRow[]>()
    expect(new Set(rows.map((r) => r.waba_id))).toEqual(new Set(['waba-wi-a']))
    const total = rows.find((r) => r.row_type === 'total')!
    // June 2025 re-priced per message, service and in-window utility charged: a difference
    expect(total.difference).not.toBe('0.0000')
    // cached: the next ask answers at once
    expect((await get(t.app, '/api/whatif?scenario=october-2026-rules&format=json', aKey)).statusCode).toBe(200)
    // the admin key sees both WABAs summed (waba_id empty)
    const all = (await whatif('scenario=october-2026-rules')).json<WhatifRow[]>()
    expect(new Set(all.map((r) => r.waba_id))).toEqual(new Set(['']))
    expect(all.find((r) => r.row_type === 'total')!.current_count).toBeGreaterThan(total.current_count)
  }, 120_000)

  it('refuses a WABA the key may not read, an unknown scenario, and no key', async () => {
    const other = await get(t.app, '/api/whatif?scenario=october-2026-rules&waba=waba-wi-b&format=json', aKey)
    expect([other.statusCode, other.json().error.code]).toEqual([404, 'UNKNOWN_WABA'])
    const unknown = await get(t.app, '/api/whatif?scenario=no-such-rules&format=json')
    expect([unknown.statusCode, unknown.json().error.param]).toEqual([404, 'scenario'])
    const traversal = await get(t.app, '/api/whatif?scenario=..%2Fdefaults%2Fpricing-models&format=json')
    expect(traversal.statusCode).toBe(400)
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/whatif?scenario=october-2026-rules' })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('POST /api/whatif/timelines', () => {
  const post = (body: string, key = adminKey) => t.app.inject({
    method: 'POST', url: '/api/whatif/timelines', payload: body, headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
  })

  it('checks an uploaded timeline like --pricing-models and prices the traffic under it', async () => {
    const bad = await post('effective_from,model,service,free_tier,utility_in_service_window\n2025-07-01,PMP,free,,sometimes\n')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toMatch(/the timeline line 2: utility_in_service_window/)
    const twice = await post('effective_from,model,service,free_tier,utility_in_service_window\n2025-07-01,CBP,free,,\n2025-07-01,PMP,free,,free\n')
    expect(twice.statusCode).toBe(400)
    const big = await post(`effective_from,model,service,free_tier,utility_in_service_window\n${'1970-01-01,CBP,free,,\n'.repeat(1000)}`)
    expect(big.statusCode).toBe(413)
    const ok = await post('effective_from,model,service,free_tier,utility_in_service_window\n1970-01-01,CBP,free_tier,1000,\n')
    expect(ok.statusCode, ok.body).toBe(201)
    const { scenario } = ok.json<{ scenario: string }>()
    expect(scenario).toMatch(/^upload-[0-9a-f]{16}$/)
    const res = await whatif(`scenario=${scenario}&waba=waba-wi-b`, aKey)
    expect(res.statusCode).toBe(404)
    const rows = (await whatif(`scenario=${scenario}&waba=waba-wi-b`)).json<WhatifRow[]>()
    // every charge of waba-wi-b is a conversation under a CBP-only timeline
    expect(rows.filter((r) => r.row_type === 'item' && r.alternative_count !== 0).every((r) => r.unit === 'conversation')).toBe(true)
  }, 120_000)
})

describe('GET /api/whatif?since=', () => {
  it('applies a shipped scenario from a chosen day: the stored timeline before it, the scenario from it', async () => {
    const june = (await whatif('scenario=october-2026-rules&since=2025-07-01&from=2025-06-01&to=2025-06-30')).json<WhatifRow[]>()
    expect(june.length).toBeGreaterThan(0)
    for (const r of june) expect([r.alternative_count, r.alternative_cost, r.difference]).toEqual([r.current_count, r.current_cost, '0.0000'])
    const july = (await whatif('scenario=october-2026-rules&since=2025-07-01&from=2025-07-01&to=2025-07-31')).json<WhatifRow[]>()
    // utility templates inside the customer service window are charged under the October 2026 rules
    const utility = july.find((r) => r.row_type === 'category' && r.category === 'UTILITY')!
    expect(Number(utility.difference)).toBeGreaterThan(0)
    const bad = await get(t.app, '/api/whatif?scenario=october-2026-rules&since=2025-02-30&format=json')
    // in the words of every other date (core/scope.ts notADate), not a wording of its own
    expect([bad.statusCode, bad.json().error]).toEqual([400, { code: 'BAD_DATE', param: 'since', message: 'since: "2025-02-30" is not a date; expected YYYY-MM-DD, e.g. 2024-09-01.' }])
  }, 120_000)
})
