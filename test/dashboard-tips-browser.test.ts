// The dashboard's tooltips as a fresh-user trial met them, in Debian's Chromium on the demo
// dataset: on a phone (390 px) Plot opened a wide tip to the left of a bar and the card cut it
// ("(USD) $24.05 / ry Authentication"); tips named channels as Plot does ("fy Guardrail break",
// "key Germany"); a phone number's label was cut short ("Kirana India · +91 80 45…") even at
// 1440 px; the what-if's tallest bar ($180.51) rose above its axis' top ($180).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

// every chart of the demo with Plot tips (the reconciliation's bars too: they carried the
// browser's own title, unlike every other chart: trial)
const panels = ['#spend', '#markets', '#free-tier', '#ctwa', '#eras', '#guardrail', '#whatif', '#reconcile']
/** Plot's own names for channels, which a person would not say. */
const internal = /^(fx|fy|key|x|y|x1|x2|y1|y2|fill|stroke|series|side|verdict|priced_cost)\b(?!:)/i

async function open(width: number, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'en-US' })
  await page.goto(`${site.base}/?from=2024-07-23&to=2024-09-20#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForSelector('#whatif svg', { timeout: 90_000 })
  return page
}

interface Tip { lines: string[]; left: number; right: number; top: number; bottom: number; clip: { left: number; right: number; top: number; bottom: number }; size: number; pitch: number }

/**
 * Hovers the `i`th of `n` sampled bars of `panel` and answers its tip: its lines as shown, its box,
 * the box that clips it, its text's size (px) and how far apart its lines are (ems; Infinity for one line).
 */
async function tipOf(page: Page, panel: string, i: number): Promise<Tip | null> {
  const bars = page.locator(`${panel} svg [aria-label="bar"] rect, ${panel} svg [aria-label="rect"] rect`)
  await page.mouse.move(0, 0)
  const bar = bars.nth(i)
  await bar.scrollIntoViewIfNeeded()
  const b = await bar.boundingBox()
  if (!b || b.width < 1 || b.height < 1) return null
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const tip = await page.waitForFunction((p) => {
    const g = [...document.querySelectorAll(`${p} svg [aria-label=tip] g`)].find((t) => t.textContent)
    if (!g || (g.parentElement as unknown as SVGGElement).getAttribute('visibility') === 'hidden') return null
    const r = g.getBoundingClientRect()
    // the tip is cut by the viewport and by the panel's body (overflow: auto)
    const body = g.closest('.body')!.getBoundingClientRect()
    const clip = { left: Math.max(0, body.left), right: Math.min(document.documentElement.clientWidth, body.right), top: body.top, bottom: body.bottom }
    const lines = [...g.querySelectorAll('text > tspan')].map((t) => [...t.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join('').replace(/\u200b/g, '').trim())
    const text = g.querySelector('text')!
    const size = Number.parseFloat(getComputedStyle(text).fontSize)
    const tops = [...text.querySelectorAll('tspan')].map((t) => t.getBoundingClientRect().top)
    const pitch = Math.min(...tops.slice(1).map((top, k) => top - tops[k]!)) / size
    return { lines, left: r.left, right: r.right, top: r.top, bottom: r.bottom, clip, size, pitch }
  }, panel)
  return (await tip.jsonValue())!
}

/** Up to `k` bars of `panel` spread along it: the first, the last and between. */
async function sample(page: Page, panel: string, k: number): Promise<number[]> {
  const n = await page.locator(`${panel} svg [aria-label="bar"] rect, ${panel} svg [aria-label="rect"] rect`).count()
  return [...new Set(Array.from({ length: Math.min(k, n) }, (_, j) => Math.round((j * (n - 1)) / Math.max(1, k - 1))))]
}

it('keeps every chart\'s tooltips whole on a phone (390 px), named in words', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(390, scheme)
    for (const panel of panels) {
      const idx = await sample(page, panel, 7)
      expect(idx.length, panel).toBeGreaterThan(0)
      for (const i of idx) {
        const t = await tipOf(page, panel, i)
        if (!t) continue
        const inside = t.left >= t.clip.left - 1 && t.right <= t.clip.right + 1 && t.top >= t.clip.top - 1 && t.bottom <= t.clip.bottom + 1
        if (!inside) await page.screenshot({ path: `${artifacts}dashboard-tip-390-${panel.slice(1)}-${i}.png` })
        if (panel === '#spend' && i === idx[Math.floor(idx.length / 2)]) await page.screenshot({ path: `${artifacts}dashboard-tip-390-spend-${scheme}.png` })
        expect(inside, JSON.stringify({ panel, i, ...t })).toBe(true)
        // nothing cut short: no line ends in Plot's ellipsis
        expect(t.lines.filter((l) => l.endsWith('…')), `${panel} ${i}`).toEqual([])
        expect(t.lines.filter((l) => internal.test(l)), `${panel} ${i}`).toEqual([])
      }
    }
    await page.close()
  }
}, 240_000)

// Plot's tips were 10 px text at 1 em a line: beside the page's 15 px text they read small, their
// lines almost touching (fresh-user trial, the customer timeline's tips; every chart's the same).
it('writes every chart\'s tooltip in text of 12 px or more, its lines apart, on the chart (390 and 1440 px, light and dark)', async () => {
  for (const width of [390, 1440]) {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await open(width, scheme)
      for (const panel of panels) {
        const [i] = (await sample(page, panel, 3)).slice(1)
        const t = await tipOf(page, panel, i ?? 0)
        if (!t) continue
        if (panel === '#spend') await page.locator(panel).screenshot({ path: `${artifacts}dashboard-tip-text-${width}-${scheme}.png` })
        const inside = t.left >= t.clip.left - 1 && t.right <= t.clip.right + 1 && t.top >= t.clip.top - 1 && t.bottom <= t.clip.bottom + 1
        const several = t.lines.length > 1
        expect({ width, scheme, panel, big: t.size >= 12, several, apart: t.pitch >= 1.25, inside })
          .toEqual({ width, scheme, panel, big: true, several: true, apart: true, inside: true })
      }
      await page.close()
    }
  }
}, 240_000)

it('names every line of a tooltip in words and shows a phone number whole (1440 px)', async () => {
  const page = await open(1440, 'light')
  for (const panel of panels) {
    for (const i of await sample(page, panel, 4)) {
      const t = await tipOf(page, panel, i)
      if (!t) continue
      expect(t.lines.filter((l) => internal.test(l)), `${panel} ${i}`).toEqual([])
      expect(t.lines.filter((l) => l.endsWith('…')), `${panel} ${i}`).toEqual([])
    }
  }
  // the guardrail's bars by phone number: Kirana India's label whole, on one line or wrapped
  const n = await page.locator('#guardrail svg [aria-label="bar"] rect').count()
  let kirana = ''
  for (let i = 0; i < n && !kirana; i++) {
    const t = await tipOf(page, '#guardrail', i)
    if (t?.lines.join(' ').includes('Kirana India')) kirana = t.lines.join(' ').replace(/\s+/g, ' ')
  }
  expect(kirana).toContain('Kirana India · +91 80 4567 0721')
  expect(kirana).not.toMatch(/\b(fy|key) /)
  await page.close()
}, 240_000)

it('draws the what-if\'s tallest bar within its axis (1440 px, dark)', async () => {
  const page = await open(1440, 'dark')
  const r = await page.evaluate(() => {
    const svg = document.querySelector('#whatif svg[class^=plot]') ?? document.querySelector('#whatif figure svg:not([class$=-swatch] svg)')!
    const tops = [...svg.querySelectorAll('[aria-label=bar] rect')].map((b) => b.getBoundingClientRect().top)
    const ticks = [...svg.querySelectorAll('[aria-label="y-axis tick"] path, [aria-label="y-axis tick"] line')].map((t) => t.getBoundingClientRect().top)
    return { bar: Math.min(...tops), tick: Math.min(...ticks), n: tops.length }
  })
  expect(r.n).toBeGreaterThan(0)
  // the highest tick is at or above the tallest bar: the axis says how tall it is
  expect(r.tick).toBeLessThanOrEqual(r.bar + 0.5)
  await page.locator('#whatif').screenshot({ path: `${artifacts}dashboard-whatif-1440-dark.png` })
  await page.close()
}, 240_000)

// fresh-user trials: on a phone the spend tip split by phone number wrapped a number across two
// lines ("Lumen UK · +44 20" / "7946 0611"): Plot breaks lines at spaces and hyphens; kept
// within half the chart (~10 ems), it ran 11 lines of two words, its label alone on a line
// ("Phone number:" / "Northwind US ·" / "+1 212-555-0141")
it('keeps each phone number on one line of a tip on a phone, its name on its label\'s line (390 px, spend by phone number)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 900 }, colorScheme: 'light', locale: 'en-US' })
  await page.goto(`${site.base}/?from=2024-07-23&to=2024-09-20&granularity=week&split=phone#key=${adminKey}`)
  await dashboardSettled(page)
  const numbers = new Set<string>()
  const named: string[] = []
  for (const i of await sample(page, '#spend', 12)) {
    const t = await tipOf(page, '#spend', i)
    if (!t) continue
    for (const l of t.lines) for (const m of l.replace(/\u00a0/g, ' ').replace(/\u2011/g, '-').matchAll(/\+\d[\d -]*\d/g)) numbers.add(m[0])
    // the phone's name (before " · +…") whole on the line of its label
    const name = /Phone number: (.+?) · \+/.exec(t.lines.join(' ').replace(/\s+/g, ' '))![1]!
    named.push(name)
    expect(t.lines.find((l) => l.startsWith('Phone number:')), `${i}: ${t.lines.join(' / ')}`).toMatch(new RegExp(`^Phone number: ${name}( ·)?$`))
    if (i === 0) await page.locator('#spend').screenshot({ path: `${artifacts}dashboard-tip-390-spend-phone.png` })
  }
  expect(new Set(named).size).toBeGreaterThan(1)
  // every number seen whole: as the legend writes it (a wrapped one would be cut: "+44 20")
  const legend = (await page.locator('#spend').textContent() ?? '').replace(/\u00a0/g, ' ').replace(/\u2011/g, '-')
  expect(numbers.size).toBeGreaterThan(1)
  for (const n of numbers) expect(legend, n).toMatch(new RegExp(`${n.replace(/\+/g, '\\+')}(?![\\d -]*\\d)`))
  await page.close()
}, 240_000)
