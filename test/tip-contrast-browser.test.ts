// The charts' tooltips in both colour schemes, in Debian's Chromium: Plot fills a tip with
// --plot-background, white unless set, and writes its text in the page's colour; under the dark
// theme that was near-white on white (fresh-user trial: support could not read a message's
// verdict on a dark phone). Each tip's text must stand out from its box (WCAG 4.5:1). And a tip
// names what it shows in words (the ads chart's said "series No reply within 24 h").
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { customerSettled, dashboardSettled, openDemoSite, timelineBarTips, unwrapped, type DemoSite } from './support/browser.ts'
import { contrastRatio } from './support/colour.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** A computed CSS colour (`rgb(r, g, b)`) as #rrggbb. */
const hex = (c: string) => `#${(c.match(/\d+/g) ?? []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`

/** Hovers the first bar of `panel` and answers the shown tip's box fill and text colour as #rrggbb. */
async function tipColours(page: Page, panel: string): Promise<{ box: string; text: string }> {
  const bar = page.locator(`${panel} svg [aria-label="bar"] rect, ${panel} svg [aria-label="rect"] rect`).first()
  const b = (await bar.boundingBox())!
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const handle = await page.waitForFunction((p) => {
    const tip = [...document.querySelectorAll(`${p} svg [aria-label="tip"]`)].find((t) => (t.textContent ?? '') !== '')
    if (!tip) return null
    return { box: getComputedStyle(tip.querySelector('path')!).fill, text: getComputedStyle(tip.querySelector('text')!).fill }
  }, panel)
  const { box, text } = (await handle.jsonValue())!
  return { box: hex(box), text: hex(text) }
}

for (const colorScheme of ['light', 'dark'] as const) {
  it(`writes a tooltip's text readably on its box (${colorScheme})`, async () => {
    const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme })
    await page.goto(`${site.base}/#key=${adminKey}`)
    await dashboardSettled(page)
    const { box, text } = await tipColours(page, '#spend')
    // the box is the card's colour (as the page computes it: the stylesheet is minified)
    const card = await page.evaluate(() => getComputedStyle(document.querySelector('#spend')!).backgroundColor)
    expect(box).toBe(hex(card))
    expect(contrastRatio(box, text)).toBeGreaterThanOrEqual(4.5)
    await page.close()
  })
}

it('names the click-to-WhatsApp outcome in a bar\'s tooltip, not the column', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
  await page.goto(`${site.base}/#key=${adminKey}`)
  await dashboardSettled(page)
  const bar = page.locator('#ctwa svg [aria-label="bar"] rect').first()
  await bar.scrollIntoViewIfNeeded()
  const b = (await bar.boundingBox())!
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
  const tip = await page.waitForFunction(() => [...document.querySelectorAll('#ctwa svg [aria-label="tip"]')].map((t) => t.textContent ?? '').find((t) => t !== ''))
  const text = String(await tip.jsonValue()).replace(/\u200b/g, ' ')
  expect(text).toMatch(/Outcome: (Started a free entry point|In an open free entry point|No reply within 24.h|Not delivered)/)
  expect(text).toMatch(/Entry messages: \d+/)
  expect(text).not.toMatch(/series|count/)
  await page.close()
})

// A free entry point's bar on the customer page read "Free entry point · Free entry point".
it('names a free entry point\'s bar on the customer timeline once', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
  await page.goto(`${site.base}/customer.html?q=073800+51369&country=IN#key=${adminKey}`)
  await customerSettled(page)
  const tips = await timelineBarTips(page)
  expect(tips.filter((t) => /^Freeentrypoint\d{4}-/.test(t)).length).toBeGreaterThan(0)
  expect(tips.filter((t) => t.includes(unwrapped(['Free entry point · Free entry point'])))).toEqual([])
  await page.close()
})
