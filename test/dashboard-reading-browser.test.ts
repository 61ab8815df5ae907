// The dashboard on the demo dataset as a fresh-user trial read it, in Debian's Chromium:
// - Spend by market: the bars' names ran Germany…India in the page's text, their amounts in
//   another order (by market code), so a screen reader or a copy paired them wrongly.
// - Free tier: "1,030 over the tier, ≈ $13.33" already counted the 353 paid so far ($4.75),
//   which a reader could add on top.
// (Its check of the Click-to-WhatsApp table's row separators under the ad id kept in view while
// the table scrolled sideways on a phone went with that layout: on a phone each ad is a card,
// dashboard-days-browser.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import { amount, count, label } from '../web/src/format.ts'
import type { CtwaAdRow, FreeTierRow } from '../api/routes/dashboard.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('says the markets\' names and amounts in the same order in the page\'s text, the bars\' (largest first)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
  await dashboardSettled(page)
  const spend = await json<{ key: string; priced_cost: number }[]>(site.t.app, '/api/spend?granularity=total&split=market&from=2024-09-01&to=2024-09-20')
  expect(spend.length).toBeGreaterThan(2)
  const largest = [...spend].sort((a, b) => b.priced_cost - a.priced_cost)
  // the svg's text in document order: the axis's names, then the amounts
  const svg = page.locator('#markets svg').first()
  const names = await svg.locator('[aria-label="y-axis tick label"] text').allTextContents()
  const amounts = await svg.locator('[aria-label="text"] text').allTextContents()
  expect(names).toEqual(largest.map((r) => label(r.key)))
  expect(amounts).toEqual(largest.map((r) => amount(r.priced_cost, 'USD')))
  await page.close()
}, 60_000)

it('says that the projected cost over the free tier includes the conversations already paid', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const rows = await json<FreeTierRow[]>(site.t.app, '/api/free-tier')
  const paid = rows.find((r) => r.in_progress && (r.paid_conversations ?? 0) > 0 && (r.projected_overage ?? 0) > 0)!
  const within = rows.find((r) => r.in_progress && r.paid_conversations === 0 && (r.projected_overage ?? 0) > 0)!
  const words = (r: FreeTierRow) => page.locator(`#free-tier .gauge[data-waba="${r.waba_id}"] p:not(.name)`).textContent()
  // Northwind Outfitters, September 2024: 353 paid by the 20th ($4.75), 1,030 projected over the tier
  expect(await words(paid)).toContain(`: ${count(paid.projected_overage!)} over the tier in the whole month, ≈ ${amount(paid.projected_overage_cost!, 'USD')}, `
    + `including the ${count(paid.paid_conversations!)} paid so far (${amount(paid.paid_cost!, 'USD')})`)
  // none paid yet: nothing to include
  expect(await words(within)).toContain(`: ${count(within.projected_overage!)} over the tier, ≈ ${amount(within.projected_overage_cost!, 'USD')}; runs out around `)
  await page.close()
}, 60_000)

// A touch screen's tip stays until the next tap (Plot hides one when a mouse leaves its chart):
// a tap on another chart left the first chart's tip open too, two at once (trial).
it('shows one tip at a time on a touch screen: a tap on another chart closes the first one\'s (390 px)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const shown = () => page.evaluate(() => [...document.querySelectorAll('svg [aria-label=tip]')]
    .filter((g) => (g.textContent ?? '') !== '').map((g) => g.closest('section')!.id))
  const tapMark = async (section: string, mark: string) => {
    const at = page.locator(`#${section} svg [aria-label="${mark}"]:not([aria-hidden]) rect`).first()
    await at.scrollIntoViewIfNeeded()
    const box = (await at.boundingBox())!
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
  }
  await tapMark('spend', 'rect')
  await expect.poll(shown, { timeout: 30_000 }).toEqual(['spend'])
  await tapMark('ctwa', 'bar')
  await expect.poll(shown, { timeout: 30_000 }).toEqual(['ctwa'])
  // and back: the first chart's own again, alone
  await tapMark('spend', 'rect')
  await expect.poll(shown, { timeout: 30_000 }).toEqual(['spend'])
  await page.close()
}, 60_000)

// "Started a free entry point" and "Free entry point conversations" stood side by side, the same
// figures on the demo (trial): each free entry point conversation is the one its starting entry
// opened (billing rules 5–6), so the table counts it once, as its outcome.
it('counts the free entry points an ad started in one column, never again as "Free entry point conversations"', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const ads = await json<CtwaAdRow[]>(site.t.app, '/api/ctwa/ads')
  expect(ads.length).toBeGreaterThan(2)
  expect(ads.map((r) => r.fep_conversations)).toEqual(ads.map((r) => r.fep_started))
  const heads = await page.locator('#ctwa table thead th').allTextContents()
  expect(heads).toContain('Started a free entry point')
  expect(heads).not.toContain('Free entry point conversations')
  expect(await page.locator('#ctwa table td[data-label="Started a free entry point"]').allTextContents()).toEqual(ads.map((r) => count(r.fep_started)))
  await page.close()
}, 60_000)
