// The customer investigation page in Debian's Chromium on the demo dataset, in the states around
// an answer: a link's bad or reversed period, a period outside the stored data, the CSV's name,
// Copy answer and Download CSV waiting for the whole answer, and the page opened without a key
// (the answer itself, the timeline and live updates: test/customer-browser.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Route } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite, customerSettled, invalidFields } from './support/browser.ts'
import type { CustomerMatchRow, CustomerSummaryRow } from '../api/routes/customer.ts'
import { customerNumber } from '../web/src/customer/number.ts'
import { answerWords } from '../web/src/customer/views.ts'

// the demo customer of test/customer-browser.test.ts (Kirana Express, Asia/Kolkata)
const customer = '917380051369'
let t: DemoSite['t']
let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ t, browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })

// A link with a date that is no day (2024-09-31) or a reversed period: the notice said the API's
// error and the answer, timeline and tables said "Loading…" for ever (fresh-user trial). The
// period is checked before anything is asked, in the dashboard's words (period-problem.ts).
it('says a link\'s bad or reversed period, and that the answer and the timeline wait for a valid one', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
  const asked: string[] = []
  page.on('request', (r) => { if (/\/api\/customer\/(summary|messages|conversations)/.test(r.url())) asked.push(r.url()) })
  const waits = 'The answer, the timeline and the tables wait for a valid period.'
  for (const [period, said, fields] of [
    ['from=2024-09-31', `From (2024-09-31) is not a date: pick a day or clear the field. ${waits}`, ['from']],
    ['from=2024-09-15&to=2024-09-01', `From (2024-09-15) is after To (2024-09-01): pick a To on or after From. ${waits}`, ['from', 'to']],
  ] as const) {
    await page.goto(`${base}/customer.html?q=${encodeURIComponent('+1 212-702-5441')}&${period}#key=${adminKey}`)
    await page.waitForFunction(() => !document.querySelector<HTMLElement>('#notice')!.hidden && !document.querySelector<HTMLElement>('#summary')!.hidden)
    expect(await page.textContent('#notice')).toBe(said)
    // the fields it is about drawn red, as on the dashboard (they were not: break-it trial)
    expect(await invalidFields(page)).toEqual(fields)
    expect(await page.textContent('#who')).toContain(customerNumber('12127025441'))
    const sections = ['#summary', '#timeline', '#conversations', '#problems', '#messages']
    await expect.poll(() => Promise.all(sections.map((s) => page.textContent(`${s} .body`))), { timeout: 30_000 })
      .toEqual(sections.map(() => 'Waits for a valid period.'))
    expect(await page.locator('[aria-busy=true]').count()).toBe(0)
  }
  expect(asked).toEqual([])
  await page.screenshot({ path: `${artifacts}customer-bad-period.png`, fullPage: true })
  await page.close()
}, 60_000)

// A period outside the stored data: the page said "No charges since 2024-10-01." and "No data for
// these filters." after the data's end (fresh-user trial), which support could read to a customer
// as no charges. Checked against the days with data of the customer's WABA (data-span.ts, the
// dashboard's): an open period past the end is refused in the dashboard's words, a whole one
// outside is nothing stored, and the days of a period the data does not cover are said with the answer.
it('says a period outside the stored data in words, never "No charges"', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US' })
  const asked: string[] = []
  page.on('request', (r) => { if (/\/api\/customer\/(summary|messages|conversations)/.test(r.url())) asked.push(r.url()) })
  const q = encodeURIComponent('+1 212-702-5441')
  const sections = ['#summary', '#timeline', '#conversations', '#problems', '#messages']
  const runs = '(the data runs Jul 23, 2024 – Sep 20, 2024)'
  for (const [period, said, body] of [
    ['from=2024-10-01', 'From (2024-10-01) is after the last day with data (2024-09-20): pick an earlier From. The answer, the timeline and the tables wait for a valid period.', 'Waits for a valid period.'],
    ['from=2024-10-01&to=2024-10-31', `No stored message falls in this period ${runs}: there is nothing to count, which is not the same as no charges.`, 'Nothing stored in this period: see the message above.'],
    ['from=2024-06-01&to=2024-07-22', `No stored message falls in this period ${runs}: there is nothing to count, which is not the same as no charges.`, 'Nothing stored in this period: see the message above.'],
  ] as const) {
    await page.goto(`${base}/customer.html?q=${q}&${period}#key=${adminKey}`)
    await page.waitForFunction(() => !document.querySelector<HTMLElement>('#notice')!.hidden && !document.querySelector<HTMLElement>('#summary')!.hidden)
    expect(await page.textContent('#notice')).toBe(said)
    await expect.poll(() => Promise.all(sections.map((s) => page.textContent(`${s} .body`))), { timeout: 30_000 }).toEqual(sections.map(() => body))
    expect(await page.textContent('main')).not.toMatch(/No charges|No data for these filters/)
  }
  expect(asked).toEqual([])

  // Partly covered: the answer counts the days with data and says which days it does not cover.
  await page.goto(`${base}/customer.html?q=${q}&from=2024-09-01&to=2024-10-31#key=${adminKey}`)
  await customerSettled(page)
  const [summary] = await json<CustomerSummaryRow[]>(t.app, '/api/customer/summary?customer=12127025441&from=2024-09-01&to=2024-10-31')
  expect(await page.textContent('#answer')).toBe(`${answerWords(summary!.summary)} Sep 21, 2024 – Oct 31, 2024 of this period lies outside the stored data ${runs}: `
    + 'nothing there is counted, which is not the same as no charges.')
  // Inside the data the answer is the API's alone.
  await page.goto(`${base}/customer.html?q=${q}&from=2024-09-01&to=2024-09-20#key=${adminKey}`)
  await customerSettled(page)
  const [inside] = await json<CustomerSummaryRow[]>(t.app, '/api/customer/summary?customer=12127025441&from=2024-09-01&to=2024-09-20')
  expect(await page.textContent('#answer')).toBe(answerWords(inside!.summary))
  await page.close()
}, 90_000)

// The CSV's name says the customer, the period and the phone number, as the exports' names do:
// it was wacost-customer-<wa_id>.csv whatever the phone number (fresh-user trial).
// customer=000000000 filled the search box with "+000000000" and said "No customer or message
// matches “+000000000”." with nothing of what the search looked for (fresh-user trial)
it('quotes a link\'s customer that matches none as the link asked it, and says what the search looked for', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${base}/customer.html?customer=000000000#key=${adminKey}`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.textContent('#notice')).toBe('No customer or message matches “000000000”. The search looked for the number +000000000.')
  await page.close()
})

it('names the CSV after the customer, the period and the phone number', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', acceptDownloads: true })
  const q = encodeURIComponent('+1 212-702-5441')
  await page.goto(`${base}/customer.html?q=${q}&from=2024-09-01&to=2024-09-20#key=${adminKey}`)
  await customerSettled(page)
  const csvName = async () => (await Promise.all([page.waitForEvent('download'), page.click('#csv')]))[0].suggestedFilename()
  expect(await csvName()).toBe('wacost-customer-12127025441-2024-09-01_2024-09-20.csv')
  const [match] = await json<CustomerMatchRow[]>(t.app, `/api/customer/lookup?q=${q}`)
  await page.goto(`${base}/customer.html?q=${q}&phone=${match!.phone_number_id}&from=2024-09-01#key=${adminKey}`)
  await customerSettled(page)
  expect(await csvName()).toBe(`wacost-customer-12127025441-from-2024-09-01-phone-${match!.phone_number_id}.csv`)
  await page.goto(`${base}/customer.html?q=${q}#key=${adminKey}`)
  await customerSettled(page)
  expect(await csvName()).toBe('wacost-customer-12127025441-all-days.csv')
  await page.close()
}, 90_000)

// Copy answer and Download CSV showed beside a drawn answer while the messages were still on the
// way, and a click did nothing, unsaid (trial): they wait, disabled, until all of it is on screen.
it('keeps Copy answer and Download CSV disabled, and says why, until the whole answer is on screen', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', acceptDownloads: true })
  let release: () => void = () => {}
  const released = new Promise<void>((r) => { release = r })
  await page.route('**/api/customer/messages*', async (route: Route) => { await released; await route.continue() })
  await page.goto(`${base}/customer.html?q=${customer}#key=${adminKey}`)
  await page.waitForSelector('#summary:not([hidden]) #answer', { timeout: 30_000 })
  const buttons = () => page.$$eval('#copy, #csv', (bs) => bs.map((b) => [(b as HTMLButtonElement).disabled, (b as HTMLButtonElement).title]))
  const waits = 'Waits for the conversations and messages to load'
  expect(await buttons()).toEqual([[true, waits], [true, waits]])
  release()
  await customerSettled(page)
  expect(await buttons()).toEqual([[false, ''], [false, '']])
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')])
  expect(download.suggestedFilename()).toBe(`wacost-customer-${customer}-all-days.csv`)
  await page.close()
}, 90_000)

it('opened without a key: says how to open it, in the dashboard\'s words, and asks nothing', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()) })
  await page.goto(`${base}/customer.html?q=${customer}`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.textContent('#notice')).toBe('No API key: open the link that npm start printed if it ends with #key=… (it does unless the server was started with WACOST_API_KEYS), or add your own key to the end of this link as #key=….')
  expect(await page.locator('#notice code').allTextContents()).toEqual(['npm start', '#key=…', 'WACOST_API_KEYS', '#key=…'])
  await page.waitForTimeout(300)
  expect(asked).toEqual([])
  await page.close()
}, 60_000)

// `#key=…` added to the address as the notice says (a navigation within the page): the answer
// came (a popstate ran the search) but the live mark never started (trial of the dashboard's
// same case); the search field was empty under a link that names one.
it('opened without a key, then the key added to the address: answers the link\'s search and follows the data', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' })
  await page.goto(`${base}/customer.html?q=${customer}`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.inputValue('input[name=q]')).toBe(customer)
  await page.evaluate((k) => { location.href = `${location.href}#key=${k}` }, adminKey)
  await page.waitForSelector('#summary:not([hidden])')
  await customerSettled(page)
  expect(await page.isHidden('#notice')).toBe(true)
  expect(await page.textContent('#who')).toContain(customerNumber(customer))
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''))
  expect(new URL(page.url()).hash).toBe('')
  await page.close()
}, 60_000)
