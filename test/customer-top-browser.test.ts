// Support's investigation page, in Debian's Chromium, before any search: the customers with the
// most charges of the period (GET /api/customer/top), each linking to their investigation. Support
// could only investigate a customer whose number or message id it already had (fresh-user trial).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import type { Page } from 'playwright-core'
import { artifacts, customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { keyOf, template } from './support/log.ts'
import { ingest } from './support/engine.ts'
import type { CustomerSummaryRow, CustomerTopRow } from '../api/routes/customer.ts'
import { customerNumber } from '../web/src/customer/number.ts'
import { answerWords } from '../web/src/customer/views.ts'

const many = keyOf('top', '14155550100'), once = keyOf('top', '14155550101')
// twelve UK customers of another WABA's phone number, one charge each from 2025-12-10
const uk = Array.from({ length: 12 }, (_, i) => keyOf('uk', `4479460006${String(i).padStart(2, '0')}`))
let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [
    // three marketing windows (2025-12-01, -02, -03), and one
    template(many, 'm0', 0, 'MARKETING'), template(many, 'm25', 25, 'MARKETING'), template(many, 'm50', 50, 'MARKETING'),
    template(once, 'o0', 1, 'MARKETING'),
    ...uk.map((k, i) => template(k, `uk${i}`, 24 * 9 + i, 'MARKETING')),
  ])
}, 240_000)
afterAll(async () => { await site?.close() })

const summary = async (wa: string, from = '') =>
  (await json<CustomerSummaryRow[]>(site.t.app, `/api/customer/summary?customer=%2B${wa}${from ? `&from=${from}` : ''}`))[0]!

it('lists the most charged customers before a search, follows the period, and opens a customer\'s investigation', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/customer.html?to=2025-12-03#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  const column = (label: string) => page.locator(`#top td[data-label="${label}"]`).allTextContents()
  expect(await column('Customer')).toEqual([customerNumber(many.wa_id), customerNumber(once.wa_id)])
  // each count and cost is the customer's own answer's
  const [a, b] = [await summary(many.wa_id), await summary(once.wa_id)]
  expect(await column('Charges')).toEqual([String(a.charges), String(b.charges)])
  // the cost, a total, as the dashboard writes totals: to the cent, half away from zero (it read
  // "0.0750 USD": trial)
  expect([a.amount, b.amount, a.currency]).toEqual(['0.0750', '0.0250', 'USD'])
  expect(await column('Cost')).toEqual(['$0.08', '$0.03'])
  // the total's two kinds by their own names ("Messages 0" read as "sent nothing": trial)
  expect(await page.locator('#top th').allTextContents()).toEqual(
    ['Customer', 'Country', 'WABA', 'Charges', 'Charged conversations', 'Per-message charges', 'Cost', 'Last charge'])
  const top = await json<CustomerTopRow[]>(site.t.app, '/api/customer/top?to=2025-12-03')
  expect(await column('Charged conversations')).toEqual(top.map((r) => String(r.conversations)))
  expect(await column('Per-message charges')).toEqual(top.map((r) => String(r.messages)))
  // the fixture's pricing is conversation-based: each charge a charged conversation, none per message
  expect(top.map((r) => [r.charges, r.conversations, r.messages])).toEqual([[3, 3, 0], [1, 1, 0]])
  expect(a.charges).toBe(3)
  await page.screenshot({ path: `${artifacts}customer-top.png`, fullPage: true })

  // a From picked: the list is the period's
  await page.fill('input[name=from]', '2025-12-02')
  await page.waitForURL(/from=2025-12-02/)
  await page.waitForFunction(() => document.querySelector('#top td[data-label="Charges"]')?.textContent === '2')
  expect(await column('Customer')).toEqual([customerNumber(many.wa_id)])

  // the number opens the customer's investigation for that period
  await page.click(`#top a[data-wa-id="${many.wa_id}"]`)
  await customerSettled(page)
  expect(await page.isHidden('#top')).toBe(true)
  expect(await page.textContent('#answer')).toBe(answerWords((await summary(many.wa_id, '2025-12-02')).summary))
  expect(await page.textContent('#answer')).toMatch(/^2 charges from 2025-12-02 to 2025-12-03 /)
  // the search box writes the number as the heading does (it read "+14155550100": trial)
  expect([await page.inputValue('input[name=q]'), await page.textContent('#who [data-wa-id]')]).toEqual([customerNumber(many.wa_id), customerNumber(many.wa_id)])
  // and searched again as it stands (another From), it is the same customer; its look-up held
  // back, as on a loaded machine, the answer read is the new one (CI read the previous one, hidden
  // meanwhile, as settled)
  await page.route('**/api/customer/lookup?*', async (r) => { await new Promise((s) => setTimeout(s, 1500)); await r.continue() })
  await page.fill('input[name=from]', '2025-12-01')
  await page.waitForURL(/from=2025-12-01/)
  await customerSettled(page)
  expect(await page.textContent('#answer')).toMatch(/^3 charges from 2025-12-01 to 2025-12-03 /)
  expect(errors).toEqual([])
  await page.close()
}, 120_000)

const options = (page: Page) => page.locator('select[name=phone] option').evaluateAll((o) => o.map((x) => [(x as HTMLOptionElement).value, x.textContent ?? '']))

it('offers the key\'s phone numbers by the dashboard\'s names before a search, and narrows the list to the one chosen', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // the dashboard's phone menu, every WABA offered: the names the support page's menu gives
  await page.goto(`${site.base}/#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelectorAll('#filters select[name=phone] option').length === 3)
  const dashboard = await page.locator('#filters select[name=phone] option').evaluateAll((o) => o.map((x) => [(x as HTMLOptionElement).value, x.textContent ?? '']))
  expect(dashboard.map(([v]) => v).sort()).toEqual(['', many.phone_number_id, uk[0]!.phone_number_id].sort())

  await page.goto(`${site.base}/customer.html#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  await page.waitForFunction(() => document.querySelectorAll('select[name=phone] option').length === 3)
  expect(await options(page)).toEqual(dashboard)
  const column = (label: string) => page.locator(`#top td[data-label="${label}"]`).allTextContents()
  expect((await column('Customer')).length).toBe(14)
  // a phone number chosen: the list is its customers'
  await page.selectOption('select[name=phone]', many.phone_number_id)
  await page.waitForURL(new RegExp(`phone=${many.phone_number_id}`))
  await page.waitForFunction(() => document.querySelectorAll('#top[aria-busy=false] td[data-label="Customer"]').length === 2)
  expect(await column('Customer')).toEqual([customerNumber(many.wa_id), customerNumber(once.wa_id)])
  // All phone numbers, and back to one: the menu still offers every number
  await page.selectOption('select[name=phone]', '')
  await page.waitForFunction(() => document.querySelectorAll('#top[aria-busy=false] td[data-label="Customer"]').length === 14)
  expect(await options(page)).toEqual(dashboard)

  // a link's phone number shows its name, selected
  await page.goto(`${site.base}/customer.html?phone=${uk[0]!.phone_number_id}#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelectorAll('select[name=phone] option').length === 3)
  await page.waitForFunction(() => document.querySelectorAll('#top[aria-busy=false] td[data-label="Customer"]').length === 12)
  expect(await page.inputValue('select[name=phone]')).toBe(uk[0]!.phone_number_id)
  expect(await page.locator('select[name=phone] option:checked').textContent()).toBe(dashboard.find(([v]) => v === uk[0]!.phone_number_id)![1])
  expect(await options(page)).toEqual(dashboard)
  expect(errors).toEqual([])
  await page.close()
}, 120_000)

it('on a phone shows the first 10 customers as compact cards with a button for all, and countries by name', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light', isMobile: true })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/customer.html#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  const shown = () => page.locator('#top tbody tr:visible').count()
  expect(await shown()).toBe(10)
  const cards = await page.locator('#top tbody tr:visible').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().height))
  // each card's title beside its value: 8 lines, none of them a title alone above its value
  expect(Math.max(...cards)).toBeLessThan(260)
  const all = page.locator('#top button.show-all')
  expect(await all.textContent()).toBe('Show all 14 customers')
  await page.screenshot({ path: `${artifacts}customer-top-phone.png`, fullPage: true })
  await all.click()
  expect(await shown()).toBe(14)
  expect(await all.count()).toBe(0)
  // countries as the dashboard writes them
  const countries = await page.locator('#top td[data-label="Country"]').allTextContents()
  expect(countries.filter((c) => c === 'United Kingdom (GB)')).toHaveLength(12)
  expect(countries.filter((c) => c === 'United States (US)')).toHaveLength(2)

  // on a desktop, all of them and no button
  await page.setViewportSize({ width: 1360, height: 1000 })
  await page.reload()
  await page.waitForSelector('#top[aria-busy=false] table')
  expect(await shown()).toBe(14)
  expect(await all.count()).toBe(0)
  expect(errors).toEqual([])
  await page.close()
}, 120_000)

// Last in this file: it adds a charge. A live refresh folded the list opened with "Show all"
// back to its first 10 (trial): it stays whole, with the batch's new charge in it.
it('keeps the list whole on a phone after "Show all" when a live batch redraws it', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light', isMobile: true })
  await page.goto(`${site.base}/customer.html#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''))
  const shown = () => page.locator('#top tbody tr:visible').count()
  await page.locator('#top button.show-all').click()
  expect(await shown()).toBe(14)
  // a fifteenth customer charged: the list is drawn again, 15 long
  await ingest(site.t.session, [template(keyOf('uk', '447946000699'), 'uk-live', 24 * 9 + 20, 'MARKETING')], 'live-test')
  await page.waitForFunction(() => document.querySelectorAll('#top tbody tr').length === 15, undefined, { timeout: 30_000 })
  await page.waitForSelector('#top[aria-busy=false] table')
  expect(await shown()).toBe(15)
  expect(await page.locator('#top button.show-all').count()).toBe(0)
  await page.close()
}, 120_000)

