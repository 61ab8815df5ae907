// The per-message charts' tooltips on a phone (390 px), on the pricing-eras log (its October 2026
// allowance): the Free service messages gauge's tip names its part in words ("part Free messages
// used" was Plot's channel name) and stays inside its panel, as every chart's of the demo
// (dashboard-tips-browser).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { dashboardSettled, openErasSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('keeps the free service messages\' tooltips inside their panel at 390 px, named in words', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 900 }, colorScheme: 'light', locale: 'en-US' })
  await page.goto(`${site.base}/?waba=waba-era-utc&from=2024-09-01&to=2026-10-31#key=${adminKey}`)
  await dashboardSettled(page)
  const bars = page.locator('#free-allowance svg [aria-label="bar"] rect')
  const n = await bars.count()
  const seen: string[][] = []
  for (let i = 0; i < n; i++) {
    await page.mouse.move(0, 0)
    await bars.nth(i).scrollIntoViewIfNeeded()
    const b = (await bars.nth(i).boundingBox())!
    // the gauge's background bar and the allowance have no tip: only its parts
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    const tip = await page.waitForFunction(() => {
      const g = [...document.querySelectorAll('#free-allowance svg [aria-label=tip] g')].find((t) => t.textContent)
      if (!g || (g.parentElement as unknown as SVGGElement).getAttribute('visibility') === 'hidden') return 'none'
      const r = g.getBoundingClientRect()
      const body = g.closest('.body')!.getBoundingClientRect()
      const lines = [...g.querySelectorAll('text > tspan')].map((t) => [...t.childNodes].filter((c) => c.nodeName !== 'title').map((c) => c.textContent).join('').replace(/\u200b/g, '').trim())
      return { lines, inside: r.left >= Math.max(0, body.left) - 1 && r.right <= Math.min(document.documentElement.clientWidth, body.right) + 1 && r.top >= body.top - 1 && r.bottom <= body.bottom + 1 }
    }, undefined, { timeout: 2_000 }).then((h) => h.jsonValue()).catch(() => 'none' as const)
    if (tip === 'none') continue
    seen.push(tip.lines)
    expect(tip, `${i}`).toMatchObject({ inside: true })
    expect(tip.lines.filter((l) => /^(part|fill|x|x1|x2)\b/.test(l) || l.endsWith('…')), `${i}`).toEqual([])
  }
  expect(seen.length).toBeGreaterThan(0)
  expect(seen.flat().some((l) => /^Messages: \d/.test(l))).toBe(true)
  await page.close()
}, 240_000)
