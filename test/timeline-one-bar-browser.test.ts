// The investigation page's timeline on the demo customer +1 212-702-5441, as a fresh-user trial
// met it: its one free entry point (Jul 24 – Jul 27, 2024) read as two grey blocks, cut at its
// Jul 26 message's tick by the tick's card-coloured halo, which spanned the lane across the bar's
// outline; and the axis' first label was Jul 29 (weekly ticks from the Wednesday the axis began),
// so the early bars had no date under them.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, customerSettled, openDemoSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function open(width: number, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'en-US' })
  // the whole activity (on a phone the page opens on the latest charge's days otherwise)
  await page.goto(`${site.base}/customer.html?q=${encodeURIComponent('+1 212-702-5441')}&zoom=all#key=${adminKey}`)
  await customerSettled(page)
  return page
}

/** The timeline's bars, halos (svg coordinates), the free entry point lane's centre and the x-axis labels (screen). */
const drawn = (page: Page) => page.evaluate(() => {
  const svg = document.querySelector('#timeline svg')!
  const n = (e: Element, a: string) => Number(e.getAttribute(a))
  const lane = [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].find((t) => t.textContent === 'Free entry point')!.getBoundingClientRect()
  return {
    bars: [...svg.querySelectorAll('[aria-label="bar"] rect')].map((r) => {
      const b = r.getBoundingClientRect()
      return { x: n(r, 'x'), width: n(r, 'width'), y: n(r, 'y'), height: n(r, 'height'), left: b.left, top: b.top, bottom: b.bottom }
    }),
    halos: [...svg.querySelectorAll('g.tick-halo line')].map((l) => ({ x: n(l, 'x1'), y1: n(l, 'y1'), y2: n(l, 'y2') })),
    laneY: (lane.top + lane.bottom) / 2,
    labels: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => {
      const b = t.getBoundingClientRect()
      return { text: [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || (t.textContent ?? ''), x: (b.left + b.right) / 2 }
    }),
  }
})

for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [390, 'light']] as const) {
  it(`draws the free entry point as one bar whose outline runs on over its ticks, with a date under its start (${width} px, ${scheme})`, async () => {
    const page = await open(width, scheme)
    const { bars, halos, laneY, labels } = await drawn(page)
    const entry = bars.filter((b) => b.top <= laneY && b.bottom >= laneY)
    expect(entry).toHaveLength(1)
    const bar = entry[0]!
    // its three messages' ticks (entry, reply, Jul 26) lie on it
    const on = (b: typeof bar) => halos.filter((h) => h.x >= b.x && h.x <= b.x + b.width && h.y1 < b.y + b.height && h.y2 > b.y)
    expect(on(bar)).toHaveLength(3)
    // every tick on a bar: its halo covers the bar's fill, top to bottom, and leaves its outline
    // (1 px, centred on the rect's edge) to run on; spanning the lane, it cut the bar in two
    for (const b of bars) {
      for (const h of on(b)) {
        expect(h.y1, `${width} ${h.x}`).toBeGreaterThanOrEqual(b.y + 0.5)
        expect(h.y2, `${width} ${h.x}`).toBeLessThanOrEqual(b.y + b.height - 0.5)
        expect(h.y1).toBeLessThanOrEqual(b.y + 1.5)
        expect(h.y2).toBeGreaterThanOrEqual(b.y + b.height - 1.5)
      }
    }
    // the axis' first label (a date, with the year) at or before the first bar's start: Jul 29 was after it
    expect(labels[0]!.text).toMatch(/^[A-Z][a-z]{2} \d{1,2} 2024$/)
    expect(labels[0]!.x).toBeLessThanOrEqual(Math.min(...bars.map((b) => b.left)))
    await page.locator('#timeline').screenshot({ path: `${artifacts}timeline-one-bar-${width}-${scheme}.png` })
    await page.close()
  }, 120_000)
}
