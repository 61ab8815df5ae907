// Paid service charges without a rate-card price on the Free tier gauge (per WABA) and Free
// service messages (per phone number), in Debian's Chromium (fixtures/unpriced.ts serviceLog):
// they wrote "2 paid since ($0.01)" for two paid conversations, one of them without a price, and
// "≈ $0.00" for a month-end overage in a market with no service price.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { tempDir } from './support/temp.ts'
import { serviceLog, serviceReference, serviceWaba, serviceWabaCurrent } from './fixtures/unpriced.ts'

let site: DemoSite

beforeAll(async () => { site = await openFixtureSite(serviceReference(tempDir('wacost-unpriced-service-browser-')), serviceLog) }, 240_000)
afterAll(async () => { await site?.close() })

it('says "no price for N" for paid service charges without a price, and no projected cost', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const view = async (waba: string, from: string, to: string) => {
    await page.goto(`${site.base}/?waba=${waba}&from=${from}&to=${to}#key=${adminKey}`)
    await dashboardSettled(page)
  }
  await view(serviceWaba, '2024-09-01', '2024-09-30')
  expect(await page.locator('#free-tier .gauge p:not(.name)').textContent()).toBe(
    '1 of 1 free service conversations used in September 2024; ran out on Sep 10, 2024, 2 paid since (no price for 1).')
  await view(serviceWabaCurrent, '2024-09-01', '2024-09-30')
  expect(await page.locator('#free-tier .gauge p:not(.name)').textContent()).toContain(
    '29 over the tier in the whole month, cost unknown (no service price in the rate card for some of its markets), including the 2 paid so far (no price for 2)')
  await view(serviceWaba, '2026-10-01', '2026-10-31')
  await page.locator('#free-allowance').screenshot({ path: `${artifacts}unpriced-free-allowance.png` })
  const cells = await page.locator('#free-allowance td[data-label="Paid service messages"]').allTextContents()
  expect(cells).toEqual(['2 (no price for 2)', '1 ($0.0088)'])
  await page.close()
})
