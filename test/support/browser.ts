// The browser tests' setup: the built page served by the real app on the demo dataset (or the
// pricing-eras log), and Debian's Chromium driven by playwright-core (never a downloaded browser).
import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { openApp, openDemoApp, openLogApp, adminKey, type TestApp } from './api.ts'
import { ingest, type Line } from './engine.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { ERAS_REFERENCE, erasLog } from './eras-log.ts'
import { messages, statuses } from './meta-log.ts'
import { buildWebIfNeeded, webRoot } from '../../api/web-build.ts'
import { removeUploads } from '../../core/whatif-scenarios.ts'
import { buildApp } from '../../api/app.ts'
import { parseKeys } from '../../api/plugins/auth.ts'
import type { Session } from '../../core/session.ts'
import { openDemoPlusSession, openDemoSession } from './demo.ts'
import { CBP_ONLY } from './engine.ts'

export const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname

export interface DemoSite { t: TestApp; browser: Browser; base: string; close(): Promise<void> }

/** The built page on the demo dataset; `keys`: WACOST_API_KEYS's (the admin key of every WABA by default). */
export async function openDemoSite(keys = `${adminKey}=*`): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  return serve(await openDemoApp(keys, webRoot))
}

/**
 * openDemoSite's with the fixtures of Meta's pricing (support/meta-log.ts) ingested too, as a
 * batch after the demo's: every kind of discrepancy. Ingested once per version of the code, as
 * the demo (support/demo.ts), not in each file.
 */
export async function openDemoMetaSite(): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  const { session } = await openDemoPlusSession('demo-meta', { pricingModels: CBP_ONLY }, [...messages, ...statuses])
  return serve({ app: await buildApp({ session, keys: parseKeys(`${adminKey}=*`), webRoot }), session })
}

/**
 * The built page on a scratch engine with the reference `ref` holding the log `lines` (its
 * rejects are the test's to look at), served as openDemoSite's.
 */
export async function openFixtureSite(ref: ReferenceOptions, lines: Line[]): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  const t = await openApp(ref, `${adminKey}=*`, webRoot)
  await ingest(t.session, lines)
  return serve(t)
}

/**
 * The built page on the pricing-eras log (support/eras-log.ts: 2024–2026, the July 2025 switch to
 * per-message pricing and the October 2026 free allowance), served as openDemoSite's.
 */
export async function openErasSite(): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  return serve(await openLogApp('eras', ERAS_REFERENCE, erasLog(), `${adminKey}=*`, webRoot))
}

async function serve(t: TestApp): Promise<DemoSite> {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(artifacts, { recursive: true })
  // removeUploads: a what-if from a chosen day keeps its composed timeline as an upload of this
  // process, removed on 'exit' — which a test worker, killed at the end, never reaches.
  return { t, browser, base, close: async () => { await browser.close(); await t.app.close(); removeUploads() } }
}

/**
 * How long a page may take to settle. A settled page asks nothing more, so the wait ends as soon
 * as it is; the bound only says when to give up. Playwright's 30 s default was too short on a CI
 * machine running two test files at once: after a batch every panel on screen asks again, and
 * reconcile-behind-browser gave up at 30 s once (stop 43, CI run 2) though it settles in ~8 s alone.
 */
export const settleMs = 90_000

/** Waits until the dashboard's headline is drawn and no panel is busy or loading. */
export async function dashboardSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#total-spend')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0, undefined, { timeout: settleMs })
}

/** A new page of `site`'s dashboard at `?query` with the admin key, `width` px wide (en-US, light by default), settled. */
export async function openDashboard(site: DemoSite, query: string, width = 1440, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

/**
 * On a phone (≤ 600 px) opens the dashboard's filter bar and finance export, each folded behind its
 * line (web/src/filter-summary.ts), as a tap on the lines would; nothing on a wider screen, where they show.
 */
export async function unfold(page: Page): Promise<void> {
  for (const line of ['#filters-toggle', '#export-toggle']) {
    if (await page.isVisible(line) && await page.getAttribute(line, 'aria-expanded') === 'false') await page.click(line)
  }
}

/** The date fields drawn invalid (aria-invalid: red), of From and To. */
export const invalidFields = async (page: Page): Promise<string[]> =>
  (await Promise.all((['from', 'to'] as const).map(async (k) => ((await page.getAttribute(`input[name=${k}]`, 'aria-invalid')) === 'true' ? [k] : [])))).flat()
/** The dashboard's period problem as said in the filter bar ('' when none shows). */
export const periodError = (page: Page) => page.evaluate(() => { const e = document.querySelector<HTMLElement>('#period-error')!; return e.hidden ? '' : e.textContent })
/** Whether the finance export's Download CSV is disabled, and the scope it says beside it. */
export const exportDisabled = (page: Page) => page.isDisabled('#export button[type=submit]')
export const exportScope = (page: Page) => page.textContent('#export [data-role=scope]')

/** Waits until the investigation page has answered and no panel is busy. */
export async function customerSettled(page: Page): Promise<void> {
  // Something shown besides: while a search's look-up is under way the page hides every section
  // and nothing is busy, so the previous answer's words (hidden) read as settled (CI: "2 charges
  // from 2025-12-02" read after From had become 2025-12-01).
  await page.waitForFunction(() => document.querySelector('#answer') && document.querySelectorAll('[aria-busy=true]').length === 0
    && [...document.querySelectorAll<HTMLElement>('#notice, #top, #matches, #summary')].some((e) => !e.hidden), undefined, { timeout: settleMs })
}

/** A new page of `site`'s investigation page at `?query` with the admin key, `width` px wide (en-US), answered. */
export async function openCustomer(site: DemoSite, query: string, width = 1440, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 1000 }, locale: 'en-US', colorScheme })
  await page.goto(`${site.base}/customer.html?${query}#key=${adminKey}`)
  await customerSettled(page)
  return page
}

/** WCAG 2.1 contrast ratio of two CSS rgb() colours (relative luminance). */
export function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** A box on screen (CSS px). */
export interface Box { left: number; right: number; top: number; bottom: number }

/** A chart's tip as shown: its lines as wrapped on screen (read with plain spaces and hyphens for their no-break ones: tip.ts), its box, the chart's (its svg), its card's body's (which cuts it) and how many tips show. */
export interface ShownTip { lines: string[]; box: Box; chart: Box; body: Box; shown: number }

/** A tip's text with its lines joined and spaces left out: as said whatever the width it wraps at (Plot wraps at spaces and after hyphens). */
export const unwrapped = (lines: string[]): string => lines.join('').replace(/\s+/g, '')

/**
 * Rests the pointer at (x, y) (page px; from the page's corner, so the chart's tip hides first)
 * and answers the tip shown in `scope` (e.g. '#timeline'); throws when none shows.
 */
export async function tipAtPointer(page: Page, scope: string, x: number, y: number): Promise<ShownTip> {
  await page.mouse.move(0, 0)
  await page.mouse.move(x, y)
  const tip = await page.waitForFunction((s) => {
    const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })
    const shown = [...document.querySelectorAll(`${s} svg [aria-label=tip] g`)]
      .filter((g) => g.textContent && (g.parentElement as unknown as SVGGElement).getAttribute('visibility') !== 'hidden')
    const g = shown[0]
    if (!g) return null
    const lines = [...g.querySelectorAll('text > tspan')]
      .map((t) => [...t.childNodes].filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join('').replace(/\u200b/g, '').replace(/\u00a0/g, ' ').replace(/\u2011/g, '-').trim())
    const chart = box(g.closest('svg')!.getBoundingClientRect())
    return { lines, box: box(g.getBoundingClientRect()), chart, body: box(g.closest('.body')!.getBoundingClientRect()), shown: shown.length }
  }, scope, { timeout: 5_000 })
  return (await tip.jsonValue())!
}

/**
 * The customer timeline's bars' tips (unwrapped), in the order drawn, each pointed at where it is
 * farthest from its lane's ticks (a tick's own tip shows near it).
 */
export async function timelineBarTips(page: Page): Promise<string[]> {
  await page.locator('#timeline svg').scrollIntoViewIfNeeded()
  const points = await page.evaluate(() => {
    const ticks = [...document.querySelectorAll('#timeline svg [aria-label="tick"] line')].map((l) => l.getBoundingClientRect())
    return [...document.querySelectorAll('#timeline svg [aria-label="bar"] rect')].map((r) => {
      const b = r.getBoundingClientRect()
      const y = b.top + b.height / 2
      const near = ticks.filter((t) => t.top <= y && t.bottom >= y).map((t) => t.left + t.width / 2)
      let best = { x: b.left + b.width / 2, room: -1 }
      for (let x = b.left + 0.5; x <= b.right - 0.5; x += 0.5) {
        const room = Math.min(Infinity, ...near.map((t) => Math.abs(t - x)))
        if (room > best.room) best = { x, room }
      }
      return { x: best.x, y }
    })
  })
  const tips: string[] = []
  for (const { x, y } of points) tips.push(unwrapped((await tipAtPointer(page, '#timeline', x, y)).lines))
  return tips
}

/**
 * The table cells on `page` aligned against their content, as "section/label: text (align)":
 * text (a word, "—" aside) is left-aligned, a figure (a count, an amount, a percentage: a digit
 * after an optional sign or currency sign, not a date) right-aligned; an id column (Ad / post id,
 * Message id) is text; in a phone's card every value is left-aligned. WABA, Kind and Verdict
 * read right-aligned (fresh-user trial).
 */
export async function misaligned(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('td[data-label]')].flatMap((td) => {
    const text = (td.textContent ?? '').trim()
    const label = td.dataset.label ?? ''
    const figure = /^[+\-−]?[$€£]?\d/.test(text) && !/^\d{4}-\d\d-\d\d/.test(text) && !/id$/.test(label)
    const word = /^[\p{L}(“`]/u.test(text)
    const { textAlign: align, display } = getComputedStyle(td)
    // a phone's card (style.css: a row as "title: value" lines) reads every value from the left
    const want = word || (figure && display !== 'table-cell') ? 'left' : figure ? 'right' : align
    return align === want ? [] : [`${td.closest('section')?.id}/${label}: ${text.slice(0, 30)} (${align})`]
  }))
}

/** The dates ("2024-09-20") on `page` that a line break cuts ("2024-09-" / "20" on a phone: trial), with their text's start. */
export async function brokenDates(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      for (const m of (n.textContent ?? '').matchAll(/\d{4}-\d\d-\d\d/g)) {
        const r = document.createRange()
        r.setStart(n, m.index)
        r.setEnd(n, m.index + 10)
        const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)))
        if (tops.size > 1) out.push(`${m[0]} in "${(n.textContent ?? '').slice(0, 60)}"`)
      }
    }
    return out
  })
}

/** openDemoSite's whose server `restart`s, on the same port and database, with other WACOST_API_KEYS. */
export interface RestartableSite extends DemoSite { restart(keys: string): Promise<void> }

/**
 * The built page on the demo dataset served with the keys `keys`, as openDemoSite's, and
 * `restart`, which stops that server and starts another on its port with other keys (as `npm
 * start` stopped and started again with another WACOST_API_KEYS), the open pages left open.
 */
export async function openRestartableSite(keys: string): Promise<RestartableSite> {
  await buildWebIfNeeded(() => {})
  const { session } = await openDemoSession({ pricingModels: CBP_ONLY })
  // an app closes its session as it closes (api/plugins/db.ts): this one is kept until the site closes
  const kept: Session = { ...session, close: async () => {} }
  const build = (k: string) => buildApp({ session: kept, keys: parseKeys(k), webRoot })
  const site = await serve({ app: await build(keys), session })
  const port = Number(new URL(site.base).port)
  return {
    ...site,
    // (site.t is the TestApp site.close closes the app of: the new app goes in it)
    restart: async (k) => {
      await site.t.app.close()
      site.t.app = await build(k)
      await site.t.app.listen({ port, host: '127.0.0.1' })
    },
    close: async () => { try { await site.close() } finally { await session.close() } },
  }
}
