// Leftovers of the dashboard and the investigation page on the demo dataset, in Debian's Chromium
// (fresh-user trial): the "Spend by market" card stretched to the free-tier card's height beside
// it (the grid row's stretch), the header's "Spend dashboard" link wrapped onto two lines at
// 390 px (the header ~40 px taller), and Escape left the phone's filter bar open.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, openDashboard, openDemoSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** A card's height, its top, and the room under its body beyond its padding and border (0: as tall as its content). */
const card = (page: Page, id: string) => page.evaluate((id) => {
  const section = document.getElementById(id)!
  const s = getComputedStyle(section)
  const box = section.getBoundingClientRect()
  const spare = box.bottom - section.querySelector('.body')!.getBoundingClientRect().bottom
    - parseFloat(s.paddingBottom) - parseFloat(s.borderBottomWidth)
  return { top: box.top, height: box.height, spare }
}, id)

for (const width of [1440, 390]) {
  it(`sizes the "Spend by market" card to its content, not to the free-tier card beside it (${width} px)`, async () => {
    const page = await openDashboard(site, '', width)
    await page.screenshot({ path: `${artifacts}markets-card-${width}.png`, fullPage: true })
    const [markets, freeTier] = [await card(page, 'markets'), await card(page, 'free-tier')]
    if (width === 1440) {
      // the case: side by side in one row, the free-tier card the taller (on main the markets'
      // card was as tall, ~200 px of it empty)
      expect(Math.abs(markets.top - freeTier.top)).toBeLessThan(1)
      expect(freeTier.height - markets.height).toBeGreaterThan(40)
    }
    expect(markets.spare).toBeLessThan(1)
    await page.close()
  })
}

/** Each header link's height in lines of its own line height, and the page's width beyond the window's. */
const header = (page: Page) => page.evaluate(() => ({
  lines: [...document.querySelectorAll<HTMLElement>('.top nav a')].map((a) =>
    [a.textContent, Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight))]),
  overflow: document.documentElement.scrollWidth - innerWidth,
}))

it('keeps each header link on one line at 390 px, on the dashboard and the investigation page', async () => {
  const want = [['Spend dashboard', 1], ['Customer investigation', 1], ['API', 1]]
  const dashboard = await openDashboard(site, '', 390)
  await dashboard.screenshot({ path: `${artifacts}header-390-dashboard.png` })
  expect(await header(dashboard)).toEqual({ lines: want, overflow: 0 })
  await dashboard.close()
  const support = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await support.goto(`${site.base}/customer.html#key=${adminKey}`)
  await support.waitForSelector('#top[aria-busy=false] table')
  await support.screenshot({ path: `${artifacts}header-390-customer.png` })
  expect(await header(support)).toEqual({ lines: want, overflow: 0 })
  await support.close()
})

it('closes the phone\'s filter bar on Escape and puts the focus back on its line', async () => {
  const page = await openDashboard(site, '', 390)
  const state = () => page.evaluate(() => ({
    expanded: document.querySelector('#filters-toggle')!.getAttribute('aria-expanded'),
    shown: getComputedStyle(document.querySelector('#filters')!).display !== 'none',
    focus: document.activeElement?.id || document.activeElement?.getAttribute('name') || '',
  }))
  await page.click('#filters-toggle')
  await page.focus('#filters select[name=market]')
  expect(await state()).toEqual({ expanded: 'true', shown: true, focus: 'market' })
  await page.keyboard.press('Escape')
  expect(await state()).toEqual({ expanded: 'false', shown: false, focus: 'filters-toggle' })
  // from its line too, and a tap opens it again
  await page.keyboard.press('Enter')
  expect(await state()).toEqual({ expanded: 'true', shown: true, focus: 'filters-toggle' })
  await page.keyboard.press('Escape')
  expect(await state()).toEqual({ expanded: 'false', shown: false, focus: 'filters-toggle' })
  await page.close()
})
