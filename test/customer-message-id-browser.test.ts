// The messages' ids on the investigation page, as Meta writes them (~60 characters, no space): a
// fresh-user trial read them broken mid-id over several lines where the 11rem "Message id" column
// ends, hard to read and to copy by eye. On a desktop (1440 px) and a phone (390 px, each row a
// card): each id on one line, its end in view (a customer's ids share their start: it is the
// customer's number), the table within its card, and the whole id the cell's text, selected whole
// by a click and copied whole (support pastes it into Meta's tools).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'
import { idLayouts } from './support/id-layout.ts'

const k = { ...keyOf('ids', '12125550177'), waba_id: 'waba-ids' }
// Meta's spelling: the customer's number then the message's own part, base64
const ids = [
  'wamid.HBgLMTIxMjU1NTAxNzcVAgARGBI5QTNDNUQ1RjVCMzg0QjM0NzQA',
  'wamid.HBgLMTIxMjU1NTAxNzcVAgARGBIzRjE4QTdDMkU5MDQ1NkIxRDMA',
  'wamid.HBgLMTIxMjU1NTAxNzcVAgASGBQzQUIyOEQ5RjA3QzE1RTY0QjVFNwA=',
]
const log = [inbound(k, ids[0]!, 1), reply(k, ids[1]!, 1.25), template(k, ids[2]!, 30, 'UTILITY', { template_name: 'order_update' })]

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({}, log) }, 240_000)
afterAll(async () => { await site?.close() })

for (const width of [1440, 390]) {
  it(`shows each message id on one line, its end in view, and copies it whole (${width} px)`, async () => {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light', permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    // searched by a message id, as support does from a ticket
    await page.goto(`${site.base}/customer.html?q=${encodeURIComponent(ids[1]!)}#key=${adminKey}`)
    await customerSettled(page)
    const cells = await page.locator('#messages td[data-label="Message id"]').evaluateAll(idLayouts)
    expect(cells.map((c) => c.text)).toEqual(ids)
    expect(cells.map((c) => c.lines), JSON.stringify(cells)).toEqual([1, 1, 1])
    expect(cells.map((c) => c.endShown)).toEqual([true, true, true])
    // the table within its card: no sideways scrolling, the page no wider than the screen
    const fit = await page.evaluate(() => {
      const body = document.querySelector('#messages .body')!
      return { scroll: body.scrollWidth, client: body.clientWidth, page: document.documentElement.scrollWidth }
    })
    expect(fit.scroll).toBeLessThanOrEqual(fit.client)
    expect(fit.page).toBeLessThanOrEqual(width)
    // a click on the searched message's id (on its end, what shows of it) selects it whole; copied whole
    const cell = page.locator('#messages tr.highlight td[data-label="Message id"]')
    await cell.scrollIntoViewIfNeeded()
    const at = await cell.evaluate((td) => {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT)
      let last: Text | undefined
      for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n as Text
      const r = document.createRange()
      r.setStart(last!, last!.length - 3)
      r.setEnd(last!, last!.length - 2)
      const b = r.getBoundingClientRect()
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 }
    })
    await page.mouse.click(at.x, at.y)
    expect(await page.evaluate(() => getSelection()?.toString())).toBe(ids[1])
    await page.keyboard.press('Control+C')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids[1])
    await page.locator('#messages').screenshot({ path: `${artifacts}customer-message-ids-${width}.png` })
    await context.close()
  }, 90_000)
}
