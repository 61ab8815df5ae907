// A disabled button looks disabled in both themes (web/src/style.css). The dashboard's Download
// CSV, disabled without a key, kept its enabled look at half opacity: in the dark theme its bright
// accent still read as a button to press (fresh-user trial). Now greyed in the page's own colours.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { artifacts, contrast, dashboardSettled, exportDisabled, openDemoSite, unfold, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/**
 * Download CSV's face and text as painted (its opacity over the export's background), the
 * background, and the page's accent and muted colours, each as rgb() (a canvas paints them: the
 * browser computes a color-mix() as color(srgb …)).
 */
async function look(page: Page) {
  return page.evaluate(() => {
    const b = document.querySelector<HTMLButtonElement>('#export button[type=submit]')!
    const s = getComputedStyle(b)
    const root = getComputedStyle(document.documentElement)
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!
    const paint = (under: string, c: string, alpha = 1) => {
      ctx.globalAlpha = 1
      ctx.fillStyle = under
      ctx.fillRect(0, 0, 1, 1)
      ctx.globalAlpha = alpha
      ctx.fillStyle = c
      ctx.fillRect(0, 0, 1, 1)
      const [r, g, bl] = ctx.getImageData(0, 0, 1, 1).data
      return `rgb(${r}, ${g}, ${bl})`
    }
    const under = getComputedStyle(document.body).backgroundColor
    const o = Number(s.opacity)
    return {
      background: paint(under, s.backgroundColor, o), text: paint(paint(under, s.backgroundColor), s.color, o), opacity: s.opacity, under,
      accent: paint(under, root.getPropertyValue('--accent').trim()), muted: paint(under, root.getPropertyValue('--muted').trim()),
    }
  })
}

for (const scheme of ['dark', 'light'] as const) {
  it(`draws Download CSV disabled in the page's muted colours and enabled in its accent (${scheme}; 390 and 1440 px)`, async () => {
    for (const width of [390, 1440]) {
      const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: scheme })
      // without a key: disabled
      await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20`)
      await page.waitForSelector('#notice:not([hidden])')
      await unfold(page)
      expect(await exportDisabled(page)).toBe(true)
      const off = await look(page)
      await page.locator('#export').screenshot({ path: `${artifacts}disabled-export-${width}-${scheme}.png` })
      // with one: enabled
      await page.goto(`${site.base}/?from=2024-09-01&to=2024-09-20#key=${adminKey}`)
      await dashboardSettled(page)
      await unfold(page)
      expect(await exportDisabled(page)).toBe(false)
      const on = await look(page)
      await page.locator('#export').screenshot({ path: `${artifacts}enabled-export-${width}-${scheme}.png` })
      // enabled: the accent, its text standing out
      expect(on.background, `${width} ${scheme}`).toBe(on.accent)
      // disabled: no accent even faded, its words in the muted colour, readable, and its face
      // close to the page's (the accent at half opacity still stood out on the dark page)
      expect(off.opacity).toBe('1')
      expect(off.text, `${width} ${scheme}`).toBe(off.muted)
      expect(contrast(off.text, off.background)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(off.background, off.under), `${width} ${scheme}`).toBeLessThan(1.3)
      expect(contrast(on.background, on.under), `${width} ${scheme}`).toBeGreaterThan(3)
      await page.close()
    }
  }, 120_000)
}
