// The free tier gauge (per WABA) and the free service messages (per phone number) sum paid
// service charges from the spend_daily rollup, where a charge without a rate-card price costs 0:
// "2 paid since ($0.0088)" for two paid conversations, one of them unpriced, and a month-end
// projection of "≈ $0.00" at a market with no service price. Now such an amount is null (the
// page: "no price for N"), with the count beside it, as /api/spend and the exports. Shipped
// timeline, free tier 1; a rate card with no SERVICE price for IN (India), one for North America.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { tempDir } from './support/temp.ts'
import type { FreeTierRow } from '../api/routes/dashboard.ts'
import type { FreeAllowanceRow } from '../api/routes/eras.ts'
import { serviceLog, serviceReference, serviceWaba, serviceWabaCurrent } from './fixtures/unpriced.ts'

const W = serviceWaba
const CUR = serviceWabaCurrent

let t: TestApp
beforeAll(async () => {
  t = await openApp(serviceReference(tempDir('wacost-unpriced-panels-')))
  await ingest(t.session, serviceLog)
}, 60_000)
afterAll(async () => { await t?.app.close() })

it('free tier: the paid conversations\' cost is null when one has no price, and counted', async () => {
  const [sep] = await json<FreeTierRow[]>(t.app, `/api/free-tier?waba=${W}&from=2024-09-01&to=2024-09-30`)
  expect(sep).toMatchObject({ tier: 1, used: 1, paid_conversations: 2, paid_cost: null, paid_unpriced: 1, in_progress: 0, projected_overage_cost: null })
  // the month in progress: its overage would be priced at India's service price, which there is none of
  const [cur] = await json<FreeTierRow[]>(t.app, `/api/free-tier?waba=${CUR}&from=2024-09-01&to=2024-09-30`)
  expect(cur).toMatchObject({ tier: 1, used: 1, paid_conversations: 2, paid_cost: null, paid_unpriced: 2, in_progress: 1, projected_overage: 29, projected_overage_cost: null })
})

it('free service messages: per phone number, the paid ones\' cost null when they have no price; a priced one as before', async () => {
  const r = await json<FreeAllowanceRow[]>(t.app, `/api/free-allowance?waba=${W}&from=2026-10-01&to=2026-10-31`)
  expect(r.map((x) => [x.phone_number_id, x.allowance, x.used, x.paid_messages, x.paid_cost, x.paid_unpriced])).toEqual([
    ['pn-in', 1, 1, 2, null, 2],
    ['pn-na', 1, 1, 1, 0.0088, 0],
  ])
})
