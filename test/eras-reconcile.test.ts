// Reconciliation across pricing eras (issue 13): one log spanning 2024–2026 under the shipped
// timeline (CBP with a free tier, CBP with free service, PMP, PMP with charged service; free tier
// 3 so it runs out) with volume-tier bands, ingested into one database. The ledger query, the
// ledger, invoice and daily exports and the dashboard's totals agree to the cent per WABA and per
// local month, and the spend panel's split by pricing category × pricing type adds up to them.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json, openLogApp, type TestApp } from './support/api.ts'
import { cents, download, micros, sum, type Row } from './support/exports.ts'
import { ledger } from './support/engine.ts'
import { ERA_WABAS, ERAS_REFERENCE, erasLog } from './support/eras-log.ts'
import type { HeadlineRow, SpendRow } from '../api/routes/dashboard.ts'

let t: TestApp
let rows: Row[]

beforeAll(async () => {
  const opened = await openLogApp('eras', ERAS_REFERENCE, erasLog())
  t = opened
  expect(opened.summary.rejected).toBe(0)
  rows = (await download(t.app, 'ledger')).rows
}, 120_000)
afterAll(async () => { await t?.app.close() })

const months = () => [...new Set(rows.map((r) => r.month ?? ''))].sort()

it('the log is priced in every era: both units, every pricing type, tiers, model changes', async () => {
  const seen = (f: (r: Row) => string | undefined) => new Set(rows.map(f))
  expect(seen((r) => r.unit)).toEqual(new Set(['conversation', 'message']))
  expect(seen((r) => r.pricing_type)).toEqual(new Set(['REGULAR', 'FREE_TIER', 'FREE_ENTRY_POINT', 'FREE_CUSTOMER_SERVICE']))
  expect(seen((r) => r.close_reason)).toContain('model_change')
  expect([...seen((r) => r.tier)].filter(Boolean).length).toBeGreaterThanOrEqual(3)
  // free tier under both models: CBP conversations in September 2024, PMP messages in October 2026
  const free = rows.filter((r) => r.pricing_type === 'FREE_TIER')
  expect(new Set(free.map((r) => `${r.unit} ${r.month!.slice(0, 4)}`))).toEqual(new Set(['conversation 2024', 'message 2026']))
  expect(rows.every((r) => r.cost !== '')).toBe(true)
  expect(months().length).toBeGreaterThanOrEqual(10)
})

it('the ledger query and the ledger export are the same rows and amounts', async () => {
  const q = await ledger(t.session)
  const mine = q.filter((r) => (ERA_WABAS as readonly string[]).includes(r.waba_id))
  expect(mine.length).toBe(rows.length)
  const byId = new Map(rows.map((r) => [r.conversation_id, r]))
  for (const r of mine) {
    const e = byId.get(r.conversation_id)!
    expect([e.unit, e.pricing_type, e.tier || null, e.cost], r.conversation_id).toEqual([r.unit, r.pricing_type, r.tier, r.cost])
  }
})

it('exports and dashboard agree to the cent per WABA and per local month', async () => {
  const invoice = (await download(t.app, 'invoice')).rows
  const daily = (await download(t.app, 'daily')).rows
  for (const waba of ERA_WABAS) {
    for (const month of months()) {
      const mine = rows.filter((r) => r.waba_id === waba && r.month === month)
      const fromLedger = sum(mine.map((r) => r.cost))
      const at = `${waba} ${month}`
      expect(sum(invoice.filter((r) => r.waba_id === waba && r.row_type === 'item' && r.month === month).map((r) => r.amount)), at).toBe(fromLedger)
      const days = daily.filter((r) => r.waba_id === waba && (r.local_date ?? '').startsWith(month))
      expect(sum(days.map((r) => r.cost)), at).toBe(fromLedger)
      expect(days.reduce((a, r) => a + Number(r.conversations), 0), at).toBe(mine.length)
      // The daily export's kinds do not overlap and add up to each day's count, per-message
      // charges included (a free customer-service message once counted in no column).
      const kinds = ['marketing', 'utility', 'authentication', 'service', 'free_entry', 'free_tier', 'authentication_international', 'free_customer_service']
      for (const d of days) expect(kinds.reduce((a, k) => a + Number(d[k]), 0), `${at} ${d.local_date}`).toBe(Number(d.conversations))
      expect(days.reduce((a, r) => a + Number(r.free_customer_service), 0), at).toBe(mine.filter((r) => r.pricing_type === 'FREE_CUSTOMER_SERVICE').length)
      expect(days.reduce((a, r) => a + Number(r.authentication_international), 0), at)
        .toBe(mine.filter((r) => r.category === 'AUTHENTICATION_INTERNATIONAL' && r.pricing_type === 'REGULAR').length)
      if (mine.length === 0) continue
      const first = `${month.slice(0, 7)}-01`
      const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10)
      const period = `waba=${waba}&from=${first}&to=${last}`
      const head = await json<HeadlineRow[]>(t.app, `/api/headline?${period}`)
      const total = head.find((r) => r.section === 'total')!
      expect(cents(fromLedger), at).toBe(BigInt(Math.round(total.cost * 100)))
      expect(total.count, at).toBe(mine.length)
      // the headline's pricing types are the ledger's
      for (const pt of ['REGULAR', 'FREE_TIER', 'FREE_ENTRY_POINT', 'FREE_CUSTOMER_SERVICE']) {
        const n = mine.filter((r) => r.pricing_type === pt).length
        expect(head.find((r) => r.section === 'pricing_type' && r.key === pt)?.count ?? 0, `${at} ${pt}`).toBe(n)
      }
      // the spend panel split by pricing category × pricing type, one month as one period
      const spend = await json<SpendRow[]>(t.app, `/api/spend?${period}&granularity=month&split=category_pricing_type`)
      expect(cents(fromLedger), at).toBe(BigInt(Math.round(spend.reduce((a, r) => a + (r.cost ?? NaN), 0) * 100)))
      for (const r of spend) {
        const [category, pt] = r.key.split(' · ')
        const cell = mine.filter((x) => x.category === category && x.pricing_type === pt)
        expect([r.conversations, micros((r.cost ?? NaN).toFixed(6))], `${at} ${r.key}`).toEqual([cell.length, sum(cell.map((x) => x.cost))])
      }
    }
    const total = invoice.find((r) => r.waba_id === waba && r.row_type === 'total')!
    expect(micros(total.amount), waba).toBe(sum(rows.filter((r) => r.waba_id === waba).map((r) => r.cost)))
  }
}, 120_000)
