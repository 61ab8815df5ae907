// The what-if panel in Debian's Chromium on the demo dataset (docs/whatif.md): it says
// "computing" while the API derives the alternative, then draws current vs alternative per
// pricing category with the totals the API answers, the differences above the groups clear of
// each other on a phone; another scenario redraws it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, get } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite } from './support/browser.ts'
import { dropWhatifs, type WhatifRow } from '../core/whatif.ts'

let site: DemoSite
beforeAll(async () => {
  site = await openDemoSite()
  // the demo's copy holds the default what-if computed (support/demo.ts): this file sees it computed from nothing
  await dropWhatifs(site.t.app.db)
}, 240_000)
afterAll(async () => {
  await dropWhatifs(site.t.app.db)
  await site.close()
})

const usd = (v: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(v))

async function apiTotal(scenario: string): Promise<WhatifRow> {
  const res = await get(site.t.app, `/api/whatif?scenario=${scenario}&format=json`)
  expect(res.statusCode).toBe(200)
  return res.json<WhatifRow[]>().find((r) => r.row_type === 'total')!
}

it('draws current vs alternative per category, saying "computing" first without keeping the page busy', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/#key=${adminKey}`)
  await page.waitForSelector('#whatif .state.computing')
  // computing in the background: the page is not busy meanwhile
  expect(await page.getAttribute('#whatif', 'aria-busy')).toBe('false')
  await page.waitForSelector('#whatif svg', { timeout: 60_000 })
  expect(await page.inputValue('#whatif select[name=scenario]')).toBe('october-2026-rules')
  const total = await apiTotal('october-2026-rules')
  expect(await page.textContent('#whatif .body p')).toContain(`${usd(total.current_cost!)} now, ${usd(total.alternative_cost!)} under this scenario`)
  expect(await page.locator('#whatif tbody tr').count()).toBe(5)
  // each cell rounds its own exact amount, so "$205.67 → $252.60: +$46.92" is said, not left to
  // look like a subtraction error (fresh-user trial)
  expect(await page.textContent('#whatif p.note')).toContain('Each amount rounded on its own to the cent')
  expect(await page.textContent('#whatif [data-role=explain]')).toMatch(/2026-10-01/)
  // names, not ids; the prices are each day's from the rate card
  expect(await page.locator('#whatif select[name=scenario] option').allTextContents()).toContain('October 2026 rules')
  expect(await page.textContent('#whatif [data-role=explain]')).toContain("the rate card's price on the message's day")
  await page.locator('#whatif').screenshot({ path: `${artifacts}whatif.png` })

  await page.selectOption('#whatif select[name=scenario]', 'conversation-based')
  await page.waitForFunction(() => /as if per-message pricing had never come/.test(document.querySelector('#whatif [data-role=explain]')?.textContent ?? ''))
  await page.waitForSelector('#whatif svg', { timeout: 60_000 })
  const cbp = await apiTotal('conversation-based')
  await page.waitForFunction((text) => document.querySelector('#whatif .body p')?.textContent?.includes(text), `${usd(cbp.alternative_cost!)} under this scenario`)

  // applied from a chosen day: the API's figures for the same `since`
  await page.fill('#whatif input[name=since]', '2024-09-01')
  await page.dispatchEvent('#whatif input[name=since]', 'change')
  // the description says the day it applies from, no longer "all traffic"
  await page.waitForFunction(() => /applied from Sep 1, 2024/.test(document.querySelector('#whatif [data-role=explain]')?.textContent ?? ''))
  expect(await page.textContent('#whatif [data-role=explain]')).not.toMatch(/all traffic|never come/)
  let since: WhatifRow | undefined
  for (let i = 0; i < 120 && since === undefined; i++) {
    const res = await get(site.t.app, '/api/whatif?scenario=conversation-based&since=2024-09-01&format=json')
    if (res.statusCode === 200) since = res.json<WhatifRow[]>().find((r) => r.row_type === 'total')
    else await new Promise((r) => setTimeout(r, 500))
  }
  await page.waitForFunction((text) => document.querySelector('#whatif .body p')?.textContent?.includes(text), `${usd(since!.alternative_cost!)} under this scenario`, { timeout: 60_000 })
  expect(errors).toEqual([])
}, 240_000)

for (const width of [390, 1440]) {
  it(`writes each category's difference above its bars, clear of its neighbours' (${width} px; a phone ran "+$46.92 $0.00 +$36.00" together)`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
    await page.goto(`${site.base}/#key=${adminKey}`)
    await page.waitForSelector('#whatif svg[class^=plot]', { timeout: 60_000 })
    const labels = await page.$$eval('#whatif svg[class^=plot] [aria-label="text"] text', (ts) => ts.map((t) => {
      const b = t.getBoundingClientRect()
      return { text: t.textContent ?? '', left: b.left, right: b.right, top: b.top, bottom: b.bottom }
    }))
    const groups = await page.$$eval('#whatif svg[class^=plot] [aria-label="fx-axis tick label"] text', (ts) => ts.length)
    const differences = await page.locator('#whatif tbody td[data-label=Difference]').allTextContents()
    expect(groups).toBe(5)
    expect(labels.map((l) => l.text).sort()).toEqual([...differences].sort())
    // no two on one line closer than 16 px: a word space or two apart (10 px on the phone) they
    // read as one line of figures, not a figure per group
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const apart = a.right + 16 <= b.left || b.right + 16 <= a.left || a.bottom <= b.top || b.bottom <= a.top
        expect(apart, `"${a.text}" by "${b.text}"`).toBe(true)
      }
    }
    // where they fit, one line
    if (width === 1440) expect(new Set(labels.map((l) => Math.round(l.top))).size).toBe(1)
    await page.locator('#whatif').screenshot({ path: `${artifacts}whatif-differences-${width}.png` })
    await page.close()
  }, 120_000)
}

// A link's since=2024-13-01 read "applied from Invalid Date", then "Could not load this panel:
// since: "2024-13-01" is not a date", and stayed in the address (fresh-user trial): said once in
// words and dropped, as a link's unknown scenario is.
it('says a link\'s day that is not a date once, applies the scenario to all traffic and drops the day from the address', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const explain = () => page.textContent('#whatif [data-role=explain]')
  await page.goto(`${site.base}/?from=2024-09-01&since=2024-13-01#key=${adminKey}`)
  await page.waitForFunction(() => /^The link's day to apply it from, "2024-13-01", is not a date: applying it to all traffic\. /.test(document.querySelector('#whatif [data-role=explain]')?.textContent ?? ''))
  expect(await explain()).not.toMatch(/Invalid Date|applied from/)
  await page.waitForURL((u) => !u.searchParams.has('since'))
  expect(new URL(page.url()).searchParams.get('from')).toBe('2024-09-01')
  expect(await page.inputValue('#whatif input[name=since]')).toBe('')
  await page.waitForSelector('#whatif svg, #whatif .state.error', { timeout: 60_000 })
  expect(await page.locator('#whatif .state.error').count()).toBe(0)
  await page.close()
}, 120_000)

it('keeps the scenario and its day in the address: a what-if can be shared and reloaded (it was lost on reload)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // a shared link: restored into the inputs and the explanation
  await page.goto(`${site.base}/?from=2024-09-01&scenario=conversation-based&since=2024-09-10#key=${adminKey}`)
  await page.waitForFunction(() => /applied from Sep 10, 2024/.test(document.querySelector('#whatif [data-role=explain]')?.textContent ?? ''))
  expect(await page.inputValue('#whatif select[name=scenario]')).toBe('conversation-based')
  expect(await page.inputValue('#whatif input[name=since]')).toBe('2024-09-10')
  // picked: in the address (with the filter bar's state), restored on reload, Back returns
  await page.selectOption('#whatif select[name=scenario]', 'per-message-july-2025')
  await page.waitForURL(/scenario=per-message-july-2025/)
  expect(new URL(page.url()).searchParams.get('since')).toBe('2024-09-10')
  expect(new URL(page.url()).searchParams.get('from')).toBe('2024-09-01')
  await page.fill('#whatif input[name=since]', '')
  await page.dispatchEvent('#whatif input[name=since]', 'change')
  await page.waitForURL((u) => !u.searchParams.has('since'))
  await page.reload()
  await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#whatif select[name=scenario]')?.value === 'per-message-july-2025')
  expect(await page.inputValue('#whatif input[name=since]')).toBe('')
  expect(await page.textContent('#whatif [data-role=explain]')).not.toMatch(/applied from/)
  await page.goBack()
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('#whatif input[name=since]')?.value === '2024-09-10')
  expect(await page.inputValue('#whatif select[name=scenario]')).toBe('per-message-july-2025')
  // the default scenario stays out of the address
  await page.selectOption('#whatif select[name=scenario]', 'october-2026-rules')
  await page.waitForURL((u) => !u.searchParams.has('scenario'))
  // a link's unknown scenario: said, the default shown, dropped from the address
  await page.goto(`${site.base}/?scenario=no-such-rules#key=${adminKey}`)
  await page.waitForFunction(() => /The link's scenario "no-such-rules" is not one of these: showing October 2026 rules\./.test(document.querySelector('#whatif [data-role=explain]')?.textContent ?? ''))
  expect(await page.inputValue('#whatif select[name=scenario]')).toBe('october-2026-rules')
  expect(new URL(page.url()).searchParams.has('scenario')).toBe(false)
  // the what-if's header fits a phone
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.locator('#whatif').screenshot({ path: `${artifacts}whatif-address-390-dark.png` })
  expect(errors).toEqual([])
  await page.close()
  // the what-ifs these views started, computed before the databases are dropped (afterAll)
  for (const q of ['conversation-based&since=2024-09-10', 'per-message-july-2025&since=2024-09-10', 'per-message-july-2025', 'october-2026-rules']) {
    for (let i = 0; i < 240 && (await get(site.t.app, `/api/whatif?scenario=${q}&from=2024-09-01&format=json`)).statusCode !== 200; i++) await new Promise((r) => setTimeout(r, 500))
  }
}, 240_000)
