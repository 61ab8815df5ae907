// The dashboard's per-day charts (spend over time by day, Click-to-WhatsApp, guardrail, spend
// across pricing models) and the Click-to-WhatsApp ads table as a fresh user met them: the day
// axis labelled days between two bars (a utc scale's ticks at midnight, the bars' edges), thinned
// on a phone to Sundays (the dashboard's weeks start on Monday), and on a phone the ads table
// became a card per ad, eight ads taking several screens; and the charts' days at other x, under
// other ticks (each chart its own margins).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, openDemoSite, openErasSite, type DemoSite, dashboardSettled } from './support/browser.ts'

describe('the demo', () => {
  let site: DemoSite
  beforeAll(async () => { site = await openDemoSite() }, 240_000)
  afterAll(async () => { await site?.close() })

  for (const width of [390, 1440]) {
    it(`puts each day tick at a day's bar, not between two (${width} px)`, async () => {
      const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US' })
      await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
      await dashboardSettled(page)
      for (const panel of ['#spend', '#ctwa', '#guardrail', '#eras']) {
        for (const drawn of await dayCharts(page, panel)) {
          const bars = drawn.bars.map((b) => (b.left + b.right) / 2)
          expect(drawn.ticks.length).toBeGreaterThanOrEqual(3)
          expect(bars.length).toBeGreaterThan(drawn.ticks.length)
          // every tick at the centre of a bar (within half a pixel)
          for (const t of drawn.ticks) expect({ panel, t, at: Math.min(...bars.map((b) => Math.abs(b - t))) < 0.5 }).toEqual({ panel, t, at: true })
          // the first bar is September 1st: a tick there names it
          // (with its year beneath: the first tick names it)
          if (Math.abs(drawn.ticks[0]! - Math.min(...bars)) < 0.5) expect(drawn.tickLabels[0]).toBe('Sep 1 2024')
        }
      }
      await page.locator('#ctwa').screenshot({ path: `${artifacts}dashboard-days-ctwa-${width}.png` })
      await page.close()
    }, 90_000)
  }

  for (const width of [390, 1440]) {
    it(`draws the per-day charts on one axis: each day at one x, under the same ticks (default period, ${width} px)`, async () => {
      const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US' })
      // the demo's default period (60 days), spend by day. Click-to-WhatsApp (50 px left margin)
      // ticked every 2 days at 1440 px, guardrail (its rows' names in a 120 px right margin)
      // Mondays, its last day at ~1,173 px against ~1,265 (fresh-user trial)
      await page.goto(`${site.base}/?granularity=day#key=${adminKey}`)
      await dashboardSettled(page)
      const axis = async (panel: string) => {
        const charts = await dayCharts(page, panel)
        expect({ panel, charts: charts.length }).toEqual({ panel, charts: 1 })
        const px = (v: number) => Math.round(v * 10) / 10
        const { days, ticks, tickLabels } = charts[0]!
        return { days: days.map((d) => [d.day, px(d.left), px(d.right)]), ticks: ticks.map(px), tickLabels }
      }
      const spend = await axis('#spend')
      expect(spend.days.length).toBeGreaterThan(31)
      expect(spend.ticks.length).toBeGreaterThanOrEqual(3)
      for (const panel of ['#ctwa', '#guardrail']) expect({ panel, ...await axis(panel) }).toEqual({ panel, ...spend })
      await page.locator('#guardrail').screenshot({ path: `${artifacts}dashboard-days-guardrail-default-${width}.png` })
      await page.close()
    }, 90_000)
  }

  // Chromium's element screenshots resized the window to 1×1 px and back: 250 ms later every panel
  // was drawn anew ("Loading…"), and a "Show all" clicked meanwhile was undone (CI, 3 of 8 ads).
  it('draws nothing anew for a window resized to 1×1 px and back, briefly or held, and redraws for a new width (390 px)', async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
    await page.goto(`${site.base}/#key=${adminKey}`)
    await dashboardSettled(page)
    const asked: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/') && !r.url().includes('/api/events')) asked.push(r.url()) })
    const cdp = await page.context().newCDPSession(page)
    const size = (width: number, height: number) => cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false })
    // sent together, as the screenshot does: the page sees both sizes within a few ms
    await Promise.all([size(1, 1), size(390, 844)])
    await page.waitForTimeout(1_500)
    expect(asked).toEqual([])
    // nor for one held at 1×1 px past the 250 ms a resize rests, as a screenshot on a loaded
    // machine may hold it: the panels were drawn at 1 px, then again at 390 px, after the
    // screenshot had returned and while the test read them (a page-side timer: the resize's fires first)
    const rested = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 400))))
    await size(1, 1)
    await rested()
    await size(390, 844)
    await rested()
    expect(asked).toEqual([])
    await size(600, 844)
    await expect.poll(() => asked.some((u) => u.includes('/api/ctwa/ads')), { timeout: 10_000 }).toBe(true)
    await page.close()
  }, 90_000)

  for (const scheme of ['light', 'dark'] as const) {
    // Kept a table on a phone, scrolling sideways, it showed 3 of its 7 columns (scrollWidth 650
    // in 321 px), Conversion behind a faint fade (fresh-user trial): each ad a card, as the
    // reconciliation's tables (panel.ts fold), every figure beside its title, the first 3 and "Show all".
    it(`shows each ad as a card on a phone, every column in view, the first few and "Show all" (390 px, ${scheme})`, async () => {
      const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: scheme })
      await page.goto(`${site.base}/#key=${adminKey}`)
      await dashboardSettled(page)
      const table = page.locator('#ctwa table')
      const rows = await table.locator('tbody tr').count()
      expect(rows).toBeGreaterThanOrEqual(5)
      expect(await table.locator('thead').isVisible()).toBe(false)
      // nothing sideways: neither the page nor the table's box
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      const box = await page.locator('#ctwa .table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
      expect(box.scroll).toBeLessThanOrEqual(box.client)
      const cards = () => page.$$eval('#ctwa tbody tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetHeight > 0).map((tr) => {
        const card = tr.getBoundingClientRect()
        return [...(tr as HTMLTableRowElement).cells].map((td) => {
          const r = td.getBoundingClientRect()
          return { title: td.dataset.label, value: td.textContent, inside: r.left >= card.left && r.right <= card.right + 0.5 && r.width > 0 }
        })
      }))
      const shown = await cards()
      expect(shown.length).toBe(3)
      const titles = ['Ad / post id', 'Entries', 'Started a free entry point', 'In an open free entry point', 'No reply within 24\u00a0h', 'Not delivered', 'Conversion']
      for (const card of shown) {
        expect(card.map((c) => c.title)).toEqual(titles)
        expect(card.every((c) => c.inside && c.value !== '')).toBe(true)
        expect(card[6]!.value).toMatch(/^\d+\.\d %$/)
      }
      await page.locator('#ctwa').screenshot({ path: `${artifacts}dashboard-days-ads-390-${scheme}.png` })
      // (the screenshot scrolls the panel into view: whatever it redraws there ends before the click)
      await dashboardSettled(page)
      await page.click('#ctwa button.show-all')
      // every card once the click is handled (CI saw 3 of 8 right after it once, the cause unfound)
      await expect.poll(async () => (await cards()).length, { timeout: 10_000 }).toBe(rows)
      expect(await page.locator('#ctwa button.show-all').count()).toBe(0)
      await page.close()
    }, 90_000)
  }

  it('thins the day ticks on a phone to Mondays, a tick a week (390 px)', async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'en-US' })
    // the demo's 20 days: a tick a week (Plot's weeks started on Sunday, September 1st)
    await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
    await dashboardSettled(page)
    for (const panel of ['#spend', '#ctwa', '#guardrail']) await expectMondays(page, panel, 7)
    await page.locator('#guardrail').screenshot({ path: `${artifacts}dashboard-days-guardrail-390.png` })
    await page.close()
  }, 90_000)
})

// The pricing-eras log around the July 2025 switch to per-message pricing: the change's dashed
// rule and words on the by-day band scale, in the gap before July 1st's bar.
describe('spend across pricing models by day', () => {
  let site: DemoSite
  beforeAll(async () => { site = await openErasSite() }, 240_000)
  afterAll(async () => { await site?.close() })

  for (const [width, scheme] of [[390, 'dark'], [1440, 'light']] as const) {
    it(`puts each tick at a day's bar and the July 1st change before its bar (${width} px)`, async () => {
      const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
      await page.goto(`${site.base}/?waba=waba-era-utc&from=2025-06-20&to=2025-07-10#key=${adminKey}`)
      await dashboardSettled(page)
      await page.locator('#eras').screenshot({ path: `${artifacts}dashboard-days-eras-${width}-${scheme}.png` })
      const charts = await dayCharts(page, '#eras')
      expect(charts.length).toBe(2)
      for (const c of charts) {
        // the log has days without messages: each tick at its day's band centre, at its bar's when it has one
        expect(c.ticks.length).toBeGreaterThanOrEqual(3)
        let atBars = 0
        for (const t of c.ticks) {
          const band = c.days.find((d) => Math.abs((d.left + d.right) / 2 - t) < 0.5)
          expect({ width, t, band: band?.day }).toEqual({ width, t, band: expect.any(String) })
          const bars = c.bars.filter((b) => b.right > band!.left && b.left < band!.right)
          for (const b of bars) expect({ width, day: band!.day, off: Math.abs((b.left + b.right) / 2 - t) < 0.5 }).toEqual({ width, day: band!.day, off: true })
          if (bars.length > 0) atBars++
        }
        expect(atBars).toBeGreaterThanOrEqual(1)
        // one change in the period, ruled in the gap between June 30th's bar and July 1st's
        expect(c.rules.length).toBe(1)
        const rule = c.rules[0]!
        const june30 = c.days.find((d) => d.day === '2025-06-30')!
        const july1 = c.days.find((d) => d.day === '2025-07-01')!
        expect(Math.abs(rule - (june30.right + july1.left) / 2)).toBeLessThan(0.5)
        // every bar on its side of it: June's left, July's right
        for (const b of c.bars) {
          const day = c.days.find((d) => Math.abs(d.left + d.right - b.left - b.right) < 1)!.day
          expect({ day, side: b.right <= rule ? 'left' : b.left >= rule ? 'right' : 'across' }).toEqual({ day, side: day < '2025-07-01' ? 'left' : 'right' })
        }
      }
      expect(charts[1]!.rules).toEqual(charts[0]!.rules)
      // its words start just right of the rule (a phone names it by its day)
      const words = charts[0]!.labels
      expect(words.length).toBe(1)
      expect(words[0]!.text).toMatch(width < 600 ? /^Jul 1, 2025$/ : /^Per-message pricing/)
      expect(words[0]!.left - charts[0]!.rules[0]!).toBeGreaterThan(2)
      expect(words[0]!.left - charts[0]!.rules[0]!).toBeLessThan(6)
      await page.close()
    }, 90_000)
  }

  it('thins the day ticks of 45 days on a phone to every other Monday (390 px)', async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'en-US' })
    await page.goto(`${site.base}/?waba=waba-era-utc&from=2025-06-01&to=2025-07-15&granularity=day#key=${adminKey}`)
    await dashboardSettled(page)
    await page.locator('#spend').screenshot({ path: `${artifacts}dashboard-days-spend-45-390.png` })
    await expectMondays(page, '#spend', 14)
    await page.close()
  }, 90_000)
})

/** The ticks of a panel's first day chart fall on Mondays, `apart` days apart. */
async function expectMondays(page: Page, panel: string, apart: number) {
  const [chart] = await dayCharts(page, panel)
  const days = chart!.ticks.map((t) => chart!.days.find((d) => Math.abs((d.left + d.right) / 2 - t) < 0.5)?.day ?? '')
  expect(days.length, panel).toBeGreaterThanOrEqual(2)
  for (const d of days) expect({ panel, d, weekday: new Date(d).getUTCDay() }).toEqual({ panel, d, weekday: 1 })
  for (const [i, d] of days.slice(1).entries()) expect({ panel, d, apart: (Date.parse(d) - Date.parse(days[i]!)) / 86_400_000 }).toEqual({ panel, d, apart })
}

/**
 * The x axes of a panel's day charts as drawn, in the page's pixels: tick marks, bars' edges,
 * dashed rules, text marks' boxes, and each day's band from the chart's own x scale.
 */
async function dayCharts(page: Page, panel: string) {
  return page.locator(`${panel} svg:has([aria-label="x-axis tick"])`).evaluateAll((svgs) => svgs.map((svg) => {
    const plot = (svg.closest('figure') ?? svg) as unknown as { scale(n: string): { domain: Date[]; apply(d: Date): number; bandwidth: number } }
    const x = plot.scale('x')
    const at = svg.getBoundingClientRect().left
    const box = (el: Element) => el.getBoundingClientRect()
    return {
      ticks: [...svg.querySelectorAll('[aria-label="x-axis tick"] path')].map((p) => box(p).left + box(p).width / 2),
      // a label's lines joined by a space ("Sep 1" over "2024": "Sep 1 2024")
      tickLabels: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') || (t.textContent ?? '')),
      bars: [...svg.querySelectorAll('[aria-label="bar"] rect, [aria-label="rect"] rect')].map((r) => ({ left: box(r).left, right: box(r).right })),
      rules: [...svg.querySelectorAll('[aria-label="rule"][stroke-dasharray] line')].map((l) => box(l).left),
      // a label's words, without its title (the full words, as a tooltip)
      labels: [...svg.querySelectorAll('[aria-label="text"] text')].map((t) => ({
        text: [...t.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' '), left: box(t).left,
      })),
      days: x.domain.map((d) => ({ day: d.toISOString().slice(0, 10), left: at + x.apply(d), right: at + x.apply(d) + x.bandwidth })),
    }
  }))
}
