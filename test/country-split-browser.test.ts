// "Spend over time" split by country, in Debian's Chromium on the countries fixture
// (test/fixtures/countries.ts: US and CA of one market, BR, a number of no known country): the
// user picks Country in "Split by", and the chart draws a series per country named in words with
// its code, the unknown one as such, on a phone (390 px, dark) and a desktop (1440 px, light); the
// filter bar's Country narrows it (and every spend figure) to the countries picked.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, contrast, dashboardSettled, openFixtureSite, unwrapped, type DemoSite } from './support/browser.ts'
import { countriesLog, countriesReference } from './fixtures/countries.ts'
import type { SpendRow } from '../api/routes/dashboard.ts'

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite(countriesReference, countriesLog) }, 240_000)
afterAll(async () => { await site?.close() })

const names = ['Brazil (BR)', 'Canada (CA)', 'United States (US)', 'Unknown country']
const bars = '#spend svg [aria-label="bar"] rect, #spend svg [aria-label="rect"] rect'

/** Hovers the `i`th bar of the spend chart and answers its tip's lines. */
async function tipOf(page: Page, i: number): Promise<string[]> {
  await page.mouse.move(0, 0)
  const bar = page.locator(bars).nth(i)
  await bar.scrollIntoViewIfNeeded()
  const b = (await bar.boundingBox())!
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const tip = await page.waitForFunction(() => {
    const g = [...document.querySelectorAll('#spend svg [aria-label=tip] g')].find((t) => t.textContent)
    if (!g || (g.parentElement as unknown as SVGGElement).getAttribute('visibility') === 'hidden') return null
    return [...g.querySelectorAll('text > tspan')].map((t) => [...t.childNodes].filter((n) => n.nodeName !== 'title')
      .map((n) => n.textContent).join('').replace(/\u200b/g, '').replace(/\u00a0/g, ' ').trim())
  })
  return (await tip.jsonValue())!
}

for (const [width, scheme] of [[390, 'dark'], [1440, 'light']] as const) {
  it(`draws the spend per country with the countries' names (${width} px, ${scheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${site.base}/#key=${adminKey}`)
    await dashboardSettled(page)
    // chosen as a user does, in the chart's "Split by"
    expect(await page.locator('#spend select[name=split] option').allTextContents()).toContain('Country')
    await page.selectOption('#spend select[name=split]', 'country')
    await page.waitForURL(/split=country/)
    await dashboardSettled(page)
    expect(await page.locator('#spend .state.error').count()).toBe(0)

    // a series per country of the data, named in words with its code, the unknown one as such
    const legend = page.locator('#spend figure [class$="-swatch"]')
    expect(await legend.allTextContents()).toEqual(names)
    // as the API answers them (the chart draws the API's labels: the CSV says the same)
    const rows = await json<SpendRow[]>(site.t.app, '/api/spend?granularity=total&split=country')
    expect(rows.map((r) => r.label).sort()).toEqual(names)
    // each in its own colour, each colour on the bars
    const swatchColours = await legend.evaluateAll((items) => items.map((i) => i.querySelector('svg')?.getAttribute('fill')))
    // (the stripes over a partial week are rects of one fill of their own, set on their group)
    const barColours = await page.locator(bars).evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')).filter((f) => f !== null))
    expect(new Set(swatchColours).size).toBe(names.length)
    expect([...new Set(barColours)].sort()).toEqual([...swatchColours].sort())

    // legible: the legend's words against the card, whole on the screen; the page never scrolls sideways
    const text = await legend.first().evaluate((e) => {
      let bg = 'rgba(0, 0, 0, 0)'
      for (let p: Element | null = e; p && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor
      return { color: getComputedStyle(e).color, bg }
    })
    expect(contrast(text.color, text.bg)).toBeGreaterThanOrEqual(4.5)
    for (const box of await legend.evaluateAll((items) => items.map((i) => i.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.right).toBeLessThanOrEqual(width)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

    // a bar's tip names its country as the legend does (the code on the name's line: no-break
    // space), with its conversations
    const tip = await tipOf(page, 0)
    const said = unwrapped(tip)
    expect(names.some((n) => said.includes(unwrapped([`Country: ${n}`]))), tip.join(' | ')).toBe(true)
    expect(tip.some((l) => /^\([A-Z]{2}\)$/.test(l)), tip.join(' | ')).toBe(false)
    expect(said).toMatch(/Conversations:\d/)

    await page.locator('#spend').screenshot({ path: `${artifacts}country-split-${width}-${scheme}.png` })
    expect(errors).toEqual([])
    await page.close()
  }, 120_000)
}

it('narrows the view to a country picked in the filter bar, its name in the menu and the export\'s sentence', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?split=country#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.locator('select[name=country] option').allTextContents()).toEqual(['All countries', ...names])
  await page.selectOption('select[name=country]', 'CA')
  await page.waitForURL(/country=CA/)
  await dashboardSettled(page)
  expect(await page.locator('#spend figure [class$="-swatch"]').allTextContents()).toEqual(['Canada (CA)'])
  expect(await page.textContent('#export [data-role=scope]')).toContain('country Canada (CA): its total is the headline\'s.')
  // a link's country in another case is the menu's, as a market's is
  await page.goto(`${site.base}/?country=unknown&split=country#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.inputValue('select[name=country]')).toBe('unknown')
  expect(await page.locator('#spend figure [class$="-swatch"]').allTextContents()).toEqual(['Unknown country'])
  await page.goto(`${site.base}/?country=br#key=${adminKey}`)
  await dashboardSettled(page)
  expect(new URL(page.url()).searchParams.get('country')).toBe('BR')
  expect(await page.locator('#notice').isHidden()).toBe(true)
  await page.close()
}, 120_000)
