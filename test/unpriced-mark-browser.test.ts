// The "?" over a spend bar whose charges of one series have no price, when another series is the
// bar's top segment (break-it trial: a rate card without North America's MARKETING price, where
// MARKETING's priced spend is 0 and draws no segment): Spend over time (split by category) and
// Spend across pricing models put the "?" on top of the bar, over Utility, whose tip showed there
// and said nothing of Marketing: a reader took Utility as incomplete. Now the tip over the "?"
// says which series it marks, in both charts (spend.ts markedLine), and so does the note under
// each chart, which counted the charges without naming their series (unpricedChartNote).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, tipAtPointer, type DemoSite } from './support/browser.ts'
import { keyOf, template } from './support/log.ts'
import { tempDir } from './support/temp.ts'
import { rateCardHeader } from './fixtures/unpriced.ts'

const us = keyOf('unpriced-mark', '14155550100')
const br = keyOf('unpriced-mark', '5511987654321')
// Dec 1 (the week of Dec 1): North America's MARKETING without a price, its UTILITY priced;
// Dec 8: the same, and BR's MARKETING priced (Marketing's segment drawn, under Utility's)
const log = [
  template(us, 'm-mk-1', 1, 'MARKETING'), template(us, 'm-ut-1', 2, 'UTILITY'),
  template(br, 'm-mk-2', 169, 'MARKETING'), template(us, 'm-mk-3', 170, 'MARKETING'), template(us, 'm-ut-2', 171, 'UTILITY'),
]

let site: DemoSite
beforeAll(async () => {
  const rateCard = join(tempDir('wacost-unpriced-mark-'), 'rate-card.csv')
  writeFileSync(rateCard, `${rateCardHeader}\nNorth America,UTILITY,0.0040,USD,2024-06-01\nBR,MARKETING,0.0625,USD,2024-06-01\n`)
  site = await openFixtureSite({ rateCard }, log)
}, 240_000)
afterAll(async () => { await site?.close() })

/** The tip shown over `element`'s centre (scrolled into view first), its lines joined by spaces; one tip only. */
async function tipOver(page: Page, panel: string, element: Locator): Promise<string> {
  await element.scrollIntoViewIfNeeded()
  const box = (await element.boundingBox())!
  const tip = await tipAtPointer(page, panel, box.x + box.width / 2, box.y + box.height / 2)
  expect(tip.shown).toBe(1)
  return tip.lines.join(' ')
}

it('says in the tip over a bar\'s "?" and in the note under the chart which series has charges without a price (both spend charts; 390, 1440 px)', async () => {
  for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [390, 'light'], [390, 'dark']] as const) {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    await page.goto(`${site.base}/?from=2025-12-01&to=2025-12-14&granularity=week&split=category#key=${adminKey}`)
    await dashboardSettled(page)
    const overTime = page.locator('#spend svg [aria-label="text"] text')
    expect(await overTime.allTextContents()).toEqual(['?', '?'])
    for (const i of [0, 1]) {
      const tip = await tipOver(page, '#spend', overTime.nth(i))
      // the tip shown over the "?" is Utility's, the top segment: it names Marketing's
      expect(tip, `${width} ${scheme} week ${i}`).toContain('Category: Utility')
      expect(tip).toContain('? marks Marketing: no price for 1')
      expect(tip).not.toContain('Incomplete')
    }
    // the note under the chart names the series too (it said "2 charges have no price in the rate card")
    expect(await page.locator('#spend .unpriced-note').textContent(), `${width} ${scheme}`)
      .toBe('Marketing: 2 charges have no price in the rate card. Amounts marked incomplete (?) count only the priced charges.')
    await page.locator('#spend').screenshot({ path: `${artifacts}unpriced-mark-spend-${width}-${scheme}.png` })
    const eras = page.locator('#eras svg').filter({ has: page.locator('[aria-label="y-axis label"]', { hasText: 'Spend' }) })
    const marks = eras.locator('[aria-label="text"] text')
    expect(await marks.allTextContents()).toEqual(['?', '?'])
    const tip = await tipOver(page, '#eras', marks.first())
    expect(tip, `${width} ${scheme} eras`).toContain('Category · pricing type: Utility · Paid')
    expect(tip).toContain('? marks Marketing · Paid: no price for 1')
    expect(await page.locator('#eras .unpriced-note').textContent())
      .toBe('Marketing · Paid: 2 charges have no price in the rate card. Amounts marked incomplete (?) count only the priced charges.')
    await page.locator('#eras').screenshot({ path: `${artifacts}unpriced-mark-eras-${width}-${scheme}.png` })
    await page.close()
  }
}, 120_000)
