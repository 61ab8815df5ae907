// The customer timeline's bars and charge dots on the charts' shared tip (web/src/tip.ts), as its
// message ticks: they had the browser's own title (unstyled, slow, none on a touch screen). On
// a desktop (1440 px) and a phone (390 px), under the shipped pricing-model timeline: a free
// entry point whose customer message opened the service conversation it took over (Aug 2024,
// conversation-based: a bar from the entry at 10:00 to 72 h after the reply at 10:15, the two
// messages' ticks at its start) and a marketing template charged per message (Aug 2025: a dot
// above its message's tick). One tip at a time, the nearest mark's.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, timelineBarTips, tipAtPointer, unwrapped as text, type DemoSite, type ShownTip } from './support/browser.ts'
import type { CustomerConversationRow, CustomerMessageRow } from '../api/routes/customer.ts'
import { chargeCost, moneyInWords } from '../web/src/format.ts'

const key = (wa_id: string) => ({ waba_id: 'waba-tips', phone_number_id: 'pn-tips', wa_id })
const FEP = '14155550161'
const PMP = '14155550162'
const META = '14155550163'
const MINUTE = '14155550164'
const INSIDE = '14155550165'
const log = [
  { message_id: 'tt-e', timestamp: '2024-08-06T10:00:00Z', ...key(FEP), direction: 'inbound', entry_point: 'ctwa', ad_id: '120226000061' },
  { message_id: 'tt-r', timestamp: '2024-08-06T10:15:00Z', ...key(FEP), direction: 'outbound', status: 'delivered' },
  { message_id: 'tt-m', timestamp: '2025-08-05T12:00:00Z', ...key(PMP), direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'delivered' },
  // a utility template Meta billed as marketing (conversation-based): a diamond in the marketing lane
  { message_id: 'tt-u', timestamp: '2024-08-07T09:00:00Z', ...key(META), direction: 'outbound', template_category: 'UTILITY', template_name: 'order_update', status: 'delivered' },
  { kind: 'status', message_id: 'tt-u', status: 'delivered', timestamp: '2024-08-07T09:00:05Z',
    pricing: { billable: true, pricing_model: 'CBP', category: 'marketing' }, conversation: { id: '6896d6db8eab9384674362e244223420', origin: { type: 'marketing' } } },
  // a utility conversation closing 24 h on, at 10:06:34.766, and the next opening 1.5 s later
  { message_id: 'tt-1', timestamp: '2024-07-26T10:06:34.766Z', ...key(MINUTE), direction: 'outbound', template_category: 'UTILITY', template_name: 'receipt', status: 'delivered' },
  { message_id: 'tt-2', timestamp: '2024-07-27T10:06:36.314Z', ...key(MINUTE), direction: 'outbound', template_category: 'UTILITY', template_name: 'receipt', status: 'delivered' },
  // a free entry point's entry, reply, and a template a day later inside its window
  { message_id: 'tt-ie', timestamp: '2024-08-12T10:00:00Z', ...key(INSIDE), direction: 'inbound', entry_point: 'ctwa', ad_id: '120226000065' },
  { message_id: 'tt-ir', timestamp: '2024-08-12T10:15:00Z', ...key(INSIDE), direction: 'outbound', status: 'delivered' },
  { message_id: 'tt-ii', timestamp: '2024-08-13T10:00:00Z', ...key(INSIDE), direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'delivered' },
]
const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({ pricingModels: shipped }, log) }, 240_000)
afterAll(async () => { await site?.close() })

async function open(wa_id: string, width: number): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/customer.html?q=${encodeURIComponent(`+${wa_id}`)}#key=${adminKey}`)
  await customerSettled(page)
  await page.locator('#timeline svg').scrollIntoViewIfNeeded()
  return page
}

/** The one tip shown, whole: across within the chart, down within the card's body (which cuts it). */
function shownAlone(t: ShownTip, what: string): void {
  expect(t.shown, what).toBe(1)
  const inside = t.box.left >= t.chart.left - 0.5 && t.box.right <= t.chart.right + 0.5 && t.box.top >= t.body.top - 0.5 && t.box.bottom <= t.body.bottom + 0.5
  expect(inside, `${what}: ${JSON.stringify(t)}`).toBe(true)
  expect(t.lines.filter((l) => l.endsWith('…')), what).toEqual([])
  expect(brokenDates(t.lines), what).toEqual([])
}

/**
 * The dates and date-times a tip's lines break inside ("delivered 2024-" / "08-15 10:26", or
 * "2024-08-15" / "10:26": fresh-user trial), as "end of one line⏎start of the next".
 */
function brokenDates(lines: string[]): string[] {
  return lines.slice(1).flatMap((l, i) => {
    const [before, after] = [lines[i]!.slice(-16), l.slice(0, 16)]
    return /\d{4}-(\d\d-)?$/.test(before) || (/\d{4}-\d\d-\d\d$/.test(before) && /^\d\d:\d\d/.test(after)) ? [`${before}⏎${after}`] : []
  })
}

it('writes a bar\'s ends as the conversations table does: with their seconds where another end shares the minute', async () => {
  const page = await open(MINUTE, 1440)
  const rows = await page.locator('#conversations tbody tr').evaluateAll((trs) => trs.map((tr) =>
    ['Opened', 'Closed'].map((l) => tr.querySelector(`td[data-label="${l}"]`)!.textContent!.trim())))
  // the table's (stampAmong): "closed 10:06:34.766", "opened 10:06:36.314" (on the 27th); the
  // first opened and the last closed alone in their minutes (the 26th, the 28th)
  expect(rows.flat().map((t) => t.slice(11)).sort()).toEqual(['10:06', '10:06', '10:06:34.766', '10:06:36.314'])
  // the bars' tips read "10:06 → 10:06" twice, one contradiction beside the table (fresh-user trial)
  const tips = await timelineBarTips(page)
  expect(tips.map((t) => rows.findIndex(([o, c]) => t.includes(text([`${o} → ${c}`])))).sort(), tips.join('\n')).toEqual([0, 1])
  await page.close()
}, 120_000)

it('says "Free" once on the tip of a message inside a free entry point\'s window', async () => {
  const [m, ...more] = (await json<CustomerMessageRow[]>(site.t.app, `/api/customer/messages?customer=${INSIDE}`)).filter((r) => r.message_id === 'tt-ii')
  expect(more).toEqual([])
  expect([m!.verdict, m!.explanation.slice(0, 5)]).toEqual(['FREE_ENTRY', 'Free:'])
  const page = await open(INSIDE, 1440)
  const ticks = page.locator('#timeline svg [aria-label="tick"] line')
  const tips: string[] = []
  for (const b of await Promise.all((await ticks.all()).map((t) => t.boundingBox()))) {
    tips.push(text((await tipAtPointer(page, '#timeline', b!.x + b!.width / 2, b!.y + b!.height / 2)).lines))
  }
  // it read "Free entry: Free: inside the free-entry window …" (fresh-user trial)
  const tip = tips.filter((t) => t.includes(text(['inside the free-entry window'])))
  expect(tip, tips.join('\n')).toEqual([text([`2024-08-13 10:00 · outbound template “promo” (Marketing)`, `Free entry: ${moneyInWords(m!.explanation).slice('Free: '.length)}`])])
  await page.close()
}, 120_000)

for (const width of [1440, 390]) {
  it(`shows a bar's span and reason on the shared tip anywhere along it, its messages' ticks their own (${width} px)`, async () => {
    const [conv, ...more] = await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${FEP}`)
    expect(more).toEqual([])
    expect(conv!.category).toBe('FREE_ENTRY_POINT')
    const msgs = await json<CustomerMessageRow[]>(site.t.app, `/api/customer/messages?customer=${FEP}`)
    const page = await open(FEP, width)
    expect(await page.locator('#timeline svg title').count()).toBe(0)
    const bar = (await page.locator('#timeline svg [aria-label="bar"] rect').boundingBox())!
    const want = ['Free entry point', '2024-08-06 10:00 → 2024-08-09 10:15 (72 h 15 min)',
      'From the customer\'s entry message: the 72 h free window runs from the business reply at 2024-08-06 10:15 (15 min later).', moneyInWords(conv!.explanation)]
    // its middle, and near its end, far from the middle by which a pointer finds a bar
    for (const at of [0.5, 0.95]) {
      const t = await tipAtPointer(page, '#timeline', bar.x + at * bar.width, bar.y + bar.height / 2)
      shownAlone(t, `${at}`)
      expect(text(t.lines), `${at}`).toBe(text(want))
      if (at === 0.95) await page.screenshot({ path: `${artifacts}customer-timeline-bar-tip-${width}.png` })
    }
    // the entry message's tick, at the bar's start: a message's tip, not the bar's too (on a phone
    // the reply's tick, 15 min later, is under a pixel away: either's)
    const tick = (await page.locator('#timeline svg [aria-label="tick"] line').first().boundingBox())!
    const t = await tipAtPointer(page, '#timeline', tick.x + tick.width / 2, tick.y + tick.height / 2)
    shownAlone(t, 'tick')
    const said = msgs.filter((m) => text(t.lines).includes(text([moneyInWords(m.explanation)])))
    expect(said.map((m) => m.message_id), text(t.lines)).toEqual(width === 1440 ? ['tt-e'] : [expect.stringMatching(/^tt-[er]$/)])
    expect(text(t.lines)).toMatch(/^2024-08-0610:(00·inboundmessage|15·outbound)/)
    await page.close()
  }, 120_000)

  it(`shows a per-message charge's dot's charge on the shared tip, its message's tick its own (${width} px)`, async () => {
    const [conv, ...more] = await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${PMP}`)
    expect(more).toEqual([])
    expect(conv!.close_reason).toBe('')
    expect(conv!.cost).not.toBeNull()
    const page = await open(PMP, width)
    expect(await page.locator('#timeline svg title').count()).toBe(0)
    const dot = (await page.locator('#timeline svg [aria-label="dot"] circle').boundingBox())!
    const t = await tipAtPointer(page, '#timeline', dot.x + dot.width / 2, dot.y + dot.height / 2)
    shownAlone(t, 'dot')
    // the API quotes the template as “promo” (it wrote `promo`, and the tip showed the backticks:
    // fresh-user trial); the tip says the API's words
    expect(conv!.explanation).toContain('template “promo” delivered')
    const why = moneyInWords(conv!.explanation)
    expect(text(t.lines)).toBe(text([`Marketing · charged ${chargeCost(conv!.cost, conv!.currency)}`, '2025-08-05 12:00', why]))
    expect(t.lines.join('\n')).not.toContain('`')
    // the table's Why reads the API's words too, the quoted name drawn as code
    const cell = page.locator('#conversations td[data-label="Why"]')
    expect([await cell.textContent(), await cell.locator('code').allTextContents()]).toEqual([why, ['promo']])
    await page.screenshot({ path: `${artifacts}customer-timeline-dot-tip-${width}.png` })
    // its message's tick, under the dot at the same time: the message's tip
    const tick = (await page.locator('#timeline svg [aria-label="tick"] line').boundingBox())!
    const m = await tipAtPointer(page, '#timeline', tick.x + tick.width / 2, tick.y + tick.height * 0.75)
    shownAlone(m, 'tick')
    expect(text(m.lines).startsWith(text(['2025-08-05 12:00 · outbound template']))).toBe(true)
    await page.close()
  }, 120_000)

  it(`shows Meta's pricing of a message on the shared tip at its diamond, its message's tick its own (${width} px)`, async () => {
    const [m, ...more] = await json<CustomerMessageRow[]>(site.t.app, `/api/customer/messages?customer=${META}`)
    expect(more).toEqual([])
    expect([m!.meta_billable, m!.meta_category]).toEqual([1, 'MARKETING'])
    const page = await open(META, width)
    // the diamond had the browser's own title (unstyled, none on a touch screen)
    expect(await page.locator('#timeline svg title').count()).toBe(0)
    const diamond = (await page.locator('#timeline svg [aria-label="dot"] path').boundingBox())!
    const t = await tipAtPointer(page, '#timeline', diamond.x + diamond.width / 2, diamond.y + diamond.height / 2)
    shownAlone(t, 'diamond')
    expect(text(t.lines)).toBe(text(['2024-08-07 09:00 · Meta\'s pricing',
      'Meta: Billable · Marketing · conversation-based pricing · conversation opened as Marketing', 'Meta\'s conversation id: 6896d6db8eab9384674362e244223420']))
    await page.screenshot({ path: `${artifacts}customer-timeline-meta-tip-${width}.png` })
    // its message's tick, in the utility lane: the message's tip
    const tick = (await page.locator('#timeline svg [aria-label="tick"] line').boundingBox())!
    const u = await tipAtPointer(page, '#timeline', tick.x + tick.width / 2, tick.y + tick.height * 0.75)
    shownAlone(u, 'tick')
    expect(text(u.lines).startsWith(text(['2024-08-07 09:00 · outbound template “order_update” (Utility)']))).toBe(true)
    await page.close()
  }, 120_000)
}
