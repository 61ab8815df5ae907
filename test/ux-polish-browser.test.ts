// Findings of a fresh-user trial, in Debian's Chromium on the demo dataset and the fixtures of
// Meta's pricing: a table wider than its card (the customer's messages on a laptop; the ads on a
// phone, until each ad became a card there: dashboard-days-browser.test.ts) scrolled sideways with
// no sign of more columns: its edge now fades while there is more, and its first column stays in
// view (web/src/panel.ts scrolling). On a wide screen the
// reconciliation's bars showed no count (only in a tooltip): each bar now says it.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, customerSettled, dashboardSettled, openDemoMetaSite, type DemoSite } from './support/browser.ts'
import type { ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import { count } from '../web/src/format.ts'

let site: DemoSite

beforeAll(async () => {
  site = await openDemoMetaSite()
}, 240_000)
afterAll(async () => { await site?.close() })

async function open(path: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme })
  await page.goto(`${site.base}/${path}#key=${adminKey}`)
  await (path.startsWith('customer') ? customerSettled(page) : dashboardSettled(page))
  return page
}

/** The fade over the box's right edge: its opacity (0: none) and whether it is a gradient. */
const fade = (table: Locator) => table.evaluate((t) => {
  const after = getComputedStyle(t.closest('.table-wrap') ?? t.parentElement!, '::after')
  return { opacity: after.content === 'none' ? 0 : Number(after.opacity), gradient: after.backgroundImage.includes('gradient'), width: parseFloat(after.width) || 0 }
})

/**
 * The table is wider than its box; while more columns lie right of the edge the edge fades; scrolled
 * to the end, it does not; the first column stays where it was, on top of the others.
 */
async function scrollsWithCue(page: Page, table: Locator, name: string): Promise<void> {
  const box = await table.evaluate((t) => { const s = t.parentElement!; return { scroll: s.scrollWidth, client: s.clientWidth, overflow: getComputedStyle(s).overflowX } })
  expect(box.scroll, `${name} is wider than its box`).toBeGreaterThan(box.client + 20)
  expect(box.overflow).toBe('auto')
  await expect.poll(() => fade(table), { timeout: 30_000 }).toEqual({ opacity: 1, gradient: true, width: expect.any(Number) })
  expect((await fade(table)).width).toBeGreaterThanOrEqual(20)
  const first = table.locator('tbody tr').first().locator('td').first()
  // in the window, for what is seen at its place to be asked
  await first.scrollIntoViewIfNeeded()
  const before = (await first.boundingBox())!
  await table.evaluate((t) => { t.parentElement!.scrollLeft = t.parentElement!.scrollWidth })
  await expect.poll(async () => (await fade(table)).opacity, { timeout: 30_000 }).toBe(0)
  const after = (await first.boundingBox())!
  expect(after.x).toBeCloseTo(before.x, 0)
  // nothing scrolled over it: the first column is what is seen at its place
  expect(await first.evaluate((td) => { const b = td.getBoundingClientRect(); return td.contains(document.elementFromPoint(b.left + 4, b.top + b.height / 2)) })).toBe(true)
  // back at the start: the cue again
  await table.evaluate((t) => { t.parentElement!.scrollLeft = 0 })
  await expect.poll(async () => (await fade(table)).opacity, { timeout: 30_000 }).toBe(1)
}

it('gives the customer page\'s messages table the same cue on a laptop (1024 px), and none to a table that fits (1440 px)', async () => {
  const page = await open('customer.html?q=4915192029377', 1024)
  await page.locator('#messages').screenshot({ path: `${artifacts}ux-messages-cue-1024.png` })
  await scrollsWithCue(page, page.locator('#messages table'), 'the messages table')
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect.poll(() => page.locator('#messages table').evaluate((t) => t.parentElement!.scrollWidth <= t.parentElement!.clientWidth), { timeout: 30_000 }).toBe(true)
  await expect.poll(async () => (await fade(page.locator('#messages table'))).opacity, { timeout: 30_000 }).toBe(0)
  await page.close()
}, 120_000)

/** Each table of `scope` in its box: whether it fits (nothing to scroll), the sides its cue says (data-more) and its fade. */
const cues = (page: Page, scope: string) => page.locator(`${scope} .table-wrap`).evaluateAll((wraps) => wraps.map((w) => {
  const box = w.querySelector('.table-scroll')!
  const after = getComputedStyle(w, '::after')
  return { fits: box.scrollWidth <= box.clientWidth, more: (w as HTMLElement).dataset.more ?? '', fade: after.content === 'none' ? 0 : Number(after.opacity) }
}))

/** Two frames drawn. */
const frames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
/** A frame drawn (the resize events dispatched), then the 250 ms a resize rests before the dashboard redraws (web/src/main.ts) passed: a page-side timer, so the resize's fires first. */
const rested = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 400))))

it('shows no cue on the reconciliation\'s tables where they fit (1440 px and 390 px, dark and light), not even after the window had no width for a moment', async () => {
  // A screenshot of part of the page (Playwright's, of the panel taller than the window) shrinks
  // the window to 1 × 1 px for a moment: the tables' boxes, 0 wide, were said to scroll, and the
  // cue's fade-out then left their Cost difference column half faded at 1440 px (dark: trial).
  for (const [width, scheme] of [[1440, 'dark'], [1440, 'light'], [390, 'dark']] as const) {
    const page = await open('?from=2024-09-01&to=2024-09-30', width, scheme)
    const fitting = [{ fits: true, more: '', fade: 0 }, { fits: true, more: '', fade: 0 }]
    expect(await cues(page, '#reconcile'), `${width} ${scheme}`).toEqual(fitting)
    await page.setViewportSize({ width: 1, height: 1 })
    // held there past the 250 ms a resize rests, as a screenshot on a loaded machine may: the
    // panels were drawn anew at 1 px ("Loading…": no table to read) and again at the width
    await rested(page)
    expect((await cues(page, '#reconcile')).map((c) => c.more), `${width} ${scheme}, the window 1 px wide`).toEqual(['', ''])
    await page.setViewportSize({ width, height: 900 })
    await frames(page)
    expect(await cues(page, '#reconcile'), `${width} ${scheme}, the window back to its width`).toEqual(fitting)
    // and once a resize has rested: nothing drawn anew (the width is the one drawn), as shown
    await rested(page)
    await dashboardSettled(page)
    expect(await cues(page, '#reconcile'), `${width} ${scheme}, rested`).toEqual(fitting)
    await page.locator('#reconcile').screenshot({ path: `${artifacts}ux-reconcile-no-cue-${width}-${scheme}.png` })
    await page.close()
  }
  // where a table does scroll (the customer's messages on a laptop), dark as light: the cue
  const page = await open('customer.html?q=4915192029377', 1024, 'dark')
  await scrollsWithCue(page, page.locator('#messages table'), 'the messages table (dark)')
  await page.close()
}, 180_000)

it('labels each kind\'s bar with its count on a wide screen, right of the bar (1440 px)', async () => {
  const query = 'from=2024-09-01&to=2024-09-30'
  const summary = await json<ReconcileSummaryRow[]>(site.t.app, `/api/reconcile/summary?${query}`)
  const counts = new Map<string, number>()
  for (const r of summary) counts.set(r.kind, (counts.get(r.kind) ?? 0) + Number(r.discrepancies))
  expect(counts.size).toBe(4)
  const page = await open(`?${query}`, 1440)
  const drawn = await page.evaluate(() => {
    const svg = document.querySelector('#reconcile svg')!
    const mid = (b: DOMRect) => b.top + b.height / 2
    const bars = [...svg.querySelectorAll('[aria-label="bar"] rect')].map((r) => r.getBoundingClientRect())
    const texts = [...svg.querySelectorAll('[aria-label="text"] text')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }))
    return [...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((tick) => {
      const y = mid(tick.getBoundingClientRect())
      const bar = bars.find((b) => Math.abs(mid(b) - y) < b.height / 2)
      const label = texts.find((t) => Math.abs(mid(t.box) - y) < 8)
      return { kind: tick.textContent, text: label?.text, gap: bar && label ? label.box.left - bar.right : null }
    })
  })
  const words: Record<string, string> = { CATEGORY_MISMATCH: 'Category mismatch', BILLED_BUT_FREE: 'Meta billed, rules free', FREE_BUT_CHARGED: 'Meta free, rules charge', CONVERSATION_SPLIT: 'Conversation split' }
  for (const [kind, n] of counts) {
    const d = drawn.find((x) => x.kind === words[kind])
    expect(d?.text, `${words[kind]}: its bar's label`).toMatch(new RegExp(`^${count(n).replace(/[.,]/g, '\\$&')} · `))
    expect(d!.gap).toBeGreaterThanOrEqual(0)
    expect(d!.gap).toBeLessThan(12)
  }
  await page.locator('#reconcile').screenshot({ path: `${artifacts}ux-reconcile-counts-1440.png` })
  await page.close()
}, 120_000)
