// What a trial of the dashboard misread, in Debian's Chromium on a log of its own under the
// shipped pricing-model timeline (the tests' engines and demo run under the CBP-only one): in a
// WABA in UTC, a free entry point under per-message pricing (Aug 2025: its window and the reply,
// a charge of pricing type free entry point and pricing category Service), one under
// conversation-based pricing whose customer message opened the service conversation it took over
// (Aug 2024, rule 6 first case: from the entry at 10:00 to 72 h after the reply at 10:15) and
// marketing templates from Tuesday 2024-07-23; and the fixtures of Meta's pricing
// (support/meta-log.ts: September 2024, every kind of discrepancy).
// - The headline's paid card said "2,152 free entry point" (pricing types) beside the category
//   card's "Free entry point $0.00 (2,151)" (pricing categories): both right, unnamed.
// - The customer timeline's free entry point bar of 72 h 15 min read as a bug (its tip: the
//   charts' shared one since, as the ticks').
// - Spend over time by week from a Tuesday: its first, partial bar had no tick (ticks on Mondays).
// - The reconciliation's bars had the browser's own title, not the charts' shared tip.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { customerSettled, dashboardSettled, openFixtureSite, artifacts, timelineBarTips as barTips, unwrapped, type DemoSite } from './support/browser.ts'
import { messages, statuses } from './support/meta-log.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'
import type { ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import type { CustomerConversationRow } from '../api/routes/customer.ts'
import { amount, count, moneyInWords } from '../web/src/format.ts'

const key = (wa_id: string) => ({ waba_id: 'waba-ux', phone_number_id: 'pn-ux', wa_id })
const entry = (id: string, at: string, wa_id: string) =>
  ({ message_id: id, timestamp: at, ...key(wa_id), direction: 'inbound', entry_point: 'ctwa', ad_id: '120226000042' })
const reply = (id: string, at: string, wa_id: string) =>
  ({ message_id: id, timestamp: at, ...key(wa_id), direction: 'outbound', status: 'delivered' })
const PMP = '14155550142'
const CBP = '14155550143'
const promo = (id: string, at: string) =>
  ({ message_id: id, timestamp: at, ...key('14155550144'), direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'delivered' })
const log = [
  entry('ux-p1', '2025-08-04T10:00:00Z', PMP), reply('ux-p2', '2025-08-04T10:15:00Z', PMP),
  entry('ux-c1', '2024-08-06T10:00:00Z', CBP), reply('ux-c2', '2024-08-06T10:15:00Z', CBP),
  ...['2024-07-23', '2024-07-30', '2024-08-13', '2024-08-27', '2024-09-10', '2024-09-20'].map((d, i) => promo(`ux-m${i}`, `${d}T12:00:00Z`)),
  ...messages, ...statuses,
]

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({ pricingModels: shipped }, log) }, 240_000)
afterAll(async () => { await site?.close() })

async function open(path: string, width = 1440): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/${path}#key=${adminKey}`)
  await (path.startsWith('customer') ? customerSettled(page) : dashboardSettled(page))
  return page
}

it('names pricing types on the paid card and pricing categories beside it, and says why free entry point counts differ', async () => {
  const period = 'waba=waba-ux&from=2025-08-01&to=2025-08-31'
  // both counts are right (pricing-models.md §3 P2, P3): the window, and the reply inside it
  const rows = await json<HeadlineRow[]>(site.t.app, `/api/headline?${period}`)
  const fep = (section: string) => rows.filter((r) => r.section === section && r.key === 'FREE_ENTRY_POINT').reduce((a, r) => a + r.count, 0)
  expect([fep('pricing_type'), fep('category')]).toEqual([2, 1])
  const page = await open(`?${period}`)
  expect(await page.textContent('#paid .detail')).toBe('pricing types: 0 free tier · 2 free entry point')
  expect(await page.textContent('#paid .note')).toBe('Free entry point as a pricing type (2) counts the 1 free-entry window (pricing category Free entry point)'
    + ' and 1 message delivered inside one under per-message pricing, whose pricing category is its own (Service, Marketing …).')
  expect(await page.textContent('#by-category h3')).toBe('Largest pricing category by spend')
  const categories = await page.textContent('#by-category .detail')
  expect(categories).toContain('Free entry point $0.00 (1)')
  expect(categories).toContain('Service $0.00 (1)')
  // each card's tooltip says what its word means, in Meta's words
  expect(await page.getAttribute('#paid', 'title')).toMatch(/^Pricing type \(Meta's pricing\.type\)/)
  expect(await page.getAttribute('#by-category', 'title')).toMatch(/^Pricing category \(Meta's pricing\.category\)/)
  await page.locator('#headline').screenshot({ path: `${artifacts}trial-readings-headline.png` })
  await page.close()
  // conversation-based pricing only: the counts agree, nothing to explain
  const demo = await open('?waba=waba-ux&from=2024-07-01&to=2024-09-30')
  expect(await demo.textContent('#paid .detail')).toMatch(/^pricing types: [\d,]+ free tier · [\d,]+ free entry point$/)
  expect(await demo.locator('#paid .note').count()).toBe(0)
  await demo.close()
}, 120_000)

it('says why a free entry point\'s bar that starts at the customer\'s message lasts more than 72 h', async () => {
  const page = await open(`customer.html?q=${encodeURIComponent(`+${CBP}`)}`)
  const bars = (await barTips(page)).filter((t) => t.startsWith(unwrapped(['Free entry point', '2024'])))
  expect(bars.length).toBe(1)
  expect(bars[0]!.startsWith(unwrapped(['Free entry point', '2024-08-06 10:00 → 2024-08-09 10:15 (72 h 15 min)',
    'From the customer\'s entry message: the 72 h free window runs from the business reply at 2024-08-06 10:15 (15 min later).']))).toBe(true)
  // one that opens at the reply (per-message pricing: pricing-models.md §3 P2) is 72 h: nothing to add
  await page.goto(`${site.base}/customer.html?q=${encodeURIComponent(`+${PMP}`)}`)
  await customerSettled(page)
  const pmp = (await barTips(page)).filter((t) => t.startsWith(unwrapped(['Free entry point', '2025'])))
  const [window] = (await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${PMP}`)).filter((c) => c.category === 'FREE_ENTRY_POINT')
  expect(pmp).toEqual([unwrapped(['Free entry point', '2025-08-04 10:15 → 2025-08-07 10:15', moneyInWords(window!.explanation)])])
  await page.close()
}, 120_000)

/** The spend chart's x tick labels (lines joined by a space) with their centres, and the bars' left edges (page px). */
const spendAxis = (page: Page) => page.evaluate(() => ({
  ticks: [...document.querySelectorAll('#spend svg [aria-label="x-axis tick label"] text')].map((t) => {
    const b = t.getBoundingClientRect()
    return { text: [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') || (t.textContent ?? ''), x: b.left + b.width / 2 }
  }),
  bars: [...document.querySelectorAll('#spend svg [aria-label="rect"]:not([aria-hidden]) rect')].map((r) => r.getBoundingClientRect().left),
}))

for (const width of [390, 1440]) {
  it(`names the week and the month of the first, partial bar on the spend chart's axis (${width} px)`, async () => {
    // 2024-07-23 is a Tuesday: the first week and month are partial
    for (const [granularity, first] of [['week', 'Jul 22 2024'], ['month', 'Jul 2024']] as const) {
      const page = await open(`?waba=waba-ux&from=2024-07-23&to=2024-09-20&granularity=${granularity}`, width)
      await page.locator('#spend').screenshot({ path: `${artifacts}trial-readings-spend-${granularity}-${width}.png` })
      const { ticks, bars } = await spendAxis(page)
      expect(ticks[0]?.text, granularity).toBe(first)
      // the first bar starts after the tick that names its week or month, before the next one
      const start = Math.min(...bars)
      expect(start, granularity).toBeGreaterThanOrEqual(ticks[0]!.x - 0.5)
      expect(start, granularity).toBeLessThan(ticks[1]!.x)
      expect(await page.textContent('#spend .partial-note')).toContain('only the days from Jul 23, 2024 to Sep 20, 2024 count')
      await page.close()
    }
  }, 120_000)
}

it('gives the reconciliation\'s bars the charts\' shared tooltip', async () => {
  const summary = await json<ReconcileSummaryRow[]>(site.t.app, '/api/reconcile/summary?from=2024-07-23&to=2024-09-20')
  const mismatch = summary.filter((r) => r.kind === 'CATEGORY_MISMATCH')
  expect(mismatch.length).toBe(1)
  const page = await open('?from=2024-07-23&to=2024-09-20')
  const bars = page.locator('#reconcile svg [aria-label="bar"] rect')
  expect(await bars.count()).toBeGreaterThan(1)
  expect(await page.locator('#reconcile svg [aria-label="bar"] rect title').count()).toBe(0)
  const tips: string[][] = []
  for (let i = 0; i < await bars.count(); i++) {
    await page.mouse.move(0, 0)
    await bars.nth(i).scrollIntoViewIfNeeded()
    const b = (await bars.nth(i).boundingBox())!
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    const tip = await page.waitForFunction(() => {
      const g = [...document.querySelectorAll('#reconcile svg [aria-label=tip] g')].find((t) => t.textContent)
      return g ? [...g.querySelectorAll('text > tspan')].map((t) => (t.textContent ?? '').replace(/\u200b/g, '').trim()) : null
    }, undefined, { timeout: 10_000 })
    tips.push((await tip.jsonValue())!)
  }
  const r = mismatch[0]!
  expect(tips).toContainEqual(['Kind: Category mismatch', `Discrepancies: ${count(r.discrepancies)}`,
    `Cost difference: ${Number(r.cost_difference) > 0 ? '+' : ''}${amount(r.cost_difference!, r.currency!)}`])
  for (const t of tips) expect(t.slice(0, 2).map((l) => l.split(':')[0])).toEqual(['Kind', 'Discrepancies'])
  await page.close()
}, 120_000)
