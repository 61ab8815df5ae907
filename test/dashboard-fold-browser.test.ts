// The dashboard's first screen on the demo dataset, in Debian's Chromium. Managers open it to watch
// spend: at 1440 × 900 and 1280 × 800 the "Spend over time" chart had slid below the fold once
// the filter bar's period presets made it two rows, with the headline's "Meta billed differently"
// line under the cards (at 1280 × 800 its plot started at y 671, 129 of its 320 px in view), and
// every headline card stretched to the categories' card (~250 px), mostly empty. Now the bar, the
// export line and the headline are tighter, each card is as tall as its own content, and the
// chart's title and most of its plot show without scrolling.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import { money, roundedApart } from '../web/src/format.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function open(width: number, height: number, colorScheme: 'light' | 'dark', query = ''): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height }, locale: 'en-US', colorScheme })
  await page.goto(`${site.base}/${query ? `?${query}` : ''}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

/** What the first screen shows (CSS px from the viewport's top): the spend chart's title and plot, the headline cards, the filter bar's period and the page's width. */
const firstScreen = (page: Page) => page.evaluate(() => {
  const box = (e: Element) => e.getBoundingClientRect()
  // Plot's figure holds the legend's swatches (small svgs) and the chart: the tallest svg
  const plot = [...document.querySelectorAll('#spend .body svg')].sort((a, b) => box(b).height - box(a).height)[0]!
  return {
    viewport: { width: innerWidth, height: innerHeight },
    page: document.documentElement.scrollWidth,
    title: { top: box(document.querySelector('#spend h2')!).top, bottom: box(document.querySelector('#spend h2')!).bottom },
    plot: { top: box(plot).top, height: box(plot).height },
    // each card's height, and the room under its last line to its bottom edge beyond its padding and border
    cards: [...document.querySelectorAll<HTMLElement>('#headline .card')].map((c) => {
      const s = getComputedStyle(c)
      const last = c.lastElementChild!
      const spare = box(c).bottom - box(last).bottom - parseFloat(getComputedStyle(last).marginBottom)
        - parseFloat(s.paddingBottom) - parseFloat(s.borderBottomWidth)
      return { id: c.id, height: box(c).height, spare }
    }),
    // the preset menu, From and To: their tops and right edges
    period: ['preset', 'from', 'to'].map((n) => { const r = box(document.querySelector(`#filters [name=${n}]`)!); return { top: r.top, right: r.right } }),
  }
})

for (const [width, height, scheme] of [[1440, 900, 'light'], [1440, 900, 'dark'], [1280, 800, 'light'], [1280, 800, 'dark']] as const) {
  it(`shows the spend chart's title and most of its plot without scrolling, the cards as tall as their content (${width} × ${height}, ${scheme})`, async () => {
    const page = await open(width, height, scheme)
    const s = await firstScreen(page)
    await page.screenshot({ path: `${artifacts}dashboard-fold-${width}-${scheme}.png` })
    // the title whole, and at least half the plot above the fold (on main at 1280 × 800: 40%)
    expect(s.title.bottom).toBeLessThanOrEqual(s.viewport.height)
    expect(s.plot.top).toBeLessThan(s.viewport.height)
    expect(s.viewport.height - s.plot.top).toBeGreaterThanOrEqual(s.plot.height / 2)
    // nothing cut sideways: the page no wider than the window, the period's fields on one line within it
    expect(s.page).toBeLessThanOrEqual(s.viewport.width)
    for (const p of s.period) {
      expect(Math.abs(p.top - s.period[0]!.top)).toBeLessThan(4)
      expect(p.right).toBeLessThanOrEqual(s.viewport.width)
    }
    // each card ends where its content does (stretched to the categories' card, Total spend had
    // ~140 px of nothing under its figures), so their heights differ as their contents do
    expect(s.cards.map((c) => c.id)).toEqual(['total-spend', 'paid', 'by-category', 'reused', 'guardrail-breaks', 'not-delivered'])
    for (const c of s.cards) expect(c.spare, c.id).toBeLessThan(2)
    const heights = s.cards.map((c) => c.height)
    expect(Math.max(...heights) - Math.min(...heights)).toBeGreaterThan(50)
    expect(s.cards.find((c) => c.id === 'total-spend')!.height).toBeLessThan(s.cards.find((c) => c.id === 'by-category')!.height)
    await page.close()
  }, 120_000)
}

it('keeps the phone layout: one card a row, each as tall as its content, nothing wider than the window (390 px)', async () => {
  const page = await open(390, 844, 'light')
  const s = await firstScreen(page)
  await page.screenshot({ path: `${artifacts}dashboard-fold-390.png`, fullPage: true, clip: { x: 0, y: 0, width: 390, height: 1700 } })
  expect(s.page).toBeLessThanOrEqual(s.viewport.width)
  for (const c of s.cards) expect(c.spare, c.id).toBeLessThan(2)
  const cards = await page.$$eval('#headline .card', (cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { left: r.left, top: r.top, bottom: r.bottom } }))
  for (const [i, c] of cards.entries()) {
    expect(Math.abs(c.left - cards[0]!.left)).toBeLessThan(1)
    if (i > 0) expect(c.top).toBeGreaterThan(cards[i - 1]!.bottom)
  }
  await page.close()
}, 120_000)

/** An amount as written ("$1,234.56") in cents. */
const cents = (text: string): number => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100)

// The categories' card says what its labels (each rounded once) add up to beside the total spend
// where they differ, as Spend by market does (labels-apart.ts; it said only "Each amount rounded
// on its own": the demo's September reads $222.53 of categories under $222.52): two lines more,
// and the spend chart's title and half its plot still above the fold on a laptop.
for (const scheme of ['light', 'dark'] as const) {
  it(`says what the categories add up to beside the total spend, the spend chart still in view (1280 × 800, September 2024, ${scheme})`, async () => {
    const page = await open(1280, 800, scheme, 'from=2024-09-01&to=2024-09-30')
    const spend = (await page.textContent('#total-spend .value'))!
    const labels = ((await page.textContent('#by-category .detail'))!.match(/\$[\d,]+\.\d+/g) ?? []).reduce((a, l) => a + cents(l), 0)
    expect(labels).not.toBe(cents(spend))
    const usd = (c: number) => money((c / 100).toFixed(2), 'USD')
    expect(await page.textContent('#by-category .note')).toBe(`${roundedApart('the exports')} Labels add up to ${usd(labels)}; the total spend, ${spend},`
      + ` is rounded once (${usd(Math.abs(labels - cents(spend)))}\u00a0apart).`)
    const s = await firstScreen(page)
    await page.screenshot({ path: `${artifacts}dashboard-fold-1280-september-${scheme}.png` })
    expect(s.title.bottom).toBeLessThanOrEqual(s.viewport.height)
    expect(s.viewport.height - s.plot.top).toBeGreaterThanOrEqual(s.plot.height / 2)
    for (const c of s.cards) expect(c.spare, c.id).toBeLessThan(2)
    await page.close()
  }, 120_000)
}
