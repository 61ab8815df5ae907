// Charges without a rate-card price on the dashboard's spend charts, in Debian's Chromium (the
// fixture of fixtures/unpriced.ts: 2 of 5 charges in December 2025 have no price). The charts
// summed the rollup, where such a charge costs 0: North America read $0.03 as if complete, and
// nothing said two of its three charges had no price. Now each affected bar is marked "?", its
// tooltip counts them, and a note under the chart says how many; the headline already said so.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { ingest } from './support/engine.ts'
import { keyOf, template } from './support/log.ts'
import { tempDir } from './support/temp.ts'
import { unpricedLog, unpricedRateCard, us } from './fixtures/unpriced.ts'

let site: DemoSite

beforeAll(async () => { site = await openFixtureSite({ rateCard: unpricedRateCard(tempDir('wacost-unpriced-browser-')) }, unpricedLog) }, 240_000)
afterAll(async () => { await site?.close() })

const text = (page: Page, selector: string) => page.locator(selector).textContent().then((x) => (x ?? '').replace(/\u200b/g, ' '))

/** Hovers the element's centre (scrolled into view first); the tooltip then shown in `panel`. */
async function tipOver(page: Page, panel: string, element: ReturnType<Page['locator']>): Promise<string> {
  // the screenshot of #markets scrolls the page: the spend chart's marks were above the viewport
  // once the notes under the charts grew (the mouse then hovered nothing; CI run 3)
  await element.scrollIntoViewIfNeeded()
  const box = (await element.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  // each mark with a tooltip has its own (empty while another mark's is shown)
  const shown = await page.waitForFunction((p) => [...document.querySelectorAll(`${p} svg [aria-label="tip"]`)]
    .map((t) => t.textContent ?? '').find((t) => t !== ''), panel)
  return String(await shown.jsonValue()).replace(/\u200b/g, ' ').replace(/\u00a0/g, ' ')
}

it('marks the bars with charges without a price, counts them in the tooltip and says so under the charts', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&granularity=day#key=${adminKey}`)
  await dashboardSettled(page)
  await page.locator('#spend').screenshot({ path: `${artifacts}unpriced-spend.png` })
  await page.locator('#markets').screenshot({ path: `${artifacts}unpriced-markets.png` })
  // the series they are in, most first (Spend over time splits by category): they went unsaid
  expect(await text(page, '#spend .unpriced-note')).toBe('2 charges have no price in the rate card (Marketing: 1, Utility: 1). Amounts marked incomplete (?) count only the priced charges.')
  expect(await text(page, '#markets .unpriced-note')).toBe('2 charges have no price in the rate card: amounts marked incomplete (in the warning colour, with ?) count only the priced charges.')
  // one "?" per day with such a charge: Dec 1 (MARKETING before its first price) and Dec 4 (UTILITY)
  const marks = page.locator('#spend svg [aria-label="text"] text')
  expect(await marks.allTextContents()).toEqual(['?', '?'])
  const first = await tipOver(page, '#spend', marks.nth(0))
  expect(first).toContain('Dec 1, 2025')
  expect(first).toContain('Incomplete: 1 charge has no price')
  // the Dec 1 marketing bar (BR priced, North America not): its own tooltip says it too
  const bar = await tipOver(page, '#spend', page.locator('#spend svg [aria-label="bar"] rect').nth(0))
  expect(bar).toContain('Incomplete: 1 charge has no price')
  // by market: North America's amount is what is priced, marked; BR's complete
  expect(await page.locator('#markets svg [aria-label="text"] text').allTextContents()).toEqual(['$0.06', '$0.03 ?'])
  // the headline's categories: what is priced and how many are not; "Utility $0.00" for a
  // category none of whose charges has a price, "Marketing $0.09" as if complete, before; and no
  // largest named, Utility's amount unknown (it named Marketing, whose $0.09 Utility's may pass)
  expect(await text(page, '#by-category .value')).toBe('Not known')
  expect(await text(page, '#by-category .detail')).toBe('no category can be ranked by spend, some amounts unknown: Marketing $0.09 + no price for 1 (3) · Service $0.00 (1) · Utility no price for 1 (1)')
  await page.close()
})

// The total of a filter none of whose charges has a price read "$0.00" (the derive's fallback
// currency of an unpriced charge carried a priced amount of 0), a silent wrong number beside the
// "incomplete" detail: now what is priced, and how many are not, as the category card writes it.
it('writes the total as what is priced and how many are not, never $0.00 for charges without a price', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const open = async (query: string) => {
    await page.goto(`${site.base}/?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&${query}#key=${adminKey}`)
    await dashboardSettled(page)
    return [await text(page, '#total-spend .value'), await text(page, '#total-spend .detail')]
  }
  expect(await open('category=UTILITY')).toEqual(['no price for 1', 'incomplete: 1 conversation has no price · 1 conversation'])
  // by market too: North America's one charge has no price (it read "$0.00 ?": fresh-user trial),
  // in its label as in its tooltip, and the note marks no "?"
  const market = page.locator('#markets svg [aria-label="text"] text')
  expect(await market.allTextContents()).toEqual(['no price for 1'])
  expect(await tipOver(page, '#markets', page.locator('#markets svg [aria-label="bar"] rect').first())).toContain('Spend: no price for 1')
  expect(await text(page, '#markets .unpriced-note')).toBe("North America's charge has no price in the rate card: its spend cannot be computed.")
  // Spend over time: no amount to call incomplete ("amounts marked incomplete (?) count only the priced charges", before)
  expect(await text(page, '#spend .unpriced-note')).toBe('No charge here has a price in the rate card (Utility: 1 charge): there is no spend to draw; a ? marks each day with charges.')
  expect(await open('category=MARKETING')).toEqual(['$0.09 + no price for 1', 'incomplete: 1 conversation has no price · 3 conversations'])
  expect(await open('category=SERVICE')).toEqual(['$0.00', '1 conversation'])
  await page.close()
})

// A bar none of whose charges has a price read "Spend (USD): $0.00" in its tooltip, its Incomplete
// line counting the charge: a figure that cannot be computed read as 0. Now it says "no price for
// N", as Spend by market's label does; a bar with some priced charges keeps its partial sum.
it('says "no price" in the tooltip of a spend bar none of whose charges has a price', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31&granularity=day&split=category#key=${adminKey}`)
  await dashboardSettled(page)
  const bars = page.locator('#spend svg [aria-label="bar"] rect')
  const tips: string[] = []
  for (let i = 0; i < await bars.count(); i++) tips.push(await tipOver(page, '#spend', bars.nth(i)))
  // Dec 4: the UTILITY charge, no UTILITY row in the rate card
  const utility = tips.find((t) => t.includes('Dec 4, 2025'))!
  expect(utility).toContain('Spend (USD): no price for 1')
  expect(utility).toContain('Incomplete: 1 charge has no price')
  expect(utility).not.toContain('$0.00')
  // Dec 1: BR's marketing priced, North America's not: the partial sum and the Incomplete line
  const marketing = tips.find((t) => t.includes('Dec 1, 2025'))!
  expect(marketing).toContain('Spend (USD): $0.06')
  expect(marketing).toContain('Incomplete: 1 charge has no price')
  await page.close()
})

// Spend across pricing models left a segment out of its spend chart when none of its charges had
// a price (the Dec 4 UTILITY charge: in the charges chart, nowhere in the spend chart), and its
// note said "(in their tooltips)": the chart silently omitted charges. Now as Spend over time: the
// segment drawn 0 high, a "?" over each day with such charges, its tip saying "no price for 1".
it('marks and counts the charges without a price in Spend across pricing models, as Spend over time does (390, 1440 px)', async () => {
  for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [390, 'light'], [390, 'dark']] as const) {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    await page.goto(`${site.base}/?waba=${us.waba_id}&from=2025-12-01&to=2025-12-31#key=${adminKey}`)
    await dashboardSettled(page)
    const spend = page.locator('#eras svg').filter({ has: page.locator('[aria-label="y-axis label"]', { hasText: 'Spend' }) })
    await spend.scrollIntoViewIfNeeded()
    await page.locator('#eras').screenshot({ path: `${artifacts}unpriced-eras-${width}-${scheme}.png` })
    // one "?" per day with such a charge, as over Spend over time's bars: Dec 1 and Dec 4
    const marks = spend.locator('[aria-label="text"] text')
    expect(await marks.allTextContents()).toEqual(['?', '?'])
    expect(await page.locator('#spend svg [aria-label="text"] text').allTextContents()).toEqual(['?', '?'])
    // Dec 4: the UTILITY charge alone, no price: its segment's tip says so, never $0.00
    const utility = await tipOver(page, '#eras', marks.nth(1))
    expect(utility).toContain('Dec 4, 2025')
    expect(utility).toContain('Spend (USD): no price for 1')
    expect(utility).toContain('Incomplete: 1 charge has no price')
    expect(utility).not.toContain('$0.00')
    // the notes say the same of both charts, each naming its own series
    expect(await text(page, '#eras .unpriced-note')).toBe('2 charges have no price in the rate card (Marketing · Paid: 1, Utility · Paid: 1). Amounts marked incomplete (?) count only the priced charges.')
    expect(await text(page, '#spend .unpriced-note')).toBe('2 charges have no price in the rate card (Marketing: 1, Utility: 1). Amounts marked incomplete (?) count only the priced charges.')
    await page.close()
  }
}, 120_000)

// Spend by market's one note said "amounts marked incomplete (in the warning colour) count only the
// priced charges" beside a label with no amount, "no price for 1", and a bar of no width. Now a
// sentence for each kind of label. (Last: it adds a UTILITY charge in Brazil and one in India,
// Other markets, on Dec 2, to the fixture: no UTILITY price in either.)
it("says under Spend by market which markets' spend cannot be computed, apart from the incomplete amounts", async () => {
  await ingest(site.t.session, [template(keyOf('unpriced', '5511987654321'), 'u-br-ut', 30, 'UTILITY'),
    template(keyOf('unpriced', '919812340001'), 'u-in-ut', 31, 'UTILITY')])
  const page = await site.browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  // Dec 1-2: Brazil's MARKETING priced and UTILITY not; North America's MARKETING (Dec 1) and India's UTILITY not
  await page.goto(`${site.base}/?waba=${us.waba_id}&from=2025-12-01&to=2025-12-02#key=${adminKey}`)
  await dashboardSettled(page)
  await page.locator('#markets').screenshot({ path: `${artifacts}unpriced-markets-none.png` })
  expect(await page.locator('#markets svg [aria-label="text"] text').allTextContents()).toEqual(['$0.06 ?', 'no price for 1', 'no price for 1'])
  expect(await text(page, '#markets .unpriced-note')).toBe('1 charge has no price in the rate card: amounts marked incomplete (in the warning colour, with ?) '
    + 'count only the priced charges. The charges of North America (1) and Other markets (1) have no price in the rate card: their spend cannot be computed.')
  // only Brazil has an amount: nothing rounded apart to say (the note on rounding read beside "no price for 1")
  expect(await page.locator('#markets .note').count()).toBe(1)
  await page.close()
})

// The category card named whichever category came first when every charge of the filter had no
// price (new-user trial's read of the card): the amounts are unknown, so is the largest. (Last:
// it adds a UTILITY charge of the US customer on Dec 1, beside its MARKETING one, neither priced.)
it('names no largest pricing category when the amounts are unknown, and names the one whose spend is known to be largest', async () => {
  await ingest(site.t.session, [template(us, 'u-ut-2', 3, 'UTILITY')])
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const open = async (query: string) => {
    await page.goto(`${site.base}/?waba=${us.waba_id}&${query}#key=${adminKey}`)
    await dashboardSettled(page)
    return [await text(page, '#by-category .value'), await text(page, '#by-category .detail')]
  }
  expect(await open('from=2025-12-01&to=2025-12-01&country=US')).toEqual(['Not known',
    'no category can be ranked by spend, amounts unknown: Marketing no price for 1 (1) · Utility no price for 1 (1)'])
  // one category with charges without a price, the other free (Dec 4 the US customer's UTILITY,
  // Dec 5 Brazil's SERVICE in the free tier): it is the largest, whatever its amount
  const [value, detail] = await open('from=2025-12-04&to=2025-12-05')
  expect(value).toBe('Utility')
  expect(detail!.split(' · ').sort()).toEqual(['Service $0.00 (1)', 'Utility no price for 1 (1)'])
  await page.close()
})
