// Leftovers of break-it testers on the dashboard, around the page's key and a server restart:
// - a key that lost its read role in a restart got the live mark and the export line right, but no
//   notice, under the figures it could no longer read; a key removed entirely was said otherwise.
//   Both now as a page opened with such a key: the notice says what the server said, each panel
//   points there;
// - the notice of a refused key started "Could not load the filter options: …" ("Could not
//   investigate: …" on the investigation page): the key first;
// - a key limited to a WABA without data: the free-tier card said "No data for these filters." with
//   no filter set (now every empty panel says nothing is stored), Download CSV exported files with no rows, and the reconciliation card said Meta
//   priced no message differently from the rules, of no message at all;
// - back after a restart, the live mark's tooltip was empty until a refresh was answered, over
//   the figures from before it;
// - a key refused or not let read in a restart left the headline's line on what Meta billed
//   differently (and the footer's data days) on screen; taken again, the tooltip said "Figures as
//   of <the earlier key's time> …; refreshing…" while no figures were shown.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { dashboardSettled, exportDisabled, exportScope, openRestartableSite, settleMs, type RestartableSite } from './support/browser.ts'

let site: RestartableSite | undefined
const reader = 'reader-key-0123456789'
// a key of a WABA that has no data
const limited = 'limited-key-0123456789'
const keys = `${adminKey}=*,${reader}=*:read,${limited}=999000111222:read`
beforeAll(async () => { site = await openRestartableSite(keys) }, 240_000)
afterAll(async () => { await site?.close() })

const open = async (key: string): Promise<Page> => {
  const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site!.base}/#key=${key}`)
  await dashboardSettled(page)
  return page
}
const notice = (page: Page) => page.evaluate(() => { const n = document.querySelector<HTMLElement>('#notice')!; return n.hidden ? '' : n.textContent })
/** Each panel's body (section id: text) that says why it shows nothing, and the headline's detail. */
const failures = (page: Page) => page.evaluate(() => ({
  panels: [...document.querySelectorAll('main .state.error')].map((e) => `${e.closest('section')?.id}: ${e.textContent}`),
  headline: document.querySelector('#total-spend .detail')?.textContent,
  charts: document.querySelectorAll('main section svg').length,
}))
const markIs = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('#live')?.getAttribute('data-state') === s, state, { timeout: 60_000 })

const notValid = 'This API key is not valid (it may have changed when the server restarted). To see the data, add #key=<your API key> to the address (a server started without WACOST_API_KEYS printed a dashboard link with its key: open that one).'
const mayNotRead = /^This API key may not read the data \(the dashboard, customer pages and exports\): the route needs the read role, the key has ingest\. /
const pointer = 'Not shown: see the notice above.'

it('a key limited to a WABA without data: the free-tier card says why it is empty, and nothing is offered for export', async () => {
  const page = await open(limited)
  // (each empty panel in the one sentence said when nothing is stored for the key's WABAs: key-cleared-browser.test.ts)
  const nothingStored = 'No data is stored yet for any WABA this key may read: there is nothing to count, which is not the same as no charges.'
  expect(await page.textContent('#free-tier .body')).toBe(nothingStored)
  // nothing to compare, not Meta's agreement ("No discrepancies in this period: no status of
  // Meta's priced a message differently from the rules.")
  expect(await page.textContent('#reconcile .body')).toBe(nothingStored)
  expect(await exportDisabled(page)).toBe(true)
  expect(await exportScope(page)).toBe('Nothing to export: WABA 999000111222 (all this key may read) has no data stored yet, so any file would hold no rows.')
  // (the API answers such a request with the header alone, as any empty period: docs/exports.md)
  const file = await fetch(`${site!.base}/api/exports/ledger`, { headers: { authorization: `Bearer ${limited}` } })
  expect([file.status, (await file.text()).trim().split('\r\n').length]).toEqual([200, 1])
  // a key whose WABAs hold data: the export as ever
  const full = await open(reader)
  expect(await exportDisabled(full)).toBe(false)
  expect(await exportScope(full)).toMatch(/^Covers all WABAs/)
  await page.close()
  await full.close()
}, 120_000)

it('opened with a key the server refuses: the notice says the key first, in the words said of a refused key', async () => {
  const page = await open('wrong-key-0123456789')
  await page.waitForSelector('#whatif .state.error', { timeout: settleMs })
  expect(await notice(page)).toBe(notValid)
  // the investigation page alike ("Could not investigate: This API key is not valid …" said the
  // look-up first, and not what to do)
  const customer = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })
  await customer.goto(`${site!.base}/customer.html?q=14155550123#key=wrong-key-0123456789`)
  await expect.poll(() => notice(customer), { timeout: settleMs }).not.toBe('')
  expect(await notice(customer)).toBe(notValid)
  await customer.close()
  await page.close()
}, 60_000)

it('a key removed, or that loses its read role, in a restart: the notice says what the server said, each panel points there', async () => {
  const page = await open(reader)
  await markIs(page, 'live')
  expect((await failures(page)).charts).toBeGreaterThan(5)
  const said = async (server: string | RegExp, mark: string) => {
    await markIs(page, mark)
    await page.waitForFunction(() => !document.querySelector<HTMLElement>('#notice')!.hidden, undefined, { timeout: 30_000 })
    await dashboardSettled(page)
    await page.waitForSelector('#whatif .state.error', { timeout: settleMs })
    if (typeof server === 'string') expect(await notice(page)).toBe(server)
    else expect(await notice(page)).toMatch(server)
    const { panels, headline, charts } = await failures(page)
    // the figures it can no longer read are gone
    expect(charts).toBe(0)
    expect(headline).toBe(pointer)
    expect(panels.length).toBeGreaterThanOrEqual(9)
    for (const p of panels) expect(p).toMatch(/^[\w-]+: Not shown: see the notice above\.$/)
    expect(await exportDisabled(page)).toBe(true)
    // no figures shown: the mark's tooltip vouches for none
    expect(await page.getAttribute('#live', 'title')).toBe('')
    // nor is anything left of the earlier key's data: the headline's line on what Meta billed
    // differently stayed ("… 616 discrepancies, cost difference +$35.92"), and the footer's days
    expect(await page.evaluate(() => { const l = document.querySelector<HTMLElement>('#billed-differently')!; return l.hidden ? '' : l.textContent })).toBe('')
    expect(await page.textContent('#as-of')).toBe('')
    expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/discrepanc|\$\d|2024/)
  }
  await site!.restart(`${adminKey}=*`)
  await said(notValid, 'refused')
  // every tooltip of the mark from here on, with whether figures were on screen then
  await page.evaluate(() => {
    const w = window as unknown as { seen: [string, boolean][] }
    w.seen = []
    const live = document.querySelector('#live')!
    const note = () => w.seen.push([live.getAttribute('title') ?? '', /^\$\d/.test(document.querySelector('#total-spend .value')?.textContent ?? '')])
    new MutationObserver(note).observe(live, { attributes: true, attributeFilter: ['title'] })
    new MutationObserver(note).observe(document.querySelector('#headline')!, { childList: true, subtree: true, characterData: true })
  })
  // taken again: the page starts again, live
  await site!.restart(keys)
  await markIs(page, 'live')
  await page.waitForFunction(() => /^\$\d/.test(document.querySelector('#total-spend .value')?.textContent ?? ''), undefined, { timeout: 60_000 })
  expect(await notice(page)).toBe('')
  // the tooltip vouched for no figures before they came: it said "Figures as of <the earlier
  // key's time>, from before the server stopped or restarted; refreshing…" for 1–4 s over panels
  // that said "Not shown", as the figures of the earlier key were stale
  await expect.poll(() => page.getAttribute('#live', 'title'), { timeout: 30_000 }).toMatch(/^Figures as of [^,]+, [^,]+$/)
  const seen = await page.evaluate(() => (window as unknown as { seen: [string, boolean][] }).seen)
  expect(seen.filter(([title, figures]) => title !== '' && !figures)).toEqual([])
  // its read role taken away: said the same way
  await site!.restart(`${adminKey}=*,${reader}=*:ingest`)
  await said(mayNotRead, 'unread')
  await page.close()
}, 240_000)

it('back after a restart, the live mark\'s tooltip says the figures on screen are from before it while the refresh is unanswered', async () => {
  const page = await open(adminKey)
  await page.waitForFunction(() => /^live, updated \d/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: 30_000 })
  const before = (await page.getAttribute('#live', 'title'))!
  expect(before).toMatch(/^Figures as of \d+\/\d+\/\d{4}, \d+:\d\d:\d\d [AP]M$/)
  // every tooltip the mark has from here on
  await page.evaluate(() => {
    const w = window as unknown as { titles: string[] }
    w.titles = []
    const live = document.querySelector('#live')!
    new MutationObserver(() => w.titles.push(live.getAttribute('title') ?? '')).observe(live, { attributes: true, attributeFilter: ['title'], childList: true })
  })
  // the refresh after the restart waits for its headline, then is not answered
  const held: Route[] = []
  await page.route('**/api/headline?*', (r) => { held.push(r) })
  await site!.restart(keys)
  await expect.poll(() => held.length, { timeout: 60_000 }).toBeGreaterThan(0)
  const earlier = `${before}, from before the server stopped or restarted;`
  expect(await page.getAttribute('#live', 'title')).toBe(`${earlier} refreshing…`)
  expect(await page.textContent('#live')).toBe('live, updated —')
  for (const r of held) await r.abort('connectionrefused')
  await page.unroute('**/api/headline?*')
  await expect.poll(() => page.getAttribute('#live', 'title'), { timeout: 30_000 }).toBe(`${earlier} not refreshed since: the server did not answer.`)
  // the figures stay, and the tooltip never went empty
  expect(await page.textContent('#total-spend .value')).toMatch(/^\$\d/)
  const titles = await page.evaluate(() => (window as unknown as { titles: string[] }).titles)
  expect(titles.filter((t) => !t.startsWith(before))).toEqual([])
  await page.close()
}, 180_000)
