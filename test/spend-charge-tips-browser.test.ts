// The spend charts' tooltips as a fresh-user trial read them, in Debian's Chromium on the
// pricing-eras log (support/eras-log.ts: conversation-based pricing until June 2025, per-message
// pricing from July 2025): every bar's count was "Conversations: N", per-message charges too, and
// on a phone (390 px) a tip's period broke a date at its spaces ("Jun 30, 2025 – Jul" / "6, 2025").
// Now a bar's count says what its charges are (from /api/spend's messages), and its dates stay
// whole as the customer timeline's do (tip.ts wholeDates).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { json } from './support/api.ts'
import { artifacts, openDashboard, openErasSite, tipAtPointer, type DemoSite, type ShownTip } from './support/browser.ts'
import { count, label } from '../web/src/format.ts'
import type { SpendRow } from '../api/routes/dashboard.ts'

let site: DemoSite
beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** Every tip of `panel`'s bars, each hovered at its middle. */
async function barTips(page: Page, panel: string): Promise<ShownTip[]> {
  const bars = page.locator(`${panel} svg [aria-label="bar"] rect, ${panel} svg [aria-label="rect"] rect`)
  const tips: ShownTip[] = []
  for (let i = 0; i < await bars.count(); i++) {
    await bars.nth(i).scrollIntoViewIfNeeded()
    const b = await bars.nth(i).boundingBox()
    if (!b || b.width < 1 || b.height < 1) continue
    tips.push(await tipAtPointer(page, panel, b.x + b.width / 2, b.y + b.height / 2))
  }
  return tips
}

/** The count line a row's bar should show: what its charges are, never per-message charges called conversations. */
function countLine(r: SpendRow): string {
  if (r.messages === 0) return `Conversations: ${count(r.conversations)}`
  if (r.messages === r.conversations) return `Per-message charges: ${count(r.messages)}`
  return `Charges: ${count(r.conversations)} (${count(r.conversations - r.messages)} conversation${r.conversations - r.messages === 1 ? '' : 's'} + ${count(r.messages)} per-message charge${r.messages === 1 ? '' : 's'})`
}

/** A tip's text on one line: its lines joined by a space, or by nothing after a hyphen (Plot wraps after one). */
const said = (t: ShownTip) => t.lines.map((l, i) => (i === 0 || t.lines[i - 1]!.endsWith('-') ? l : ` ${l}`)).join('').replace(/\s+/g, ' ')
const countOf = (t: ShownTip) => said(t).match(/(Conversations|Per-message charges|Charges): .*?(?= Incomplete:|$)/)?.[0]

it('names a bar\'s charges conversations, per-message charges or both, as its row holds them', async () => {
  // the week of Jun 30, 2025: conversations on Jun 30, per-message charges from Jul 1
  const query = 'waba=waba-era-utc&from=2025-06-30&to=2025-07-06&granularity=week&split=category'
  const rows = await json<SpendRow[]>(site.t.app, `/api/spend?${query}`)
  const page = await openDashboard(site, query)
  const seen = new Set<string>()
  for (const t of await barTips(page, '#spend')) {
    const category = /Category: (.+)/.exec(said(t).split(' Period:')[0]!)![1]!
    const row = rows.find((r) => label(r.key) === category)!
    expect(countOf(t), category).toBe(countLine(row))
    seen.add(countOf(t)!.split(':')[0]!)
  }
  // a week across the switch holds both kinds in a bar
  expect(seen).toContain('Charges')
  // Spend by market: the same words for a market's total
  const markets = await json<SpendRow[]>(site.t.app, `/api/spend?${query.replace('granularity=week&split=category', 'granularity=total&split=market')}`)
  const marketTips = await barTips(page, '#markets')
  expect(marketTips.length).toBeGreaterThan(0)
  for (const t of marketTips) {
    const market = /Market: (.+?) Spend/.exec(said(t))![1]!
    expect(countOf(t), market).toBe(countLine(markets.find((r) => label(r.key) === market)!))
  }
  await page.close()

  // split by unit: a month of conversations only, a month of per-message charges beside free entry point windows
  const byUnit = await openDashboard(site, 'waba=waba-era-utc&from=2025-06-01&to=2025-08-31&granularity=month&split=unit')
  const lines = (await barTips(byUnit, '#spend')).map((t) => [/Unit: (\S+)/.exec(said(t))![1], countOf(t)!.split(':')[0]])
  expect(lines).toContainEqual(['Messages', 'Per-message charges'])
  for (const [unit, words] of lines) expect(words, unit).toBe(unit === 'Messages' ? 'Per-message charges' : 'Conversations')
  await byUnit.close()
}, 240_000)

it('keeps each date of a spend tooltip on one line on a phone (390 px)', async () => {
  const page = await openDashboard(site, 'waba=waba-era-utc&from=2025-07-01&to=2025-07-16&granularity=week&split=category', 390)
  const tips = [...await barTips(page, '#spend'), ...await barTips(page, '#eras')]
  expect(tips.length).toBeGreaterThan(0)
  let dates = 0
  for (const t of tips) {
    for (const [d] of t.lines.join(' ').matchAll(/[A-Z][a-z]{2} \d{1,2}, \d{4}/g)) {
      dates++
      expect(t.lines.some((l) => l.includes(d)), `${d} in ${JSON.stringify(t.lines)}`).toBe(true)
    }
  }
  expect(dates).toBeGreaterThan(tips.length)
  await page.locator('#spend').screenshot({ path: `${artifacts}spend-tip-390-dates.png` })
  await page.close()
}, 240_000)
