// Leftovers of a fresh-user tester on the dashboard and the investigation page:
// - the address's key cleared in the same tab (`#key=`, no reload): the notice said "No API key:
//   …", but the live mark kept the earlier key's state: "key not valid — …" after a refused key,
//   "offline — reconnecting" after an ingest-only key (the server up), "live, updated —" with its
//   green dot after a key that reads. Now as a page opened without a key: no mark;
// - a key whose WABA holds no data: the headline, free tier and export said so, while Spend over
//   time, Spend by market, Spend across pricing models said "No charges in this period.", Free
//   service messages "No service messages under the monthly allowance in this period." and the
//   investigation page's list "No charges in this period.": a quiet period. Now one sentence.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'

let site: DemoSite | undefined
const ingest = 'ingest-only-key-0123456789'
const nodata = 'nodata-0123456789abcdef'
beforeAll(async () => { site = await openDemoSite(`${adminKey}=*,${ingest}=*:ingest,${nodata}=999000111222:read`) }, 240_000)
afterAll(async () => { await site?.close() })

const nothingStored = 'No data is stored yet for any WABA this key may read: there is nothing to count, which is not the same as no charges.'

it('the key cleared in the address: no live mark, as a page opened without a key, whatever the earlier key was', async () => {
  const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const mark = () => page.evaluate(() => { const m = document.querySelector<HTMLElement>('#live')!; return m.hidden ? '' : m.textContent })
  for (const [key, state] of [['wrong-key-0123456789', 'refused'], [ingest, 'unread'], [adminKey, 'live']] as const) {
    // (a load of its own: a key switched for another while the stream reads is not this case)
    await page.goto('about:blank')
    await page.goto(`${site!.base}/#key=${key}`)
    await page.waitForFunction((s) => document.querySelector('#live')?.getAttribute('data-state') === s, state, { timeout: 60_000 })
    await page.evaluate(() => { location.hash = 'key=' })
    await page.waitForFunction(() => /^No API key: /.test(document.querySelector('#notice')?.textContent ?? ''))
    // (the stream asked again within 1 s once refused, and a refresh ending drew the mark again)
    await page.waitForTimeout(2_500)
    expect([key, await mark()]).toEqual([key, ''])
    // a key given again: the mark as ever
    await page.evaluate((k) => { location.hash = `key=${k}` }, adminKey)
    await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: 60_000 })
  }
  await page.close()
}, 120_000)

// the key switched for another in the same tab while the event stream reads: the stream went on
// with the earlier key (live.ts again() asked again only when a retry waited)
it('the key switched for another in the address: the event stream is asked again with it', async () => {
  const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const streams: string[] = []
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/events') streams.push(r.headers().authorization ?? '') })
  await page.goto(`${site!.base}/#key=${adminKey}`)
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: 60_000 })
  await page.evaluate((k) => { location.hash = `key=${k}` }, nodata)
  await page.waitForFunction(() => document.querySelector('#live')?.getAttribute('data-state') === 'live', undefined, { timeout: 60_000 })
  await expect.poll(() => streams.at(-1), { timeout: 30_000 }).toBe(`Bearer ${nodata}`)
  expect(streams[0]).toBe(`Bearer ${adminKey}`)
  await page.close()
}, 120_000)

it('a key whose WABA holds no data: every empty panel, and the investigation page\'s list, say nothing is stored', async () => {
  const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site!.base}/#key=${nodata}`)
  await dashboardSettled(page)
  const empty = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('main section .state.empty')].map((e) => [e.closest('section')!.id, e.textContent])))
  const said = await empty()
  for (const id of ['spend', 'markets', 'eras', 'free-allowance', 'free-tier']) expect([id, said[id]]).toEqual([id, nothingStored])
  expect(Object.values(said).filter((t) => t !== nothingStored)).toEqual([])
  // the headline too (it said "No stored message falls in this period: … a spend of $0")
  expect(await page.textContent('#total-spend .detail')).toBe(nothingStored)
  await page.goto(`${site!.base}/customer.html#key=${nodata}`)
  await page.waitForFunction(() => document.querySelector('#top .state.empty'), undefined, { timeout: 60_000 })
  expect(await page.textContent('#top .state.empty')).toBe(nothingStored)
  // a key whose WABAs hold data, a period without charges: the quiet period's words, as ever
  await page.goto(`${site!.base}/customer.html?from=2020-01-01&to=2020-01-31#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#top .state.empty'), undefined, { timeout: 60_000 })
  expect(await page.textContent('#top .state.empty')).toBe('No charges in this period.')
  await page.close()
}, 120_000)
