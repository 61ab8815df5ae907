// Findings of a fresh-user trial of the dashboard and the investigation page, on the demo dataset
// in Debian's Chromium: the per-day charts of one period end on one day, the per-day charts' axis
// title clear of the ticks' month line, the "not a whole day" message gone once the date applies
// after a typing pause, Meta's conversation ids told apart, the timeline's ticks standing out on
// the bars in both themes, the "Meta said" header over its text.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, contrast, customerSettled, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import type { CustomerMessageRow } from '../api/routes/customer.ts'

let site: DemoSite

beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function dashboard(width: number, query: string, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

it('draws the per-day charts of one period over the same days, to the period\'s end', async () => {
  // the data ends on 2024-09-20: Click-to-WhatsApp and guardrail ended there, spend on the 30th
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-30')
  const domains = await page.evaluate(() => Object.fromEntries(['#spend', '#ctwa', '#guardrail', '#eras'].map((id) => {
    // a chart with a legend is a figure, which holds the scales
    const svg = (document.querySelector(`${id} figure`) ?? document.querySelector(`${id} svg[class^=plot]`)) as unknown as { scale(n: string): { domain: Date[] } }
    const d = svg.scale('x').domain
    return [id, [d.length, new Date(d[0]!).toISOString().slice(0, 10), new Date(d.at(-1)!).toISOString().slice(0, 10)]]
  })))
  for (const id of ['#spend', '#ctwa', '#guardrail', '#eras']) expect({ id, domain: domains[id] }).toEqual({ id, domain: [30, '2024-09-01', '2024-09-30'] })
  await page.locator('#ctwa').screenshot({ path: `${artifacts}trial-ctwa-september-1440.png` })
  await page.close()
}, 120_000)

for (const width of [390, 1440]) {
  it(`keeps the per-day charts' "Day" axis title clear of the ticks and their month line (${width} px)`, async () => {
    // 60 days whose middle is September 1st: its month line ("Sep") sits mid-axis
    const page = await dashboard(width, 'from=2024-08-03&to=2024-09-30', 'dark')
    for (const id of ['#ctwa', '#guardrail']) {
      const { title, ticks } = await page.evaluate((sel) => {
        const svg = document.querySelector(`${sel} svg[class^=plot]`)!
        const box = (e: Element) => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height, text: e.textContent } }
        return { title: box(svg.querySelector('[aria-label="x-axis label"] text')!), ticks: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map(box) }
      }, id)
      expect(title.text).toContain('Day')
      expect(ticks.some((t) => /Sep/.test(t.text ?? ''))).toBe(true)
      for (const t of ticks) {
        const apart = title.x + title.w <= t.x || t.x + t.w <= title.x || title.y + title.h <= t.y || t.y + t.h <= title.y
        expect(apart, `${id}: "${title.text}" over "${t.text}"`).toBe(true)
      }
      await page.locator(id).screenshot({ path: `${artifacts}trial-axis-title${id.replace('#', '-')}-${width}.png` })
    }
    await page.close()
  }, 120_000)
}

it('clears "not a whole day" once the date typed whole again applies after a typing pause, the field still focused', async () => {
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-15')
  const error = () => page.evaluate(() => { const e = document.querySelector<HTMLElement>('#period-error')!; return e.hidden ? '' : e.textContent })
  // To's month cleared and the field left: said
  await page.focus('input[name=to]')
  await page.keyboard.press('Backspace')
  for (let i = 0; i < 5 && await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'to'); i++) await page.keyboard.press('Tab')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await error()).toMatch(/^To is not a whole day/)
  // back in the field, the same day typed whole, and a pause (no Enter, no Tab)
  await page.focus('input[name=to]')
  for (const k of '09152024') await page.keyboard.press(k, { delay: 40 })
  await page.waitForSelector('#period-error', { state: 'hidden', timeout: 4000 })
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('to')
  expect(await page.evaluate(() => document.querySelector('main')!.classList.contains('stale'))).toBe(false)
  await page.close()
}, 120_000)
