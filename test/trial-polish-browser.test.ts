// Findings of a fresh-user trial of the dashboard and the investigation page, on the demo dataset
// in Debian's Chromium: the per-day charts of one period end on one day, the per-day charts' axis
// title clear of the ticks' month line, the "not a whole day" message gone once the date applies
// after a typing pause, Meta's conversation ids told apart, the timeline's ticks standing out on
// the bars in both themes, the "Meta said" header over its text. A second trial: the
// Click-to-WhatsApp legend and table in one wording, the what-if's example of its own scenario,
// the timeline's dates as the dashboard writes them, and on a phone the ads table's rows aligned,
// the free tier's label clear of its box, the reconciliation panel compact. A third: the ads
// table's outcome columns as the legend's (its order, "Not delivered" too), and on a phone the
// reconciliation chart naming all four kinds.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, contrast, customerSettled, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import type { CustomerMessageRow } from '../api/routes/customer.ts'
import type { ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import { count } from '../web/src/format.ts'

let site: DemoSite

beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

async function dashboard(width: number, query: string, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

it('draws the per-day charts of one period over the same days, to the period\'s end', async () => {
  // the data ends on 2024-09-20: Click-to-WhatsApp and guardrail ended there, spend on the 30th
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-30')
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
    const page = await dashboard(width, 'from=2024-08-03&to=2024-09-30', 'dark')
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
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-15')
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

async function customerPage(query: string, scheme: 'light' | 'dark', width = 1440): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 1000 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/customer.html?${query}#key=${adminKey}`)
  await customerSettled(page)
  return page
}

it('shows each of Meta\'s conversation ids in one short form that tells it apart, whole in its title, in every table', async () => {
  // a Northwind customer whose out_for_delivery templates Meta billed as marketing, on several days
  const customer = '4915192029377'
  const msgs = await json<CustomerMessageRow[]>(site.t.app, `/api/customer/messages?customer=${customer}`)
  const ids = new Set(msgs.map((m) => m.meta_conversation_id).filter(Boolean))
  expect(ids.size).toBeGreaterThan(1)
  const page = await customerPage(`q=${customer}`, 'light')
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
    const page = await customerPage('q=917380051369', scheme)
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
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-30')
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
  const phone = await dashboard(390, 'from=2024-09-01&to=2024-09-30')
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

it('names the Click-to-WhatsApp outcomes alike in the legend and the table ("Already in a free window" vs "In an open free entry point")', async () => {
  const page = await dashboard(390, 'from=2024-09-01&to=2024-09-30')
  const legend = await page.locator('#ctwa figure [class$="-swatch"]').allTextContents()
  const headers = await page.locator('#ctwa table.grid th').allTextContents()
  expect(legend).toEqual(['Started a free entry point', 'In an open free entry point', 'No reply within 24\u00a0h', 'Not delivered'])
  // each outcome a column headed as the legend names it, in the legend's order (the table had
  // "No reply" before "In an open" and no "Not delivered": second fresh-user trial)
  expect(headers.filter((h) => legend.includes(h))).toEqual(legend)
  expect([...legend, ...headers].join(' ')).not.toMatch(/free window| in 24 h/)
  // "Not delivered": the API's count of each ad (the demo's entries were all delivered: 0 each)
  const ads = await json<{ ad_id: string; not_delivered: number }[]>(site.t.app, '/api/ctwa/ads?from=2024-09-01&to=2024-09-30')
  expect(ads.length).toBeGreaterThan(4)
  const cells = await page.$$eval('#ctwa table.grid tbody td[data-label="Not delivered"]', (tds) => tds.map((td) => td.textContent))
  expect(cells).toEqual(ads.map((a) => count(a.not_delivered)))
  await page.close()
}, 120_000)

it('explains each what-if scenario with an example of that scenario (July 2025 per-message pricing ended on an October 2026 one)', async () => {
  const explained = async (scenario: string) => {
    const page = await dashboard(1440, `from=2024-09-01&to=2024-09-30${scenario ? `&scenario=${scenario}` : ''}`)
    await page.waitForFunction(() => (document.querySelector('#whatif [data-role=explain]')?.textContent ?? '') !== '')
    const text = await page.textContent('#whatif [data-role=explain]')
    await page.close()
    return text ?? ''
  }
  const july = await explained('per-message-july-2025')
  expect(july).toMatch(/^The pricing rules from 2025-07-01 \(per-message pricing/)
  expect(july).toContain('(the July 2025 per-message rules applied to 2024 traffic use 2024 prices)')
  expect(july).not.toMatch(/October 2026|2026-10/)
  // the example's year is the period's: a fixed 2026 read as the data's over 2024 demo data (second trial)
  expect(await explained('conversation-based')).toContain('(conversation-based pricing applied to 2024 traffic uses 2024 prices)')
  expect(await explained('')).toContain('(the October 2026 rules applied to 2024 traffic use 2024 prices)')
}, 180_000)

for (const [width, scheme] of [[390, 'dark'], [1440, 'light']] as const) {
  it(`writes the timeline's dates as the dashboard does, "Aug 12" with the year beneath the first (it wrote "08-01 / 2024", ${width} px)`, async () => {
    const page = await customerPage('q=917380051369', scheme, width)
    const labels = await page.$$eval('#timeline [aria-label="x-axis tick label"] text', (ts) => ts.map((t) =>
      [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || (t.textContent ?? '')))
    const dates = labels.filter((l) => !/^\d\d:\d\d/.test(l))
    expect(dates.length).toBeGreaterThan(1)
    // a first tick that is a time names its day beneath (second trial: "16:00" left Sep 20 unnamed)
    if (/^\d\d:\d\d/.test(labels[0]!)) expect(labels[0]).toMatch(/^\d\d:\d\d [A-Z][a-z]{2} \d{1,2}$/)
    expect(dates[0]).toMatch(/^[A-Z][a-z]{2} \d{1,2} 2024$/)
    for (const d of dates.slice(1)) expect(d).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/)
    await page.locator('#timeline').screenshot({ path: `${artifacts}trial-timeline-dates-${width}-${scheme}.png` })
    await page.close()
  }, 120_000)
}

for (const scheme of ['light', 'dark'] as const) {
  it(`lays the phone's Click-to-WhatsApp rows, free tier label and reconciliation out readably (390 px, ${scheme})`, async () => {
    const page = await dashboard(390, 'from=2024-09-01&to=2024-09-30', scheme)
    // an ad id that wraps ("1031003355 (Page / button)"): every figure of its row on its first line
    const lines = await page.$$eval('#ctwa table.grid tbody tr', (rows) => rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => {
      const range = document.createRange()
      range.selectNodeContents(c)
      const first = range.getClientRects()[0]!
      return { text: c.textContent ?? '', top: first.top, lines: Math.round(c.getBoundingClientRect().height / first.height) }
    })))
    const wrapped = lines.filter((cells) => cells[0]!.lines > 1)
    expect(wrapped.length).toBeGreaterThan(0)
    for (const cells of lines) for (const c of cells.slice(1)) expect(Math.abs(c.top - cells[0]!.top), `${cells[0]!.text}: ${c.text}`).toBeLessThan(1.5)
    await page.locator('#ctwa .table-scroll').screenshot({ path: `${artifacts}trial-ctwa-ads-390-${scheme}.png` })
    // the tier's label clear above the projection's dashed box (it touched it)
    const gauges = await page.$$eval('#free-tier .gauge svg', (svgs) => svgs.map((svg) => {
      const label = [...svg.querySelectorAll('text')].find((t) => /^tier /.test(t.textContent ?? ''))!.getBoundingClientRect()
      const box = svg.querySelector('[stroke-dasharray] rect')?.getBoundingClientRect()
      return { label: { top: label.top, bottom: label.bottom }, box: box && { top: box.top }, svg: svg.getBoundingClientRect().top }
    }))
    expect(gauges.filter((g) => g.box).length).toBeGreaterThan(0)
    for (const g of gauges) {
      expect(g.label.top).toBeGreaterThanOrEqual(g.svg)
      if (g.box) expect(g.box.top - g.label.bottom).toBeGreaterThanOrEqual(3)
    }
    await page.locator('#free-tier').screenshot({ path: `${artifacts}trial-free-tier-390-${scheme}.png` })
    // What Meta billed: every kind named over its bar, one the API has no row for "· 0" (the
    // demo has 2 of the 4: the phone named those, two bands empty between them, second trial)
    const summary = await json<ReconcileSummaryRow[]>(site.t.app, '/api/reconcile/summary?from=2024-09-01&to=2024-09-30')
    expect(summary.map((r) => r.kind).sort()).toEqual(['CATEGORY_MISMATCH', 'CONVERSATION_SPLIT'])
    const kinds = await page.locator('#reconcile svg').first().evaluate((svg) => [...svg.querySelectorAll('[aria-label="text"] text')]
      .map((t) => ({ text: t.textContent ?? '', top: t.getBoundingClientRect().top })).sort((a, b) => a.top - b.top))
    expect(kinds.map((k) => k.text.split(' · ').slice(0, 2).join(' · '))).toEqual([
      `Category mismatch · ${count(summary.find((r) => r.kind === 'CATEGORY_MISMATCH')!.discrepancies)}`,
      'Meta billed, rules free · 0', 'Meta free, rules charge · 0',
      `Conversation split · ${count(summary.find((r) => r.kind === 'CONVERSATION_SPLIT')!.discrepancies)}`,
    ])
    // evenly spaced: a name on every band, no empty gap
    const gaps = kinds.slice(1).map((k, i) => k.top - kinds[i]!.top)
    for (const g of gaps) expect(Math.abs(g - gaps[0]!)).toBeLessThan(1)
    // What Meta billed: ~3,800 px of cards; a few rows each, the rest behind "Show all" (under
    // 2,000 px with each kind's meaning listed under the chart, ~180 px on a phone)
    const panel = page.locator('#reconcile')
    expect((await panel.boundingBox())!.height).toBeLessThan(2000)
    await panel.screenshot({ path: `${artifacts}trial-reconcile-390-${scheme}.png` })
    const visible = (sel: string) => page.$$eval(sel, (rows) => rows.filter((r) => (r as HTMLElement).offsetHeight > 0).length)
    const latest = '#reconcile table:has(td[data-label=Rules]) tbody tr'
    // (CI, loaded, once: no row of the latest discrepancies was laid out yet when counted, the
    // chart above already drawn; cause not found: waited for, a state that stays still fails)
    await page.waitForFunction((sel) => [...document.querySelectorAll<HTMLElement>(sel)].some((r) => r.offsetHeight > 0), latest)
    expect(await visible(latest)).toBe(3)
    await page.getByRole('button', { name: 'Show all 10 latest discrepancies' }).click()
    expect(await visible(latest)).toBe(10)
    const drift = '#reconcile table:has(td[data-label=Logged]) tbody tr'
    const templates = await page.$$eval(drift, (rows) => rows.length)
    expect(await visible(drift)).toBe(Math.min(2, templates))
    if (templates > 2) await page.getByRole('button', { name: `Show all ${templates} templates` }).click()
    expect(await visible(drift)).toBe(templates)
    await page.close()
  }, 120_000)
}

it('shows every reconciliation row at 1440 px, no "Show all"', async () => {
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-30')
  expect(await page.$$eval('#reconcile tbody tr', (rows) => rows.filter((r) => (r as HTMLElement).offsetHeight === 0).length)).toBe(0)
  expect(await page.locator('#reconcile button.show-all').count()).toBe(0)
  // a kind without discrepancies (the demo has two) says so beside its name, not nothing (third trial)
  const beside = await page.$$eval('#reconcile svg [aria-label="text"] text', (ts) => ts.map((t) => t.textContent ?? ''))
  expect(beside.filter((x) => x === 'none').length).toBe(2)
  await page.close()
}, 120_000)

it('saves every discrepancy of the view as CSV from the reconciliation panel, and writes Meta\'s billable as the investigation page does', async () => {
  // the panel lists the 10 latest (616 in the trial's period) with no way to the rest: second trial
  const page = await dashboard(1440, 'from=2024-09-01&to=2024-09-30')
  const heading = await page.locator('#reconcile h3', { hasText: 'Latest discrepancies' }).textContent()
  const n = Number(/\(([\d,]+) in the period\)/.exec(heading ?? '')![1]!.replaceAll(',', ''))
  expect(n).toBeGreaterThan(10)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download all ${count(n)} as CSV` }).click()])
  expect(download.suggestedFilename()).toBe('wacost-reconcile-all-wabas-2024-09-01_2024-09-30.csv')
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n')
  expect(lines[0]).toMatch(/^"kind","level",/)
  expect(lines.length - 1).toBe(n)
  // "Billable · Marketing" / "Not billable · …" as the customer page's "Meta said" (it read "billable · Marketing")
  const meta = await page.$$eval('#reconcile table:has(td[data-label=Rules]) tbody tr td:nth-child(5)', (tds) => tds.map((td) => td.textContent ?? ''))
  expect(meta.length).toBe(10)
  for (const m of meta) expect(m).toMatch(/^(Billable|Not billable|\?) · /)
  await page.close()
}, 120_000)
