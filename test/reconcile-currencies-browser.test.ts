// The reconciliation panel when one kind has discrepancies in several currencies, in Debian's
// Chromium: the fixtures of Meta's pricing (test/support/meta-log.ts, USD) plus their category
// mismatch for a German customer (a rate card pricing DE in EUR) and one in the GB market (priced in GBP,
// no marketing price: Meta's category unpriced). The chart drew a bar per kind and currency on
// the kind's band (stacked, their labels over each other; on a phone one line each): it draws
// one bar per kind, as long as its discrepancies over every currency, and names its cost
// difference in each currency, never a sum across them. Screenshots land in test-artifacts/.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { amount, count } from '../web/src/format.ts'
import type { ReconcileSummaryRow, ReconcileTotalRow } from '../api/routes/reconcile.ts'
import { LEAST } from '../web/src/panels/reconcile.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { driftFor, messages, statuses } from './support/meta-log.ts'
import { tempDir } from './support/temp.ts'

const period = 'from=2024-09-01&to=2024-09-30'
let site: DemoSite

beforeAll(async () => {
  const rateCard = join(tempDir('wacost-card-'), 'rate-card.csv')
  writeFileSync(rateCard, readFileSync(new URL('../config/defaults/rate-card.csv', import.meta.url), 'utf8').split('\n')
    .filter((l) => !l.startsWith('GB,MARKETING,'))
    .map((l) => (l.startsWith('DE,') ? l.replace(',USD,', ',EUR,') : l.startsWith('GB,') ? l.replace(',USD,', ',GBP,') : l)).join('\n'))
  site = await openFixtureSite({ rateCard }, [...messages, ...statuses, ...driftFor('de', '4915112345678'), ...driftFor('gb', '447911123456')])
}, 240_000)
afterAll(async () => { await site?.close() })

/** Each kind's discrepancies over its currencies, and its cost difference as the panel names it. */
async function expected(): Promise<Map<string, { n: number; cost: string }>> {
  const summary = await json<ReconcileSummaryRow[]>(site.t.app, `/api/reconcile/summary?${period}`)
  // the fixture: one kind in three currencies, the rows stay per currency
  expect(summary.filter((r) => r.kind === 'CATEGORY_MISMATCH').map((r) => [r.currency, r.discrepancies, r.uncosted, r.cost_difference]))
    .toEqual([['EUR', 2, 0, '0.0815'], ['GBP', 2, 1, null], ['USD', 2, 0, '0.0210']])
  const kinds = new Map<string, { n: number; cost: string }>()
  for (const r of summary) {
    const k = kinds.get(r.kind) ?? { n: 0, cost: '' }
    const cost = r.cost_difference === null ? `no price for ${count(r.uncosted)}` : `${Number(r.cost_difference) > 0 ? '+' : ''}${amount(r.cost_difference, r.currency ?? '')}`
    kinds.set(r.kind, { n: k.n + r.discrepancies, cost: k.cost ? `${k.cost} · ${cost}` : cost })
  }
  expect(kinds.get('CATEGORY_MISMATCH')).toEqual({ n: 6, cost: '+€0.08 · no price for 1 · +$0.02' })
  return kinds
}

/**
 * A bar's tooltip (the charts' shared one, web/src/tip.ts) as shown when hovered: its lines joined
 * by a space (a phone's narrow tip wraps a line in two).
 */
async function tipOf(page: Page, bar: Locator): Promise<string> {
  await page.mouse.move(0, 0)
  await bar.scrollIntoViewIfNeeded()
  const b = (await bar.boundingBox())!
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const tip = await page.waitForFunction(() => {
    const g = [...document.querySelectorAll('#reconcile svg [aria-label=tip] g')].find((t) => t.textContent)
    return g ? [...g.querySelectorAll('text > tspan')].map((t) => (t.textContent ?? '').replace(/\u200b/g, '').trim()) : null
  }, undefined, { timeout: 10_000 })
  return (await tip.jsonValue())!.join(' ')
}

/** The chart's bars (width, tooltip lines) and texts, in the page's pixels. */
async function chart(width: number) {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${period}#key=${adminKey}`)
  await dashboardSettled(page)
  const rects = page.locator('#reconcile svg [aria-label="bar"] rect')
  const tips: string[] = []
  for (let i = 0; i < await rects.count(); i++) tips.push(await tipOf(page, rects.nth(i)))
  const drawn = await page.locator('#reconcile svg').first().evaluate((svg, lines) => ({
    bars: [...svg.querySelectorAll('[aria-label="bar"] rect')].map((r, i) => ({ width: r.getBoundingClientRect().width, tip: lines[i]! })),
    texts: [...svg.querySelectorAll('[aria-label="text"] text')].map((t) => { const b = t.getBoundingClientRect(); return { text: t.textContent ?? '', top: b.top, right: b.right } }),
    right: document.querySelector('#reconcile')!.getBoundingClientRect().right,
  }), tips)
  await page.locator('#reconcile').screenshot({ path: `${artifacts}reconcile-currencies-${width}.png` })
  await page.close()
  return drawn
}

for (const width of [390, 1440]) {
  it(`draws one bar per kind over its currencies and names each currency's cost difference (${width} px)`, async () => {
    const kinds = await expected()
    const drawn = await chart(width)
    // one bar per kind, its tooltip with its count over every currency (the bar had said one
    // currency), each currency's on a line of its own
    expect(drawn.bars.length).toBe(kinds.size)
    const tip = drawn.bars.find((b) => b.tip.startsWith('Kind: Category mismatch '))!.tip
    expect(tip).toBe(['Kind: Category mismatch', 'Discrepancies: 6', 'EUR: 2, cost difference +€0.08', 'GBP: 2, cost difference no price for 1', 'USD: 2, cost difference +$0.02'].join(' '))
    // each bar as long as its kind's count, in proportion to the longest (every bar LEAST px
    // longer, so that a count of 1 or 2 shows: web/src/panels/reconcile.ts)
    const most = Math.max(...[...kinds.values()].map((k) => k.n))
    const widest = Math.max(...drawn.bars.map((b) => b.width)) - LEAST
    for (const b of drawn.bars) {
      const n = Number(/ Discrepancies: ([\d,]+)/.exec(b.tip)![1]!.replaceAll(',', ''))
      expect(Math.abs(b.width - LEAST - (widest * n) / most), b.tip).toBeLessThan(1)
    }
    // the kind's count and cost differences said once, together (wide beside its bar, narrow on its line)
    const said = drawn.texts.filter((t) => /€|\$/.test(t.text))
    const mismatch = drawn.texts.filter((t) => t.text.includes('€'))
    expect(mismatch.map((t) => t.text)).toEqual([`${width < 560 ? 'Category mismatch · ' : ''}6 · +€0.08 · no price for 1 · +$0.02`])
    for (const [kind, k] of kinds) expect(said.filter((t) => t.text.endsWith(k.cost)).length, kind).toBeLessThanOrEqual(1)
    for (const t of drawn.texts) expect(t.right, t.text).toBeLessThanOrEqual(drawn.right)
  }, 120_000)
}

// The headline's line (web/src/panels/billed-differently.ts) in several currencies: each one's cost
// difference beside the others, never a sum across them; a currency with an uncosted discrepancy
// says so, as the panel does, never a partial sum.
it('says each currency\'s cost difference in the headline\'s line, never a sum across them', async () => {
  const total = await json<ReconcileTotalRow[]>(site.t.app, `/api/reconcile/total?${period}`)
  expect(total.map((r) => r.currency)).toEqual(['EUR', 'GBP', 'USD', null])
  expect(total.find((r) => r.currency === 'GBP')).toMatchObject({ uncosted: 1, cost_difference: null })
  const n = total.reduce((a, r) => a + r.discrepancies, 0)
  const usd = total.find((r) => r.currency === 'USD')!.cost_difference!
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${period}#key=${adminKey}`)
  await dashboardSettled(page)
  expect(await page.textContent('#billed-differently')).toBe(`Meta billed differently from the rules: ${count(n)} discrepancies, cost difference +€0.08 · no price for 1 · ${Number(usd) > 0 ? '+' : ''}${amount(usd, 'USD')}. See what Meta billed, reconciled`)
  await page.close()
}, 60_000)
