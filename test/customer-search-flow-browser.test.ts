// Support's searches one after another, as a fresh-user trial ran them on the investigation page:
// a message id's search set the phone number menu to the message's and held the next searches to
// it ("No customer or message matches" a number of another phone number, read as a bad spelling);
// and a number typed, then a period set before searching, erased the number.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { inbound, keyOf, template } from './support/log.ts'
import { customerNumber } from '../web/src/customer/number.ts'

// two customers of one WABA, each writing to another of its phone numbers
const a = { ...keyOf('flow', '12125550101'), waba_id: 'waba-flow', phone_number_id: 'pn-flow-a' }
const b = { ...keyOf('flow', '12125550102'), waba_id: 'waba-flow', phone_number_id: 'pn-flow-b' }
let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [inbound(a, 'wamid.flow.a1', 1), template(a, 'wamid.flow.a2', 30, 'MARKETING'),
    inbound(b, 'wamid.flow.b1', 2), template(b, 'wamid.flow.b2', 50, 'UTILITY')])
}, 240_000)
afterAll(async () => { await site?.close() })

const open = async (query = ''): Promise<Page> => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/customer.html${query}#key=${adminKey}`)
  return page
}
const search = async (page: Page, q: string) => {
  await page.fill('#search input[name=q]', q)
  await page.press('#search input[name=q]', 'Enter')
}
const who = (page: Page) => page.textContent('#who')

it('searches a number after a message id across every phone number, not the message\'s alone', async () => {
  const page = await open()
  await search(page, 'wamid.flow.a2')
  await customerSettled(page)
  expect(await who(page)).toContain(customerNumber('12125550101'))
  expect(await page.inputValue('#search select[name=phone]')).toBe('pn-flow-a')
  // the other phone number's customer, found
  await search(page, '+1 212 555 0102')
  await page.waitForFunction(() => /\+1 212 555 0102|No customer/.test(`${document.querySelector('#who')?.textContent} ${document.querySelector('#notice')?.textContent}`))
  await customerSettled(page)
  expect(await page.isHidden('#notice'), await page.textContent('#notice') ?? '').toBe(true)
  expect(await who(page)).toContain(customerNumber('12125550102'))
  expect(new URL(page.url()).searchParams.get('phone')).toBeNull()
  await page.close()
}, 60_000)

it('says which phone number a search found nothing on, when one was chosen', async () => {
  const page = await open('?phone=pn-flow-a')
  await search(page, '+1 212 555 0102')
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.textContent('#notice')).toMatch(/^No customer or message matches “\+1 212 555 0102” on the phone number .+ \(choose All phone numbers to search every one\)\./)
  await page.close()
}, 60_000)

it('keeps a number typed while the period is set, then searches it for that period', async () => {
  const page = await open()
  await page.waitForSelector('#top[aria-busy=false] table')
  await page.fill('#search input[name=q]', '+1 212 555 0102')
  await page.fill('#search input[name=from]', '2025-12-03')
  await page.dispatchEvent('#search input[name=from]', 'change')
  await page.waitForURL((u) => u.searchParams.get('from') === '2025-12-03')
  await page.waitForSelector('#top[aria-busy=false] table')
  expect(await page.inputValue('#search input[name=q]')).toBe('+1 212 555 0102')
  await page.press('#search input[name=q]', 'Enter')
  await customerSettled(page)
  expect(await who(page)).toContain(customerNumber('12125550102'))
  expect(new URL(page.url()).searchParams.get('from')).toBe('2025-12-03')
  await page.close()
}, 60_000)

it('opens the customer of a link with customer= alone, as the API names it, the search box holding the number', async () => {
  // /customer.html?customer=447916336538&from=2024-09-01 showed the list of the most charged, the box empty, unsaid (fresh-user trial)
  const page = await open('?customer=12125550102')
  // the customer's answer, or the list of the most charged that the link got instead
  await page.waitForSelector('#summary:not([hidden]), #top:not([hidden])')
  expect(await page.isHidden('#top')).toBe(true)
  await customerSettled(page)
  expect(await who(page)).toContain(customerNumber('12125550102'))
  expect(await page.inputValue('#search input[name=q]')).toBe(customerNumber('12125550102'))
  expect(new URL(page.url()).searchParams.get('customer')).toBe('12125550102')
  await page.close()
}, 60_000)
