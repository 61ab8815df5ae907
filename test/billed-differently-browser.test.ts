// The headline's line on what Meta billed differently, in Debian's Chromium: the demo dataset (its
// re-categorised out_for_delivery template, from September 2024) plus the fixtures of Meta's
// pricing (test/support/meta-log.ts: every kind, a conversation split among them). The headline
// gave no hint of the discrepancies, which only the panel near the page's end showed (fresh-user
// trial): now one line under the cards says their count and cost difference, and links to the panel;
// nothing when there are none, or no status carried Meta's pricing.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoMetaSite, type DemoSite } from './support/browser.ts'
import { amount, count } from '../web/src/format.ts'
import type { ReconcileSummaryRow, ReconcileTotalRow } from '../api/routes/reconcile.ts'
import { micros, sum } from './support/exports.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoMetaSite() }, 240_000)
afterAll(async () => { await site?.close() })

const line = '#billed-differently'

it('says the period\'s discrepancies and their cost difference under the headline, and its link scrolls to the panel', async () => {
  const period = 'from=2024-09-01&to=2024-09-30'
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${period}&category=MARKETING#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForSelector(`${line}:not([hidden])`)
  // the panel's figures, by kind: their counts and (one currency) cost differences added up
  const summary = await json<ReconcileSummaryRow[]>(site.t.app, `/api/reconcile/summary?${period}`)
  const total = await json<ReconcileTotalRow[]>(site.t.app, `/api/reconcile/total?${period}`)
  const n = summary.reduce((a, r) => a + r.discrepancies, 0)
  expect(total.reduce((a, r) => a + r.discrepancies, 0)).toBe(n)
  const costed = summary.filter((r) => r.kind !== 'CONVERSATION_SPLIT')
  const currencies = [...new Set(costed.map((r) => r.currency))]
  expect(currencies).toEqual(['USD'])
  expect(costed.every((r) => r.cost_difference !== null)).toBe(true)
  const usd = total.find((r) => r.currency === 'USD')!
  expect(micros(usd.cost_difference!)).toBe(sum(costed.map((r) => r.cost_difference!)))
  // the conversation splits: counted, never costed (no currency)
  expect(total.find((r) => r.currency === null)).toMatchObject({ cost_difference: null, uncosted: 0 })
  // the category filter does not apply to the reconciliation (as its panel): the whole period's,
  // and the line says so
  const text = await page.textContent(line)
  expect(text).toBe(`Meta billed differently from the rules: ${count(n)} discrepancies, cost difference +${amount(usd.cost_difference!, 'USD')}. See what Meta billed, reconciled`
    + ' Discrepancies of the WABA, phone number and period: the category filter does not apply.')
  expect(await page.getAttribute(line, 'title')).toContain('+ where Meta billed more')
  await page.screenshot({ path: `${artifacts}billed-differently.png`, clip: { x: 0, y: 0, width: 1440, height: 560 } })
  // the link: the panel in view, the address (and so the drawn panels) unchanged
  const address = page.url()
  await page.click(`${line} a`)
  await page.waitForFunction(() => { const r = document.querySelector('#reconcile')!.getBoundingClientRect(); return r.top >= 0 && r.top < 200 })
  expect(page.url()).toBe(address)
  await page.close()
}, 120_000)

it('says nothing where there is no discrepancy: a period before Meta\'s statuses carried pricing', async () => {
  const before = 'from=2024-07-23&to=2024-08-20'
  expect(await json(site.t.app, `/api/reconcile/total?${before}`)).toEqual([])
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForSelector(`${line}:not([hidden])`)
  // the period changed to one without: the line goes once the reconciliation answers
  await page.fill('input[name=from]', '2024-07-23')
  await page.fill('input[name=to]', '2024-08-20')
  await page.waitForURL(/from=2024-07-23&to=2024-08-20/)
  await dashboardSettled(page)
  await page.waitForSelector(line, { state: 'hidden' })
  expect(await page.textContent(line)).toBe('')
  await page.close()
}, 120_000)
