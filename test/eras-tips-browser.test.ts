// Spend across pricing models' tooltips on a phone (390 px), by day, on the pricing-eras log
// (support/eras-log.ts: per-message pricing from July 2025), as a trial read them: a tip moved
// onto the chart (tip.ts keepOnChart) stayed up to half a pixel past its edge, and its frame's
// border, half outside the box measured, was cut by the card (1 px at the chart's right edge);
// and the charges chart named a bar's count "Charges: 1" where Spend over time says "Per-message
// charges: 1" for the same kind of bar. Now each tip's box, border included, stays on its chart,
// and its count is in Spend over time's words (spend.ts chargesLine).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { artifacts, openDashboard, openErasSite, tipAtPointer, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('keeps every tip of Spend across pricing models on its chart at 390 px, its count in Spend over time\'s words', async () => {
  const page = await openDashboard(site, 'waba=waba-era-utc&from=2025-07-01&to=2025-07-15&granularity=day', 390)
  const bars = page.locator('#eras svg [aria-label="bar"] rect')
  const counts: string[] = []
  for (let i = 0; i < await bars.count(); i++) {
    await bars.nth(i).scrollIntoViewIfNeeded()
    const b = await bars.nth(i).boundingBox()
    if (!b || b.width < 1 || b.height < 1) continue
    const t = await tipAtPointer(page, '#eras', b.x + b.width / 2, b.y + b.height / 2)
    // the frame's stroke, centred on its path, half outside the box measured
    const half = await page.evaluate(() => {
      const shown = [...document.querySelectorAll('#eras svg [aria-label=tip] g')]
        .find((g) => g.textContent && (g.parentElement as unknown as SVGGElement).getAttribute('visibility') !== 'hidden')
      const path = shown?.querySelector('path')
      return path ? Number.parseFloat(getComputedStyle(path).strokeWidth) / 2 : 0
    })
    const at = `bar ${i}: ${JSON.stringify(t)}`
    expect(half, at).toBeGreaterThan(0)
    expect(t.box.left - half, at).toBeGreaterThanOrEqual(t.chart.left)
    expect(t.box.right + half, at).toBeLessThanOrEqual(t.chart.right)
    counts.push(...t.lines.join(' ').match(/(Conversations|Per-message charges|Charges): \d+( \(.*?\))?/g) ?? [])
  }
  // "Charges" only for a bar of both kinds, with its parts, as Spend over time says it
  expect(counts.length).toBeGreaterThan(0)
  expect(counts.filter((c) => c.startsWith('Charges') && !c.includes('+'))).toEqual([])
  expect(counts.some((c) => c.startsWith('Per-message charges: '))).toBe(true)
  await page.locator('#eras').screenshot({ path: `${artifacts}eras-tip-390.png` })
  await page.close()
}, 240_000)
