// The dashboard in Debian's Chromium (playwright-core, never a downloaded browser), on the demo
// dataset served by the real app: figures on the page equal the API's, a filter change is
// reflected in the figures and the address bar, and screenshots land in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { json, adminKey } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite } from './support/browser.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

let t: DemoSite['t']
let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ t, browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })

const usd = (v: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(v)
const count = (v: number) => new Intl.NumberFormat('en-US').format(v)

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#total-spend')
    && document.querySelectorAll('[aria-busy=true]').length === 0)
}

async function total(query: string): Promise<HeadlineRow> {
  return (await json<HeadlineRow[]>(t.app, `/api/headline${query}`)).find((r) => r.section === 'total')!
}

it('shows the ledger figures, follows a filter change and keeps it in the address', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}/#key=${adminKey}`)
  await settled(page)
  // The key leaves the address bar (shared links never carry it).
  expect(page.url()).toBe(`${base}/`)

  const all = await total('')
  expect(await page.textContent('#total-spend .value')).toBe(usd(all.cost))
  expect(await page.textContent('#total-spend .detail')).toBe(`${count(all.count)} conversations`)
  expect(await page.locator('#spend svg').count()).toBeGreaterThan(0)
  expect(await page.locator('#free-tier .gauge').count()).toBe(3)
  await page.screenshot({ path: `${artifacts}dashboard.png`, fullPage: true })

  const northwind = '104729318650012'
  await page.selectOption('select[name=waba]', northwind)
  await page.waitForURL(/waba=104729318650012/)
  await settled(page)
  const one = await total(`?waba=${northwind}`)
  expect(one.cost).toBeLessThan(all.cost)
  expect(await page.textContent('#total-spend .value')).toBe(usd(one.cost))
  expect(await page.locator('#free-tier .gauge').count()).toBe(1)
  expect(await page.textContent('#free-tier .gauge')).toMatch(/1,000 of 1,000 free service conversations used in September 2024; ran out on/)

  await page.click('[data-switch=granularity] button[value=week]')
  await page.waitForURL(/granularity=week/)
  await settled(page)
  // A shared link restores the same view.
  await page.reload()
  await settled(page)
  expect(await page.inputValue('select[name=waba]')).toBe(northwind)
  expect(await page.getAttribute('[data-switch=granularity] button[value=week]', 'aria-pressed')).toBe('true')
  expect(await page.textContent('#total-spend .value')).toBe(usd(one.cost))
  await page.screenshot({ path: `${artifacts}dashboard-filtered.png`, fullPage: true })
  expect(errors).toEqual([])
})

it('is readable on a phone in dark mode, and says so when the key is missing', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
  await page.goto(`${base}/#key=${adminKey}`)
  await settled(page)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  await page.screenshot({ path: `${artifacts}dashboard-phone-dark.png`, fullPage: true })

  const stranger = await browser.newPage({ locale: 'en-US' })
  await stranger.goto(`${base}/`)
  await stranger.waitForSelector('#notice:not([hidden])')
  expect(await stranger.textContent('#notice')).toMatch(/No API key: open the dashboard link that `npm start` printed/)
})
