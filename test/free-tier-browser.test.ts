// The free tier panel and the click-to-WhatsApp table in Debian's Chromium on the 2024–2026 log
// (test/support/eras-log.ts, free tier 3), as a fresh-user trial left them: the panel showed the
// latest month with service conversations, not the month of the period's end (October 2024 read
// as September's gauge), and "FEP" stood unexplained in the table's headers. At 390 and 1440 px,
// light and dark: nothing of either panel runs past the page.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openErasSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function open(width: number, scheme: 'light' | 'dark', query: string, waba = 'waba-era-utc'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/?waba=${waba}&${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

/** The panel's words, and whether the page or the panel runs wider than the window. */
async function panel(page: Page, id: string) {
  return page.evaluate((sel) => {
    const s = document.querySelector<HTMLElement>(sel)!
    return { text: s.querySelector('.body')!.textContent ?? '', page: document.documentElement.scrollWidth, window: innerWidth, scroll: s.scrollWidth, client: s.clientWidth }
  }, `#${id}`)
}

for (const [width, scheme] of [[390, 'dark'], [1440, 'light']] as const) {
  it(`the free tier panel shows the month of the period's end, says what applies there or that the data does not cover it (${width} px, ${scheme})`, async () => {
    const cases = [
      // October 2024 (free tier 3) had no service conversation of this WABA up to the 20th
      ['from=2024-09-01&to=2024-10-20', 'No service conversations in October 2024 (Oct 1, 2024 – Oct 20, 2024): 0 of 3 free service conversations used; 3 left.'],
      ['from=2024-11-01&to=2024-11-30', 'No free tier to count in November 2024: service conversations are free and unlimited there (conversation-based pricing, service free since Nov 1, 2024).'],
      ['from=2025-07-01&to=2025-07-31', 'No free tier to count in July 2025: under per-message pricing (since Jul 1, 2025) service messages are free.'],
      ['from=2024-08-01&to=2024-08-31', 'The data does not cover August 2024 for this WABA (its data runs Sep 10, 2024 – Nov 5, 2026): no free tier can be counted there.'],
    ] as const
    for (const [query, words] of cases) {
      const page = await open(width, scheme, query)
      const p = await panel(page, 'free-tier')
      expect(p.text, query).toContain(words)
      expect(p.text, query).not.toContain('September 2024')
      expect([p.page <= p.window, p.scroll <= p.client], query).toEqual([true, true])
      await page.locator('#free-tier').screenshot({ path: `${artifacts}free-tier-${query.slice(-10)}-${width}-${scheme}.png` })
      await page.close()
    }
  }, 180_000)

  it(`the click-to-WhatsApp table writes out "free entry point" and says what one is (${width} px, ${scheme})`, async () => {
    const page = await open(width, scheme, 'from=2024-09-01&to=2024-10-31')
    const headers = await page.locator('#ctwa th').allTextContents()
    expect(headers).toContain('Started a free entry point')
    expect(headers.join(' ')).not.toMatch(/\bFEP\b/)
    const p = await panel(page, 'ctwa')
    expect(p.text).not.toMatch(/\bFEP\b/)
    expect(await page.locator('#ctwa p.note').textContent()).toMatch(/^A free entry point opens when the business replies within 24 h/)
    expect(await page.locator('#ctwa p.note').isVisible()).toBe(true)
    // neither the panel nor the page scrolls sideways (on a phone each ad is a card)
    expect([p.page <= p.window, p.scroll <= p.client]).toEqual([true, true])
    await page.locator('#ctwa').screenshot({ path: `${artifacts}ctwa-free-entry-${width}-${scheme}.png` })
    await page.close()
  }, 120_000)
}

it('writes the paid amount as every amount on the page: to the cent, 4 decimals under a cent (one paid conversation of 0.0088 read $0.01)', async () => {
  const kolkata = await open(1440, 'light', 'from=2024-09-01&to=2024-09-30', 'waba-era-kol')
  expect((await panel(kolkata, 'free-tier')).text).toContain(', 1 paid since ($0.0088).')
  await kolkata.close()
  const utc = await open(1440, 'light', 'from=2024-09-01&to=2024-09-30')
  expect((await panel(utc, 'free-tier')).text).toContain(', 7 paid since ($0.04).')
  await utc.close()
}, 120_000)
