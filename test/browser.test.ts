// The dashboard in Debian's Chromium (playwright-core, never a downloaded browser), on the demo
// dataset served by the real app: figures on the page equal the API's, a filter change is
// reflected in the figures and the address bar, a phone in dark mode reads it, an open page
// follows a new batch, and screenshots land in test-artifacts/. The period (typed dates, weeks
// and months of the spend chart) is dashboard-period-browser.test.ts's.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json, adminKey } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { artifacts, openDemoSite, type DemoSite, dashboardSettled, settleMs } from './support/browser.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'
import { cents, micros } from './support/exports.ts'
import { customerNumber } from '../web/src/customer/number.ts'

let t: DemoSite['t']
let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ t, browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })

const usd = (v: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(v)
const count = (v: number) => new Intl.NumberFormat('en-US').format(v)


async function total(query: string): Promise<HeadlineRow> {
  return (await json<HeadlineRow[]>(t.app, `/api/headline${query}`)).find((r) => r.section === 'total')!
}

it('shows the ledger figures, follows a filter change and keeps it in the address', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}/#key=${adminKey}`)
  await dashboardSettled(page)
  // The key leaves the address bar (shared links never carry it).
  expect(page.url()).toBe(`${base}/`)

  const all = await total('')
  expect(await page.textContent('#total-spend .value')).toBe(usd(all.cost))
  expect(await page.textContent('#total-spend .detail')).toBe(`${count(all.count)} conversations`)
  // One policy: each category is its own exact amount rounded to the cent, as the invoice export (not spread: $126.08 for 126.0744).
  const categories = (await json<HeadlineRow[]>(t.app, '/api/headline')).filter((r) => r.section === 'category')
  expect(categories.length).toBeGreaterThan(1)
  for (const c of categories) expect(await page.textContent('#by-category .detail')).toContain(`${(c.key[0] + c.key.slice(1).toLowerCase()).replaceAll('_', ' ')} ${usd(Number(cents(micros(String(c.cost)))) / 100)} (${count(c.count)})`)
  expect(await page.textContent('#by-category .note')).toBe('Each amount rounded on its own to the cent (to 4 decimals under a cent; exact 4-decimal amounts in the exports).')
  expect(await page.textContent('#by-category h3')).toBe('Largest pricing category by spend')
  expect(await page.textContent('#by-category .value')).toBe('Marketing')
  expect(await page.locator('#spend svg').count()).toBeGreaterThan(0)
  // no granularity picked: the demo's 60 days are drawn per week, and the address stays clean
  expect(await page.getAttribute('[data-switch=granularity] button[value=week]', 'aria-pressed')).toBe('true')
  expect(await page.locator('#spend svg [aria-label="x-axis label"]').textContent()).toContain('Week')
  expect(await page.locator('#free-tier .gauge').count()).toBe(3)
  // the demo is priced per conversation (a timeline without per-message pricing): the
  // per-message panels say why they are empty, not "No data for these filters." (no filter could fill them)
  expect(await page.textContent('#free-allowance .body')).toBe('No free service message allowance in this period: its pricing gives none.')
  expect(await page.textContent('#volume-tiers .body')).toBe('No per-message charges in this period: it is priced per conversation.')
  await page.screenshot({ path: `${artifacts}dashboard.png`, fullPage: true })

  const northwind = '104729318650012'
  await page.selectOption('select[name=waba]', northwind)
  await page.waitForURL(/waba=104729318650012/)
  await dashboardSettled(page)
  const one = await total(`?waba=${northwind}`)
  expect(one.cost).toBeLessThan(all.cost)
  expect(await page.textContent('#total-spend .value')).toBe(usd(one.cost))
  expect(await page.locator('#free-tier .gauge').count()).toBe(1)
  expect(await page.textContent('#free-tier .gauge')).toMatch(/1,000 of 1,000 free service conversations used in September 2024 \(Sep 1, 2024 – Sep 20, 2024\); ran out on/)

  await page.click('[data-switch=granularity] button[value=week]')
  await page.waitForURL(/granularity=week/)
  await dashboardSettled(page)
  // A shared link restores the same view.
  await page.reload()
  await dashboardSettled(page)
  expect(await page.inputValue('select[name=waba]')).toBe(northwind)
  expect(await page.getAttribute('[data-switch=granularity] button[value=week]', 'aria-pressed')).toBe('true')
  expect(await page.textContent('#total-spend .value')).toBe(usd(one.cost))
  await page.screenshot({ path: `${artifacts}dashboard-filtered.png`, fullPage: true })

  // The free tier to a period's end agrees with the headline's free-tier count for that period.
  await page.goto(`${base}/?waba=${northwind}&from=2024-09-01&to=2024-09-15`)
  await dashboardSettled(page)
  const mid = (await json<HeadlineRow[]>(t.app, `/api/headline?waba=${northwind}&from=2024-09-01&to=2024-09-15`))
    .find((r) => r.section === 'pricing_type' && r.key === 'FREE_TIER')!
  expect(await page.textContent('#free-tier .gauge')).toContain(`${count(mid.count)} of 1,000 free service conversations used in September 2024 (Sep 1, 2024 – Sep 15, 2024)`)
  expect(errors).toEqual([])
})

it('is readable on a phone in dark mode, and says so when the key is missing', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
  await page.goto(`${base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  // The ads table's box stays within its card (on a phone each ad a card: dashboard-days-browser).
  const cut = await page.evaluate(() => {
    const panel = document.querySelector('#ctwa')!.getBoundingClientRect()
    const box = document.querySelector('#ctwa .table-scroll')!.getBoundingClientRect()
    return { cells: document.querySelectorAll('#ctwa td').length, beyond: box.right - panel.right }
  })
  expect(cut.cells).toBeGreaterThan(0)
  expect(cut.beyond).toBeLessThanOrEqual(0.5)
  // The Day/Week/Month switch stays on one line (Month wrapped under Day), and the guardrail
  // panel's row names do not take the plot's width (a 120 px right margin left it under half).
  const fit = await page.evaluate(() => {
    const tops = [...document.querySelectorAll('[data-switch=granularity] button')].map((b) => Math.round(b.getBoundingClientRect().top))
    const figure = document.querySelector('#guardrail figure') ?? document.querySelector('#guardrail svg')
    const x = (figure as unknown as { scale(n: string): { range: number[] } }).scale('x')
    const svg = document.querySelector('#guardrail svg[viewBox]') ?? document.querySelector('#guardrail svg:last-of-type')
    return { lines: new Set(tops).size, plotShare: (x.range[1]! - x.range[0]!) / svg!.getBoundingClientRect().width,
      names: [...document.querySelectorAll('#guardrail svg text')].map((t) => t.textContent) }
  })
  expect(fit.lines).toBe(1)
  expect(fit.plotShare).toBeGreaterThan(0.7)
  expect(fit.names).toEqual(expect.arrayContaining(['Guardrail break', 'Not delivered']))
  await page.screenshot({ path: `${artifacts}dashboard-phone-dark.png`, fullPage: true })

  const stranger = await browser.newPage({ locale: 'en-US' })
  await stranger.goto(`${base}/`)
  await stranger.waitForSelector('#notice:not([hidden])')
  expect(await stranger.textContent('#notice')).toMatch(/^No API key: open the dashboard link that npm start printed/)
})

it('names WABAs in the WABA split, drops an unknown WABA from a link, and Back undoes a filter change', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${base}/?waba=999#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toMatch(/The link asks for WABA 999, which this key does not see/)
  // a phone number of another WABA than the link's: said and dropped, as picking another WABA
  // drops it (Lumen Bank with Kirana India's number drew every panel 0, the menu blank, unsaid)
  const other = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await other.goto(`${base}/?waba=104729318650027&phone=110200300400721#key=${adminKey}`)
  await dashboardSettled(other)
  expect(await other.textContent('#notice')).toBe("The link's phone number Kirana India · +91 80 4567 0721 does not belong to Lumen Bank: showing all phone numbers of that WABA.")
  expect(new URL(other.url()).search).toBe('?waba=104729318650027')
  expect(await other.inputValue('select[name=phone]')).toBe('')
  expect(await other.textContent('#total-spend')).not.toMatch(/\$0\.00/)
  await other.close()
  expect(await page.locator('select[name=waba] option[value="999"]').count()).toBe(0)
  expect(page.url()).toBe(`${base}/`)

  // a market and a category typed in another case are the options', spelled as they are (the
  // link's market=in was dropped as unknown: user trial)
  await page.goto(`${base}/?market=in&category=marketing`)
  await dashboardSettled(page)
  expect(page.url()).toBe(`${base}/?market=IN&category=MARKETING`)
  expect([await page.inputValue('select[name=market]'), await page.inputValue('select[name=category]')]).toEqual(['IN', 'MARKETING'])
  expect(await page.locator('#notice').isHidden()).toBe(true)
  await page.goto(`${base}/`)
  await dashboardSettled(page)

  await page.selectOption('#spend select[name=split]', 'waba')
  await page.waitForURL(/split=waba/)
  await dashboardSettled(page)
  const legend = await page.locator('#spend figure [class$="-swatch"]').allTextContents()
  expect(legend).toEqual(['Kirana Express', 'Lumen Bank', 'Northwind Outfitters'])

  await page.selectOption('select[name=waba]', '104729318650012')
  await page.waitForURL(/waba=104729318650012/)
  await dashboardSettled(page)
  // the chosen WABA's own markets and categories, as the data has them (every one was offered)
  const options = await json<{ kind: string; id: string; wabas: string[] }[]>(t.app, '/api/filters')
  for (const kind of ['market', 'category']) {
    const own = options.filter((o) => o.kind === kind && o.wabas.includes('104729318650012')).map((o) => o.id).sort()
    expect(own.length).toBeLessThan(options.filter((o) => o.kind === kind).length)
    const offered = await page.locator(`select[name=${kind}] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    expect(offered.filter(Boolean).sort()).toEqual(own)
  }
  await page.goBack()
  await page.waitForURL((u) => !u.search.includes('waba=104729318650012'))
  await dashboardSettled(page)
  expect(await page.inputValue('select[name=waba]')).toBe('')
  expect(await page.inputValue('#spend select[name=split]')).toBe('waba')
  await page.goBack()
  await page.waitForURL((u) => !u.search.includes('split=waba'))
  expect(await page.inputValue('#spend select[name=split]')).toBe('category')

  // Phone numbers by name and display number (config/demo/phone-numbers.csv), here and in the filter.
  await page.selectOption('#spend select[name=split]', 'phone')
  await page.waitForURL(/split=phone/)
  await dashboardSettled(page)
  const phones = await page.locator('#spend figure [class$="-swatch"]').allTextContents()
  expect(phones).toContain('Northwind US · +1 212-555-0141')
  expect(phones.join()).not.toMatch(/1102003004/)
  expect(await page.locator('select[name=phone] option').allTextContents()).toContain('Kirana India · +91 80 4567 0721 · Kirana Express')
})

// Last in this file: it adds a batch to the demo data.
it('refreshes both open pages in place when a batch lands, with the live mark', async () => {
  const mark = /^live, updated \d\d:\d\d:\d\d$/
  const page = await browser.newPage({ viewport: { width: 1360, height: 700 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${base}/?granularity=week#key=${adminKey}`)
  await dashboardSettled(page)
  // the what-if drawn before the batch (an answer asked after it is of the new data: nothing to say)
  await page.waitForFunction(() => document.querySelectorAll('#whatif .state.computing').length === 0, undefined, { timeout: settleMs })
  await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('#live')?.textContent ?? ''), mark.source)
  const customer = '447911000998'
  const support = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US' })
  await support.goto(`${base}/customer.html?q=%2B${customer}#key=${adminKey}`)
  await support.waitForSelector('#notice:not([hidden])')
  expect(await support.textContent('#notice')).toMatch(/No customer or message matches/)
  await support.waitForFunction((re) => new RegExp(re).test(document.querySelector('#live')?.textContent ?? ''), mark.source)

  const before = await total('')
  expect(await page.textContent('#total-spend .detail')).toBe(`${count(before.count)} conversations`)
  expect(await page.isVisible('#whatif [data-role=stale]')).toBe(false)
  await page.evaluate(() => window.scrollTo(0, 400))
  const shownMark = await page.textContent('#live')
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()) })
  // The mark's clock has whole seconds: the refresh must be in a later second than the load.
  await new Promise((r) => setTimeout(r, 1100))
  // how many panels were still refreshing when the mark moved: it moves once the new headline is
  // drawn, not after the last panel (the new total sat under the previous time for ~1.3 s: trial)
  await page.evaluate((old) => {
    const w = window as unknown as { busyAtMark?: number }
    new MutationObserver((_, observer) => {
      const text = document.querySelector('#live')?.textContent ?? ''
      if (text === old || !/^live, updated/.test(text)) return
      w.busyAtMark = document.querySelectorAll('[aria-busy=true]').length
      observer.disconnect()
    }).observe(document.querySelector('#live')!, { subtree: true, childList: true, characterData: true })
  }, shownMark)
  await ingest(t.session, [{
    message_id: 'wamid.live.1', timestamp: '2024-08-10T12:00:00Z', waba_id: '104729318650027', phone_number_id: '110200300400611',
    wa_id: customer, direction: 'outbound', template_category: 'MARKETING', template_name: 'live_offer',
  }], 'live-test')
  const after = await total('')
  expect(after.count).toBe(before.count + 1)
  await page.waitForFunction((text) => document.querySelector('#total-spend .detail')?.textContent === text, `${count(after.count)} conversations`, { timeout: 10_000 })
  await dashboardSettled(page)
  // Filters and scroll kept, the mark moved on (how fast is bench:live's business, not a test's).
  expect(page.url()).toBe(`${base}/?granularity=week`)
  expect(asked.some((u) => u.includes('/api/spend?') && u.includes('granularity=week'))).toBe(true)
  expect(await page.evaluate(() => window.scrollY)).toBe(400)
  // The mark moves when the live refresh ends, after the panels and the filter options (which
  // dashboardSettled does not wait for): wait for it, or a slow options request reads the old mark.
  await page.waitForFunction((old) => document.querySelector('#live')?.textContent !== old, shownMark, { timeout: 10_000 })
  const newMark = await page.textContent('#live')
  expect(newMark).toMatch(mark)
  expect(await page.evaluate(() => (window as unknown as { busyAtMark?: number }).busyAtMark)).toBeGreaterThan(0)
  expect(newMark).not.toBe(shownMark)
  expect(await page.textContent('#total-spend .value')).toBe(usd(after.cost))
  // Only what is on screen is refreshed; a panel below the fold once it scrolls into view (each
  // batch re-ran every panel's query, and the investigation page's refresh queued behind them)
  const tiers = page.locator('#volume-tiers')
  expect(await tiers.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 200)).toBe(true)
  expect(asked.filter((u) => u.includes('/api/volume-tiers'))).toEqual([])
  const tiersAsked = page.waitForRequest((r) => r.url().includes('/api/volume-tiers'))
  await tiers.scrollIntoViewIfNeeded()
  await tiersAsked
  await page.waitForFunction(() => document.querySelector('#volume-tiers')?.getAttribute('aria-busy') === 'false')
  // The what-if (re-pricing everything stored) is not recomputed by a batch: the page says so,
  // and Recompute takes the new data in.
  await page.waitForSelector('#whatif [data-role=stale]', { state: 'visible' })
  await page.click('#whatif [data-role=recompute]')
  expect(await page.isVisible('#whatif [data-role=stale]')).toBe(false)

  // The support page had no such customer; now it shows the charge.
  await support.waitForSelector('#summary:not([hidden])', { timeout: 10_000 })
  expect(await support.textContent('#who')).toContain(customerNumber(customer))
  expect(await support.textContent('#live')).toMatch(mark)
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: `${artifacts}dashboard-live.png` })

  // A page that cannot reach the stream says so instead of claiming to be live.
  const cut = await browser.newPage({ locale: 'en-US' })
  await cut.route('**/api/events', (r) => r.abort())
  await cut.goto(`${base}/#key=${adminKey}`)
  await cut.waitForFunction(() => document.querySelector('#live')?.textContent === 'offline — reconnecting')
  // One whose key the server refuses (npm start makes a new key at each start) says so: it said
  // "offline — reconnecting", as if the server were down (fresh-user trial); and how to a key it
  // takes, either way (configured keys: the server prints the address without one; break-it trial).
  const stale = await browser.newPage({ locale: 'en-US' })
  await stale.route('**/api/events', (r) => r.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"code":"UNAUTHORIZED","message":"This API key is not valid."}}' }))
  await stale.goto(`${base}/#key=${adminKey}`)
  await stale.waitForFunction(() => document.querySelector('#live')?.textContent === 'key not valid — add #key=<your API key> to the address (a server started without WACOST_API_KEYS printed a dashboard link with its key: open that one)')
  // (the mark wraps on a phone: on one line it was wider than the page)
  await stale.setViewportSize({ width: 390, height: 844 })
  expect(await stale.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  expect(errors).toEqual([])
  // four pages and a batch: 40-47 s under 3 busy loops, up to 117 s under 6 (the default bound is 120 s)
}, 240_000)
