// Click-to-WhatsApp entries of the last 24 h (the server's clock) on the real engine: an entry
// counted "No reply within 24 h" 12 minutes after it came (live trial); until 24 h have passed it
// awaits its reply (view ctwa_volume, migration 716), the conversion counts it out, and the
// customer page says by when a reply starts a free-entry window.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingest } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import type { CtwaAdRow } from '../api/routes/dashboard.ts'

let t: TestApp
beforeAll(async () => { t = await openApp({}, 'test-admin-key-0123456789=*') })
afterAll(async () => { await t.app.close() })

it('says an entry of the last 24 h without a reply awaits one, on the dashboard and the customer page', async () => {
  const now = Date.now()
  const ago = (h: number) => new Date(now - h * 3_600_000).toISOString()
  const entry = (id: string, wa: string, ad: string, h: number) => ({
    message_id: id, timestamp: ago(h), waba_id: 'waba-live', phone_number_id: 'pn-live', wa_id: wa, direction: 'inbound',
    type: 'text', entry_point: 'ctwa', ad_id: ad,
  })
  await ingest(t.session, [entry('live-1', '14155550181', 'ad-live', 2), entry('live-2', '14155550182', 'ad-live', 30), entry('live-3', '14155550183', 'ad-new', 1)])
  const ads = await json<CtwaAdRow[]>(t.app, '/api/ctwa/ads?waba=waba-live')
  expect(ads.map((r) => [r.ad_id, r.entries, r.awaiting_reply, r.no_fep, r.conversion])).toEqual([['ad-live', 2, 1, 1, 0], ['ad-new', 1, 1, 0, null]])
  const daily = await json<{ ad_id: string; series: string; count: number }[]>(t.app, '/api/ctwa/daily?waba=waba-live')
  const by = (series: string) => daily.filter((r) => r.series === series).reduce((n, r) => n + r.count, 0)
  expect([by('AWAITING_REPLY'), by('NO_FEP')]).toEqual([2, 1])
  const said = async (wa: string) => (await json<{ explanation: string }[]>(t.app, `/api/customer/messages?customer=${wa}&waba=waba-live`))[0]!.explanation
  // 24 h after the entry, in the WABA's time zone (none configured: UTC)
  const by24 = new Date(now + 22 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
  expect(await said('14155550181')).toMatch(new RegExp(`It came from ad ad-live and awaits a business reply: one delivered by ${by24} starts a free-entry window\\.`))
  expect(await said('14155550182')).toContain('It came from ad ad-live but started no free-entry window (that takes a business reply within 24 h of the earliest entry message).')
})
