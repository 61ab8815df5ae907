// The dashboard as a fresh user met it (trial of the dashboard): the pressed Day/Week/Month
// button reads in both themes, and a reversed period dims the previous period's figures until the
// period is valid again. Screenshots at 390 and 1440 px, light and dark, land in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite, contrast, dashboardSettled, misaligned, brokenDates } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })



for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const) {
  it(`the pressed granularity button reads at 4.5:1 or more (${width} px, ${scheme}; white on the dark accent was 1.98:1)`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'en-US' })
    await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30&granularity=day#key=${adminKey}`)
    await dashboardSettled(page)
    const pressed = await page.locator('[data-switch=granularity] button[aria-pressed=true]').evaluate((b) => {
      const s = getComputedStyle(b)
      return { text: b.textContent, color: s.color, background: s.backgroundColor }
    })
    expect(pressed.text).toBe('Day')
    expect(contrast(pressed.color, pressed.background)).toBeGreaterThanOrEqual(4.5)
    await page.screenshot({ path: `${artifacts}dashboard-trial-${width}-${scheme}.png`, fullPage: true })
    await page.close()
  }, 90_000)

  it(`shows every menu's items whole, its tables' text left and figures right, no date broken (${width} px, ${scheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: width === 390 ? 844 : 900 }, colorScheme: scheme, locale: 'en-US' })
    await page.goto(`${site.base}/#key=${adminKey}`)
    await dashboardSettled(page)
    // a menu as wide as it is with no width cap (its longest item's width): the File menu read
    // "Invoice: per WABA and mon" at 1440 px (fresh-user trial)
    const cut = await page.evaluate(() => [...document.querySelectorAll('select')].flatMap((s) => {
      const shown = s.getBoundingClientRect().width
      const cap = s.style.maxWidth
      s.style.maxWidth = 'none'
      const whole = s.getBoundingClientRect().width
      s.style.maxWidth = cap
      return shown < whole - 0.5 ? [`${s.name}: ${shown} of ${whole} px`] : []
    }))
    expect(cut).toEqual([])
    expect(await page.locator('select[name=kind] option').allTextContents()).toContain('Invoice: per WABA and month')
    // WABA, Kind and Rules on the reconciliation tables read right-aligned (fresh-user trial)
    expect(await page.locator('#reconcile td[data-label=Kind]').count()).toBeGreaterThan(0)
    expect(await misaligned(page)).toEqual([])
    expect(await brokenDates(page)).toEqual([])
    await page.close()
  }, 90_000)
}

it('lists the markets by the name shown, not by code (Brazil, Germany, United Kingdom, Indonesia, India: trial)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const [all, ...names] = await page.locator('select[name=market] option').allTextContents()
  expect(all).toBe('All markets')
  expect(names.length).toBeGreaterThan(5)
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')))
  expect(names.indexOf('India')).toBeLessThan(names.indexOf('United Kingdom'))
  await page.close()
}, 60_000)

it('dims the previous period\'s figures while From is after To, and shows them at full strength once the period is valid', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  const before = await page.textContent('#total-spend .value')
  // the headline's "Meta billed differently" line too: it kept its full strength (trial)
  const look = () => page.evaluate(() => [...document.querySelectorAll('main > section, main > #billed-differently')].map((s) => ({
    id: s.id, opacity: Number(getComputedStyle(s).opacity), disabled: s.getAttribute('aria-disabled'),
  })))
  for (const s of await look()) expect(s).toEqual({ id: s.id, opacity: 1, disabled: null })

  await page.fill('input[name=from]', '2024-10-01')
  await page.locator('input[name=from]').dispatchEvent('change')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await page.textContent('#period-error')).toContain('The panels below still show the previous period.')
  const stale = await look()
  expect(stale.map((s) => s.id)).toEqual(expect.arrayContaining(['headline', 'billed-differently']))
  for (const s of stale) expect(s).toEqual({ id: s.id, opacity: expect.any(Number), disabled: 'true' })
  for (const s of stale) expect(s.opacity, s.id).toBeLessThanOrEqual(0.5)
  // the figures stay what they were: the previous period's, not redrawn
  expect(await page.textContent('#total-spend .value')).toBe(before)
  await page.screenshot({ path: `${artifacts}dashboard-trial-reversed.png` })

  await page.fill('input[name=from]', '2024-09-10')
  await page.locator('input[name=from]').dispatchEvent('change')
  await page.waitForSelector('#period-error', { state: 'hidden' })
  await dashboardSettled(page)
  for (const s of await look()) expect(s).toEqual({ id: s.id, opacity: 1, disabled: null })
  expect(await page.textContent('#total-spend .value')).not.toBe(before)
  await page.close()
}, 90_000)
