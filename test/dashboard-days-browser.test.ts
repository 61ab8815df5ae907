// The dashboard's per-day charts (spend over time by day, Click-to-WhatsApp, guardrail) and the
// Click-to-WhatsApp ads table as a fresh user met them: the day axis labelled days between two
// bars (a utc scale's ticks at midnight, the bars' edges), and on a phone the ads table became a
// card per ad, eight ads taking several screens.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite, dashboardSettled } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

for (const width of [390, 1440]) {
  it(`puts each day tick at a day's bar, not between two (${width} px)`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US' })
    await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
    await dashboardSettled(page)
    for (const panel of ['#spend', '#ctwa', '#guardrail']) {
      const drawn = await page.locator(`${panel} svg:has([aria-label="x-axis tick"])`).evaluate((svg) => {
        const x = (el: Element) => { const b = el.getBoundingClientRect(); return b.left + b.width / 2 }
        return {
          ticks: [...svg.querySelectorAll('[aria-label="x-axis tick"] path')].map(x),
          labels: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.textContent),
          bars: [...svg.querySelectorAll('[aria-label="bar"] rect, [aria-label="rect"] rect')].map(x),
        }
      })
      expect(drawn.ticks.length).toBeGreaterThanOrEqual(3)
      expect(drawn.bars.length).toBeGreaterThan(drawn.ticks.length)
      // every tick at the centre of a bar (within half a pixel)
      for (const t of drawn.ticks) expect({ panel, t, at: Math.min(...drawn.bars.map((b) => Math.abs(b - t))) < 0.5 }).toEqual({ panel, t, at: true })
      // the first bar is September 1st: a tick there names it
      if (Math.abs(drawn.ticks[0]! - Math.min(...drawn.bars)) < 0.5) expect(drawn.labels[0]).toMatch(/^1(?!\d)/)
    }
    await page.locator('#ctwa').screenshot({ path: `${artifacts}dashboard-days-ctwa-${width}.png` })
    await page.close()
  }, 90_000)
}

for (const scheme of ['light', 'dark'] as const) {
  it(`keeps the ads table a compact table on a phone, sideways with the ad's id in view (390 px, ${scheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: scheme })
    await page.goto(`${site.base}/#key=${adminKey}`)
    await dashboardSettled(page)
    const table = page.locator('#ctwa table')
    const rows = await table.locator('tbody tr').count()
    expect(rows).toBeGreaterThanOrEqual(5)
    const box = (await table.boundingBox())!
    // a line per ad under one header (as cards, 8 ads were over 2,000 px tall)
    expect(box.height).toBeLessThan(80 + rows * 44)
    expect(await table.locator('thead').isVisible()).toBe(true)
    // the page does not scroll sideways: the table does, inside its card, its first column kept
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const cell = table.locator('tbody tr').first().locator('td').first()
    const left = (await cell.boundingBox())!.x
    await page.locator('#ctwa .grid-scroll').evaluate((el) => { el.scrollLeft = el.scrollWidth })
    expect((await cell.boundingBox())!.x).toBeCloseTo(left, 0)
    expect(await cell.evaluate((td) => getComputedStyle(td).backgroundColor)).toBe(await page.locator('#ctwa').evaluate((s) => getComputedStyle(s).backgroundColor))
    await page.locator('#ctwa').screenshot({ path: `${artifacts}dashboard-days-ads-390-${scheme}.png` })
    await page.close()
  }, 90_000)
}
