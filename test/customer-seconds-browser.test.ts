// Support's investigation page, in Debian's Chromium, for a customer whose second marketing window
// opened 24 h + 1.5 s after the first: the table read "Closed 2025-12-02 10:06" above "Opened
// 2025-12-02 10:06" and the reason "delivered 10:06 … (the previous one closed 10:06)", a
// contradiction to the eye (fresh-user trial). Times of one minute now show their seconds, in the
// table and in the words, as the API's explanation writes them (migrations 800, 801).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { keyOf } from './support/log.ts'
import { moneyInWords } from '../web/src/format.ts'
import type { CustomerConversationRow } from '../api/routes/customer.ts'

const k = keyOf('seconds')
const marketing = (id: string, timestamp: string) => ({ message_id: id, timestamp, ...k, direction: 'outbound', template_category: 'MARKETING' })
let site: DemoSite
beforeAll(async () => {
  site = await openFixtureSite({}, [marketing('s0', '2025-12-01T10:06:00.000Z'), marketing('s1', '2025-12-02T10:06:01.500Z')])
}, 240_000)
afterAll(async () => { await site?.close() })

it('shows the seconds of a window that opened in the minute the previous one closed', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.base}/customer.html?q=${k.wa_id}&phone=${k.phone_number_id}#key=${adminKey}`)
  await customerSettled(page)
  const cells = (label: string) => page.locator(`#conversations td[data-label="${label}"]`).allTextContents()
  // the first window's opening is alone in its minute: minutes only
  expect(await cells('Opened')).toEqual(['2025-12-01 10:06', '2025-12-02 10:06:01.5'])
  expect((await cells('Closed')).map((c) => c.slice(0, 19))).toEqual(['2025-12-02 10:06:00', '2025-12-03 10:06'])
  const convs = await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${k.wa_id}&phone=${k.phone_number_id}`)
  const why = await cells('Why')
  expect(why).toEqual(convs.map((c) => moneyInWords(c.explanation)))
  expect(why[1]).toContain('delivered 2025-12-02 10:06:01.5; no marketing window was open (the previous one closed 2025-12-02 10:06:00).')
  expect(errors).toEqual([])
  await page.close()
})
