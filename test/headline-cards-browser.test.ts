// The headline cards' widths on the demo dataset, in Debian's Chromium. A fresh-user trial found
// them stretched across wide screens: the grid's auto-fit columns grew to fill the row, so a lone
// card ("No data" for a period outside the data) ran the whole 1,600 px screen. They read as cards
// now: six columns of at most 16rem, a lone card at most 32rem, and on a phone one card a row.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { artifacts, openDashboard, openDemoSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

const open = (query: string, width?: number): Promise<Page> => openDashboard(site, query, width)

/** The cards' boxes, the headline section's width and the page's rem (px). */
const cards = (page: Page) => page.evaluate(() => ({
  boxes: [...document.querySelectorAll('#headline .card')].map((c) => { const r = c.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width } }),
  section: document.querySelector('#headline')!.getBoundingClientRect().width,
  rem: parseFloat(getComputedStyle(document.documentElement).fontSize),
}))

it('draws the headline cards at most 16rem wide in one row at 1,600 px, and a lone card at most 32rem', async () => {
  const page = await open('', 1600)
  const { boxes, section, rem } = await cards(page)
  expect(boxes).toHaveLength(6)
  for (const b of boxes) {
    expect(b.width).toBeLessThanOrEqual(16 * rem + 0.5)
    expect(b.width).toBeGreaterThan(12 * rem)
    expect(b.top).toBe(boxes[0]!.top)
  }
  expect(section).toBeGreaterThan(1500)
  await page.locator('#headline').screenshot({ path: `${artifacts}headline-cards-1600.png` })
  await page.close()

  // a period outside the data: one card, a sentence in it, never the row's width
  const none = await open('from=2025-09-10&to=2025-09-10', 1600)
  const lone = await cards(none)
  expect(lone.boxes).toHaveLength(1)
  expect(lone.boxes[0]!.width).toBeLessThanOrEqual(32 * lone.rem + 0.5)
  expect(lone.boxes[0]!.width).toBeLessThan(lone.section / 2)
  await none.close()
}, 120_000)

it('stacks the headline cards one a row, each the section\'s width, on a phone (390 px)', async () => {
  const page = await open('', 390)
  const { boxes, section } = await cards(page)
  expect(boxes).toHaveLength(6)
  for (const [i, b] of boxes.entries()) {
    expect(Math.abs(b.width - section)).toBeLessThan(1)
    if (i > 0) expect(b.top).toBeGreaterThan(boxes[i - 1]!.top)
  }
  await page.locator('#headline').screenshot({ path: `${artifacts}headline-cards-390.png` })
  await page.close()
}, 120_000)

// With a category and a country set, the message cards' counts (all messages of the WABA, phone
// number and period: a message has no market or country, a guardrail break no category) stood
// beside the filtered spend with no word, and so did the "Meta billed differently" line (trial).
it('says on the message cards and the Meta line which filters set do not apply to them, and nothing without them', async () => {
  const notes = (page: Page) => page.evaluate(() => ['#reused', '#guardrail-breaks', '#not-delivered']
    .map((id) => document.querySelector(`${id} .note`)?.textContent ?? ''))
  const meta = (page: Page) => page.evaluate(() => document.querySelector('#billed-differently')?.textContent ?? '')
  const filtered = await open('from=2024-09-01&to=2024-09-20&category=MARKETING&country=MX')
  expect(await notes(filtered)).toEqual(Array(3).fill('All messages of the WABA, phone number and period: the category and country filters do not apply.'))
  expect(await meta(filtered)).toMatch(/^Meta billed differently from the rules: .* Discrepancies of the WABA, phone number and period: the category and country filters do not apply\.$/)
  const market = await open('from=2024-09-01&to=2024-09-20&market=IN')
  expect((await notes(market))[0]).toBe('All messages of the WABA, phone number and period: the market filter does not apply.')
  const plain = await open('from=2024-09-01&to=2024-09-20')
  expect(await notes(plain)).toEqual(['', '', ''])
  expect(await meta(plain)).not.toContain('do not apply')
  await Promise.all([filtered.close(), market.close(), plain.close()])
}, 90_000)
