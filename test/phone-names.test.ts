// Business phone numbers by name, not id: the display number the webhooks' metadata gives is
// learned at ingest, phone-numbers.csv names numbers (and wins), and every place the page shows
// a phone number (filter bar, spend split, guardrail panel, customer search) gets the label.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { at, inbound, keyOf, reply } from './support/log.ts'
import { ingest } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import { loadReference } from '../core/reference/load.ts'
import type { FilterOptionRow, GuardrailRow, SpendRow } from '../api/routes/dashboard.ts'
import type { CustomerMatchRow } from '../api/routes/customer.ts'

let t: TestApp
const dir = mkdtempSync(join(tmpdir(), 'wacost-phones-'))

beforeAll(async () => {
  t = await openApp()
  const hook = { ...keyOf('x', '14155550100'), waba_id: 'waba-names', phone_number_id: 'pn-hook' }
  const named = { ...keyOf('y', '14155550101'), waba_id: 'waba-names', phone_number_id: 'pn-named' }
  const bare = { ...keyOf('z', '14155550102'), waba_id: 'waba-names', phone_number_id: 'pn-bare' }
  const envelope = (display: string, id: string) => JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'waba-names', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: 'pn-hook' },
      messages: [{ from: '14155550100', id, timestamp: String(Date.parse(at(0)) / 1000), type: 'text' }],
    } }] }],
  })
  await ingest(t.session, [envelope('15550001111', 'hook-1'), inbound(named, 'n0', 0), reply(named, 'n30', 30), inbound(bare, 'b0', 0)])
  // Both webhooks at one instant: the greater spelling wins (test/phone-display-order.test.ts: the latest webhook's).
  await ingest(t.session, [envelope('15550009999', 'hook-2'), reply(hook, 'hook-3', 1)])
  const csv = join(dir, 'phone-numbers.csv')
  writeFileSync(csv, 'phone_number_id,display_phone_number,name\npn-named,+1 555-000-2222,Support line\n')
  await loadReference(t.session.db, { phoneNumbers: csv })
})
afterAll(async () => { await t?.app.close(); rmSync(dir, { recursive: true, force: true }) })

const labels = (rows: { phone_number_id?: string; id?: string; key?: string; label: string }[]) =>
  Object.fromEntries(rows.map((r) => [r.phone_number_id ?? r.id ?? r.key, r.label]))

it('names phone numbers in the filter bar: configured name and number, else the webhook display number, else the id', async () => {
  const options = await json<FilterOptionRow[]>(t.app, '/api/filters?waba=waba-names')
  expect(labels(options.filter((o) => o.kind === 'phone'))).toEqual({
    'pn-hook': '+15550009999', 'pn-named': 'Support line · +1 555-000-2222', 'pn-bare': 'pn-bare',
  })
})

it('uses the same labels in the spend split by phone number, the guardrail panel and the customer search', async () => {
  const spend = await json<SpendRow[]>(t.app, '/api/spend?waba=waba-names&split=phone&granularity=total')
  expect(labels(spend)).toEqual({ 'pn-hook': '+15550009999', 'pn-named': 'Support line · +1 555-000-2222', 'pn-bare': 'pn-bare' })
  const guardrail = await json<GuardrailRow[]>(t.app, '/api/guardrail?waba=waba-names')
  expect(labels(guardrail)).toEqual({ 'pn-named': 'Support line · +1 555-000-2222' })
  const found = await json<CustomerMatchRow[]>(t.app, '/api/customer/lookup?q=%2B14155550100')
  expect(found.map((r) => [r.phone_number_id, r.phone_label])).toEqual([['pn-hook', '+15550009999']])
})
