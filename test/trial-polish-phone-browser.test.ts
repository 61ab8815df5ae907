// Findings of a second fresh-user trial of the dashboard and the investigation page, on the demo
// dataset in Debian's Chromium (the first's: trial-polish-browser.test.ts): the Click-to-WhatsApp
// legend and table in one wording, the what-if's example of its own scenario, the timeline's dates
// as the dashboard writes them, and on a phone the free tier's label clear of its box (the ads
// table's rows aligned, checked here once, went with the table: each ad is a card on a phone), the reconciliation panel compact. A third: the ads table's outcome columns as
// the legend's (its order, "Not delivered" too), and on a phone the reconciliation chart naming
// all four kinds.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { json } from './support/api.ts'
import { artifacts, openCustomer, openDashboard, openDemoSite, type DemoSite } from './support/browser.ts'
import type { ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import { count } from '../web/src/format.ts'

let site: DemoSite

beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('names the Click-to-WhatsApp outcomes alike in the legend and the table ("Already in a free window" vs "In an open free entry point")', async () => {
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30', 390)
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

// On a phone the legends' swatches touched, one coloured block, and "No reply within 24 h" sat alone
// in a second column (fresh-user trial): one swatch a line, apart.
it('sets a phone\'s legend swatches apart, one a line (390 px)', async () => {
  const page = await openDashboard(site, 'from=2024-08-01&to=2024-09-20', 390)
  for (const id of ['ctwa', 'guardrail']) {
    const boxes = await page.$$eval(`#${id} figure [class$="-swatch"] > svg`, (svgs) => svgs.map((s) => { const r = s.getBoundingClientRect(); return { left: r.left, top: r.top, bottom: r.bottom } }))
    expect(boxes.length, id).toBeGreaterThan(3)
    for (const [i, b] of boxes.slice(1).entries()) {
      expect([id, i, b.left]).toEqual([id, i, boxes[0]!.left])
      expect([id, i, b.top - boxes[i]!.bottom >= 3]).toEqual([id, i, true])
    }
  }
  await page.close()
}, 120_000)

// The axis label under the last ticks touched them on a desktop: Free tier's "1,000" above
// "Service conversations →", Spend by market's "$200" above "Spend (USD) →" (fresh-user trial)
it('keeps an axis label clear below the ticks above it (1440 px)', async () => {
  const page = await openDashboard(site, '', 1440)
  const gaps = await page.$$eval('#free-tier svg, #markets svg', (svgs) => svgs.flatMap((svg) => {
    const l = svg.querySelector('[aria-label="x-axis label"] text')?.getBoundingClientRect()
    if (!l) return []
    const above = [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => t.getBoundingClientRect())
      .filter((t) => t.right > l.left && t.left < l.right)
    return above.map((t) => Math.round(l.top - t.bottom))
  }))
  expect(gaps.length).toBeGreaterThan(3)
  expect(gaps.filter((g) => g < 4)).toEqual([])
  await page.close()
}, 120_000)

it('explains each what-if scenario with an example of that scenario (July 2025 per-message pricing ended on an October 2026 one)', async () => {
  const explained = async (scenario: string) => {
    const page = await openDashboard(site, `from=2024-09-01&to=2024-09-30${scenario ? `&scenario=${scenario}` : ''}`)
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
    const page = await openCustomer(site, 'q=917380051369', width, scheme)
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
  // (an ad id that wrapped, its row's figures on its first line, was checked here while the ads
  // stayed a table on a phone: each ad is a card there now, dashboard-days-browser.test.ts)
  it(`lays the phone's free tier label and reconciliation out readably (390 px, ${scheme})`, async () => {
    const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30', 390, scheme)
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
    // What Meta billed: every kind named over its bar, one the API has no row for "· none", as
    // wide (the demo has 2 of the 4: the phone named those, two bands empty between them, second
    // trial; it said "· 0" where wide said "none": fresh-user trial)
    const summary = await json<ReconcileSummaryRow[]>(site.t.app, '/api/reconcile/summary?from=2024-09-01&to=2024-09-30')
    expect(summary.map((r) => r.kind).sort()).toEqual(['CATEGORY_MISMATCH', 'CONVERSATION_SPLIT'])
    const kinds = await page.locator('#reconcile svg').first().evaluate((svg) => [...svg.querySelectorAll('[aria-label="text"] text')]
      .map((t) => ({ text: t.textContent ?? '', top: t.getBoundingClientRect().top, left: t.getBoundingClientRect().left })).sort((a, b) => a.top - b.top))
    // each name clear of the axis's rule at 0 (it ran through their first letters)
    const rule = await page.locator('#reconcile svg').first().evaluate((svg) => svg.querySelector('[aria-label="rule"] line')!.getBoundingClientRect().right)
    for (const k of kinds) expect(k.left, k.text).toBeGreaterThanOrEqual(rule + 2)
    expect(kinds.map((k) => k.text.split(' · ').slice(0, 2).join(' · '))).toEqual([
      `Category mismatch · ${count(summary.find((r) => r.kind === 'CATEGORY_MISMATCH')!.discrepancies)}`,
      'Meta billed, rules free · none', 'Meta free, rules charge · none',
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
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30')
  expect(await page.$$eval('#reconcile tbody tr', (rows) => rows.filter((r) => (r as HTMLElement).offsetHeight === 0).length)).toBe(0)
  expect(await page.locator('#reconcile button.show-all').count()).toBe(0)
  // a kind without discrepancies (the demo has two) says so beside its name, not nothing (third trial)
  const beside = await page.$$eval('#reconcile svg [aria-label="text"] text', (ts) => ts.map((t) => t.textContent ?? ''))
  expect(beside.filter((x) => x === 'none').length).toBe(2)
  await page.close()
}, 120_000)

it('saves every discrepancy of the view as CSV from the reconciliation panel, and writes Meta\'s billable as the investigation page does', async () => {
  // the panel lists the 10 latest (616 in the trial's period) with no way to the rest: second trial
  const page = await openDashboard(site, 'from=2024-09-01&to=2024-09-30')
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
