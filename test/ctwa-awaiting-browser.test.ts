// The Click-to-WhatsApp panel with entries of the last 24 h (the server's clock), in Debian's
// Chromium: the outcome "Awaiting a reply" in the legend and the table, and the conversion of an
// ad whose every entry still awaits its reply written "—", not 0.0 % (live trial: an entry read
// "No reply within 24 h", conversion 0.0 %, 12 minutes after it came).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'

const now = Date.now()
const entry = (id: string, wa: string, ad: string, h: number) => ({
  message_id: id, timestamp: new Date(now - h * 3_600_000).toISOString(), waba_id: 'waba-live', phone_number_id: 'pn-live',
  wa_id: wa, direction: 'inbound', type: 'text', entry_point: 'ctwa', ad_id: ad,
})

let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [entry('live-1', '14155550181', 'ad-live', 2), entry('live-2', '14155550182', 'ad-live', 30), entry('live-3', '14155550183', 'ad-new', 1)])
}, 240_000)
afterAll(async () => { await site?.close() })

it('names the entries awaiting a reply in the legend and the table, and leaves a conversion of none decided unwritten', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.locator('#ctwa figure, #ctwa svg').first().textContent()).toContain('Awaiting a reply (under 24\u00a0h)')
  const rows = await page.$$eval('#ctwa table.grid tbody tr', (trs) => trs.map((tr) => Object.fromEntries([...(tr as HTMLTableRowElement).cells]
    .map((c) => [c.dataset.label ?? '', c.textContent ?? '']))))
  expect(rows.map((r) => [r['Ad / post id'], r['Entries'], r['Awaiting a reply (under 24\u00a0h)'], r['No reply within 24\u00a0h'], r['Conversion']]))
    .toEqual([['ad-live', '2', '1', '1', '0.0 %'], ['ad-new', '1', '1', '0', '—']])
  await page.close()
}, 90_000)
