// The dashboard's Download CSV in Debian's Chromium (playwright-core), on the demo dataset served
// by the real app: the file downloaded is the export of exactly the view's WABA, period and
// filters (the invoice: WABA and period, said on the page), its total is the headline's to the
// cent, the key travels in the Authorization header (never in an address), the file keeps the
// server's name, and the control fits and reads at 390 and 1440 px in light and dark.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, get, json } from './support/api.ts'
import { artifacts, contrast, dashboardSettled, openDemoSite, unfold, type DemoSite } from './support/browser.ts'
import { cents, parseCsv, sum } from './support/exports.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

// a key limited to one WABA (README: WACOST_API_KEYS key=waba1), Lumen Bank
const lumen = '104729318650027'
const lumenKey = 'lumen-only-key-0123456789'
let site: DemoSite
beforeAll(async () => { site = await openDemoSite(`${adminKey}=*,${lumenKey}=${lumen}`) }, 240_000)
afterAll(async () => { await site?.close() })

const northwind = '104729318650012'
const view = `waba=${northwind}&from=2024-09-01&to=2024-09-15`

async function headline(query: string): Promise<HeadlineRow> {
  return (await json<HeadlineRow[]>(site.t.app, `/api/headline?${query}`)).find((r) => r.section === 'total')!
}

/** Picks a file in the export control, clicks Download CSV and reads what the browser saved. */
async function downloadFrom(page: Page, kind: string): Promise<{ name: string; body: string }> {
  await page.selectOption('#export select[name=kind]', kind)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export button[type=submit]')])
  await page.waitForSelector('#export [data-role=status]:text-matches("^Saved ")')
  return { name: download.suggestedFilename(), body: readFileSync((await download.path())!, 'utf8') }
}

it('downloads the ledger and daily files of the view\'s WABA, period and category, totalling the headline', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const exportsAsked: { url: string; authorization?: string }[] = []
  page.on('request', (r) => { if (r.url().includes('/api/exports/')) exportsAsked.push({ url: r.url(), authorization: r.headers().authorization }) })
  await page.goto(`${site.base}/?${view}&category=MARKETING#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.textContent('#export [data-role=scope]')).toBe(
    'Covers Northwind Outfitters (America/New_York), 2024-09-01 to 2024-09-15 (local days of the WABA), category Marketing: its total is the headline\'s.')

  const dash = await headline(`${view}&category=MARKETING`)
  expect(dash.count).toBeGreaterThan(0)
  const ledger = await downloadFrom(page, 'ledger')
  expect(ledger.name).toBe(`wacost-ledger-northwind-outfitters-${northwind}-2024-09-01_2024-09-15-category-marketing.csv`)
  const rows = parseCsv(ledger.body).rows
  expect(rows).toHaveLength(dash.count)
  for (const r of rows) {
    expect(r).toMatchObject({ waba_id: northwind, category: 'MARKETING' })
    expect(r.local_date! >= '2024-09-01' && r.local_date! <= '2024-09-15', r.local_date).toBe(true)
  }
  expect(cents(sum(rows.map((r) => r.cost)))).toBe(BigInt(Math.round(dash.cost * 100)))

  // the line under the button spoke of the ledger's file after Daily was picked (fresh-user trial)
  expect(await page.textContent('#export [data-role=status]')).toMatch(/^Saved wacost-ledger-/)
  await page.selectOption('#export select[name=kind]', 'daily')
  expect(await page.textContent('#export [data-role=status]')).toBe('')
  const daily = parseCsv((await downloadFrom(page, 'daily')).body).rows
  expect(daily.length).toBeGreaterThan(0)
  for (const r of daily) {
    expect(r.waba_id).toBe(northwind)
    expect(r.local_date! >= '2024-09-01' && r.local_date! <= '2024-09-15', r.local_date).toBe(true)
  }
  expect(daily.reduce((a, r) => a + Number(r.conversations), 0)).toBe(dash.count)
  expect(sum(daily.map((r) => r.cost))).toBe(sum(rows.map((r) => r.cost)))

  // The key went in the header, never in an address.
  expect(exportsAsked).toHaveLength(2)
  for (const a of exportsAsked) {
    expect(a.authorization).toBe(`Bearer ${adminKey}`)
    expect(a.url).not.toContain(adminKey)
    expect(a.url).toContain(`waba=${northwind}`)
  }
  await page.close()
}, 120_000)

// A filter of the menus that matches nothing in a period with data (Northwind has no German
// customer in 1-15 Sep): the file is its header alone, and the API says why in Wacost-Notice.
// The page said only "Saved wacost-ledger-….csv (95 B).", and finance sent the empty file on (finance trial).
it('a file of its header alone: the status line says the server\'s notice after "Saved …"', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${view}&country=DE#key=${adminKey}`)
  await dashboardSettled(page)
  const ledger = await downloadFrom(page, 'ledger')
  expect(parseCsv(ledger.body).rows).toHaveLength(0)
  const notice = (await get(site.t.app, `/api/exports/ledger?${view}&country=DE`)).headers['wacost-notice'] as string
  expect(notice).toContain('country DE in this period')
  const status = page.locator('#export [data-role=status]')
  const said = await status.textContent()
  expect(said).toBe(`Saved ${ledger.name} (${Buffer.byteLength(ledger.body)} B). ${notice.charAt(0).toUpperCase()}${notice.slice(1)}.`)
  expect(said).toContain('No conversation or per-message charge of WABA 104729318650012 of country DE in this period: the file holds the header only.')
  // said as the page's notices (not as a failure), and readable
  expect(await status.getAttribute('class')).toBe('warn')
  // (the background is a color-mix(), which the computed style gives as color(srgb …): read as rgb through a canvas)
  const look = await status.evaluate((p) => {
    const ctx = document.createElement('canvas').getContext('2d')!
    ctx.fillStyle = getComputedStyle(p).backgroundColor
    ctx.fillRect(0, 0, 1, 1)
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data
    return { color: getComputedStyle(p).color, background: `rgb(${r}, ${g}, ${b})` }
  })
  expect(contrast(look.color, look.background)).toBeGreaterThanOrEqual(4.5)
  await page.locator('#export').screenshot({ path: `${artifacts}export-notice-1440-light.png` })
  // a file with rows says no notice, and drops the last one's look
  await page.selectOption('#filters select[name=country]', '')
  await dashboardSettled(page)
  const whole = await downloadFrom(page, 'ledger')
  expect(parseCsv(whole.body).rows.length).toBeGreaterThan(0)
  expect(await status.textContent()).toMatch(/^Saved wacost-ledger-\S+\.csv \([\d.]+ [kM]?B\)\.$/)
  expect(await status.getAttribute('class')).toBe('')
  await page.close()
}, 120_000)

it('the invoice is per WABA and period: the page says the category does not apply, and the file is the whole WABA\'s', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${view}&category=MARKETING#key=${adminKey}`)
  await dashboardSettled(page)
  await page.selectOption('#export select[name=kind]', 'invoice')
  expect(await page.textContent('#export [data-role=scope]')).toContain('The invoice is per WABA and period: the category filter does not apply to it, so its total may differ from the headline\'s.')
  await page.check('#export input[name=excel]')
  const invoice = await downloadFrom(page, 'invoice')
  expect(invoice.name).toBe(`wacost-invoice-northwind-outfitters-${northwind}-2024-09-01_2024-09-15-excel.csv`) // not the plain file: its ids are written ="…"
  expect(invoice.body.charCodeAt(0)).toBe(0xfeff) // the byte-order mark asked "For Excel"
  const total = parseCsv(invoice.body).rows.filter((r) => r.row_type === 'total')
  expect(total).toHaveLength(1)
  const whole = await headline(view)
  // "For Excel": the WABA id as ="…", so the spreadsheet keeps its 15 digits (finance trial)
  expect(total[0]).toMatchObject({ waba_id: `="${northwind}"`, conversations: String(whole.count) })
  expect(cents(sum([total[0]!.amount]))).toBe(BigInt(Math.round(whole.cost * 100)))
  await page.close()
}, 120_000)

it('says why a download failed, and waits for a valid period', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/?${view}#key=${adminKey}`)
  await dashboardSettled(page)
  await page.fill('input[name=from]', '2024-09-20')
  await page.locator('input[name=from]').dispatchEvent('change')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await page.isDisabled('#export button[type=submit]')).toBe(true)
  expect(await page.textContent('#export [data-role=scope]')).toBe('Pick a valid period to export.')
  await page.fill('input[name=from]', '2024-09-01')
  await page.locator('input[name=from]').dispatchEvent('change')
  await dashboardSettled(page)
  expect(await page.isDisabled('#export button[type=submit]')).toBe(false)
  // a key the server does not know (revoked meanwhile): the API's words, not a broken file
  await page.evaluate(() => localStorage.setItem('wacost.key', 'revoked-key-0123456789'))
  await page.click('#export button[type=submit]')
  await page.waitForSelector('#export [data-role=status].error')
  expect(await page.textContent('#export [data-role=status]')).toMatch(/^Could not export: .*key/i)
  await page.close()
}, 120_000)

// Opened with a key the server refuses (#key=wrong): the headline said "Could not load" while
// Download CSV stayed enabled, "its total is the headline's", and clicking it said "Could not
// export: key not valid" (fresh-user trial).
it('opened with a key the server refuses: Download CSV is disabled and says the key is not valid', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/?${view}#key=wrong-key-0123456789`)
  await dashboardSettled(page)
  // (the headline points to the notice, which says the key is not valid once: key-said-once-browser.test.ts)
  expect(await page.textContent('#total-spend .detail')).toBe('Not shown: see the notice above.')
  // both ways to a key the server takes: the link it printed (a key made at this start), or one's
  // own key (configured keys: the server prints the address without one; break-it trial)
  expect(await page.textContent('#export [data-role=scope]')).toBe('The API key is not valid (it may have changed when the server restarted): to export, add #key=<your API key> to the address (a server started without WACOST_API_KEYS printed a dashboard link with its key: open that one).')
  expect(await page.isDisabled('#export button[type=submit]')).toBe(true)
  await page.close()
}, 60_000)

// A key limited to one WABA: the sentence said "Covers all WABAs" while the file held that WABA's alone,
// and its local days were "of each WABA" (fresh-user trials).
it('names the WABA a limited key covers, with no WABA chosen, and the file is that WABA\'s', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-15#key=${lumenKey}`)
  await dashboardSettled(page)
  expect(await page.textContent('#export [data-role=scope]')).toBe(
    'Covers WABA Lumen Bank (all this key may read), 2024-09-01 to 2024-09-15 (local days of the WABA): its total is the headline\'s.')
  const rows = parseCsv((await downloadFrom(page, 'daily')).body).rows
  expect(rows.length).toBeGreaterThan(0)
  for (const r of rows) expect(r.waba_id).toBe(lumen)
  await page.close()
  // the admin key, every WABA: all of them
  const admin = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await admin.goto(`${site.base}/?from=2024-09-01&to=2024-09-15#key=${adminKey}`)
  await dashboardSettled(admin)
  expect(await admin.textContent('#export [data-role=scope]')).toMatch(/^Covers all WABAs, /)
  // three WABAs in scope: the local days are each one's (one WABA's were "of each WABA" too: trial)
  expect(await admin.textContent('#export [data-role=scope]')).toContain('(local days of each WABA)')
  // a phone number chosen, no WABA: its WABA's local days alone (it said "of each WABA": fresh-user trial)
  await admin.goto(`${site.base}/?phone=110200300400611&from=2024-08-10&to=2024-08-12#key=${adminKey}`)
  await dashboardSettled(admin)
  expect(await admin.textContent('#export [data-role=scope]')).toMatch(/^Covers all WABAs, 2024-08-10 to 2024-08-12 \(local days of the phone number's WABA\), phone number Lumen UK /)
  await admin.close()
}, 90_000)

for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const) {
  it(`the control fits and reads at ${width} px (${scheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'en-US' })
    await page.goto(`${site.base}/?${view}&category=MARKETING#key=${adminKey}`)
    await dashboardSettled(page)
    // on a phone the export is folded behind its line: opened
    await unfold(page)
    // every control labelled and inside the viewport; nothing wider than the page
    for (const sel of ['select[name=kind]', 'input[name=excel]', 'button[type=submit]']) {
      const el = page.locator(`#export ${sel}`)
      const box = (await el.boundingBox())!
      expect(box.x, sel).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width, sel).toBeLessThanOrEqual(width)
    }
    expect(await page.getByRole('combobox', { name: 'File' }).count()).toBe(1)
    expect(await page.getByRole('checkbox', { name: 'For Excel' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Download CSV' }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    const look = await page.locator('#export button[type=submit]').evaluate((b) => {
      const s = getComputedStyle(b)
      return { color: s.color, background: s.backgroundColor }
    })
    expect(contrast(look.color, look.background)).toBeGreaterThanOrEqual(4.5)
    const scope = await page.locator('#export [data-role=scope]').evaluate((p) => {
      const s = getComputedStyle(p)
      return { color: s.color, background: getComputedStyle(document.body).backgroundColor }
    })
    expect(contrast(scope.color, scope.background)).toBeGreaterThanOrEqual(4.5)
    await page.locator('#export').screenshot({ path: `${artifacts}export-control-${width}-${scheme}.png` })
    await page.screenshot({ path: `${artifacts}export-dashboard-${width}-${scheme}.png` })
    await page.close()
  }, 90_000)
}
