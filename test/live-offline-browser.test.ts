// The live pages when the server stops or restarts (fresh-user trial): what the panels show stays,
// a request never answered is said in words, and the page refreshes once its event stream is back.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { openDemoSite, type DemoSite, dashboardSettled } from './support/browser.ts'

let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })

// The server stopped while a batch's refresh ran (a restart, fresh-user trial): every panel read
// "Could not load this panel: Failed to fetch"; and back, the page refreshed only if the version
// had moved meanwhile. Now what was shown stays, the words say what happened, and the page
// refreshes each time its stream is back.
it('keeps what the panels show while the server does not answer, says so in words, and refreshes once back', async () => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' })
  const page = await context.newPage()
  // the event stream: `streams` more connections, each ending after its first event (always the
  // same version), as when the server stops; the others refused, as while it is down
  let streams = 1
  let connected = 0
  await page.route('**/api/events', (r) => {
    if (streams <= 0) return r.abort('connectionrefused')
    streams--
    connected++
    return r.fulfill({ status: 200, contentType: 'text/event-stream', body: 'event: version\ndata: {"version":1}\n\n' })
  })
  await page.goto(`${base}/#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForFunction(() => document.querySelector('#live')?.textContent === 'offline — reconnecting')
  const shown = await page.textContent('#total-spend .value')
  const headline = (r: { url(): string }) => r.url().includes('/api/headline?')
  let failed = 0
  let answered = 0
  page.on('requestfailed', (r) => { if (headline(r)) failed++ })
  page.on('requestfinished', (r) => { if (headline(r)) answered++ })
  // every other request fails as with the server gone: the refresh after a reconnect keeps what was shown
  const gone = /\/api\/(?!events)/
  await page.route(gone, (r) => r.abort('connectionrefused'))
  streams = 1
  await expect.poll(() => failed, { timeout: 30_000 }).toBeGreaterThan(0)
  expect(connected).toBe(2)
  await dashboardSettled(page)
  // (the what-if, still asking every 2 s for a scenario it computes, may say the server did not answer)
  const said = () => page.locator('.state.error').evaluateAll((es) => es.map((e) => `${e.closest('section')?.id}: ${e.textContent}`))
  expect((await said()).filter((s) => !s.startsWith('whatif: Could not load this panel: The server did not answer'))).toEqual([])
  expect(await page.textContent('#total-spend .value')).toBe(shown)
  // back: the next reconnect's refresh is answered
  await page.unroute(gone)
  answered = 0
  streams = 1
  await expect.poll(() => answered, { timeout: 30_000 }).toBeGreaterThan(0)
  expect(connected).toBe(3)
  await dashboardSettled(page)
  expect(await page.textContent('#total-spend .value')).toBe(shown)
  // a page opened while the server does not answer says so in words, not the browser's "Failed to fetch"
  const fresh = await context.newPage()
  await fresh.route(gone, (r) => r.abort('connectionrefused'))
  await fresh.goto(`${base}/#key=${adminKey}`)
  await fresh.waitForSelector('#notice:not([hidden])')
  expect(await fresh.textContent('#notice')).toBe('Could not load the filter options: The server did not answer (stopped, restarting, or the network is down); the page tries again once it is back.')
  await context.close()
}, 120_000)
