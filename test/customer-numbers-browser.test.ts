// Support's page writes a customer's number in international format, "+1 415 555 0123", in its
// tables (the most charged customers, the customers a search matched) and in the heading over the
// answer, where it wrote "+14155550123", digits to count (fresh-user trial); the wa_id itself
// stays in the element's title and data-wa-id. In Debian's Chromium, on a fixture log.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { keyOf, template } from './support/log.ts'

// a US and a Danish customer whose digits read alike without their country codes, an Indian one,
// and a number of a calling code no country has (written as it is)
const us = keyOf('num', '14582123456'), dk = keyOf('num', '4582123456'), india = keyOf('num', '919812340001'), none = keyOf('num', '99912345')
const spelled: Record<string, string> = { [us.wa_id]: '+1 458 212 3456', [dk.wa_id]: '+45 82 12 34 56', [india.wa_id]: '+91 98123 40001', [none.wa_id]: '+99912345' }

let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [
    template(us, 'u0', 0, 'MARKETING'), template(us, 'u1', 25, 'MARKETING'), template(us, 'u2', 50, 'MARKETING'),
    template(dk, 'c0', 1, 'MARKETING'), template(dk, 'c1', 26, 'MARKETING'),
    template(india, 'i0', 2, 'MARKETING'), template(none, 'n0', 3, 'MARKETING'),
  ])
}, 240_000)
afterAll(async () => { await site?.close() })

/** The Customer column of `section`'s table: each cell's text and the wa_id it carries (its link's, else its own). */
const customers = (page: Page, section: string) => page.$$eval(`${section} td[data-label="Customer"]`, (tds) => tds.map((td) => {
  const e = td.querySelector<HTMLElement>('[data-wa-id]') ?? (td as HTMLElement)
  return { text: td.textContent, waId: e.dataset.waId, title: e.title }
}))

it('writes customers\' numbers in international format in its tables and heading, the wa_id in their titles', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/customer.html#key=${adminKey}`)
  await page.waitForSelector('#top[aria-busy=false] table')
  const top = await customers(page, '#top')
  // most charged first (the last two, one charge each, in either order)
  expect(top.map((c) => c.waId).slice(0, 2)).toEqual([us.wa_id, dk.wa_id])
  expect(top.map((c) => c.waId).sort()).toEqual([us.wa_id, dk.wa_id, india.wa_id, none.wa_id].sort())
  for (const c of top) {
    expect(c.text).toBe(spelled[c.waId!])
    expect(c.title).toContain(`wa_id ${c.waId}`)
  }

  // a national spelling read both ways: the two customers it matches, each in its own format
  await page.goto(`${site.base}/customer.html?q=4582123456&country=US#key=${adminKey}`)
  await page.waitForSelector('#matches:not([hidden]) table')
  const matched = await customers(page, '#matches')
  expect(matched.map((c) => c.waId).sort()).toEqual([dk.wa_id, us.wa_id].sort())
  for (const c of matched) expect([c.text, c.title]).toEqual([spelled[c.waId!], `wa_id ${c.waId}`])

  // the answer's heading
  await page.goto(`${site.base}/customer.html?q=%2B${us.wa_id}&customer=${us.wa_id}#key=${adminKey}`)
  await customerSettled(page)
  await page.waitForFunction(() => document.querySelector('#who [data-wa-id]'))
  expect(await page.textContent('#who')).toMatch(/^\+1 458 212 3456 · /)
  expect(await page.$eval('#who [data-wa-id]', (e) => [e.textContent, (e as HTMLElement).dataset.waId, (e as HTMLElement).title]))
    .toEqual(['+1 458 212 3456', us.wa_id, `wa_id ${us.wa_id}`])
  await page.screenshot({ path: `${artifacts}customer-numbers.png` })
  await page.close()
}, 240_000)
