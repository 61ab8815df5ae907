// The dashboard's phone-number menu on the demo dataset: at 1440 px it showed "Northwind Latin
// America · +52 55" and hid the rest of the number (the select capped at 15rem: fresh-user
// trial). On a desktop the menu is as wide as its longest option, the filter bar wrapping rather
// than cutting it; on a phone it takes a line of its own and the chosen number reads whole.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, unfold, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** The phone menu's options' widths in its font (the widest, and the selected one's), its room inside, and whether the page runs wider than the window. */
async function room(page: Page) {
  return page.locator('#filters select[name=phone]').evaluate((s: HTMLSelectElement) => {
    const style = getComputedStyle(s)
    const ctx = document.createElement('canvas').getContext('2d')!
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    const widths = [...s.options].map((o) => ctx.measureText(o.textContent ?? '').width)
    return {
      widest: Math.max(...widths), selected: ctx.measureText(s.selectedOptions[0]!.textContent ?? '').width,
      inner: s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      right: s.getBoundingClientRect().right, page: document.documentElement.scrollWidth, window: innerWidth,
    }
  })
}

it('shows every phone number whole in the menu on a desktop (1440 px), the bar wrapping', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  const options = await page.locator('#filters select[name=phone] option').allTextContents()
  expect(options.some((o) => /^Northwind Latin America · \+52 55 \d/.test(o))).toBe(true)
  const r = await room(page)
  // the arrow takes ~16 px of the inner width
  expect(r.widest + 16).toBeLessThanOrEqual(r.inner)
  expect(r.right).toBeLessThanOrEqual(r.window)
  expect(r.page).toBeLessThanOrEqual(r.window)
  // and within one WABA, the chosen Latin American number whole
  const latam = (await page.locator('#filters select[name=phone] option').evaluateAll((os) => os.map((o) => [o.textContent, (o as HTMLOptionElement).value])))
    .find(([t]) => t!.startsWith('Northwind Latin America'))!
  await page.goto(`${site.base}/?waba=104729318650012&phone=${latam[1]}&from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  const one = await room(page)
  expect(one.selected + 16).toBeLessThanOrEqual(one.inner)
  await page.locator('#filters').screenshot({ path: `${artifacts}phone-menu-1440.png` })
  await page.close()
}, 60_000)

it('gives the phone menu a line of its own on a phone, the chosen number whole (390 px)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?waba=104729318650012&from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  const value = await page.locator('#filters select[name=phone] option').evaluateAll((os) =>
    (os as HTMLOptionElement[]).find((o) => o.textContent?.startsWith('Northwind Latin America'))!.value)
  await page.goto(`${site.base}/?waba=104729318650012&phone=${value}&from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  // folded behind the filters' line on a phone (test/dashboard-phone-browser.test.ts): opened
  await unfold(page)
  const r = await room(page)
  expect(r.selected + 16).toBeLessThanOrEqual(r.inner)
  expect(r.right).toBeLessThanOrEqual(r.window)
  expect(r.page).toBeLessThanOrEqual(r.window)
  await page.locator('#filters').screenshot({ path: `${artifacts}phone-menu-390.png` })
  await page.close()
}, 60_000)
