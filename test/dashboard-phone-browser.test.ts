// The dashboard on a phone (390 × 844) on the demo dataset, in Debian's Chromium. A fresh-user
// trial found the filter bar and the finance export filled the first screen (Total spend started
// ~690 px down: a manager saw no number), the phone-number menu cut the business from its options
// (two numbers of different WABAs read alike), and the presets' meaning was only in a title, which
// a phone cannot show. Now the bar and the export fold behind one line each, the filters' saying
// what is set and opening the whole bar on a tap; with no WABA chosen a phone's options name its
// WABA and display number whole; a line under the presets says what they count back from.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { artifacts, customerSettled, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import { money } from '../web/src/format.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function open(query: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme, isMobile: true, hasTouch: true })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

/** The filters' line: its words (plain spaces), whether it says it is open, and whether the bar and the export show. */
const line = (page: Page) => page.evaluate(() => {
  const toggle = document.querySelector('#filters-toggle')
  const shows = (sel: string) => { const r = document.querySelector(sel)!.getBoundingClientRect(); return r.height > 0 && r.width > 0 }
  return {
    words: (toggle?.textContent ?? '').replace(/\u00a0/g, ' '), expanded: toggle?.getAttribute('aria-expanded') ?? null,
    controls: toggle?.getAttribute('aria-controls') ?? null, bar: shows('#filters'), export: shows('#export'),
  }
})

const top = (page: Page, sel: string) => page.locator(sel).evaluate((e) => e.getBoundingClientRect().top)

for (const scheme of ['light', 'dark'] as const) {
  it(`starts the headline on the first screen, the bar and the export each one line (390 × 844, ${scheme})`, async () => {
    const page = await open('from=2024-09-01&to=2024-09-30', scheme)
    await page.screenshot({ path: `${artifacts}dashboard-phone-${scheme}.png` })
    // Total spend's card whole on the first screen (it started ~690 px down)
    expect(await top(page, '#total-spend')).toBeLessThanOrEqual(400)
    const s = await line(page)
    expect(s).toMatchObject({ expanded: 'false', controls: 'filters', bar: false, export: false })
    expect(s.words).toBe('Filters: Sep 1, 2024 – Sep 30, 2024')
  // a screen reader hears a button named by its words, not the arrow drawn after them (and its aria-expanded)
  const heard = (await page.locator('.phone-lines').ariaSnapshot()).replace(/\u00a0/g, ' ')
  expect(heard).toContain('button "Filters: Sep 1, 2024 – Sep 30, 2024"')
  expect(heard).toContain('button "Export CSV"')
    expect(await page.getAttribute('#export-toggle', 'aria-expanded')).toBe('false')
    // nothing wider than the window
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.close()
  }, 120_000)
}

it('says what is set on the line, opens and closes the bar from it (tap and keyboard), and applies a filter chosen in it', async () => {
  const page = await open('')
  expect((await line(page)).words).toBe('Filters: All data')
  const before = await page.textContent('#total-spend .value')
  await page.tap('#filters-toggle')
  expect(await line(page)).toMatchObject({ expanded: 'true', bar: true, export: false })
  await page.screenshot({ path: `${artifacts}dashboard-phone-open.png` })
  // a preset and a WABA chosen in the bar: the address, the panels and the line follow
  let url = page.url()
  await page.selectOption('#filters select[name=preset]', '7d')
  await page.waitForURL((u) => u.href !== url)
  await dashboardSettled(page)
  url = page.url()
  await page.selectOption('#filters select[name=waba]', { label: 'Lumen Bank (UTC)' })
  await page.waitForURL((u) => u.href !== url)
  await dashboardSettled(page)
  const q = new URL(page.url()).searchParams
  expect([q.get('from'), q.get('to'), q.get('waba')]).toEqual(['2024-09-14', '2024-09-20', expect.stringMatching(/^\d+$/)])
  // the headline's total is the API's for that WABA and week
  const rows = await json<{ section: string; currency: string; cost: number }[]>(site.t.app, `/api/headline?waba=${q.get('waba')}&from=2024-09-14&to=2024-09-20`)
  const totals = rows.filter((r) => r.section === 'total')
  expect(totals.length).toBe(1)
  expect(await page.textContent('#total-spend .value')).toBe(money(totals[0]!.cost, totals[0]!.currency))
  expect(await page.textContent('#total-spend .value')).not.toBe(before)
  const s = await line(page)
  // still open after the redraws, the line naming the period and the WABA (without its time zone)
  expect(s).toMatchObject({ expanded: 'true', bar: true, words: 'Filters: Last 7 days, Sep 14, 2024 – Sep 20, 2024 · Lumen Bank' })
  // closed from the keyboard: focus on the line, Enter
  await page.focus('#filters-toggle')
  await page.keyboard.press('Enter')
  expect(await line(page)).toMatchObject({ expanded: 'false', bar: false })
  await page.keyboard.press('Space')
  expect(await line(page)).toMatchObject({ expanded: 'true', bar: true })
  // the export folds alike
  await page.tap('#export-toggle')
  expect(await page.getAttribute('#export-toggle', 'aria-expanded')).toBe('true')
  expect(await page.locator('#export button[type=submit]').isVisible()).toBe(true)
  await page.close()
}, 180_000)

it('names each phone number\'s WABA and display number whole in its option on a phone (no WABA chosen)', async () => {
  const page = await open('from=2024-09-01&to=2024-09-30')
  await page.tap('#filters-toggle')
  const menu = await page.locator('#filters select[name=phone]').evaluate((s: HTMLSelectElement) => {
    const style = getComputedStyle(s)
    const ctx = document.createElement('canvas').getContext('2d')!
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    return {
      options: [...s.options].slice(1).map((o) => ({ text: o.text, width: ctx.measureText(o.text).width })),
      inner: s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
    }
  })
  const phones = await json<{ kind: string; label: string; waba_id: string; id: string }[]>(site.t.app, '/api/filters')
  const wabas = new Map(phones.filter((o) => o.kind === 'waba').map((o) => [o.id, o.label]))
  const numbers = phones.filter((o) => o.kind === 'phone')
  expect(menu.options.length).toBe(numbers.length)
  for (const o of menu.options) {
    // each option has its WABA's name and a display number, and fits the menu (the arrow takes ~16 px)
    const phone = numbers.find((p) => o.text === `${wabas.get(p.waba_id)} · ${p.label.split(' · ').at(-1)}`)
    expect(phone, o.text).toBeDefined()
    expect(o.text).toMatch(/ · \+\d[\d -]+$/)
    expect(o.width + 16, o.text).toBeLessThanOrEqual(menu.inner)
  }
  expect(new Set(menu.options.map((o) => o.text)).size).toBe(menu.options.length)
  await page.locator('#filters').screenshot({ path: `${artifacts}dashboard-phone-menu.png` })
  await page.close()
}, 120_000)

it('says what the presets count back from in a line a phone shows, for the preset chosen', async () => {
  const page = await open('')
  await page.tap('#filters-toggle')
  const explain = page.locator('#filters [data-role=preset-explain]')
  expect(await explain.isVisible()).toBe(true)
  expect(await explain.textContent()).toBe('Presets end on the last day with data (Sep 20, 2024), not on today: the data may stop before today.')
  const url = page.url()
  await page.selectOption('#filters select[name=preset]', 'last-month')
  await page.waitForURL((u) => u.href !== url)
  await dashboardSettled(page)
  expect(await explain.isVisible()).toBe(true)
  expect(await explain.textContent()).toBe('Last month (Aug 2024): Aug 1, 2024 – Aug 31, 2024, counted back from the last day with data (Sep 20, 2024), not from today: the data may stop before today.')
  await page.close()
}, 120_000)

it('opens the bar when the period has a problem, so the fields the message names are in view', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?from=2024-09-20&to=2024-09-10#key=${adminKey}`)
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await line(page)).toMatchObject({ expanded: 'true', bar: true })
  expect(await page.locator('#filters input[name=to]').isVisible()).toBe(true)
  await page.close()
}, 60_000)

// Last in this file: it adds a day to the demo data.
it('keeps the bar open through a live refresh, the line following a preset rolled to the new last day', async () => {
  const page = await open('from=2024-09-14&to=2024-09-20')
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''))
  await page.tap('#filters-toggle')
  expect((await line(page)).words).toBe('Filters: Last 7 days, Sep 14, 2024 – Sep 20, 2024')
  await ingest(site.t.session, [{ message_id: 'wamid.phone-next-day.1', timestamp: '2024-09-21T06:00:00Z', waba_id: '104729318650033',
    phone_number_id: '110200300400721', wa_id: '919812345678', direction: 'inbound' }], 'live-test')
  await page.waitForFunction(() => new URLSearchParams(location.search).get('to') === '2024-09-21', undefined, { timeout: 30_000 })
  await dashboardSettled(page)
  expect(await line(page)).toMatchObject({ expanded: 'true', bar: true, words: 'Filters: Last 7 days, Sep 15, 2024 – Sep 21, 2024' })
  await page.close()
}, 180_000)

// At 320 px (the narrowest phones) the header's three links stood on one line wider than the
// window: "API" was off the page, which scrolled sideways (fresh-user trial). The header fits,
// on both pages, light and dark, the links wrapping.
for (const scheme of ['light', 'dark'] as const) {
  it(`fits the header at 320 px, its API link on the page (${scheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width: 320, height: 700 }, locale: 'en-US', colorScheme: scheme })
    for (const [path, settled] of [['/?from=2024-09-01&to=2024-09-30', dashboardSettled], ['/customer.html?q=12127025441', customerSettled]] as const) {
      await page.goto(`${site.base}${path}#key=${adminKey}`)
      await settled(page)
      const api = page.locator('header.top nav a', { hasText: 'API' })
      expect(await api.isVisible()).toBe(true)
      const box = (await api.boundingBox())!
      expect([box.x >= 0, box.x + box.width <= 320]).toEqual([true, true])
      expect(await page.evaluate(() => [window.innerWidth, document.documentElement.scrollWidth <= window.innerWidth])).toEqual([320, true])
      await page.locator('header.top').screenshot({ path: `${artifacts}header-320-${path.startsWith('/customer') ? 'customer' : 'dashboard'}-${scheme}.png` })
    }
    await page.close()
  }, 120_000)
}
