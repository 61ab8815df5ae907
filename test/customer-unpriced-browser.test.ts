// Support's investigation page, in Debian's Chromium, for a customer two of whose three charges
// have no rate-card price (fixtures/unpriced.ts). The page said "No charges", a cost of
// "0.0000 USD" and "No charge (the rate card price is 0 USD)" for them; now the answer, the Cost
// cells and the timeline's tips say they were charged and that the rate card has no price. The
// priced one's cost as every page writes one charge's (web/src/format.ts price: "$0.0250"; it read
// "0.0250 USD" here, the dashboard writing "$…"), and so do the answer's and the explanations' words.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, timelineBarTips, unwrapped, type DemoSite } from './support/browser.ts'
import { tempDir } from './support/temp.ts'
import { unpricedLog, unpricedRateCard, us } from './fixtures/unpriced.ts'
import type { CustomerSummaryRow } from '../api/routes/customer.ts'

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({ rateCard: unpricedRateCard(tempDir('wacost-customer-unpriced-browser-')) }, unpricedLog) }, 240_000)
afterAll(async () => { await site?.close() })

it('says charged, no price in the rate card, in the answer, the table and the timeline', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const q = `customer=${us.wa_id}&phone=${us.phone_number_id}`
  await page.goto(`${site.base}/customer.html?q=${us.wa_id}&phone=${us.phone_number_id}#key=${adminKey}`)
  await customerSettled(page)
  const [summary] = await json<CustomerSummaryRow[]>(site.t.app, `/api/customer/summary?${q}`)
  // the API's "0.0250 USD" as the page writes money (it read "0.0250 USD" beside the cells'
  // "$0.0250": fresh-user trial): the answer's a total, to the cent as the top list's Cost
  // (customer/top.ts); an explanation's one charge, to 4 decimals as its Cost cell
  expect(summary!.summary).toContain('3 charges from 2025-12-01 to 2025-12-04 (amount unknown: 2 with no price in the rate card; 0.0250 USD for the other 1)')
  expect(await page.textContent('#answer')).toBe(summary!.summary.replace('0.0250 USD', '$0.03'))
  expect(await page.locator('#conversations td[data-label="Cost"]').allTextContents())
    .toEqual(['no price in the rate card', '$0.0250', 'no price in the rate card'])
  const why = await page.locator('#conversations td[data-label="Why"]').allTextContents()
  expect(why[1]).toMatch(/^Charged \$0\.0250: marketing template /)
  expect(why[2]).toMatch(/^Charged, no price in the rate card \(no row for North America, UTILITY in force on 2025-12-04\): /)
  // each charge is a bar on the timeline (the test engine's pricing timeline: conversations); its
  // tip says what the table says
  const tips = await timelineBarTips(page)
  const headings = ['Marketing · charged, no price in the rate card', 'Marketing · charged $0.0250', 'Utility · charged, no price in the rate card']
  expect(tips.map((t, i) => t.startsWith(unwrapped([headings[i]!, '2025-12'])))).toEqual([true, true, true])
  await page.screenshot({ path: `${artifacts}customer-unpriced.png`, fullPage: true })
  await page.close()
})
