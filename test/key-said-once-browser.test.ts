// The dashboard with a key the server takes for ingest but not read (403), or refuses (401): every
// panel and the headline repeated the server's sentence under the notice that already said it
// (break-it trial). Said once, in the notice; each panel points there. And on a phone, the finance
// export folded behind its line gave no sign it was unavailable until opened (break-it trial): the
// line says so, in short.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, settleMs, type DemoSite } from './support/browser.ts'

let site: DemoSite | undefined
// a key that may ingest but not read (a log shipper's)
const ingestKey = 'ingest-only-key-0123456789'
beforeAll(async () => { site = await openDemoSite(`${adminKey}=*,${ingestKey}=*:ingest`) }, 240_000)
afterAll(async () => { await site?.close() })

const pointer = 'Not shown: see the notice above.'
/** What an invalid period's message says waits with such a key. */
const keyFirst = 'First open the dashboard with an API key that may read the data, as the notice below says.'

/** What each panel's body says (section id: text) of a failure, and the headline card's detail. */
const failures = (page: Page) => page.evaluate(() => ({
  panels: [...document.querySelectorAll('main .state.error')].map((e) => `${e.closest('section')?.id}: ${e.textContent}`),
  headline: document.querySelector('#total-spend .detail')?.textContent,
}))

/** How often `text` is on the page as read. */
const times = (page: Page, text: string) => page.evaluate((t) => document.body.innerText.split(t).length - 1, text)

for (const [what, key, server] of [
  ['a key without the read role', ingestKey, /^This API key may not read the data .*the key has ingest/],
  ['a key the server refuses', 'wrong-key-0123456789', /^This API key is not valid/],
] as const) {
  it(`opened with ${what}: the server's sentence is said once, in the notice; each panel points there, and a bad period says the key first`, async () => {
    const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
    await page.goto(`${site!.base}/#key=${key}`)
    await dashboardSettled(page)
    // the what-if's scenarios are asked too
    await page.waitForSelector('#whatif .state.error', { timeout: settleMs })
    // the key's problem first, in the server's words (it began "Could not load the filter options: ")
    const said = (await page.textContent('#notice'))!
    expect(said).toMatch(server)
    expect(await times(page, said)).toBe(1)
    const { panels, headline } = await failures(page)
    expect(headline).toBe(pointer)
    expect(panels.length).toBeGreaterThanOrEqual(9)
    for (const p of panels) expect(p).toMatch(/^[\w-]+: Not shown: see the notice above\.$/)
    // A period made invalid says the key first, as without one: it said "The panels below still
    // show the previous period." over panels that each said the line above (break-it trial).
    for (const [field, typed] of [['from', '09202024'], ['to', '09152024']] as const) {
      await page.focus(`input[name=${field}]`)
      await page.keyboard.type(typed, { delay: 30 })
      await page.keyboard.press('Tab')
    }
    await page.waitForSelector('#period-error:not([hidden])', { timeout: settleMs })
    expect(await page.textContent('#period-error')).toBe(`From (2024-09-20) is after To (2024-09-15): pick a To on or after From. ${keyFirst}`)
    // and a link's reversed period: "The panels wait for a valid period.", which no period brings with this key
    await page.goto(`${site!.base}/?from=2024-09-20&to=2024-09-15#key=${key}`)
    await page.waitForSelector('#notice:not([hidden])', { timeout: settleMs })
    await expect.poll(() => page.textContent('#period-error'), { timeout: settleMs })
      .toBe(`From (2024-09-20) is after To (2024-09-15): pick a To on or after From. ${keyFirst}`)
    await page.close()
  }, 90_000)
}

/** The phone's Export CSV line as read, and whether its sign shows. */
const exportLine = (page: Page) => page.evaluate(() => {
  const sign = document.querySelector<HTMLElement>('#export-toggle [data-role=unavailable]')!
  return [document.querySelector('#export-toggle')!.textContent, sign.offsetParent !== null]
})

it('on a phone, the folded Export CSV line says when nothing can be exported, and why, before it is opened', async () => {
  const open = async (query: string, key: string | null, shot: string) => {
    const page = await site!.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light', hasTouch: true, isMobile: true })
    await page.goto(`${site!.base}/${query}${key === null ? '' : `#key=${key}`}`)
    if (key === null) await page.waitForSelector('#notice:not([hidden])', { timeout: settleMs })
    else if (query) await page.waitForSelector('#period-error:not([hidden])', { timeout: settleMs })
    else await dashboardSettled(page)
    expect(await page.getAttribute('#export-toggle', 'aria-expanded')).toBe('false')
    await page.screenshot({ path: `${artifacts}export-line-${shot}-390.png` })
    return page
  }
  const cases: [string, string | null, string, (string | boolean)[]][] = [
    ['', ingestKey, 'unread', ['Export CSV unavailable: key may not read', true]],
    ['', 'wrong-key-0123456789', 'refused', ['Export CSV unavailable: key not valid', true]],
    ['', null, 'nokey', ['Export CSV unavailable: no API key', true]],
    ['?from=2024-09-10&to=2024-09-01', adminKey, 'period', ['Export CSV unavailable: period not valid', true]],
    ['', adminKey, 'fine', ['Export CSV', false]],
  ]
  for (const [query, key, shot, line] of cases) {
    const page = await open(query, key, shot)
    expect([shot, ...await exportLine(page)]).toEqual([shot, ...line])
    // and on one line with the filters' line, within the screen
    const box = (await page.locator('#export-toggle').boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    await page.close()
  }
}, 240_000)
