// "Spend over time"'s time axis in Debian's Chromium on the 2024–2026 pricing-eras log
// (test/support/eras-log.ts): its ticks come from the interval the shared helper picks for the
// bars and the width (web/src/day-ticks.ts, as "Spend across pricing models"). Its own list of
// ticks (every period's start while they fit, else Plot's ticks for the span alone) fell on
// month starts under weekly bars (34 weeks at 1440 px, 9 on a phone) and ticked every month of
// 26 at 1440 px.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import * as Plot from '@observablehq/plot'
import { adminKey } from './support/api.ts'
import { artifacts, openErasSite, dashboardSettled, type DemoSite } from './support/browser.ts'
import { dayTicks, mondayTicks, monthTicks, periodTicks } from '../web/src/day-ticks.ts'

const DAY = 86_400_000
let site: DemoSite

beforeAll(async () => { site = await openErasSite() }, 240_000)
afterAll(async () => { await site?.close() })

/**
 * The spend chart's x axis as drawn: the scale's range, each tick's x in the chart's pixels (and
 * its centre in the page's, with a band scale's days), each tick label's box, and where `dates`
 * fall on the scale.
 */
async function axis(page: Page, dates: number[]) {
  return page.locator('#spend svg:has([aria-label="x-axis tick"])').evaluate((svg, ms) => {
    const plot = (svg.closest('figure') ?? svg) as unknown as { scale(n: string): { range: number[]; domain: Date[]; bandwidth?: number; apply(d: Date): number } }
    const x = plot.scale('x')
    const left = svg.getBoundingClientRect().left
    return {
      range: x.range,
      // a band scale's days and the ticks' centres, in the page's pixels
      days: x.bandwidth === undefined ? [] : x.domain.map((d) => ({ day: d.toISOString().slice(0, 10), centre: left + x.apply(d) + x.bandwidth! / 2 })),
      centres: [...svg.querySelectorAll('[aria-label="x-axis tick"] path')].map((p) => p.getBoundingClientRect().left + p.getBoundingClientRect().width / 2),
      ticks: [...svg.querySelectorAll('[aria-label="x-axis tick"] path')].map((p) => {
        const g = p.parentElement!.getAttribute('transform') ?? ''
        const dx = Number(/translate\(([-\d.]+)/.exec(g)?.[1] ?? 0)
        return Number(/translate\(([-\d.]+)/.exec(p.getAttribute('transform') ?? '')![1]) + dx
      }),
      labels: [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map((t) => {
        const b = t.getBoundingClientRect()
        return { text: [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || (t.textContent ?? ''), left: b.left, right: b.right }
      }),
      want: ms.map((m) => x.apply(new Date(m))),
    }
  }, dates)
}

async function open(width: number, scheme: 'light' | 'dark', query: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
  await page.goto(`${site.base}/?waba=waba-era-utc&${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

/** No tick label overlaps the next one (2 px apart at least). */
function apart(labels: { text: string; left: number; right: number }[]) {
  const sorted = [...labels].sort((a, b) => a.left - b.left)
  for (const [i, l] of sorted.slice(1).entries()) expect({ l: l.text, gap: l.left - sorted[i]!.right >= 2 }).toEqual({ l: l.text, gap: true })
}

for (const [width, scheme] of [[390, 'dark'], [1440, 'light']] as const) {
  it(`ticks weekly and monthly bars at the shared helper's interval, never crowded (${width} px, ${scheme})`, async () => {
    // Nov–Feb by week and Jul 2024 – Dec 2025 by month: on a phone every 8 weeks named no
    // December and no February, by year no 2024 month (fresh-user trial)
    for (const [granularity, from, to] of [['week', '2025-01-06', '2025-08-31'], ['week', '2024-11-04', '2025-02-23'], ['week', '2024-11-01', '2025-02-28'],
      ['month', '2024-09-10', '2026-11-03'], ['month', '2024-07-01', '2025-12-31']] as const) {
      const page = await open(width, scheme, `from=${from}&to=${to}&granularity=${granularity}`)
      await page.locator('#spend').screenshot({ path: `${artifacts}spend-ticks-${granularity}-${width}-${scheme}.png` })
      // the axis starts at the first bar's Monday or 1st (day-ticks.ts periodAxis): from a
      // Friday, its first, partial week was left of the first tick, unnamed (trial)
      const start = +Plot.utcInterval(granularity === 'week' ? 'monday' : 'month').floor(new Date(from))
      const end = Date.parse(to) + DAY
      const { range } = await axis(page, [])
      const interval = periodTicks(granularity, (end - start) / DAY, range[1]! - range[0]!)
      // the interval's starts inside the period (not its end: "Sep 1" under a period to Aug 31);
      // every n weeks counted from the period's first Monday (Plot's "n mondays" count from 1970's:
      // 13 of them began at the third week on a phone, user trial), and from each new year's first
      // Monday (every 8 weeks from Nov 4 ticked Dec 30 and nothing in 2025 on a phone: user trial)
      const every = granularity === 'week' ? Number(/^\d+/.exec(interval)?.[0] ?? 1) : 1
      const dates = (granularity === 'week'
        ? mondayTicks(new Date(start), new Date(end), every, (range[1]! - range[0]!) / ((end - start) / DAY))
        : monthTicks(new Date(start), new Date(end), interval, (range[1]! - range[0]!) / ((end - start) / DAY))).map(Number)
      const drawn = await axis(page, dates)
      expect({ granularity, interval, ticks: drawn.ticks.length }).toEqual({ granularity, interval, ticks: dates.length })
      for (const [k, x] of drawn.ticks.entries()) expect(Math.abs(x - drawn.want[k]!), `${granularity} tick ${k}`).toBeLessThan(1)
      for (const d of dates) expect(granularity === 'week' ? new Date(d).getUTCDay() : new Date(d).getUTCDate()).toBe(1)
      expect(dates.length).toBeGreaterThanOrEqual(2)
      expect(dates[0]).toBe(start)
      apart(drawn.labels)
      // every year the span covers named; over a few months, every month wholly inside it ticked
      const texts = drawn.labels.map((l) => l.text)
      for (let y = new Date(start).getUTCFullYear(); y <= new Date(end - DAY).getUTCFullYear(); y++) expect(texts.some((t) => t.endsWith(` ${y}`)), `${y} in ${texts.join(', ')}`).toBe(true)
      if (end - start <= 120 * DAY) {
        for (const m of Plot.utcInterval('month').range(new Date(start), new Date(end))) {
          if (+Plot.utcInterval('month').offset(m) > end) continue
          expect(dates.some((d) => new Date(d).getUTCMonth() === m.getUTCMonth()), `${m.toISOString().slice(0, 7)} in ${texts.join(', ')}`).toBe(true)
        }
      }
      // a week by its Monday, the year beneath on the first tick and where it changes (across New
      // Year it read "Dec 30, Jan 6": user trial)
      if (granularity === 'week') {
        for (const [i, t] of texts.entries()) {
          const year = new Date(dates[i]!).getUTCFullYear()
          const changes = i === 0 || new Date(dates[i - 1]!).getUTCFullYear() !== year
          expect(t).toMatch(changes ? new RegExp(`^[A-Z][a-z]{2} \\d{1,2} ${year}$`) : /^[A-Z][a-z]{2} \d{1,2}$/)
        }
        if (from === '2024-11-04') expect(texts.filter((t) => / \d{4}$/.test(t)).map((t) => t.slice(-4))).toEqual(['2024', '2025'])
      }
      await page.close()
    }
  }, 120_000)

  it(`ticks daily bars at the shared helper's Mondays or Plot's own, never crowded (${width} px, ${scheme})`, async () => {
    const page = await open(width, scheme, 'from=2025-06-01&to=2025-08-31&granularity=day')
    const drawn = await axis(page, [])
    const days = drawn.centres.map((t) => drawn.days.find((d) => Math.abs(d.centre - t) < 0.5)?.day ?? `off ${t}`)
    const every = dayTicks(drawn.days.length, drawn.range[1]! - drawn.range[0]!)
    // every Monday or every 2nd, counted from the period's first (no New Year inside)
    const want = every === undefined ? [] : Plot.utcInterval('monday').range(new Date('2025-06-01'), new Date('2025-09-01'))
      .filter((_, i) => i % (every === 'monday' ? 1 : 2) === 0).map((d) => d.toISOString().slice(0, 10))
    // Mondays where the helper thins them so; else Plot's own, at 1sts of months
    if (every) expect(days).toEqual(want)
    else for (const d of days) expect(d).toMatch(/-01$/)
    expect(days.length).toBeGreaterThanOrEqual(2)
    apart(drawn.labels)
    // a day named by its month and day, the year beneath on the first tick only (day charts never
    // named a year: fresh-user trial)
    expect(drawn.labels.map((l) => / \d{4}$/.test(l.text))).toEqual(drawn.labels.map((_, i) => i === 0))
    expect(drawn.labels[0]!.text).toMatch(/^[A-Z][a-z]{2} \d{1,2} 2025$/)
    await page.close()
  }, 120_000)

  it(`names both years on a daily axis across New Year (${width} px, ${scheme})`, async () => {
    // the log's 2024-11-02 drawn over 67 days: Plot's own ticks named no year ("4 / Nov" … "30"),
    // and on a phone (every 2 Mondays, Plot's from 1970's: Nov 4 … Dec 30) had none in 2025
    const page = await open(width, scheme, 'from=2024-11-02&to=2025-01-07&granularity=day')
    await page.locator('#spend').screenshot({ path: `${artifacts}spend-ticks-day-new-year-${width}-${scheme}.png` })
    const drawn = await axis(page, [])
    const days = drawn.centres.map((t) => drawn.days.find((d) => Math.abs(d.centre - t) < 0.5)?.day ?? `off ${t}`)
    const years = drawn.labels.map((l) => / (\d{4})$/.exec(l.text)?.[1])
    // the year beneath the first tick and the first tick of 2025, nowhere else
    expect(years.filter(Boolean)).toEqual(['2024', '2025'])
    expect(years[0]).toBe('2024')
    expect(days[years.indexOf('2025')]!.slice(0, 4)).toBe('2025')
    expect(days.filter((d) => d.startsWith('2025'))[0]).toBe(days[years.indexOf('2025')])
    apart(drawn.labels)
    await page.close()
  }, 120_000)
}
