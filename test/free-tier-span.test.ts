// The free-tier gauge's month and the WABA's days with data are the filter bar's: a message that
// opens nothing (an inbound under per-message pricing) counts as a day with data, as it does for
// the filter bar (sql/api/filter_options.sql). Fresh-user trial: after a webhook of 2026-12-04
// the period left open ended that day, but the gauge showed September 2024 (the last charge's
// month, projected as "the current month"), and a period to that day said the WABA's data did not
// cover December 2026 ("its data runs Jul 23 – Sep 20, 2024") under conversation-based pricing.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import type { FilterOptionRow, FreeTierRow } from '../api/routes/dashboard.ts'

const k = { waba_id: 'waba-late', phone_number_id: 'pn-late', wa_id: '14155550123' }
let t: TestApp
beforeAll(async () => {
  // the shipped pricing-model timeline (the tests' default is conversation-based throughout)
  t = await openApp({ pricingModels: fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url)) })
  await ingest(t.session, [
    // a service conversation in September 2024 (conversation-based pricing)
    { message_id: 'in1', timestamp: '2024-09-10T09:00:00.000Z', ...k, direction: 'inbound' },
    { message_id: 'out1', timestamp: '2024-09-10T09:05:00.000Z', ...k, direction: 'outbound' },
    // the customer writes in December 2025 (per-message pricing): no conversation, no charge
    { message_id: 'in2', timestamp: '2025-12-04T09:00:00.000Z', ...k, direction: 'inbound' },
  ])
})
afterAll(async () => { await t?.app.close() })

it('shows the month of the last day with data, a message that opened nothing included', async () => {
  const [waba] = (await json<FilterOptionRow[]>(t.app, '/api/filters')).filter((o) => o.kind === 'waba' && o.id === 'waba-late')
  expect(waba!.last_day).toBe('2025-12-04T00:00:00.000Z')
  const brief = (r: FreeTierRow) => [r.month, r.covered, r.data_from, r.data_to, r.pricing_model, r.tier]
  const open = (await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-late')).at(-1)!
  // no CBP free tier there (tier null): per-message pricing, service free (the timeline's row in force)
  expect(brief(open)).toEqual(['2025-12-01T00:00:00.000Z', 1, '2024-09-10T00:00:00.000Z', '2025-12-04T00:00:00.000Z', 'PMP', null])
  expect([open.service, open.model_from]).toEqual(['free', '2025-07-01T00:00:00.000Z'])
  const to = (await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-late&from=2024-09-01&to=2025-12-04')).at(-1)!
  expect(brief(to)).toEqual(brief(open))
  // September 2024 keeps its tier and count
  const sept = (await json<FreeTierRow[]>(t.app, '/api/free-tier?waba=waba-late&from=2024-09-01&to=2024-09-30')).at(-1)!
  expect([sept.month, sept.used, sept.covered, sept.pricing_model, sept.in_progress]).toEqual(['2024-09-01T00:00:00.000Z', 1, 1, 'CBP', 0])
})
