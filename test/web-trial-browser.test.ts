// A fresh-user trial of the dashboard on the demo data (2026-12-06):
// - a link's date that is not one (from=2024-02-30) opened without a key: From blank, the
//   period "Custom", only the no-key notice, which calls the filters the link's; with a key the
//   period bar says the date is not one. Said without a key too, and the phone's filters line
//   named it "Mar 1, 2024";
// - What Meta billed: a kind without discrepancies read "none" wide and "· 0" on a phone;
// - the invoice with several filters set said "the market, category filters".
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, exportDisabled, openDemoSite, periodError, unfold, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

const views = [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const

it('says a link\'s date that is not one without a key, as with one, and that the key comes first (390, 1440 px)', async () => {
  const wrong = 'From (2024-02-30) is not a date: pick a day or clear the field.'
  // without a key no period brings the panels: the key comes first ("The panels wait for a valid
  // period" promised them: fresh-user trial)
  const said = `${wrong} First add an API key, as the notice below says.`
  for (const [width, scheme] of views) {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    const asked: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()) })
    await page.goto(`${site.base}/?from=2024-02-30&to=2024-09-10`)
    await page.waitForSelector('#notice:not([hidden])')
    await page.waitForSelector('#period-error:not([hidden])', { timeout: 30_000 })
    expect(await periodError(page)).toBe(said)
    expect(await page.textContent('#notice')).toMatch(/^No API key: /)
    expect(await page.getAttribute('input[name=from]', 'aria-invalid')).toBe('true')
    expect(await exportDisabled(page)).toBe(true)
    // the phone's line says the link's From as it is (it read "Mar 1, 2024")
    if (width === 390) expect(await page.textContent('#filters-toggle [data-role=summary]')).toBe('2024-02-30 – Sep\u00a010,\u00a02024')
    await page.screenshot({ path: `${artifacts}web-trial-nokey-bad-date-${width}-${scheme}.png` })
    expect(asked).toEqual([])
    // the same words once a key is added, the panels waiting for the period alone
    // (the same address with a key: a navigation within the page, which starts again with it)
    await page.goto(`${site.base}/?from=2024-02-30&to=2024-09-10#key=${adminKey}`)
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#notice')!.hidden)
    await page.waitForFunction(() => !/API key/.test(document.querySelector('#period-error')!.textContent ?? ''))
    expect(await periodError(page)).toBe(`${wrong} The panels wait for a valid period.`)
    await page.close()
  }
}, 120_000)

it('says "none" of a kind without discrepancies wide and on a phone, and lists the filters the invoice does not take with "and" (390, 1440 px)', async () => {
  for (const [width, scheme] of views) {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30#key=${adminKey}`)
    await dashboardSettled(page)
    await page.locator('#reconcile').scrollIntoViewIfNeeded()
    await dashboardSettled(page)
    const texts = await page.locator('#reconcile svg').first().evaluate((svg) => [...svg.querySelectorAll('[aria-label="text"] text')].map((t) => t.textContent ?? ''))
    // wide: the names on the axis, "none" beside them; narrow: name · none over the band
    const none = texts.filter((t) => /\bnone$|· 0$/.test(t))
    expect(none, `${width}`).toEqual(width === 390 ? ['Meta billed, rules free · none', 'Meta free, rules charge · none'] : ['none', 'none'])
    await page.locator('#reconcile svg').first().screenshot({ path: `${artifacts}web-trial-kinds-${width}-${scheme}.png` })
    // the invoice takes WABA and period: the others set are listed as a sentence lists them
    for (const [query, words] of [
      ['market=IN&category=MARKETING', 'the market and category filters do not apply to it, so its total may differ from the headline\'s.'],
      ['market=IN&category=MARKETING&country=IN', 'the market, category and country filters do not apply to it, so its total may differ from the headline\'s.'],
      ['category=MARKETING', 'the category filter does not apply to it, so its total may differ from the headline\'s.'],
    ] as const) {
      await page.goto(`${site.base}/?${query}#key=${adminKey}`)
      await dashboardSettled(page)
      await unfold(page)
      await page.selectOption('#export select[name=kind]', 'invoice')
      expect(await page.textContent('#export [data-role=scope]')).toBe(`Covers all WABAs, every day with data (local days of each WABA). The invoice is per WABA and period: ${words}`)
    }
    await page.locator('#export').screenshot({ path: `${artifacts}web-trial-invoice-${width}-${scheme}.png` })
    await page.close()
  }
}, 240_000)
