// Money as the dashboard writes it, in Debian's Chromium, on the demo dataset plus the fixtures of
// Meta's pricing (test/support/meta-log.ts). Every amount is its own exact decimal from the API
// rounded once; a total and its parts are each rounded so (as their CSV lines), and where they
// are shown together a note says the parts may add up to a cent off (the trial added the markets'
// labels to $624.13 under a total spend of $624.12, the templates' to $35.90 under their kind's
// $35.91). One discrepancy's cost difference reads as the rate card prices a message, to 4
// decimals in every row (the table had "+$0.07" above "+$0.0099"), and one with no cost reads
// "no price" as the chart says it (the table said "—"), with no currency. Screenshots land in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { amount, money, roundedApart } from '../web/src/format.ts'
import type { DriftRow, ReconcileRow, ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import { cents, micros, sum } from './support/exports.ts'
import { artifacts, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import { ingest } from './support/engine.ts'
import { messages, statuses } from './support/meta-log.ts'

let site: DemoSite

beforeAll(async () => {
  site = await openDemoSite()
  await ingest(site.t.session, [...messages, ...statuses])
}, 240_000)
afterAll(async () => { await site?.close() })

async function dashboard(query: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForFunction(() => document.querySelector('#reconcile table'))
  return page
}

/** The latest discrepancies' cost differences as the table shows them (its last table). */
const latestCosts = (page: Page) => page.locator('#reconcile table').last().locator('td[data-label="Cost difference"]').allTextContents()

/** Whole cents of an amount as the page writes it ("$1,234.57", "+$0.0099"), for adding up what a reader sees. */
const centsShown = (text: string): bigint => cents(micros(text.replace(/[^\d.-]/g, '')))

it('writes each discrepancy to 4 decimals, as the CSV; notes that the templates and markets are rounded on their own', async () => {
  const period = 'from=2024-07-23&to=2024-09-30' // all of the demo and the fixtures
  const page = await dashboard(period)
  const rows = await json<ReconcileRow[]>(site.t.app, `/api/reconcile?${period}`)
  const latest = rows.slice(-10).reverse()
  const shown = await latestCosts(page)
  expect(shown).toEqual(latest.map((r) => `${Number(r.cost_difference) > 0 ? '+' : ''}${money(r.cost_difference!, r.currency!, 4)}`))
  // the demo's last day: the trial's +$0.0099 among amounts over a cent, all to 4 decimals
  expect(shown).toContain('+$0.0099')
  expect(shown).toContain('+$0.0705')
  for (const s of shown) expect(s).toMatch(/^[+-]?\$\d+\.\d{4}$/)

  // the templates are parts of their kind's total, each its exact amount rounded once (as the
  // summary's and the CSV's), never spread to add up: here they add up to a cent less, said so
  const drift = await json<DriftRow[]>(site.t.app, `/api/reconcile/drift?${period}`)
  const summary = await json<ReconcileSummaryRow[]>(site.t.app, `/api/reconcile/summary?${period}`)
  const mismatch = summary.find((r) => r.kind === 'CATEGORY_MISMATCH')!
  expect(micros(mismatch.cost_difference!)).toBe(sum(drift.map((d) => d.cost_difference!)))
  const parts = await page.locator('#reconcile table').first().locator('td[data-label="Cost difference"]').allTextContents()
  expect(parts).toEqual(drift.map((d) => `+${amount(d.cost_difference!, d.currency!)}`))
  const total = `+${amount(mismatch.cost_difference!, 'USD')}`
  expect(await page.locator('#reconcile svg').first().textContent()).toContain(total)
  expect(parts.reduce((a, p) => a + centsShown(p), 0n)).not.toBe(centsShown(total))
  expect(await page.locator('#reconcile p.note').textContent()).toBe(roundedApart('the CSV of Download all'))

  // the markets are parts of the headline's total: the same rule, the same note
  const markets = await json<{ cost: number }[]>(site.t.app, `/api/spend?granularity=total&split=market&${period}`)
  const labels = await page.locator('#markets svg [aria-label="text"] text').allTextContents()
  expect(labels.sort()).toEqual(markets.map((m) => amount(m.cost, 'USD')).sort())
  const spend = (await page.textContent('#total-spend .value'))!
  expect(labels.reduce((a, p) => a + centsShown(p), 0n)).not.toBe(centsShown(spend)) // $624.29 of labels, $624.28 spent
  expect(await page.locator('#markets p.note').textContent()).toBe(roundedApart('the exports'))
  await page.locator('#reconcile').screenshot({ path: `${artifacts}money-reconcile.png` })
  await page.close()
}, 120_000)

it('says "no price", and no currency, for a conversation split in the table as in the chart', async () => {
  const page = await dashboard('from=2024-09-01&to=2024-09-30&waba=waba-split')
  expect(await latestCosts(page)).toEqual(['no price'])
  const chart = await page.locator('#reconcile svg').first().textContent()
  expect(chart).toContain('no price for 1')
  // a split has no cost and so no currency: nothing in the panel names one
  expect(await page.locator('#reconcile').textContent()).not.toMatch(/\$|USD|no currency/)
  await page.close()
}, 120_000)
