// The dashboard's panels across pricing eras in Debian's Chromium on the 2024–2026 log
// (test/support/eras-log.ts): the pricing-model changes marked on the spend chart, the free
// service messages per phone number and the volume tiers shown as the API gives them; on a period
// of 2024 only, each card with nothing to show says why.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { adminKey, json, type TestApp } from './support/api.ts'
import { artifacts, customerSettled, dashboardSettled, openErasSite, settleMs, type DemoSite } from './support/browser.ts'
import type { FreeAllowanceRow, VolumeTierRow } from '../api/routes/eras.ts'
import { amount, moneyInWords } from '../web/src/format.ts'

let site: DemoSite
let t: TestApp
let browser: Browser
let base = ''

beforeAll(async () => {
  site = await openErasSite()
  ;({ t, browser, base } = site)
}, 240_000)
afterAll(async () => { await site?.close() })

it('marks the July 2025 switch and shows the allowance and tiers of the period\'s last month', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const period = 'waba=waba-era-utc&from=2024-09-01&to=2026-10-31'
  await page.goto(`${base}/?${period}#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#eras svg')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0, undefined, { timeout: settleMs })
  expect(await page.locator('#eras svg[class^=plot]').count()).toBe(2)
  const marks = await page.textContent('#eras .body')
  expect(marks).toContain('Per-message pricing')
  expect(marks).toContain('Service free')
  // conversations until June 2025, per-message charges since: the cards say both
  expect(await page.textContent('#total-spend .detail')).toMatch(/^[\d,]+ conversations? and [\d,]+ per-message charges?$/)
  expect(await page.textContent('#paid h3')).toBe('Paid conversations and charges')
  // paid and every kind of free add up to the total: free customer-service messages were left
  // out of the card (fresh-user trial)
  const whole = (t: string | null) => [...(t ?? '').matchAll(/[\d,]+/g)].map((m) => Number(m[0].replaceAll(',', '')))
  const total = whole(await page.textContent('#total-spend .detail')).reduce((a, n) => a + n, 0)
  const paid = whole(await page.textContent('#paid .value'))[0]!
  const detail = await page.textContent('#paid .detail')
  expect(detail).toMatch(/ free customer service$/)
  expect(paid + whole(detail).reduce((a, n) => a + n, 0)).toBe(total)
  const axes = await erasGeometry(page)
  // bars inside the plot, both charts on one time axis, the rules at the same x
  expect(axes.charts.length).toBe(2)
  for (const c of axes.charts) {
    expect(c.bars.length).toBeGreaterThan(0)
    expect(Math.min(...c.bars.map(([x]) => x))).toBeGreaterThanOrEqual(c.range[0]! - 0.5)
    expect(Math.max(...c.bars.map(([x, w]) => x + w))).toBeLessThanOrEqual(c.range[1]! + 0.5)
  }
  expect(axes.charts[1]!.range).toEqual(axes.charts[0]!.range)
  expect(axes.charts[0]!.left).toBeCloseTo(axes.charts[1]!.left, 0)
  expect(axes.charts[0]!.rules.length).toBe(3)
  expect(axes.charts[1]!.rules).toEqual(axes.charts[0]!.rules)
  // money ticks tell their values apart (the log's amounts are cents: no "$0" on every tick);
  // charges are whole
  const money = axes.charts[0]!.yTicks
  expect(new Set(money).size).toBe(money.length)
  expect(money.filter((t) => t === '$0')).toEqual([])
  expect(axes.charts[1]!.yTicks.every((t) => /^[\d,]+$/.test(t))).toBe(true)
  const allowance = (await json<FreeAllowanceRow[]>(t.app, `/api/free-allowance?${period}`)).filter((r) => r.month === '2026-10-01T00:00:00.000Z' as never)
  expect(allowance.length).toBe(2)
  expect(await page.locator('#free-allowance tbody tr').count()).toBe(2)
  expect(await page.textContent('#free-allowance tbody')).toContain(`${allowance[0]!.used} of 3`)
  const tiers = (await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?${period}`)).filter((r) => r.month === '2026-10-01T00:00:00.000Z' as never)
  expect(await page.locator('#volume-tiers tbody tr').count()).toBe(tiers.length)
  expect(await page.textContent('#volume-tiers tbody')).toContain(tiers[0]!.tier)
  // its totals (Cost, Saved vs first tier) as every total, to the cent (4 decimals under one),
  // the tiers' rates as every rate (to 4–6 decimals): the totals had the rates' 4 decimals (fresh-user trial)
  const cells = (column: string) => page.locator(`#volume-tiers td[data-label="${column}"]`).allTextContents()
  const tierTotal = (v: number | null, r: VolumeTierRow) => (v === null ? `no price for ${r.unpriced}` : amount(v, r.currency!))
  expect([await cells('Cost'), await cells('Saved vs first tier')]).toEqual([tiers.map((r) => tierTotal(r.cost, r)), tiers.map((r) => tierTotal(r.saving, r))])
  expect(tiers.some((r) => Number(r.cost) >= 0.01 && !/^\$\d+\.\d{4}$/.test(amount(r.cost!, r.currency!)))).toBe(true)
  expect((await cells('Tier')).every((t) => /at \$\d+\.\d{4,6}$/.test(t))).toBe(true)
  await page.screenshot({ path: `${artifacts}dashboard-eras.png`, fullPage: true })
  expect(errors).toEqual([])
}, 120_000)

it('keeps the change labels apart on a phone, their words in a list under the charts', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
  // a period starting and ending mid-month: the month bars still start and end inside the plot
  await page.goto(`${base}/?waba=waba-era-utc&from=2024-09-10&to=2026-10-15#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#eras svg')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0, undefined, { timeout: settleMs })
  const { labels, charts } = await erasGeometry(page)
  for (const c of charts) {
    expect(Math.min(...c.bars.map(([x]) => x))).toBeGreaterThanOrEqual(c.range[0]! - 0.5)
    expect(Math.max(...c.bars.map(([x, w]) => x + w))).toBeLessThanOrEqual(c.range[1]! + 0.5)
  }
  expect(labels.length).toBe(3)
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
      expect(apart, `${a.text} / ${b.text}`).toBe(true)
    }
  }
  expect(await page.locator('#eras .eras-list li').count()).toBe(3)
  expect(await page.textContent('#eras .eras-list')).toContain('Jul 1, 2025: Per-message pricing')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
}, 120_000)

it('puts the weekly bars\' ticks on their Mondays (Plot\'s time ticks fell on Sundays, a day before each bar)', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  // 61 days: bars per week (from Monday)
  await page.goto(`${base}/?waba=waba-era-utc&from=2025-06-01&to=2025-07-31#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#eras svg')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0, undefined, { timeout: settleMs })
  // a tick's first line is its Monday ("Jun 2"); the year stands on a second line where it
  // starts or changes (dateTickFormat), which textContent ran into it: "Jun 22025"
  const ticks = await page.$$eval('#eras svg[class^=plot] [aria-label="x-axis tick label"] text', (ts) => ts.map((t) => (t.querySelector('tspan') ?? t).textContent ?? ''))
  expect(ticks.length).toBeGreaterThan(2)
  for (const tick of ticks) expect(new Date(`${tick}, 2025 12:00 UTC`).getUTCDay(), tick).toBe(1)
  await page.close()
}, 120_000)

/** The eras charts: x range, left edge, bars [x, width], era rules' x, y tick labels; the change labels' boxes. */
async function erasGeometry(page: Page) {
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll<SVGSVGElement>('#eras svg[class^=plot]')]
    const charts = svgs.map((svg) => ({
      range: (svg as unknown as { scale(n: string): { range: number[] } }).scale('x').range,
      left: svg.getBoundingClientRect().left,
      bars: [...svg.querySelectorAll('[aria-label="rect"] rect')].map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))] as [number, number]),
      rules: [...svg.querySelectorAll('[aria-label="rule"][stroke-dasharray] line')].map((l) => Number(l.getAttribute('x1'))),
      yTicks: [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? ''),
    }))
    const labels = [...(svgs[0]?.querySelectorAll('[aria-label="text"] text') ?? [])].map((t) => {
      const b = t.getBoundingClientRect()
      return { text: t.textContent ?? '', x: b.x, y: b.y, width: b.width, height: b.height }
    })
    return { charts, labels }
  })
}

it('draws per-message charges as dots on the customer page and explains them', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const q = 'customer=919812340001&phone=waba-era-utc-pn1&from=2026-10-01&to=2026-10-31'
  const convs = await json<{ close_reason: string; explanation: string }[]>(t.app, `/api/customer/conversations?${q}`)
  const charges = convs.filter((c) => c.close_reason === '')
  expect(charges.length).toBeGreaterThan(0)
  await page.goto(`${base}/customer.html?q=919812340001&phone=waba-era-utc-pn1&from=2026-10-01&to=2026-10-31#key=${adminKey}`)
  await customerSettled(page)
  expect(await page.locator('#timeline svg [aria-label="dot"] circle').count()).toBe(charges.length)
  const text = await page.textContent('body')
  expect(text).toContain(moneyInWords(charges[0]!.explanation))
  expect(await page.locator('td[data-label=Closed]', { hasText: '— (one message)' }).count()).toBe(charges.length)
  // every dot whole inside the clipped frame (none cut in half at an edge)
  const cut = await page.evaluate(() => {
    const frame = document.querySelector('#timeline svg clipPath rect')!
    const [x0, x1] = [Number(frame.getAttribute('x')), Number(frame.getAttribute('x')) + Number(frame.getAttribute('width'))]
    return [...document.querySelectorAll('#timeline svg [aria-label="dot"] circle')]
      .filter((c) => Number(c.getAttribute('cx')) - Number(c.getAttribute('r')) < x0 || Number(c.getAttribute('cx')) + Number(c.getAttribute('r')) > x1).length
  })
  expect(cut).toBe(0)
  // only per-message charges: the footer says how those happen, not conversations
  expect(await page.textContent('#charges-note')).toMatch(/^Under per-message pricing each charged message is a charge of its own/)
  await page.screenshot({ path: `${artifacts}customer-eras.png`, fullPage: true })
  // a zoom choice without a charge says so (it said nothing: "3 days from 2024-09-10": support trial)
  await page.goto(`${base}/customer.html?q=919812340001&phone=waba-era-utc-pn1&from=2024-09-01&to=2024-09-30#key=${adminKey}`)
  await customerSettled(page)
  expect(await page.locator('select[name=zoom] option').allTextContents()).toContain('3 days from 2024-09-10 · no charge')
  // a search then finding nothing shows no customer: the footer's words for every one again (it
  // kept this customer's "Under per-message pricing …": break-it trial)
  await page.fill('input[name=q]', '+91 98123 99999')
  await page.click('button[type=submit]')
  await page.waitForFunction(() => document.querySelector('#notice')!.textContent!.startsWith('No customer or message matches'))
  expect(await page.textContent('#charges-note')).toBe('Under conversation-based pricing (until June 2025) a charge happens when a conversation opens and '
    + 'belongs to the day it opened; under per-message pricing (since July 2025) each charged message is a charge of its own, on the day it was delivered.')
  expect(errors).toEqual([])
}, 120_000)

// fresh-user trial on data of 2024 only (conversation-based pricing): cards with nothing to show
// said nothing of why ("No data for these filters." with no filter set), the per-message ones a
// rule rather than that their pricing starts later. Each says why in one sentence, the
// pricing-model timeline's day where it is that the pricing came later.
it('says in one sentence why a card has nothing to show, on a period of 2024 and on one of per-message pricing', async () => {
  const said = (page: Page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('main > section')].map((s) => {
    const body = s.querySelector('.body') ?? s
    return [s.id, { text: (body.textContent ?? '').trim(), drawn: body.querySelectorAll('svg, table').length }]
  })))
  for (const [width, scheme] of [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
    await page.goto(`${base}/?from=2024-09-01&to=2024-12-31#key=${adminKey}`)
    await dashboardSettled(page)
    const cards = await said(page)
    // every card draws something or says something, never the filters' blame with none set
    for (const [id, c] of Object.entries(cards)) {
      expect(c.text.length > 0 || c.drawn > 0, id).toBe(true)
      expect(c.text, id).not.toContain('No data for these filters.')
    }
    expect(cards['volume-tiers']!.text).toBe('No per-message charges in this period: per-message pricing applies from Jul 1, 2025.')
    expect(cards['free-allowance']!.text).toBe('No free service message allowance in this period: per-message pricing gives one from Oct 1, 2026.')
    expect(cards.guardrail!.text).toBe('No guardrail breaks or undelivered messages in this period.')
    // the log carries no pricing of Meta's: nothing to compare (it said no status of Meta's priced
    // a message differently, as if Meta had agreed: break-it trial)
    expect(cards.reconcile!.text).toBe('Nothing to compare in this period: no status from Meta with its pricing names any of its 558 delivered messages.')
    await page.locator('#free-allowance').screenshot({ path: `${artifacts}eras-2024-free-allowance-${width}-${scheme}.png` })
    await page.locator('#volume-tiers').screenshot({ path: `${artifacts}eras-2024-volume-tiers-${width}-${scheme}.png` })
    await page.close()
  }
  // per-message pricing with service free (August 2025), marketing only: no tier, no allowance yet
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${base}/?from=2025-08-01&to=2025-08-31&category=MARKETING#key=${adminKey}`)
  await dashboardSettled(page)
  const cards = await said(page)
  expect(cards['volume-tiers']!.text).toBe('No paid utility or authentication messages in this period: only those rank in volume tiers.')
  expect(cards['free-allowance']!.text).toBe('No free service message allowance in this period: per-message pricing gives one from Oct 1, 2026.')
  await page.close()
}, 240_000)
