// Support's investigation page, in Debian's Chromium, before any search: the customers with the
// most charges of the period (GET /api/customer/top), each linking to their investigation. Support
// could only investigate a customer whose number or message id it already had (fresh-user trial).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { keyOf, template } from './support/log.ts'
import type { CustomerSummaryRow } from '../api/routes/customer.ts'

const many = keyOf('top', '14155550100'), once = keyOf('top', '14155550101')
let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [
    // three marketing windows (2025-12-01, -02, -03), and one
    template(many, 'm0', 0, 'MARKETING'), template(many, 'm25', 25, 'MARKETING'), template(many, 'm50', 50, 'MARKETING'),
    template(once, 'o0', 1, 'MARKETING'),
  ])
}, 240_000)
afterAll(async () => { await site?.close() })

const summary = async (wa: string, from = '') =>
  (await json<CustomerSummaryRow[]>(site.t.app, `/api/customer/summary?customer=%2B${wa}${from ? `&from=${from}` : ''}`))[0]!

it('lists the most charged customers before a search, follows the period, and opens a customer\'s investigation', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/customer.html#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  const column = (label: string) => page.locator(`#top td[data-label="${label}"]`).allTextContents()
  expect(await column('Customer')).toEqual([`+${many.wa_id}`, `+${once.wa_id}`])
  // each count and cost is the customer's own answer's
  const [a, b] = [await summary(many.wa_id), await summary(once.wa_id)]
  expect(await column('Charges')).toEqual([String(a.charges), String(b.charges)])
  expect(await column('Cost')).toEqual([`${a.amount} ${a.currency}`, `${b.amount} ${b.currency}`])
  expect(a.charges).toBe(3)
  await page.screenshot({ path: `${artifacts}customer-top.png`, fullPage: true })

  // a From picked: the list is the period's
  await page.fill('input[name=from]', '2025-12-02')
  await page.waitForURL(/from=2025-12-02/)
  await page.waitForFunction(() => document.querySelector('#top td[data-label="Charges"]')?.textContent === '2')
  expect(await column('Customer')).toEqual([`+${many.wa_id}`])

  // the number opens the customer's investigation for that period
  await page.click(`#top a:text("+${many.wa_id}")`)
  await customerSettled(page)
  expect(await page.isHidden('#top')).toBe(true)
  expect(await page.textContent('#answer')).toBe((await summary(many.wa_id, '2025-12-02')).summary)
  expect(await page.textContent('#answer')).toMatch(/^2 charges from 2025-12-02 to 2025-12-03 /)
  expect(errors).toEqual([])
  await page.close()
}, 120_000)
