// The free tier gauge's "tier N" label on a scale many times the tier: with ~50k service
// conversations the tier of 1,000 sat near the chart's left edge and its centred label was cut
// there ("er 1,000": fresh-user trial). Here a tier of 10 and 5,000 service conversations (the
// same geometry, a tenth of the lines): the label is whole inside its chart at 1440 and 390 px.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'

const WABA = 'waba-many-service'
const CUSTOMERS = 5_000
// each customer's message opens a service conversation (conversation-based pricing, September 2024)
const log = Array.from({ length: CUSTOMERS }, (_, i) => ({
  message_id: `many-${i}`, timestamp: new Date(Date.parse('2024-09-02T00:00:00Z') + i * 360_000).toISOString(),
  waba_id: WABA, phone_number_id: 'pn-many', wa_id: `1415${String(5_000_000 + i).padStart(7, '0')}`, direction: 'inbound',
}))

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({ freeTier: 10 }, log) }, 240_000)
afterAll(async () => { await site?.close() })

for (const width of [1440, 390]) {
  it(`keeps the tier's label whole inside the gauge when the conversations far exceed the tier (${width} px)`, async () => {
    const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
    await page.goto(`${site.base}/?waba=${WABA}&from=2024-09-01&to=2024-09-30#key=${adminKey}`)
    await dashboardSettled(page)
    const gauge = page.locator('#free-tier .gauge')
    expect(await gauge.locator('p:not(.name)').textContent()).toMatch(/^10 of 10 free service conversations used in September 2024 .*; ran out on Sep 2, 2024, 4,990 paid since/)
    const drawn = await gauge.locator('svg').evaluate((svg) => {
      const label = [...svg.querySelectorAll('[aria-label=text] text')].find((t) => t.textContent?.startsWith('tier'))!
      const l = label.getBoundingClientRect()
      const s = svg.getBoundingClientRect()
      const body = svg.closest('.body')!.getBoundingClientRect()
      return { text: label.textContent, left: l.left, right: l.right, svgLeft: s.left, svgRight: s.right, bodyLeft: body.left, bodyRight: body.right }
    })
    expect(drawn.text).toBe('tier 10')
    expect(drawn.left).toBeGreaterThanOrEqual(Math.max(drawn.svgLeft, drawn.bodyLeft))
    expect(drawn.right).toBeLessThanOrEqual(Math.min(drawn.svgRight, drawn.bodyRight))
    await page.locator('#free-tier').screenshot({ path: `${artifacts}free-tier-label-${width}.png` })
    await page.close()
  }, 60_000)
}
