// The reconciliation panel in Debian's Chromium: the demo dataset plus the fixtures of Meta's
// pricing (test/support/meta-log.ts). The panel shows every kind with its cost and the drifting
// template; a discrepancy's message opens the customer page, where the message carries Meta's
// verdict beside the rules'. Screenshots land in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite } from './support/browser.ts'
import { ingest } from './support/engine.ts'
import { messages, statuses } from './support/meta-log.ts'

let site: DemoSite

beforeAll(async () => {
  site = await openDemoSite()
  await ingest(site.t.session, [...messages, ...statuses])
}, 240_000)
afterAll(async () => { await site?.close() })

it('shows the discrepancies by kind and opens the customer page at a message', async () => {
  const context = await site.browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#reconcile table') && document.querySelectorAll('[aria-busy=true]').length === 0)
  const panel = page.locator('#reconcile')
  for (const words of ['Category mismatch', 'Meta billed, rules free', 'Meta free, rules charge', 'Conversation split', '+0.0210 USD', '-0.0290 USD', 'no price for 2']) {
    expect(await panel.textContent()).toContain(words)
  }
  expect(await panel.locator('table').first().textContent()).toContain('order_update')
  await panel.screenshot({ path: `${artifacts}reconcile-panel.png` })

  await panel.locator('a', { hasText: /^d1$/ }).click()
  await page.waitForURL(/customer\.html\?.*message=d1/)
  await page.waitForFunction(() => document.querySelector('#answer') && document.querySelectorAll('[aria-busy=true]').length === 0)
  const row = page.locator('#messages tr.highlight')
  expect(await row.textContent()).toContain('billable · Marketing · CBP · conversation meta-d')
  // the timeline: Meta's verdict as a diamond per message it priced (both in the marketing lane)
  expect(await page.locator('#timeline svg [aria-label="dot"] path').count()).toBeGreaterThanOrEqual(2)
  await page.screenshot({ path: `${artifacts}reconcile-customer.png`, fullPage: true })
  expect(errors).toEqual([])
  await context.close()
}, 120_000)
