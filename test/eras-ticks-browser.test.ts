// "Spend across pricing models" over months and weeks in Debian's Chromium on the 2024–2026 log
// (test/support/eras-log.ts), as a fresh-user trial saw it: over ~7 months of monthly bars at
// 1440 px Plot's own ticks fell on every Sunday, and a week or month only partly inside the
// period was drawn whole and as dark as the others (Spend over time draws it over the period's
// days, hatched, and says so). It was drawn paler first, which read as the legend's lighter
// series (Service · Paid paler ≈ Service · Free tier): now its colours stay and stripes cover it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, openErasSite, settleMs, type DemoSite } from './support/browser.ts'

let site: DemoSite

beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** Per eras chart: the x ticks' positions and labels, the bars' x, width and fill-opacity, and the hatched extents. */
async function axes(page: Page) {
  return page.$$eval('#eras svg[class^=plot]', (svgs) => svgs.map((svg) => ({
    ticks: [...svg.querySelectorAll('[aria-label="x-axis tick"] path')].map((p) => {
      const g = p.parentElement!.getAttribute('transform') ?? ''
      const dx = Number(/translate\(([-\d.]+)/.exec(g)?.[1] ?? 0)
      return Number(/translate\(([-\d.]+)/.exec(p.getAttribute('transform') ?? '')![1]) + dx
    }),
    // a tick's first line ("Jul 7"; a year beneath it where the year changes)
    labels: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.querySelector('tspan')?.textContent ?? t.textContent ?? ''),
    bars: [...svg.querySelectorAll('[aria-label="rect"]:not([aria-hidden]) rect')].map((r) => ({
      x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')),
      opacity: Number(r.getAttribute('fill-opacity') ?? r.parentElement?.getAttribute('fill-opacity') ?? 1),
    })),
    // the stripes over a partial period: a rect whose fill is the chart's own pattern
    hatched: [...svg.querySelectorAll('[aria-hidden="true"][fill^="url("] rect')].map((r) => {
      const fill = r.parentElement!.getAttribute('fill')!
      const id = /^url\(#(.+)\)$/.exec(fill)?.[1]
      return { x: Number(r.getAttribute('x')), width: Number(r.getAttribute('width')), pattern: id !== undefined && svg.querySelector(`pattern[id="${id}"]`) !== null }
    }),
  })))
}

async function open(width: number, query: string, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#eras svg')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0, undefined, { timeout: settleMs })
  return page
}

it('ticks monthly bars at their months over ~8 months at 1440 px, partial months hatched and said', async () => {
  // 2024-11-02 … 2025-07-20: 261 days, by month; November and July only partly inside, with data
  const page = await open(1440, 'waba=waba-era-utc&from=2024-11-02&to=2025-07-20', 'light')
  await page.locator('#eras').screenshot({ path: `${artifacts}eras-months-1440.png` })
  const months = [...Array(9).keys()].map((i) => Date.UTC(2024, 10 + i, 1))
  const want = await page.$$eval('#eras svg[class^=plot]', (svgs, ms) => svgs.map((svg) =>
    ms.map((m) => (svg as unknown as { scale(n: string): { apply(v: Date): number } }).scale('x').apply(new Date(m)))), months)
  for (const [i, c] of (await axes(page)).entries()) {
    // a tick at each month's start (Nov … Jul: the axis starts at the first, partial month's 1st,
    // which had no tick: trial), none per week (Plot's own: Sundays)
    expect(c.ticks.length).toBe(9)
    for (const [k, x] of c.ticks.entries()) expect(Math.abs(x - want[i]![k]!), `tick ${k}`).toBeLessThan(1)
    // the partial months (the first and the last bars' columns) hatched, the whole ones not; every
    // bar in its series' own colour
    const first = Math.min(...c.bars.map((b) => b.x))
    const last = Math.max(...c.bars.map((b) => b.x))
    for (const b of c.bars) expect(b.opacity, `bar at ${b.x}`).toBe(1)
    expect(c.hatched.map((h) => Math.round(h.x)).sort((a, b) => a - b)).toEqual([Math.round(first), Math.round(last)])
    expect(c.hatched.every((h) => h.pattern)).toBe(true)
    // the partial first month after its own tick (Nov 1), before December's
    expect(first).toBeGreaterThan(want[i]![0]!)
    expect(first).toBeLessThan(want[i]![1]!)
    expect(last).toBeGreaterThan(want[i]![8]!)
  }
  expect(await page.textContent('#eras .partial-note')).toBe('Hatched bars are partial months: only the days from Nov 2, 2024 to Jul 20, 2025 count.')
  await page.close()
}, 120_000)

it('ticks weekly bars on Mondays, thinned on a phone, and draws a partial week narrower and hatched', async () => {
  // 2025-07-01 (a Tuesday) … 2025-08-31 (a Sunday): 62 days, by week; the first week partial, with data
  const page = await open(390, 'waba=waba-era-utc&from=2025-07-01&to=2025-08-31', 'dark')
  await page.locator('#eras').screenshot({ path: `${artifacts}eras-weeks-390.png` })
  const [top] = await axes(page)
  expect(top!.labels.length).toBeGreaterThan(1)
  expect(top!.labels.length).toBeLessThanOrEqual(5)
  for (const l of top!.labels) expect(new Date(`${l}, 2025 12:00 UTC`).getUTCDay(), l).toBe(1)
  // the first bar starts at the period's first day, 6 days of 7 wide
  const first = Math.min(...top!.bars.map((b) => b.x))
  const widest = Math.max(...top!.bars.map((b) => b.width))
  expect(top!.bars.find((b) => b.x === first)!.width).toBeLessThan(widest * 0.9)
  expect(top!.bars.every((b) => b.opacity === 1)).toBe(true)
  expect(top!.hatched.map((h) => Math.round(h.x))).toEqual([Math.round(first)])
  expect(await page.textContent('#eras .partial-note')).toContain('Hatched bars are partial weeks')
  await page.close()
}, 120_000)
