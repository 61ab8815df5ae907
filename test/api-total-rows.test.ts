// GET /api/spend's and GET /api/reconcile/total's rows as a fresh-user trial read them, through
// app.inject on the demo dataset with the fixtures of Meta's pricing (test/support/meta-log.ts,
// every kind of discrepancy, conversation splits among them): a total over an open period was
// dated 1970-01-01 (the open bound, not a day of the data); the conversation splits' row of the
// reconciliation's total must state no currency (null in every format, never '').
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tableFromIPC } from 'apache-arrow'
import { openDemoApp, get, json, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { messages, statuses } from './support/meta-log.ts'
import type { SpendRow } from '../api/routes/dashboard.ts'
import type { ReconcileTotalRow } from '../api/routes/reconcile.ts'

let t: TestApp
beforeAll(async () => { t = await openDemoApp(); await ingest(t.session, [...messages, ...statuses]) }, 240_000)
afterAll(async () => { await t?.app.close() })

const spend = (q: string) => json<SpendRow[]>(t.app, `/api/spend?${q}`)
const iso = (ms: number | string) => new Date(ms).toISOString().slice(0, 10)

describe('GET /api/spend?granularity=total', () => {
  it('dates a total over an open period by the first day of its charges, every row alike', async () => {
    for (const scope of ['', 'waba=104729318650012&', 'category=UTILITY&', 'to=2024-08-15&']) {
      const total = await spend(`${scope}granularity=total&split=category`)
      const days = await spend(`${scope}granularity=day&split=category`)
      expect(total.length, scope).toBeGreaterThan(0)
      const first = iso(Math.min(...days.map((r) => +new Date(r.period))))
      expect(first > '1970-01-01', scope).toBe(true)
      expect(new Set(total.map((r) => iso(r.period))), scope).toEqual(new Set([first]))
      // the same sums as the days'
      expect(total.reduce((a, r) => a + r.conversations, 0)).toBe(days.reduce((a, r) => a + r.conversations, 0))
    }
  })

  it('dates a total over a given period by its from, also before the data\'s first day', async () => {
    for (const from of ['2024-08-01', '2024-01-01']) {
      const total = await spend(`from=${from}&to=2024-09-30&granularity=total&split=market`)
      expect(total.length).toBeGreaterThan(0)
      expect(new Set(total.map((r) => iso(r.period)))).toEqual(new Set([from]))
    }
    const csv = await get(t.app, '/api/spend?granularity=total&split=waba&format=csv')
    expect(csv.body).not.toContain('1970-01-01')
  })

  it('says how many of a row\'s charges are per-message charges: none on conversation-based data', async () => {
    const rows = await spend('granularity=month&split=unit')
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect([r.key, r.messages]).toEqual([r.key, r.key === 'message' ? r.conversations : 0])
  })
})

describe('GET /api/reconcile/total', () => {
  it('gives the conversation splits\' row a null currency in JSON, Arrow and CSV, never an empty string', async () => {
    const rows = await json<ReconcileTotalRow[]>(t.app, '/api/reconcile/total')
    const splits = rows.filter((r) => r.currency !== 'USD')
    expect(splits).toEqual([expect.objectContaining({ currency: null, cost_difference: null, uncosted: 0 })])
    const arrow = tableFromIPC((await get(t.app, '/api/reconcile/total')).rawPayload).toArray().map((r) => r.toJSON())
    expect(arrow.map((r) => r.currency)).toEqual(rows.map((r) => r.currency))
    // CSV: null is an empty cell, '' would be "" (format_csv_null_representation, api/results.ts)
    const csv = (await get(t.app, '/api/reconcile/total?format=csv')).body.split('\r\n')
    expect(csv[0]).toBe('"currency","discrepancies","uncosted","cost_difference"')
    expect(csv.slice(1).filter((l) => l && !l.startsWith('"USD"'))).toEqual([`,${splits[0]!.discrepancies},0,`])
  })
})
