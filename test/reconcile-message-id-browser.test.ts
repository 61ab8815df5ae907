// The dashboard's latest discrepancies name each message by its id, a link to its customer's
// page. Meta's ids (~60 characters, no space) broke mid-id over several lines in that column
// (fresh-user trial), as they once did on the investigation page: now each on one line, its end
// in view (a customer's ids share their start), the link's text still the whole id, at 1440 px
// and on a phone (390 px, each row a card).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { at, keyOf, template } from './support/log.ts'

const k = { ...keyOf('ids', '12125550177'), waba_id: 'waba-ids' }
const ids = [
  'wamid.HBgLMTIxMjU1NTAxNzcVAgARGBI5QTNDNUQ1RjVCMzg0QjM0NzQA',
  'wamid.HBgLMTIxMjU1NTAxNzcVAgARGBIzRjE4QTdDMkU5MDQ1NkIxRDMA',
  'wamid.HBgLMTIxMjU1NTAxNzcVAgASGBQzQUIyOEQ5RjA3QzE1RTY0QjVFNwA=',
]
// utility templates Meta billed as marketing (per-message pricing, December 2025): a category mismatch each
const log = ids.flatMap((id, i) => [
  template(k, id, 30 * i, 'UTILITY', { template_name: 'order_update' }),
  { kind: 'status', message_id: id, status: 'delivered', timestamp: at(30 * i), pricing: { billable: true, pricing_model: 'PMP', category: 'marketing', type: 'regular' } },
])

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({}, log) }, 240_000)
afterAll(async () => { await site?.close() })

for (const width of [1440, 390]) {
  it(`shows each discrepancy's message id on one line, its end in view, the link's text the whole id (${width} px)`, async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
    const page = await context.newPage()
    await page.goto(`${site.base}/?from=2025-12-01&to=2025-12-31#key=${adminKey}`)
    await dashboardSettled(page)
    await page.locator('#reconcile table.discrepancies').scrollIntoViewIfNeeded()
    await page.waitForFunction(() => document.querySelector('#reconcile table.discrepancies'))
    const links = await page.locator('#reconcile table.discrepancies td[data-label=Message] a').evaluateAll((as) => as.map((a) => {
      const texts: Text[] = []
      const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text)
      const tops = texts.flatMap((t) => {
        const range = document.createRange()
        range.selectNodeContents(t)
        return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
      })
      // the id's last 6 characters: inside the cell, not cut off by it
      const last = texts.at(-1)!
      const end = document.createRange()
      end.setStart(last, Math.max(0, last.length - 6))
      end.setEnd(last, last.length)
      const e = end.getBoundingClientRect()
      const c = a.closest('td')!.getBoundingClientRect()
      // and painted there: the link is what the page has at its middle (an ancestor's overflow
      // may hide text whose boxes are in place)
      const hit = document.elementFromPoint(e.left + e.width / 2, e.top + e.height / 2)
      return { text: a.textContent, lines: new Set(tops).size, endShown: e.width > 0 && e.left >= c.left - 0.5 && e.right <= c.right + 0.5 && hit !== null && a.contains(hit),
        box: [a.getBoundingClientRect().width, a.firstElementChild!.getBoundingClientRect().width], href: (a as HTMLAnchorElement).href }
    }))
    // latest first
    expect(links.map((l) => l.text)).toEqual([...ids].reverse())
    expect(links.map((l) => l.lines), JSON.stringify(links)).toEqual([1, 1, 1])
    expect(links.map((l) => l.endShown), JSON.stringify(links)).toEqual([true, true, true])
    for (const [i, l] of links.entries()) expect(new URL(l.href).searchParams.get('message')).toBe(ids[ids.length - 1 - i])
    // the list within its card: the page no wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    await page.locator('#reconcile').screenshot({ path: `${artifacts}reconcile-message-ids-${width}.png` })
    await context.close()
  }, 90_000)
}
