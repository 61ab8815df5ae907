// What a new-user trial of the dashboard found on the demo dataset, in Debian's Chromium:
// - the category filter Free entry point (Sep 1–20, 2024): Spend over time said "No spend in this
//   period: all its charges are free." while Spend by market drew five "$0.00" bars and the
//   headline card "Largest pricing category by spend" named "Free entry point" at $0.00;
// - a phone turned sideways (844 × 390): above 600 px wide the filter bar and the finance export
//   showed in full and filled the screen, Total spend starting at y 390: nothing on the first screen;
//   once the CSS folded them there, the JS still took the screen by its width alone: the phone
//   numbers' long names, and every row of the reconciliation's tables.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'
import { ALL_FREE } from '../web/src/panel.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function open(query: string, width: number, height: number, phone = false): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height }, locale: 'en-US', colorScheme: 'light', isMobile: phone, hasTouch: phone })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

it('says there is no spend in every panel and card when every charge is free, naming no largest category of $0', async () => {
  const query = 'category=FREE_ENTRY_POINT&from=2024-09-01&to=2024-09-20'
  // the filter has charges, all free
  const totals = (await json<HeadlineRow[]>(site.t.app, `/api/headline?${query}`)).filter((r) => r.section === 'total')
  expect(totals.reduce((a, r) => a + r.count, 0)).toBeGreaterThan(0)
  expect(totals.every((r) => r.cost === 0)).toBe(true)
  const page = await open(query, 1440, 900)
  await page.screenshot({ path: `${artifacts}new-user-dash-free.png`, fullPage: true })
  expect((await page.textContent('#spend .body'))!.trim()).toContain(ALL_FREE)
  // Spend by market as Spend over time: no bar of $0.00
  expect((await page.textContent('#markets .body'))!.trim()).toBe(ALL_FREE)
  expect(await page.locator('#markets .body svg').count()).toBe(0)
  expect(await page.textContent('#by-category h3')).toBe('Largest pricing category by spend')
  expect(await page.textContent('#by-category .value')).toBe('No spend')
  expect(await page.textContent('#by-category .detail')).toMatch(/^all its charges are free: Free entry point \$0\.00 \([\d,]+\)$/)
  // a filter with spend still names its largest category
  const paid = await open('from=2024-09-01&to=2024-09-20', 1440, 900)
  expect(await paid.textContent('#by-category .value')).not.toBe('No spend')
  expect((await paid.textContent('#markets .body'))!).not.toContain(ALL_FREE)
})

/** Where the first screen starts the headline, and whether the folded lines, the bar and the export show. */
const screen = (page: Page) => page.evaluate(() => {
  const shows = (sel: string) => { const r = document.querySelector(sel)!.getBoundingClientRect(); return r.height > 0 && r.width > 0 }
  return {
    total: document.querySelector('#total-spend')!.getBoundingClientRect().top,
    lines: shows('#phone-lines'), bar: shows('#filters'), export: shows('#export'),
  }
})

it('folds the filter bar, the export, the phone numbers\' names and the long tables on a phone turned sideways (844 × 390), and again turned back, the desktop as ever', async () => {
  const page = await open('from=2024-09-01&to=2024-09-30', 844, 390, true)
  await page.screenshot({ path: `${artifacts}new-user-dash-landscape.png` })
  const sideways = await screen(page)
  expect(sideways).toMatchObject({ lines: true, bar: false, export: false })
  // the headline's first card starts in the upper half of the screen (it started at y 390)
  expect(sideways.total).toBeLessThan(390 / 2)
  // the line opens the bar
  await page.tap('#filters-toggle')
  expect((await screen(page)).bar).toBe(true)
  // the JS folds as the CSS (panel.ts PHONE): the phone numbers in the phone's words, the WABA
  // and the number ("Kirana Express · +91 …", no "Kirana India · … · Kirana Express"), and the
  // latest discrepancies' first 3 rows with "Show all" (by width alone: all 10, and the long names)
  const numbers = (await page.locator('select[name=phone] option').allTextContents()).slice(1)
  expect(numbers.length).toBeGreaterThan(0)
  for (const n of numbers) expect(n.split(' · ')).toHaveLength(2)
  const latest = '#reconcile table:has(td[data-label=Rules]) tbody tr'
  expect(await page.$$eval(latest, (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length)).toBe(3)
  expect(await page.locator('#reconcile button.show-all', { hasText: 'Show all 10 latest discrepancies' }).count()).toBe(1)
  await page.tap('#filters-toggle')
  await page.setViewportSize({ width: 390, height: 844 })
  const upright = await screen(page)
  expect(upright).toMatchObject({ lines: true, bar: false, export: false })
  expect(upright.total).toBeLessThanOrEqual(400)
  // a desktop window: the bar and the export in full, no lines
  await page.setViewportSize({ width: 1440, height: 900 })
  expect(await screen(page)).toMatchObject({ lines: false, bar: true, export: true })
})
