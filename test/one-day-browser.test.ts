// A one-day period in the dashboard's per-day charts on the demo dataset, in Debian's Chromium.
// A fresh-user trial found the spend chart of one day drew a single slab: the day's one band of
// the x scale filled the plot, its bar ~1,200 px wide, nothing to read it against. A day's bar is
// at most 64 px wide now (the band scale padded; dayPadding in web/src/day-ticks.ts), centred in
// its day's place, the tick naming the day under it; the per-day charts alike, so a day keeps
// one x in each.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifacts, openDashboard, openDemoSite, type DemoSite } from './support/browser.ts'
import { MAX_DAY_BAR_PX } from '../web/src/day-ticks.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

const open = (query: string, width?: number): Promise<Page> => openDashboard(site, query, width)

/** A chart's bars (screen px), its x-axis labels (text, centre) and its width. */
const chart = (page: Page, id: string) => page.evaluate((id) => {
  // the chart's svg (a legend's swatches are svgs too)
  const svg = [...document.querySelectorAll(`#${id} svg`)].find((s) => s.querySelector('[aria-label="bar"]'))!
  const bars = [...svg.querySelectorAll('[aria-label="bar"] rect')].map((r) => { const b = r.getBoundingClientRect(); return { left: b.left, width: b.width } })
  const labels = [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => {
    const b = t.getBoundingClientRect()
    return { text: [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || (t.textContent ?? ''), x: (b.left + b.right) / 2 }
  })
  return { bars, labels, svg: svg.getBoundingClientRect().width }
}, id)

for (const width of [1440, 390]) {
  it(`draws a one-day period's bars at most ${MAX_DAY_BAR_PX} px wide, the day named under them (${width} px)`, async () => {
    const page = await open('from=2024-09-10&to=2024-09-10&granularity=day', width)
    for (const id of ['spend', 'ctwa', 'guardrail']) {
      const { bars, labels, svg } = await chart(page, id)
      expect(bars.length, id).toBeGreaterThan(0)
      const left = Math.min(...bars.map((b) => b.left))
      for (const b of bars) {
        // one bar (a stack, or a row's), not the plot's width: it filled ~90% of it
        expect(b.width, id).toBeLessThanOrEqual(MAX_DAY_BAR_PX + 0.5)
        expect(b.width, id).toBeGreaterThan(MAX_DAY_BAR_PX / 2)
        expect(b.width, id).toBeLessThan(svg / 4)
        expect(Math.abs(b.left - left), id).toBeLessThan(0.5)
      }
      // the day's one tick, under its bar
      expect(labels.map((l) => l.text), id).toEqual(['Sep 10 2024'])
      expect(Math.abs(labels[0]!.x - (left + bars[0]!.width / 2)), id).toBeLessThan(2)
    }
    await page.locator('#spend').screenshot({ path: `${artifacts}one-day-spend-${width}.png` })
    await page.close()
  }, 120_000)
}

it('keeps a month\'s days as they were: bands with a tenth of padding, under the cap', async () => {
  const page = await open('from=2024-08-01&to=2024-08-31', 1440)
  const { bars, svg } = await chart(page, 'spend')
  const xs = [...new Set(bars.map((b) => Math.round(b.left)))]
  expect(xs).toHaveLength(31)
  const step = (Math.max(...xs) - Math.min(...xs)) / 30
  for (const b of bars) expect(b.width / step).toBeCloseTo(0.9, 1)
  expect(svg).toBeGreaterThan(1300)
  await page.close()
}, 120_000)
