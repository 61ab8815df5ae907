// A batch that lands while the what-if panel asks again for a computation (202, every 2 s): the
// page's live refresh stops that asking (a batch does not recompute a what-if; the panel says new
// data arrived and offers Recompute). Each asking showed "Loading…" until its answer, so a batch
// landing during one left the panel saying "Loading…" for ever and the page never settled
// (browser.test.ts's live refresh, CI under load). The what-if's note stays instead.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Route } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { dashboardSettled, openDemoSite, settleMs, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('keeps the what-if\'s "computing" note when a batch lands while the panel asks again, and offers Recompute', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // the API computes (202) until `armed`; then the next asking gets no answer until the page drops it
  let armed = false
  let heldOne!: () => void
  const held = new Promise<void>((resolve) => { heldOne = resolve })
  await page.route((url) => url.pathname === '/api/whatif', async (route: Route) => {
    if (!armed) {
      await route.fulfill({ status: 202, contentType: 'application/json', headers: { 'retry-after': '2' }, body: '{"status":"computing"}' })
      return
    }
    heldOne()
  })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await page.waitForSelector('#whatif .state.computing')
  await dashboardSettled(page)
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: settleMs })
  armed = true
  await held
  expect(await page.getAttribute('#whatif', 'aria-busy')).toBe('true')

  await ingest(site.t.session, [{
    message_id: 'wamid.whatif-batch.1', timestamp: '2024-08-10T12:00:00Z', waba_id: '104729318650027', phone_number_id: '110200300400611',
    wa_id: '447911000997', direction: 'outbound', template_category: 'MARKETING', template_name: 'live_offer',
  }], 'whatif-batch')
  // the live refresh ends by saying the what-if may be out of date
  await page.waitForSelector('#whatif [data-role=stale]', { state: 'visible', timeout: settleMs })
  expect(await page.locator('#whatif .state.loading').count()).toBe(0)
  expect(await page.locator('#whatif .state.computing').count()).toBe(1)
  expect(await page.getAttribute('#whatif', 'aria-busy')).toBe('false')
  await dashboardSettled(page)
  expect(errors).toEqual([])
  await page.close()
}, 120_000)
