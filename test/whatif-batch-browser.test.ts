// A batch that lands while the what-if panel asks again for a computation (202, every 2 s): the
// panel goes on asking until the result comes (a batch's live refresh stopped the asking, and the
// panel kept its "computing" note until Recompute: break-it trial), then draws it; an answer asked
// after the batch is of the new data, so nothing is said (it said "New data arrived since…" over
// the new headline's figures: fresh-user trial); an answer asked before it is said to be older
// than the data, offering Recompute (a batch does not recompute a what-if). Each asking showed
// "Loading…" until its answer, so a batch landing during one left the panel saying "Loading…" for
// ever and the page never settled (browser.test.ts's live refresh, CI under load): the note stays.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Request, Route } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { dashboardSettled, openDemoSite, settleMs, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('keeps asking for the what-if while a batch lands, its "computing" note shown, then draws the result and offers Recompute', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // the API computes (202) until `armed`; then one asking is held until the batch's live refresh
  // is done, answered 202 too; then the API's own answers
  const computing = (route: Route) => route.fulfill({ status: 202, contentType: 'application/json', headers: { 'retry-after': '2' }, body: '{"status":"computing"}' })
  let phase: 'computing' | 'hold' | 'real' = 'computing'
  let heldOne!: (route: Route) => void
  const held = new Promise<Route>((resolve) => { heldOne = resolve })
  // 'before': the default scenario's answer fetched from the API at once, handed to the page later
  let fetchedOne!: (r: { route: Route; response: Awaited<ReturnType<Route['fetch']>> }) => void
  const fetched = new Promise<{ route: Route; response: Awaited<ReturnType<Route['fetch']>> }>((resolve) => { fetchedOne = resolve })
  let before = false
  await page.route((url) => url.pathname === '/api/whatif', async (route: Route) => {
    if (phase === 'computing') { await computing(route); return }
    if (phase === 'hold') { phase = 'computing'; heldOne(route); return }
    if (before && new URL(route.request().url()).searchParams.get('scenario') === 'october-2026-rules') { before = false; fetchedOne({ route, response: await route.fetch() }); return }
    await route.continue()
  })
  // `held`: the what-if's asking is held meanwhile (its panel says Loading… until it is answered)
  const batch = async (id: string, held = false) => {
    // the batch's live refresh ends after it asks for the filter options again (main.ts liveRefresh)
    const options = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/filters', { timeout: settleMs })
    await ingest(site.t.session, [{
      message_id: id, timestamp: '2024-08-10T12:00:00Z', waba_id: '104729318650027', phone_number_id: '110200300400611',
      wa_id: '447911000997', direction: 'outbound', template_category: 'MARKETING', template_name: 'live_offer',
    }], 'whatif-batch')
    await options
    await page.waitForFunction((whatifHeld) => document.querySelectorAll(`main > section:not(#whatif)[aria-busy=true], ${whatifHeld ? 'main > section:not(#whatif)' : ''} .state.loading`).length === 0,
      held, { timeout: settleMs })
  }
  await page.goto(`${site.base}/#key=${adminKey}`)
  await page.waitForSelector('#whatif .state.computing')
  await dashboardSettled(page)
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: settleMs })
  phase = 'hold'
  const route = await held
  expect(await page.getAttribute('#whatif', 'aria-busy')).toBe('true')

  await batch('wamid.whatif-batch.1')
  // still computing: the note stays, nothing said of new data yet
  expect(await page.locator('#whatif .state.computing').count()).toBe(1)
  expect(await page.locator('#whatif [data-role=stale]').isHidden()).toBe(true)
  // the held asking answered: the panel asks again (it stopped at the batch)
  const asked = page.waitForRequest((r: Request) => new URL(r.url()).pathname === '/api/whatif', { timeout: 30_000 })
  await computing(route)
  await asked
  expect(await page.locator('#whatif .state.computing').count()).toBe(1)
  // the API's own answer, asked after the batch: the result drawn, nothing said of new data
  phase = 'real'
  await page.waitForFunction(() => document.querySelector('#whatif')?.getAttribute('aria-busy') === 'false'
    && document.querySelectorAll('#whatif .state.computing, #whatif .state.loading').length === 0, undefined, { timeout: settleMs })
  expect(await page.locator('#whatif [data-role=stale]').isHidden()).toBe(true)
  // an answer asked before a batch and drawn after it: the new data said, with Recompute. (Another
  // scenario, then the default again: asked afresh while the API holds its answer for this data.)
  await page.selectOption('select[name=scenario]', 'conversation-based')
  before = true
  await page.selectOption('select[name=scenario]', 'october-2026-rules')
  const { route: asking, response } = await fetched
  expect(response.status()).toBe(200)
  await batch('wamid.whatif-batch.2', true)
  await asking.fulfill({ response })
  await page.waitForSelector('#whatif [data-role=stale]', { state: 'visible', timeout: settleMs })
  expect(await page.locator('#whatif .state.computing').count()).toBe(0)
  expect(await page.locator('#whatif .state.error').count()).toBe(0)
  expect(await page.locator('#whatif .state.loading').count()).toBe(0)
  await dashboardSettled(page)
  expect(await page.getAttribute('#whatif', 'aria-busy')).toBe('false')
  expect(errors).toEqual([])
  await page.close()
}, 120_000)
