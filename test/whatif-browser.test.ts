// The what-if panel in Debian's Chromium on the demo dataset (docs/whatif.md): it says
// "computing" while the API derives the alternative, then draws current vs alternative per
// pricing category with the totals the API answers; another scenario redraws it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, get } from './support/api.ts'
import { artifacts, openDemoSite, type DemoSite } from './support/browser.ts'
import { dropWhatifs, type WhatifRow } from '../core/whatif.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
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
