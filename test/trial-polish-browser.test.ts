// Findings of a fresh-user trial of the dashboard and the investigation page, on the demo dataset
// in Debian's Chromium: the per-day charts of one period end on one day, the per-day charts' axis
// title clear of the ticks' month line, the "not a whole day" message gone once the date applies
// after a typing pause, Meta's conversation ids told apart, the timeline's ticks standing out on
// the bars in both themes, the "Meta said" header over its text. (The second and third trials'
// findings: trial-polish-phone-browser.test.ts.)
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json } from './support/api.ts'
import { artifacts, contrast, openCustomer, openDashboard, openDemoSite, type DemoSite } from './support/browser.ts'
import type { CustomerMessageRow } from '../api/routes/customer.ts'

let site: DemoSite

beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('draws the per-day charts of one period over the same days, to the period\'s end', async () => {
  // the data ends on 2024-09-20: Click-to-WhatsApp and guardrail ended there, spend on the 30th
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30')
  const domains = await page.evaluate(() => Object.fromEntries(['#spend', '#ctwa', '#guardrail', '#eras'].map((id) => {
    // a chart with a legend is a figure, which holds the scales
    const svg = (document.querySelector(`${id} figure`) ?? document.querySelector(`${id} svg[class^=plot]`)) as unknown as { scale(n: string): { domain: Date[] } }
    const d = svg.scale('x').domain
    return [id, [d.length, new Date(d[0]!).toISOString().slice(0, 10), new Date(d.at(-1)!).toISOString().slice(0, 10)]]
  })))
  for (const id of ['#spend', '#ctwa', '#guardrail', '#eras']) expect({ id, domain: domains[id] }).toEqual({ id, domain: [30, '2024-09-01', '2024-09-30'] })
  await page.locator('#ctwa').screenshot({ path: `${artifacts}trial-ctwa-september-1440.png` })
  await page.close()
}, 120_000)

for (const width of [390, 1440]) {
  it(`keeps the per-day charts' "Day" axis title clear of the ticks and their month line (${width} px)`, async () => {
    // 60 days whose middle is September 1st: its month line ("Sep") sits mid-axis
    const page = await openDashboard(site, 'from=2024-08-03&to=2024-09-30', width, 'dark')
    for (const id of ['#ctwa', '#guardrail']) {
      const { title, ticks } = await page.evaluate((sel) => {
        const svg = document.querySelector(`${sel} svg[class^=plot]`)!
        const box = (e: Element) => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height, text: e.textContent } }
        return { title: box(svg.querySelector('[aria-label="x-axis label"] text')!), ticks: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map(box) }
      }, id)
      expect(title.text).toContain('Day')
      expect(ticks.some((t) => /Sep/.test(t.text ?? ''))).toBe(true)
      for (const t of ticks) {
        const apart = title.x + title.w <= t.x || t.x + t.w <= title.x || title.y + title.h <= t.y || t.y + t.h <= title.y
        expect(apart, `${id}: "${title.text}" over "${t.text}"`).toBe(true)
      }
      await page.locator(id).screenshot({ path: `${artifacts}trial-axis-title${id.replace('#', '-')}-${width}.png` })
    }
    await page.close()
  }, 120_000)
}

it('clears "not a whole day" once the date typed whole again applies after a typing pause, the field still focused', async () => {
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-15')
  const error = () => page.evaluate(() => { const e = document.querySelector<HTMLElement>('#period-error')!; return e.hidden ? '' : e.textContent })
  // To's month cleared and the field left: said
  await page.focus('input[name=to]')
  await page.keyboard.press('Backspace')
  for (let i = 0; i < 5 && await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'to'); i++) await page.keyboard.press('Tab')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await error()).toMatch(/^To is not a whole day/)
  // back in the field, the same day typed whole, and a pause (no Enter, no Tab)
  await page.focus('input[name=to]')
  for (const k of '09152024') await page.keyboard.press(k, { delay: 40 })
  await page.waitForSelector('#period-error', { state: 'hidden' })
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('to')
  expect(await page.evaluate(() => document.querySelector('main')!.classList.contains('stale'))).toBe(false)
  await page.close()
}, 120_000)

it('shows each of Meta\'s conversation ids in one short form that tells it apart, whole in its title, in every table', async () => {
  // a Northwind customer whose out_for_delivery templates Meta billed as marketing, on several days
  const customer = '4915192029377'
  const msgs = await json<CustomerMessageRow[]>(site.t.app, `/api/customer/messages?customer=${customer}`)
  const ids = new Set(msgs.map((m) => m.meta_conversation_id).filter(Boolean))
  expect(ids.size).toBeGreaterThan(1)
  const page = await openCustomer(site, `q=${customer}`)
  const shown = await page.$$eval('.meta-id code', (cs) => cs.map((c) => [c.textContent ?? '', c.getAttribute('title') ?? ''] as [string, string]))
  expect(shown.length).toBeGreaterThanOrEqual(ids.size)
  const byForm = new Map<string, Set<string>>()
  for (const [form, title] of shown) {
    const id = title.replace("Meta's conversation id: ", '')
    expect(ids.has(id), title).toBe(true)
    expect(id.endsWith(form.replace(/^…/, '')), `${form} of ${id}`).toBe(true)
    byForm.set(form, (byForm.get(form) ?? new Set()).add(id))
  }
  for (const [form, of] of byForm) expect({ form, ids: of.size }).toEqual({ form, ids: 1 })
  expect(byForm.size).toBe(ids.size)
  // the "Meta said" header over its cells' text, left-aligned as they are (it was right-aligned)
  const align = await page.$$eval('#messages table', (ts) => ts.map((t) => [
    getComputedStyle(t.querySelector('th[data-label="Meta said"]') ?? t.querySelectorAll('th')[5]!).textAlign,
    getComputedStyle(t.querySelector('td[data-label="Meta said"]')!).textAlign,
  ]))
  expect(align).toEqual([['left', 'left']])
  await page.locator('#messages').screenshot({ path: `${artifacts}trial-meta-said-1440.png` })
  await page.close()
}, 120_000)

for (const scheme of ['light', 'dark'] as const) {
  it(`draws each timeline tick on a halo of the card's colour, so it stands out on any bar (${scheme})`, async () => {
    const page = await openCustomer(site, 'q=917380051369', 1440, scheme)
    const { ticks, halos, card } = await page.evaluate(() => {
      const svg = document.querySelector('#timeline svg')!
      const lines = (g: Element | null) => [...(g?.querySelectorAll('line') ?? [])].map((l) => ({
        x: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), y2: Number(l.getAttribute('y2')),
        width: Number(getComputedStyle(l).strokeWidth.replace('px', '')), stroke: getComputedStyle(l).stroke,
      }))
      return {
        ticks: lines(svg.querySelector('[aria-label="tick"]')),
        halos: lines(svg.querySelector('g.tick-halo')),
        card: getComputedStyle(document.querySelector('#timeline')!).backgroundColor,
      }
    })
    expect(ticks.length).toBeGreaterThan(5)
    expect(halos.length).toBe(ticks.length)
    for (const [i, t] of ticks.entries()) {
      const h = halos[i]!
      expect(h.x).toBeCloseTo(t.x, 3)
      // at least 1.5 px of the card's colour on each side of the tick, along it (over a bar's fill:
      // the outline runs on over the tick, test/timeline-one-bar-browser.test.ts)
      expect(h.width - t.width).toBeGreaterThanOrEqual(3)
      expect(h.y1).toBeGreaterThanOrEqual(t.y1)
      expect(h.y2).toBeLessThanOrEqual(t.y2)
      expect(h.y2 - h.y1).toBeGreaterThan((t.y2 - t.y1) / 2)
      expect(h.stroke).toBe(card)
      expect(contrast(t.stroke, h.stroke), t.stroke).toBeGreaterThanOrEqual(3)
    }
    await page.locator('#timeline').screenshot({ path: `${artifacts}trial-timeline-${scheme}.png` })
    await page.close()
  }, 120_000)
}

it('shortens Meta\'s conversation ids in the latest discrepancies alike: told apart, whole in the cell\'s title', async () => {
  // the demo's discrepancies of a day: one Meta conversation per customer, all ending in the day
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30')
  // the short form: the cell's code, under Meta's words after its label ("conversation …e244223420")
  const cells = await page.$$eval('#reconcile table:has(td[data-label=Rules]) td[data-label=Meta]', (tds) => tds.map((td) => [td.querySelector('code')?.textContent ?? '', td.getAttribute('title') ?? ''] as [string, string]))
  expect(cells.length).toBeGreaterThan(1)
  const byForm = new Map<string, Set<string>>()
  for (const [form, title] of cells) {
    const id = title.replace("Meta's conversation id: ", '')
    expect(id.endsWith(form.replace(/^…/, '')), `${form} of ${id}`).toBe(true)
    byForm.set(form, (byForm.get(form) ?? new Set()).add(id))
  }
  expect(new Set(cells.map(([, t]) => t)).size).toBeGreaterThan(1)
  for (const [form, of] of byForm) expect({ form, ids: of.size }).toEqual({ form, ids: 1 })
  await page.close()
  // on a phone's cards each short id stays on one line (it broke after its "…": trial)
  const phone = await openDashboard(site, 'from=2024-09-01&to=2024-09-30', 390)
  const lines = await phone.$$eval('#reconcile table:has(td[data-label=Rules]) td[data-label=Meta]', (tds) => tds.map((td) => {
    const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf('…')
      if (at < 0) continue
      const range = document.createRange()
      range.setStart(n, at)
      range.setEndAfter(td.lastChild!)
      return [td.textContent, new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size] as const
    }
    return [td.textContent, 0] as const
  }))
  expect(lines.filter(([, n]) => n > 0).length).toBeGreaterThan(1)
  for (const [text, n] of lines) expect({ text, lines: n }).toEqual({ text, lines: n === 0 ? 0 : 1 })
  await phone.close()
}, 120_000)
