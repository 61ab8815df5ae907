// The dashboard's period in Debian's Chromium (playwright-core), on the demo dataset served by the
// real app: a date typed in From or To reaches the panels only once it is a whole day the user
// settled on (web/src/day-fields.ts), a reversed period is said once, and the spend chart cuts
// weeks (from Monday) and months to the period, saying which bars are partial. Split from
// browser.test.ts (the figures, the filters, the layouts and the live refresh).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { openDemoSite, type DemoSite, dashboardSettled } from './support/browser.ts'

let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })

it('applies a typed date only once it is whole, never rewrites the field, and flags a reversed period once', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const asked: string[] = []
  page.on('request', (r) => { if (r.url().includes('/api/')) asked.push(r.url()) })
  await page.goto(`${base}/#key=${adminKey}`)
  await dashboardSettled(page)
  asked.length = 0
  await page.focus('input[name=from]')
  await page.keyboard.type('09012024', { delay: 30 })
  // Mid-typing values (0002-09-01, 0020-09-01, 0202-09-01) reach no panel, and the field keeps
  // what the user typed.
  expect(await page.inputValue('input[name=from]')).toBe('2024-09-01')
  expect(asked.filter((u) => /from=0/.test(u))).toEqual([])
  await page.keyboard.press('Tab')
  await page.waitForURL(/from=2024-09-01/)
  await dashboardSettled(page)
  expect(await page.locator('.state.error').count()).toBe(0)

  // Typing over a filled field passes through real days (09/02 while typing "20"): none applies
  // before the user leaves the field.
  await page.goto(`${base}/?from=2024-09-01&to=2024-09-15`)
  await dashboardSettled(page)
  asked.length = 0
  await page.focus('input[name=from]')
  await page.keyboard.type('09202024', { delay: 30 })
  expect(asked.filter((u) => /from=2024-09-0[2-9]|from=0/.test(u))).toEqual([])
  expect(await page.inputValue('input[name=from]')).toBe('2024-09-20')
  await page.keyboard.press('Tab')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await page.textContent('#period-error')).toBe('From (2024-09-20) is after To (2024-09-15): pick a To on or after From. The panels below still show the previous period.')
  await page.goto(`${base}/?from=2024-09-01`)
  await dashboardSettled(page)

  await page.focus('input[name=to]')
  await page.keyboard.type('08152024', { delay: 30 })
  await page.keyboard.press('Tab')
  await page.waitForSelector('#period-error:not([hidden])')
  expect(await page.textContent('#period-error')).toBe('From (2024-09-01) is after To (2024-08-15): pick a To on or after From. The panels below still show the previous period.')
  expect(await page.getAttribute('input[name=to]', 'aria-invalid')).toBe('true')
  expect(await page.locator('.state.error').count()).toBe(0)
})

/** The x-axis tick labels and the bars' [x, width] of the spend chart. */
async function spendAxis(page: Page): Promise<{ ticks: string[]; bars: [number, number][]; note: string | null }> {
  return page.evaluate(() => ({
    // a label's lines (tspans) joined by a space: "Sep 2 2024" is "Sep 2" over "2024"
    ticks: [...document.querySelectorAll('#spend svg [aria-label="x-axis tick label"] text')]
      .map((t) => [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') || (t.textContent ?? '')),
    bars: [...document.querySelectorAll('#spend svg [aria-label="rect"]:not([aria-hidden]) rect')]
      .map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))] as [number, number]),
    note: document.querySelector('#spend .partial-note')?.textContent ?? null,
  }))
}

it('draws weeks from Monday and months cut to a partial period, with the partial ones said', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${base}/?from=2024-09-01&to=2024-09-15&granularity=week#key=${adminKey}`)
  await dashboardSettled(page)
  const week = await spendAxis(page)
  // 2024-09-01 is a Sunday: the axis starts at its week's Monday (its bar had no tick: trial),
  // ticks on the three Mondays; bars of 1, 7 and 7 days.
  expect(week.ticks).toEqual(['Aug 26 2024', 'Sep 2', 'Sep 9'])
  const starts = [...new Set(week.bars.map(([x]) => Math.round(x)))].sort((a, b) => a - b)
  const widthAt = (x: number) => week.bars.find(([bx]) => Math.round(bx) === x)![1]
  expect(starts.length).toBe(3)
  expect(widthAt(starts[1]!) / widthAt(starts[0]!)).toBeCloseTo(7, 0)
  expect(widthAt(starts[2]!) / widthAt(starts[1]!)).toBeCloseTo(1, 1)
  expect(week.note).toMatch(/^Hatched bars are partial weeks: only the days from Sep 1, 2024 to Sep 15, 2024 count\.$/)
    // the partial week (Sep 1 alone) is hatched, the whole ones not
    expect(await page.$$eval('#spend svg [aria-hidden="true"][fill^="url("] rect', (rs) => rs.map((r) => Math.round(Number(r.getAttribute('x')))))).toEqual([starts[0]])
  // Tooltips name the split and the period as the bar covers it (one day is one day).
  const tip = async (i: number) => {
    // in view first: the mouse hovers within the viewport only (the filter bar's period presets
    // and the headline's "Meta billed differently" line moved the chart below 900 px)
    const bar = page.locator('#spend svg [aria-label="rect"] rect').nth(i)
    await bar.scrollIntoViewIfNeeded()
    const box = (await bar.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    return (await page.locator('#spend svg [aria-label="tip"]').textContent() ?? '').replace(/\u200b/g, ' ').replace(/\u00a0/g, ' ')
  }
  const first = await tip(0)
  expect(first).toMatch(/Category: (Marketing|Utility|Authentication)/)
  expect(first).toContain('Period: Sep 1, 2024 (the part of the week Aug 26, 2024 – Sep 1, 2024 inside the period)')
  expect(first).not.toContain('key')

  await page.click('[data-switch=granularity] button[value=month]')
  await page.waitForURL(/granularity=month/)
  await dashboardSettled(page)
  const month = await spendAxis(page)
  expect(month.ticks).toEqual(['Sep 2024'])
  // One bar per series, all spanning the chart from Sep 1 to the end of Sep 15 (not to Sep 30).
  const plot = await page.evaluate(() => {
    const x = (document.querySelector('#spend figure') as unknown as { scale(n: string): { range: number[] } }).scale('x')
    return x.range
  })
  for (const [x, w] of month.bars) {
    expect(Math.abs(x - plot[0]!)).toBeLessThanOrEqual(1)
    expect(Math.abs(x + w - plot[1]!)).toBeLessThanOrEqual(1)
  }
  expect(month.note).toMatch(/partial months/)

  // A period inside one month still names the month on the axis.
  await page.goto(`${base}/?from=2024-09-02&to=2024-09-15&granularity=month`)
  await dashboardSettled(page)
  expect((await spendAxis(page)).ticks).toEqual(['Sep 2024'])
})
