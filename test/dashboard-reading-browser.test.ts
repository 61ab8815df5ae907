// The dashboard on the demo dataset as a fresh-user trial read it, in Debian's Chromium:
// - Spend by market: the bars' names ran Germany…India in the page's text, their amounts in
//   another order (by market code), so a screen reader or a copy paired them wrongly.
// - Free tier: "1,030 over the tier, ≈ $13.33" already counted the 353 paid so far ($4.75),
//   which a reader could add on top.
// - Click-to-WhatsApp table on a phone, dark: row separators missing under the ad id column,
//   kept in view when the table scrolls sideways.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'
import { amount, count, label } from '../web/src/format.ts'
import type { CtwaAdRow, FreeTierRow } from '../api/routes/dashboard.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

it('says the markets\' names and amounts in the same order in the page\'s text, the bars\' (largest first)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
  await dashboardSettled(page)
  const spend = await json<{ key: string; priced_cost: number }[]>(site.t.app, '/api/spend?granularity=total&split=market&from=2024-09-01&to=2024-09-20')
  expect(spend.length).toBeGreaterThan(2)
  const largest = [...spend].sort((a, b) => b.priced_cost - a.priced_cost)
  // the svg's text in document order: the axis's names, then the amounts
  const svg = page.locator('#markets svg').first()
  const names = await svg.locator('[aria-label="y-axis tick label"] text').allTextContents()
  const amounts = await svg.locator('[aria-label="text"] text').allTextContents()
  expect(names).toEqual(largest.map((r) => label(r.key)))
  expect(amounts).toEqual(largest.map((r) => amount(r.priced_cost, 'USD')))
  await page.close()
}, 60_000)

it('says that the projected cost over the free tier includes the conversations already paid', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const rows = await json<FreeTierRow[]>(site.t.app, '/api/free-tier')
  const paid = rows.find((r) => r.in_progress && (r.paid_conversations ?? 0) > 0 && (r.projected_overage ?? 0) > 0)!
  const within = rows.find((r) => r.in_progress && r.paid_conversations === 0 && (r.projected_overage ?? 0) > 0)!
  const words = (r: FreeTierRow) => page.locator(`#free-tier .gauge[data-waba="${r.waba_id}"] p:not(.name)`).textContent()
  // Northwind Outfitters, September 2024: 353 paid by the 20th ($4.75), 1,030 projected over the tier
  expect(await words(paid)).toContain(`: ${count(paid.projected_overage!)} over the tier in the whole month, ≈ ${amount(paid.projected_overage_cost!, 'USD')}, `
    + `including the ${count(paid.paid_conversations!)} paid so far (${amount(paid.paid_cost!, 'USD')})`)
  // none paid yet: nothing to include
  expect(await words(within)).toContain(`: ${count(within.projected_overage!)} over the tier, ≈ ${amount(within.projected_overage_cost!, 'USD')}; runs out around `)
  await page.close()
}, 60_000)

// A settled frame of the Click-to-WhatsApp card: not being redrawn (a live refresh replaces its
// table, scrolled back to the start, and dims the card while it is busy) and two frames painted
// since (the scroll's repaint may still be pending in the first). Sampling a frame before that
// missed a separator once on CI.
async function settledFrame(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#ctwa')!.getAttribute('aria-busy') !== 'true'
    && document.querySelector('#ctwa .state.loading') === null && document.querySelector('#ctwa tbody tr') !== null)
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))))
}

// Each body row's separator under the sticky first column, from a screenshot at the phone's
// density (3): some pixel within 2 px of the row's bottom edge at least halfway from the card's
// colour to the line's, some of the card's colour. `scrolled`: with the table scrolled sideways to
// its end first. The screenshot is of a settled frame, and taken again when the card was redrawn
// meanwhile (what it shows is then another table's, which a live refresh may have scrolled back):
// never of a card half drawn. A frame without every separator is taken again for up to 10 s: on a
// loaded machine a screenshot showed rows 2, 4 and 6 of 8 without theirs in all three tries of
// one run (CI 2026-12-05), never reproduced by hand, at any sub-pixel offset of the card, or under
// load; a phone's compositor may show a scrolled-in area from a coarser raster before the
// whole-resolution one, which blurs 1 px lines. A separator painted over (the bug) never appears.
async function separators(page: Page, scrolled: boolean): Promise<boolean[]> {
  const card = page.locator('#ctwa')
  const deadline = Date.now() + 10_000
  for (let attempt = 1; ; attempt++) {
    await settledFrame(page)
    if (scrolled) {
      await card.locator('.table-scroll').evaluate((box) => { box.scrollLeft = box.scrollWidth })
      await settledFrame(page)
    }
    // the table drawn now, marked to tell it from a redrawn one after the screenshot
    const drawn = await card.evaluate((w) => {
      const box = w.querySelector<HTMLElement>('.table-scroll')!
      const mark = `${Date.now()}-${Math.random()}`
      Object.assign(w.querySelector('table')!, { sampled: mark })
      return { mark, scrollLeft: box.scrollLeft }
    })
    const edges = await card.evaluate((w) => {
      const top = w.getBoundingClientRect()
      return [...w.querySelectorAll('tbody tr')].map((tr) => {
        const r = tr.querySelector('td')!.getBoundingClientRect()
        return { x: r.left - top.left + r.width / 2, y: r.bottom - top.top }
      })
    })
    expect(edges.length).toBeGreaterThan(4)
    const png = (await card.screenshot({ animations: 'disabled' })).toString('base64')
    const same = await card.evaluate((w, drawn) => {
      const t = w.querySelector('table') as (HTMLTableElement & { sampled?: string }) | null
      return t?.sampled === drawn.mark && w.getAttribute('aria-busy') !== 'true'
        && w.querySelector<HTMLElement>('.table-scroll')!.scrollLeft === drawn.scrollLeft
    }, drawn)
    if (!same && attempt < 3) continue
    expect(same, 'the card was redrawn while its screenshot was taken, three times').toBe(true)
    if (scrolled) expect(await card.locator('.table-wrap').getAttribute('data-more')).toMatch(/\bleft\b/)
    const seen = await page.evaluate(async ({ png, edges }) => {
      const img = await createImageBitmap(new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' }))
      const canvas = new OffscreenCanvas(img.width, img.height)
      const g = canvas.getContext('2d')!
      g.drawImage(img, 0, 0)
      const at = (x: number, y: number) => [...g.getImageData(Math.round(x * 3), Math.round(y * 3), 1, 1).data.slice(0, 3)]
      const css = getComputedStyle(document.documentElement)
      const rgb = (v: string) => [1, 3, 5].map((i) => parseInt(v.trim().slice(i, i + 2), 16))
      const [line, card] = [rgb(css.getPropertyValue('--line')), rgb(css.getPropertyValue('--card'))]
      const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 4)
      // how far a pixel is from the card's colour toward the line's (0 card, 1 line)
      const toLine = (p: number[]) => p.reduce((s, v, i) => s + (v - card[i]!) * (line[i]! - card[i]!), 0)
        / line.reduce((s, v, i) => s + (v - card[i]!) ** 2, 0)
      return edges.map(({ x, y }) => {
        const seen: number[][] = []
        for (let dy = -2; dy <= 2; dy += 1 / 3) seen.push(at(x, y + dy))
        return seen.some((p) => toLine(p) >= 0.5) && seen.some((p) => near(p, card))
      })
    }, { png, edges })
    if (seen.every(Boolean) || Date.now() > deadline) return seen
    await page.waitForTimeout(500)
  }
}

// Retried: on loaded CI machines one row's separator was missing from a settled screenshot, once
// in ~6 runs of the same code (stop 38; 2026-12-05: row 2 of 8, unscrolled), never reproduced by
// hand; a separator that is really gone fails every try.
it('draws every row separator under the ad id column kept in view, scrolled or not (390 px, dark)', { timeout: 60_000, retry: 2 }, async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale: 'en-US', colorScheme: 'dark' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const wrap = page.locator('#ctwa .table-wrap')
  await page.locator('#ctwa table').scrollIntoViewIfNeeded()
  await page.waitForSelector('#ctwa .table-wrap[data-more~=right]')
  // the trial's view: the table's own screenshot (wider than the window), then the card's
  await page.locator('#ctwa table').screenshot({ path: `${artifacts}ctwa-table-390-dark.png` })
  // Each cell draws its own separator, the sticky one too: a collapsed border is the table's, and
  // the sticky cell's background was painted over it in some renders (not all: hence this check
  // beside the pixels')
  const cells = await page.locator('#ctwa tbody td:first-child').evaluateAll((tds) => tds.map((td) =>
    [getComputedStyle(td.closest('table')!).borderCollapse, getComputedStyle(td).position, getComputedStyle(td).borderBottomWidth]))
  expect(cells).toEqual(cells.map(() => ['separate', 'sticky', '1px']))
  const before = await separators(page, false)
  expect(before).toEqual(before.map(() => true))
  const after = await separators(page, true)
  expect(after).toEqual(after.map(() => true))
  await wrap.screenshot({ path: `${artifacts}ctwa-table-390-dark-scrolled.png` })
  await page.close()
})

// A touch screen's tip stays until the next tap (Plot hides one when a mouse leaves its chart):
// a tap on another chart left the first chart's tip open too, two at once (trial).
it('shows one tip at a time on a touch screen: a tap on another chart closes the first one\'s (390 px)', async () => {
  const page = await site.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const shown = () => page.evaluate(() => [...document.querySelectorAll('svg [aria-label=tip]')]
    .filter((g) => (g.textContent ?? '') !== '').map((g) => g.closest('section')!.id))
  const tapMark = async (section: string, mark: string) => {
    const at = page.locator(`#${section} svg [aria-label="${mark}"]:not([aria-hidden]) rect`).first()
    await at.scrollIntoViewIfNeeded()
    const box = (await at.boundingBox())!
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
  }
  await tapMark('spend', 'rect')
  await expect.poll(shown).toEqual(['spend'])
  await tapMark('ctwa', 'bar')
  await expect.poll(shown).toEqual(['ctwa'])
  // and back: the first chart's own again, alone
  await tapMark('spend', 'rect')
  await expect.poll(shown).toEqual(['spend'])
  await page.close()
}, 60_000)

// "Started a free entry point" and "Free entry point conversations" stood side by side, the same
// figures on the demo (trial): each free entry point conversation is the one its starting entry
// opened (billing rules 5–6), so the table counts it once, as its outcome.
it('counts the free entry points an ad started in one column, never again as "Free entry point conversations"', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const ads = await json<CtwaAdRow[]>(site.t.app, '/api/ctwa/ads')
  expect(ads.length).toBeGreaterThan(2)
  expect(ads.map((r) => r.fep_conversations)).toEqual(ads.map((r) => r.fep_started))
  const heads = await page.locator('#ctwa table thead th').allTextContents()
  expect(heads).toContain('Started a free entry point')
  expect(heads).not.toContain('Free entry point conversations')
  expect(await page.locator('#ctwa table td[data-label="Started a free entry point"]').allTextContents()).toEqual(ads.map((r) => count(r.fep_started)))
  await page.close()
}, 60_000)
