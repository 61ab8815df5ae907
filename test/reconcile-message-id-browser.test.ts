// The dashboard's latest discrepancies name each message by its id, a link to its customer's
// page. Meta's ids (~60 characters, no space) broke mid-id over several lines in that column
// (fresh-user trial), as they once did on the investigation page: now each on one line, its end
// in view (a customer's ids share their start), the link's text still the whole id and underlined
// whole, at 1440 px and on a phone (390 px, each row a card).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { at, keyOf, template } from './support/log.ts'
import { idLayouts } from './support/id-layout.ts'

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
    await page.waitForFunction(() => document.querySelector('#reconcile table.discrepancies'))
    const shown = page.locator('#reconcile table.discrepancies td[data-label=Message] a')
    const links = await shown.evaluateAll(idLayouts)
    const hrefs = await shown.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))
    // latest first
    expect(links.map((l) => l.text)).toEqual([...ids].reverse())
    expect(links.map((l) => l.lines), JSON.stringify(links)).toEqual([1, 1, 1])
    expect(links.map((l) => l.endShown), JSON.stringify(links)).toEqual([true, true, true])
    expect(hrefs.map((h) => new URL(h).searchParams.get('message'))).toEqual([...ids].reverse())
    // underlined whole, as a link: the id's start (an inline-block) was plain, only its last 10
    // characters underlined (fresh-user trial)
    expect(await shown.evaluateAll((as) => as.map((a) => getComputedStyle(a.querySelector('code.message-id > span')!).textDecorationLine)))
      .toEqual(['underline', 'underline', 'underline'])
    // the list within its card: the page no wider than the screen
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    await page.locator('#reconcile').screenshot({ path: `${artifacts}reconcile-message-ids-${width}.png` })
    await context.close()
  }, 90_000)
}
