// The tables' headers and figures as a fresh-user trial read them on a phone (390 px): the
// click-to-WhatsApp ads' headers ran one word a line, "In an open / free / entry / point" five
// lines tall over rows of one line, its columns as narrow as a word. Every header shown on the
// dashboard and the investigation page, at 390 and 1440 px, light and dark: its text inside its
// box, no word broken across lines, at most three lines; the ads' figures on one line each,
// right-aligned under right-aligned headers, each ad id whole. Screenshots in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, customerSettled, dashboardSettled, openDemoSite, type DemoSite } from './support/browser.ts'

// A Kirana Express customer of the demo data (its tables have headers from 701 px)
const customer = '917380051369'
const views = [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** A cell's text as laid out: its lines, whether it runs past its box, the words broken across two lines. */
interface Laid { section: string; text: string; lines: number; overflows: boolean; broken: string[]; align: string }

/** The cells of `selector` on screen (width above 0: a phone's cards hide the tables' headers), as laid out. */
const laidOut = (page: Page, selector: string): Promise<Laid[]> => page.evaluate((sel) => {
  const tops = (r: Range) => new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top))).size
  return [...document.querySelectorAll<HTMLElement>(sel)].filter((c) => c.getBoundingClientRect().width > 0).map((cell) => {
    const all = document.createRange()
    all.selectNodeContents(cell)
    const broken: string[] = []
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      for (const m of n.data.matchAll(/\S+/g)) {
        const word = document.createRange()
        word.setStart(n, m.index)
        word.setEnd(n, m.index + m[0].length)
        if (tops(word) > 1) broken.push(m[0])
      }
    }
    return {
      section: cell.closest('section')?.id ?? '', text: cell.textContent ?? '', lines: tops(all),
      overflows: cell.scrollWidth > cell.clientWidth + 1, broken, align: getComputedStyle(cell).textAlign,
    }
  })
}, selector)

async function open(path: string, width: number, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: width === 390 ? 844 : 900 }, colorScheme: scheme, locale: 'en-US' })
  await page.goto(`${site.base}${path}#key=${adminKey}`)
  if (path.startsWith('/customer')) await customerSettled(page)
  else await dashboardSettled(page)
  return page
}

it('fits every column header in its box, in whole words on at most three lines (dashboard and customer page; 390, 1440 px)', async () => {
  for (const [width, scheme] of views) {
    for (const path of ['/?from=2024-07-23&to=2024-09-20', `/customer.html?q=${customer}`]) {
      const page = await open(path, width, scheme)
      const heads = await laidOut(page, 'main table th')
      // on a phone every table is cards, its headers hidden (the ads' too: dashboard-days-browser)
      if (width === 1440) expect(heads.length, `${path} ${width}`).toBeGreaterThan(0)
      for (const h of heads) {
        expect({ ...h, overflows: false, broken: [] }, `${path} ${width} ${scheme}`).toEqual(h)
        expect(h.lines, `${path} ${width} ${scheme}: ${h.section} "${h.text}"`).toBeLessThanOrEqual(3)
      }
      await page.close()
    }
  }
}, 240_000)

it('sets the click-to-WhatsApp ads\' figures on one line each, right-aligned under their headers, each ad id whole (390, 1440 px)', async () => {
  for (const [width, scheme] of views) {
    const page = await open('/?from=2024-07-23&to=2024-09-20', width, scheme)
    const heads = await laidOut(page, '#ctwa table th')
    const figures = await laidOut(page, '#ctwa table td:not(:first-child)')
    const ids = await laidOut(page, '#ctwa table td:first-child')
    // on a phone each ad is a card (dashboard-days-browser), its headers hidden, each figure beside its title
    const phone = width < 700
    expect(heads.map((h) => h.text).slice(0, 2)).toEqual(phone ? [] : ['Ad / post id', 'Entries'])
    expect(figures.length).toBeGreaterThan(0)
    for (const f of figures) expect({ text: f.text, lines: f.lines, overflows: f.overflows, align: f.align }, `${width}`).toEqual({ text: f.text, lines: 1, overflows: false, align: phone ? 'left' : 'right' })
    for (const h of heads.slice(1)) expect(h.align, h.text).toBe('right')
    if (!phone) expect(heads[0]!.align).toBe('left')
    // an ad's id (its digits) never broken; "(Page button)" may go under it
    for (const id of ids) expect({ text: id.text, broken: id.broken, overflows: id.overflows }).toEqual({ text: id.text, broken: [], overflows: false })
    // a header no taller than three lines of its words
    for (const h of heads) expect(h.lines, `${width} "${h.text}"`).toBeLessThanOrEqual(3)
    await page.locator('#ctwa .table-wrap').screenshot({ path: `${artifacts}ctwa-ads-table-${width}-${scheme}.png` })
    await page.close()
  }
}, 240_000)
