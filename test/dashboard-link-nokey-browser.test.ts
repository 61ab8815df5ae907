// A shared dashboard link with a filter given twice, or opened without a key, with a refused one
// or one that may not read (fresh-user and break-it trials): what the link asks is shown in the filter bar, its problems said in the
// notice in the same words as with a key, the export disabled, and the page started again once a
// key is added. (Split from dashboard-link-browser.test.ts, which keeps the dates and live mark.)
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import type { Page } from 'playwright-core'
import { artifacts, openDemoSite, type DemoSite, dashboardSettled, exportDisabled, exportScope, unfold } from './support/browser.ts'

let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

// a key that may ingest but not read (a log shipper's)
const ingestKey = 'ingest-only-key-0123456789'
beforeAll(async () => { ({ browser, base, close } = await openDemoSite(`${adminKey}=*,${ingestKey}=*:ingest`)) }, 240_000)
afterAll(async () => { await close() })


// ?waba=A&waba=B kept A unsaid (fresh-user trial): the notice says the dashboard takes the first.
// Without a key it went unsaid, and with a refused key so did an unknown parameter (trial).
const twice = 'The link gives 2 WABAs (104729318650012, 104729318650027); the dashboard filters by one at a time: it takes the first.'
const unreadForm = 'The link\'s "form" is not a setting of the dashboard: ignored (it reads waba, phone, market, category, country, from, to, granularity, split, scenario, since).'
it('says a filter given twice in a link is taken once, the first, with a key or without', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${base}/?waba=104729318650012&waba=104729318650027#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toBe(twice)
  expect(await page.inputValue('select[name=waba]')).toBe('104729318650012')
  await page.close()
  const bare = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await bare.goto(`${base}/?waba=104729318650012&waba=104729318650027&form=x`)
  await bare.waitForSelector('#notice:not([hidden])')
  const said = (await bare.textContent('#notice'))!.split(' without a key. ')
  expect([said[0]!.slice(0, 12), said[1]]).toEqual(['No API key: ', `${twice} ${unreadForm}`])
  await bare.close()
})

// A link shared to someone without a key: the filter bar said "All WABAs" and empty dates while
// the link asked for a WABA and a From, the notice read "`npm start`" with its backticks, and
// Download CSV stayed enabled (fresh-user trial).
it('opened without a key: shows the link\'s filters, says how to open it in words, and disables the export', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'dark' })
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()) })
  await page.goto(`${base}/?waba=104729318650012&market=IN&from=2024-09-01`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.textContent('#notice')).toBe('No API key: open the dashboard link that npm start printed if it ends with #key=… (it does unless the server was started with WACOST_API_KEYS), '
    + 'or add your own key to the end of this link as #key=…. The filters above are this link\'s; nothing is shown or exported without a key.')
  expect(await page.locator('#notice code').allTextContents()).toEqual(['npm start', '#key=…', 'WACOST_API_KEYS', '#key=…'])
  const value = (name: string) => page.inputValue(`[name=${name}]`)
  expect(await Promise.all(['waba', 'phone', 'market', 'category', 'from', 'to'].map(value))).toEqual(['104729318650012', '', 'IN', '', '2024-09-01', ''])
  expect(await page.textContent('select[name=waba] option:checked')).toBe('104729318650012')
  expect(await exportDisabled(page)).toBe(true)
  expect(await exportScope(page)).toBe('Needs an API key to export.')
  // a filter changed, a day typed, a granularity picked: the link follows, nothing is asked (each
  // panel asked and failed: trial), the notice stays
  await page.selectOption('select[name=market]', '')
  await page.waitForURL(/\?waba=104729318650012&from=2024-09-01$/)
  await page.fill('input[name=to]', '2024-09-20')
  await page.waitForURL(/&to=2024-09-20$/)
  await page.click('[data-switch=granularity] button[value=week]')
  await page.waitForURL(/&granularity=week$/)
  await page.waitForTimeout(500)
  expect(asked).toEqual([])
  expect(await page.locator('.state.error').count()).toBe(0)
  expect(await page.textContent('#notice')).toMatch(/^No API key: /)
  expect(await exportDisabled(page)).toBe(true)
  await page.close()
}, 60_000)

// A link's unknown parameter (?form=x) was said with a key, not in the notice without one
// (fresh-user trial): the same words after the no-key sentence.
it('opened without a key: names the link\'s settings it does not read, in the words said with a key', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  const link = `${base}/?form=x&to=2024-09-20&split=city`
  await page.goto(`${link}#key=${adminKey}`)
  await dashboardSettled(page)
  const withKey = (await page.textContent('#notice'))!
  const split = 'The link\'s split "city" is not one of the chart\'s (category, market, country, phone, waba, pricing_type, category_pricing_type, unit, tier): split by category.'
  expect(withKey).toBe(`${unreadForm} ${split}`)
  await page.close()
  // a page of its own: the key is kept for the tab once given
  const bare = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await bare.goto(link)
  await bare.waitForSelector('#notice:not([hidden])')
  expect(await bare.textContent('#notice')).toBe('No API key: open the dashboard link that npm start printed if it ends with #key=… (it does unless the server was started with WACOST_API_KEYS), or add your own key to the end '
    + `of this link as #key=…. The filters above are this link's; nothing is shown or exported without a key. ${withKey}`)
  expect(await bare.inputValue('input[name=to]')).toBe('2024-09-20')
  await bare.close()
}, 60_000)

// `#key=…` added to the address of a link opened without a key (as the notice says to): a
// navigation within the page. The panels drew (a popstate) while the WABA, phone and market menus
// stayed blank, the no-key notice stayed and Download CSV said "Needs an API key" until a reload
// (trial): the whole page starts again with the key.
it('starts again with a key added to the address of a link opened without one: menus, notice, export and live mark', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  const link = '?waba=104729318650012&phone=110200300400502&market=MX&from=2024-08-31&to=2024-09-01'
  await page.goto(`${base}/${link}`)
  await page.waitForSelector('#notice:not([hidden])')
  await page.evaluate((k) => { location.href = `${location.href}#key=${k}` }, adminKey)
  await page.waitForFunction(() => document.querySelector<HTMLElement>('#notice')!.hidden)
  await dashboardSettled(page)
  const chosen = (name: string) => page.evaluate((n) => {
    const s = document.querySelector<HTMLSelectElement>(`select[name=${n}]`)!
    return [s.value, s.selectedOptions[0]?.textContent, s.options.length > 2]
  }, name)
  expect(await chosen('waba')).toEqual(['104729318650012', 'Northwind Outfitters (America/New_York)', true])
  expect((await chosen('phone')).slice(0, 1)).toEqual(['110200300400502'])
  expect((await chosen('phone'))[1]).not.toBe('110200300400502')
  expect(await chosen('market')).toEqual(['MX', 'Mexico', true])
  expect(await exportDisabled(page)).toBe(false)
  expect(await exportScope(page)).toMatch(/^Covers Northwind Outfitters \(America\/New_York\), 2024-08-31 to 2024-09-01 /)
  expect(await page.textContent('#total-spend .value')).toMatch(/^\$\d/)
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''))
  // the key left the address, the view stayed
  expect(new URL(page.url()).hash).toBe('')
  expect(new URL(page.url()).search).toBe(link)
  await page.close()
}, 60_000)

// Opened without a key, a link's week and split by market showed "Category" and no Day/Week/Month
// pressed (trial): the controls show the link's choices, and a period's own granularity once
// both its bounds are known.
it('opened without a key: the spend chart\'s controls show the link\'s granularity and split', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  const pressed = () => page.locator('[data-switch=granularity] button[aria-pressed=true]').allTextContents()
  await page.goto(`${base}/?waba=104729318650012&from=2024-08-31&to=2024-09-01&granularity=week&split=market`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await page.inputValue('#spend select[name=split]')).toBe('market')
  expect(await pressed()).toEqual(['Week'])
  await page.goto(`${base}/?from=2024-07-01&to=2024-09-20`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await pressed()).toEqual(['Week'])
  expect(await page.getAttribute('[data-switch=granularity] button[value=week]', 'title')).toBe('chosen for the period\'s length')
  // an open bound: the data's days are unknown without a key, so is the period's length
  await page.goto(`${base}/?from=2024-09-01`)
  await page.waitForSelector('#notice:not([hidden])')
  expect(await pressed()).toEqual([])
  // a filter changed meanwhile keeps the link's WABA in its menu (it went blank once the bar was redrawn)
  await page.goto(`${base}/?waba=104729318650012&market=IN`)
  await page.waitForSelector('#notice:not([hidden])')
  await unfold(page)
  await page.selectOption('select[name=market]', '')
  await page.waitForURL(/\?waba=104729318650012$/)
  expect(await page.textContent('select[name=waba] option:checked')).toBe('104729318650012')
  await page.close()
}, 60_000)

// A refused (old) key: the WABA menu was blank, the link's WABA unsaid, where without a key it
// shows the link's id (trial).
it('opened with a refused key: the filter bar shows the link\'s filters and the notice its problems, as without a key', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${base}/?waba=104729318650012&market=IN&from=2024-09-01&to=2024-09-30&waba=104729318650027&form=x#key=wrong-key-0123456789`)
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toBe(`This API key is not valid (it may have changed when the server restarted). To see the data, add #key=<your API key> to the address (a server started without WACOST_API_KEYS printed a dashboard link with its key: open that one). ${twice} ${unreadForm}`)
  const value = (name: string) => page.evaluate((n) => {
    const s = document.querySelector<HTMLSelectElement>(`select[name=${n}]`)!
    return [s.value, s.selectedOptions[0]?.textContent]
  }, name)
  expect(await value('waba')).toEqual(['104729318650012', '104729318650012'])
  expect(await value('market')).toEqual(['IN', 'IN'])
  expect(await value('phone')).toEqual(['', 'All phone numbers'])
  await page.close()
}, 60_000)

// Without a key the period's preset line said the last day with data is "known once the filter
// options load", which they never do without one (break-it trial): it says they need a key.
it('opened without a key on a phone: the presets\' line says their last day needs an API key; with one added, that day', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: scheme, hasTouch: true, isMobile: true })
    await page.goto(`${base}/`)
    await page.waitForSelector('#notice:not([hidden])')
    await unfold(page)
    const explain = page.locator('#filters [data-role=preset-explain]')
    expect(await explain.isVisible()).toBe(true)
    expect(await explain.textContent()).toBe('Presets end on the last day with data, known once the filter options load, which needs an API key, as the notice below says.')
    await page.screenshot({ path: `${artifacts}nokey-presets-390-${scheme}.png`, fullPage: true })
    await page.goto(`${base}/#key=${adminKey}`)
    await dashboardSettled(page)
    expect(await explain.textContent()).toBe('Presets end on the last day with data (Sep 20, 2024), not on today: the data may stop before today.')
    await page.close()
  }
}, 120_000)

/**
 * The page opened with `key` at 390 px (the presets' line shown) and 1440 px (the menu's tooltip),
 * light and dark: its notice matches `notice`, the line and tooltip are `said`; a screenshot
 * `shot`-presets-WIDTH-SCHEME.png. `then`: more on the page, which it closes.
 */
async function presetsSaidWith(key: string, notice: RegExp, said: string, shot: string, then = async (_page: Page) => {}): Promise<void> {
  for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const) {
    const phone = width === 390
    const page = await browser.newPage({ viewport: { width, height: phone ? 844 : 900 }, locale: 'en-US', colorScheme: scheme, hasTouch: phone, isMobile: phone })
    await page.goto(`${base}/#key=${key}`)
    await dashboardSettled(page)
    expect(await page.textContent('#notice')).toMatch(notice)
    if (phone) await unfold(page)
    const explain = page.locator('#filters [data-role=preset-explain]')
    expect(await explain.isVisible(), `${width} ${scheme}`).toBe(phone)
    expect(await explain.textContent()).toBe(said)
    expect(await page.getAttribute('#filters select[name=preset]', 'title')).toBe(said)
    await page.screenshot({ path: `${artifacts}${shot}-presets-${width}-${scheme}.png` })
    await then(page)
    await page.close()
  }
}

// With a key the server refuses (401) the line still said "known once the filter options load",
// which they never do with that key (break-it trial): it says the key was refused, as the notice
// does, on a phone (the line) and a desktop (the menu's tooltip); with a good key, that day.
it('opened with a refused key: the presets\' line and tooltip say their last day needs a key the server accepts; with one, that day', async () => {
  const refused = 'Presets end on the last day with data, known once the filter options load, which needs an API key the server accepts: it refused this one, as the notice below says.'
  await presetsSaidWith('wrong-key-0123456789', /^This API key is not valid .*To see the data, add #key=<your API key> to the address \(a server started without WACOST_API_KEYS printed a dashboard link with its key/, refused, 'refused', async (page) => {
    // a hash navigation: the page starts again with the key, its panels drawn anew (the refused
    // key's panels had settled already)
    await page.goto(`${base}/#key=${adminKey}`)
    await page.waitForFunction(() => /^\$\d/.test(document.querySelector('#total-spend .value')?.textContent ?? ''))
    await dashboardSettled(page)
    expect(await page.locator('#filters [data-role=preset-explain]').textContent()).toBe('Presets end on the last day with data (Sep 20, 2024), not on today: the data may stop before today.')
    expect(await page.locator('#notice').isHidden()).toBe(true)
  })
}, 120_000)

// With a key the server takes but without the read role (403) the line still said "known once the
// filter options load", which they never do with that key (break-it trial): it says the key may
// not read, as the notice does, on a phone (the line) and a desktop (the menu's tooltip). Download
// CSV was enabled ("Covers all WABAs…") though every export is refused, and the live mark said
// "offline — reconnecting", asking again for ever (break-it trial): the export is disabled with
// why, the mark says the page is not live and why, and the events are asked again only every 30 s
// (key-roles-restart-browser.test.ts: a server restarted with roles that let the key read).
it('opened with a key without the read role: the presets\' line and tooltip say their last day needs a key that reads; no export, not live', async () => {
  const unread = 'Presets end on the last day with data, known once the filter options load, which needs an API key with the read role: this one does not have it, as the notice below says.'
  await presetsSaidWith(ingestKey, /^This API key may not read the data .*the key has ingest/, unread, 'unread', async (page) => {
    expect(await exportDisabled(page)).toBe(true)
    expect(await exportScope(page)).toBe('This API key may not read the data (it lacks the read role): open the dashboard with a key that has it to export.')
    await page.waitForFunction(() => document.querySelector('#live')?.getAttribute('data-state') === 'unread')
    expect(await page.textContent('#live')).toBe('not live: this key may not read the data')
    // asked once, not again soon (the retries came at 1, 2, 5 s; now at 30 s)
    let asked = 0
    page.on('request', (r) => { if (r.url().endsWith('/api/events')) asked++ })
    await page.waitForTimeout(2_500)
    expect(asked).toBe(0)
    expect(await page.textContent('#live')).toBe('not live: this key may not read the data')
    // a key that reads added to the address: live again, the export enabled
    await page.goto(`${base}/#key=${adminKey}`)
    await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''))
    await dashboardSettled(page)
    expect(await exportDisabled(page)).toBe(false)
  })
}, 180_000)

// `#key=` (empty) kept the key this browser had, here a refused one, and so said "it refused this
// one" and "This API key is not valid" (break-it trial): an empty key is no key, and forgets it.
it('opened with an empty #key= after a refused key: said as without a key, the refused one forgotten', async () => {
  const none = 'Presets end on the last day with data, known once the filter options load, which needs an API key, as the notice below says.'
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light', hasTouch: true, isMobile: true })
  await page.goto(`${base}/#key=wrong-key-0123456789`)
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toMatch(/This API key is not valid/)
  // a hash navigation, then a load of its own
  for (const open of [() => page.goto(`${base}/#key=`), () => page.reload()]) {
    await open()
    await page.waitForSelector('#notice:not([hidden])')
    await page.waitForFunction(() => document.querySelector('#notice')?.textContent?.startsWith('No API key: '))
    await unfold(page)
    expect(await page.locator('#filters [data-role=preset-explain]').textContent()).toBe(none)
    expect(page.url()).toBe(`${base}/`)
    expect(await page.evaluate(() => localStorage.getItem('wacost.key'))).toBeNull()
  }
  await page.screenshot({ path: `${artifacts}emptykey-presets-390-light.png` })
  await page.close()
}, 120_000)
