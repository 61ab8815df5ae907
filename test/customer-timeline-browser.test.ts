// The investigation page's timeline on a phone (390 px) and a desktop (1440 px), light and dark,
// as a fresh-user trial met it: over weeks its 24 h bars were slivers and nothing said the view
// could be narrowed; two free entry cuts days apart wrote "✂ free entry" over each other; the
// axis could leave out the day of a charge; the searched message's red ring had no legend; a
// tooltip was cut at the screen's left edge; the link carried the browser's guessed country
// for any customer; a phone opened on the whole period, every message a sliver. A log of its
// own (UTC, from 2025-12-01 00:00 = hour 0): a customer in India with two marketing windows cut
// by free entry points four days apart and activity for two months after, and one whose only
// charge is a marketing template at 15:19.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { artifacts, customerSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'
import type { CustomerConversationRow } from '../api/routes/customer.ts'
import { customerNumber } from '../web/src/customer/number.ts'

const india = { ...keyOf('timeline', '919876543210'), waba_id: 'waba-timeline' }
const late = { ...keyOf('timeline', '14155550123'), waba_id: 'waba-timeline' }
const month = { ...keyOf('timeline', '14155550177'), waba_id: 'waba-timeline' }
const failed = { ...keyOf('timeline', '14155550199'), waba_id: 'waba-timeline' }
const ctwa = { entry_point: 'ctwa', ad_id: '120226000009' }
const log = [
  template(india, 'i0', 0, 'MARKETING', { template_name: 'weekend_sale' }), inbound(india, 'i1', 1, ctwa), reply(india, 'i2', 2),
  template(india, 'i96', 96, 'MARKETING'), inbound(india, 'i97', 97, ctwa), reply(india, 'i98', 98),
  // a long tooltip a sixth of the way along the axis, in a middle lane: Plot put one 20 ems wide to its left, off a phone's screen
  template(india, 'i240', 240, 'UTILITY', { template_name: 'december_clearance_reminder_second_wave' }),
  template(india, 'i720', 720, 'UTILITY'), inbound(india, 'i721', 721), reply(india, 'i722', 722),
  template(india, 'i1440', 1440, 'MARKETING'),
  // a marketing template at 15:19 on Dec 1: its window runs to 15:19 on Dec 2
  template(late, 'l15', 15 + 19 / 60, 'MARKETING'),
  // charges over four weeks (Dec 1 – Dec 28): on a phone Plot's own ticks were one, "Dec 29",
  // after all of them (a trial's August customer read "Sep 1" alone)
  template(month, 'm1', 1, 'UTILITY'), template(month, 'm200', 200, 'UTILITY'), template(month, 'm400', 400, 'UTILITY'),
  template(month, 'm600', 600, 'UTILITY'), template(month, 'm670', 670, 'UTILITY'),
  // a marketing send that failed 5 min before the one charged, weeks of activity after: on the
  // whole period its tick sat under the charged one's, unseen (fresh-user trial: 2024-08-04 01:39 / 01:44)
  template(failed, 'f0', 100, 'MARKETING', { status: 'failed' }), template(failed, 'f1', 100 + 5 / 60, 'MARKETING'),
  template(failed, 'f2', 700, 'UTILITY'),
]

let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({}, log) }, 240_000)
afterAll(async () => { await site?.close() })

const widths = [[390, 'light'], [390, 'dark'], [1440, 'light'], [1440, 'dark']] as const

async function open(q: string, width: number, scheme: 'light' | 'dark', extra = ''): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'en-US' })
  await page.goto(`${site.base}/customer.html?q=${encodeURIComponent(q)}${extra}#key=${adminKey}`)
  await customerSettled(page)
  return page
}

/** The timeline's text labels (axis ticks, lanes, "✂ free entry") as on screen, with the svg's box. */
const labels = (page: Page) => page.evaluate(() => {
  const svg = document.querySelector('#timeline svg')!
  const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })
  return {
    svg: box(svg.getBoundingClientRect()),
    texts: [...svg.querySelectorAll('text')].filter((t) => !t.closest('[aria-label=tip]'))
      .map((t) => ({ text: t.textContent ?? '', ...box(t.getBoundingClientRect()) })),
  }
})

/** The timeline's x domain as drawn (Plot's own scale), in ms. */
const xDomain = (page: Page) => page.evaluate(() => {
  const figure = document.querySelector('#timeline figure') ?? document.querySelector('#timeline svg')
  return (figure as unknown as { scale(n: string): { domain: Date[] } }).scale('x').domain.map((d) => +new Date(d))
})
const DAY = 86_400_000

// fresh-user trial: on a phone the timeline opened on the whole period, every message of weeks
// squeezed into slivers; it opens on three days around the charge investigated instead (the
// searched message, else the latest charge), the whole period one choice away
it('opens a phone on three days around the latest charge or the searched message, the whole period one choice away', async () => {
  const whole = 61 * DAY
  for (const [width, scheme] of widths) {
    const page = await open(india.wa_id, width, scheme)
    const [from, to] = await xDomain(page)
    const hint = await page.locator('#timeline .zoom-hint').allTextContents()
    if (width === 1440) {
      // 20 px a day: the whole period, as before
      expect(to! - from!, `${width}`).toBeGreaterThanOrEqual(whole)
      expect(await page.inputValue('select[name=zoom]')).toBe('all')
      expect(hint).toEqual([])
      await page.close()
      continue
    }
    // the latest charge: the marketing template at hour 1440 (2026-01-30 00:00 UTC), alone on its
    // days and the last activity: the three days end with it, not two days past it (2026-01-30 to
    // 02-02 drew two days of nothing: fresh-user trial), the menu naming them
    expect([from, to], scheme).toEqual([Date.parse('2026-01-28T00:00:00Z'), Date.parse('2026-01-31T00:00:00Z')])
    expect(await page.inputValue('select[name=zoom]')).toBe('2026-01-28')
    expect(await page.locator('select[name=zoom] option:checked').textContent()).toBe('3 days from 2026-01-28 · 1 charge')
    // the legend names what is in view, the marketing charge's bar and tick: not the period's utility and service (trial)
    const legend = (await page.locator('#timeline .legend .item').allTextContents()).join(' | ')
    expect(legend, scheme).toMatch(/Marketing/)
    expect(legend, scheme).not.toMatch(/Utility|Service|free entry/i)
    expect(hint).toEqual([expect.stringMatching(/^Showing 3 days around the latest charge: choose “all activity” above for the whole period \(a 24 h window is \d+ px wide there\)\.$/)])
    // the page's choice is not written into the link (a desktop opening it shows the whole period)
    expect(new URL(page.url()).searchParams.get('zoom')).toBeNull()
    await page.locator('#timeline').screenshot({ path: `${artifacts}customer-timeline-opened-${width}-${scheme}.png` })
    await page.selectOption('select[name=zoom]', 'all')
    await page.waitForURL(/zoom=all/)
    await customerSettled(page)
    const [a, b] = await xDomain(page)
    expect(b! - a!).toBeGreaterThanOrEqual(whole)
    expect(await page.locator('#timeline .zoom-hint').allTextContents()).toEqual([expect.stringMatching(/^A 24 h window is \d+ px wide here: zoom to 3 days to read it\.$/)])
    await page.close()
  }
  // searched by a message's id: its days (i240, 2025-12-11 00:00; the day before has no activity)
  const page = await open('i240', 390, 'light')
  const [from, to] = await xDomain(page)
  expect([from, to]).toEqual([Date.parse('2025-12-11T00:00:00Z'), Date.parse('2025-12-14T00:00:00Z')])
  expect(await page.textContent('#timeline .zoom-hint')).toMatch(/^Showing 3 days around the message searched for: /)
  await page.close()
}, 120_000)

it('draws an undelivered send over the charged send beside it, on the whole period (390 px)', async () => {
  const page = await open(failed.wa_id, 390, 'light', '&zoom=all')
  // the ticks in drawing order (the later on top), the two sends 5 min apart under a pixel apart
  const ticks = await page.locator('#timeline svg g[aria-label=tick] line').evaluateAll((ls) => ls.map((l) => ({ x: Number(l.getAttribute('x1')), stroke: l.getAttribute('stroke') })))
  const sends = ticks.filter((t) => Math.abs(t.x - ticks[0]!.x) < 1 || t.stroke === 'var(--v-not-delivered)')
  expect(sends.map((t) => t.stroke)).toEqual(['var(--v-opened)', 'var(--v-not-delivered)'])
  expect(Math.abs(sends[0]!.x - sends[1]!.x)).toBeLessThan(1)
  await page.close()
}, 60_000)

it('tells that the view can be narrowed where 24 h is a sliver, and names the charges of each choice', async () => {
  for (const [width, scheme] of widths) {
    // the whole period chosen: on a phone it opens on the latest charge's days otherwise
    const page = await open(india.wa_id, width, scheme, '&zoom=all')
    const hint = await page.locator('#timeline .zoom-hint').allTextContents()
    // 61 days: about 3 px a day on a phone, 20 on a desktop
    expect(hint, `${width}`).toEqual(width === 390 ? [expect.stringMatching(/^A 24 h window is \d+ px wide here: zoom to 3 days to read it\.$/)] : [])
    const options = await page.locator('select[name=zoom] option').allTextContents()
    expect(options[0]).toBe('all activity · 5 charges')
    expect(options).toContain('3 days from 2025-12-01 · 1 charge')
    // each names its charges, none too (a choice without one said nothing: support trial)
    expect(options.filter((o) => !/ · (no charge|\d+ charges?)$/.test(o))).toEqual([])
    // each choice whole in the menu: it was cut at 15rem on a desktop ("3 days from 2024-08-02 · 1 cha": trial)
    for (const value of await page.locator('select[name=zoom] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))) {
      await page.selectOption('select[name=zoom]', value)
      const fit = await page.locator('select[name=zoom]').evaluate((s: HTMLSelectElement) => {
        const cs = getComputedStyle(s)
        const ctx = document.createElement('canvas').getContext('2d')!
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`
        return { text: ctx.measureText(s.selectedOptions[0]!.text).width, room: s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) }
      })
      expect(fit.room, `${width} ${value}`).toBeGreaterThan(fit.text)
    }
    await page.locator('#timeline').screenshot({ path: `${artifacts}customer-timeline-hint-${width}-${scheme}.png` })
    await page.close()
  }
}, 120_000)

it('writes no text label over another, each whole on the chart (390 px: whole period and each zoom)', async () => {
  const page = await open(india.wa_id, 390, 'light', '&zoom=all')
  const views = await page.locator('select[name=zoom] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
  const convs = await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${india.wa_id}`)
  expect(convs.filter((c) => c.suppressed === 1 && c.category === 'MARKETING').length).toBe(2)
  for (const view of views) {
    if (view !== 'all') {
      await page.selectOption('select[name=zoom]', view)
      await page.waitForURL(new RegExp(`zoom=${view}`))
      await customerSettled(page)
    }
    const { svg, texts } = await labels(page)
    const overlaps = texts.flatMap((a, i) => texts.slice(i + 1)
      .filter((b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
      .map((b) => `${a.text} × ${b.text}`))
    expect(overlaps, view).toEqual([])
    expect(texts.filter((t) => t.left < svg.left - 0.5 || t.right > svg.right + 0.5).map((t) => t.text), view).toEqual([])
    if (view === 'all') {
      // one of the two cuts of the marketing lane is labelled (the other would cover it), both drawn dashed
      expect(texts.filter((t) => t.text === '✂ free entry').length).toBeGreaterThan(0)
      await page.locator('#timeline').screenshot({ path: `${artifacts}customer-timeline-labels-390.png` })
    }
  }
  await page.close()
}, 120_000)

it('names the day of every bar on the axis (a charge at 15:19 sat under "Dec 2 / 2025", "12:00")', async () => {
  for (const [width, scheme] of widths) {
    const page = await open(late.wa_id, width, scheme)
    const [conv] = await json<CustomerConversationRow[]>(site.t.app, `/api/customer/conversations?customer=${late.wa_id}`)
    expect(new Date(conv!.opened_at).toISOString()).toBe('2025-12-01T15:19:00.000Z')
    // each tick's first line: a date ("Dec 1") at midnight, else a time
    const ticks = await page.locator('#timeline svg [aria-label="x-axis tick label"] text')
      .evaluateAll((ts) => ts.map((t) => (t.querySelector('tspan') ?? t).textContent ?? ''))
    expect(ticks, `${width}`).toContain('Dec 1')
    expect(ticks, `${width}`).toContain('Dec 2')
    await page.locator('#timeline').screenshot({ path: `${artifacts}customer-timeline-day-${width}-${scheme}.png` })
    await page.close()
  }
}, 120_000)

it('dates the axis of four weeks of charges at least twice, inside the charges, on a phone', async () => {
  for (const [width, scheme] of widths) {
    const page = await open(month.wa_id, width, scheme, '&zoom=all')
    const ticks = await page.locator('#timeline svg [aria-label="x-axis tick label"] text')
      .evaluateAll((ts) => ts.map((t) => (t.querySelector('tspan') ?? t).textContent ?? ''))
    const inside = ticks.filter((t) => /^Dec ([1-9]|1\d|2[0-8])$/.test(t))
    expect(inside.length, `${width}: ${ticks.join(', ')}`).toBeGreaterThanOrEqual(2)
    await page.close()
  }
}, 120_000)

it('says in the legend what the red ring means, when a message was searched for', async () => {
  for (const [width, scheme] of widths) {
    const page = await open('i96', width, scheme)
    expect(await page.locator('#timeline .legend .item.ring').allTextContents()).toEqual(['Red ring: the message searched for'])
    // its swatch is a ring in the colour of the one drawn
    const [ring, swatch] = await page.evaluate(() => [
      // the ring: the last dot mark
      getComputedStyle([...document.querySelectorAll('#timeline svg [aria-label=dot]')].at(-1)!.querySelector('circle')!).stroke,
      getComputedStyle(document.querySelector('#timeline .legend .item.ring i')!).borderTopColor,
    ])
    expect(swatch).toBe(ring)
    // on an edge of the card's colour, drawn just under it: in dark mode its red on an orange bar was faint
    const [edge, card] = await page.evaluate(() => [
      getComputedStyle([...document.querySelectorAll('#timeline svg [aria-label=dot]')].at(-2)!.querySelector('circle')!).stroke,
      getComputedStyle(document.querySelector('#timeline')!).backgroundColor,
    ])
    expect(edge).toBe(card)
    if (width === 390) await page.locator('#timeline').screenshot({ path: `${artifacts}customer-timeline-ring-390-${scheme}.png` })
    await page.close()
  }
  // searched by number: no ring, no such item
  const page = await open(india.wa_id, 1440, 'light')
  expect(await page.locator('#timeline .legend .item.ring').count()).toBe(0)
  await page.close()
}, 120_000)

it('keeps every message tooltip on the screen and uncut (390 px)', async () => {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(india.wa_id, 390, scheme, '&zoom=all')
    await page.locator('#timeline svg').scrollIntoViewIfNeeded()
    const ticks = page.locator('#timeline svg [aria-label="tick"] line')
    const n = await ticks.count()
    expect(n).toBe(log.filter((l) => 'wa_id' in l && l.wa_id === india.wa_id).length)
    for (let i = 0; i < n; i++) {
      const b = (await ticks.nth(i).boundingBox())!
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
      const tip = await page.waitForFunction(() => {
        const g = [...document.querySelectorAll('#timeline svg [aria-label=tip] g')].find((t) => t.textContent)
        if (!g || (g.parentElement as unknown as SVGGElement).getAttribute('visibility') === 'hidden') return null
        const r = g.getBoundingClientRect()
        return { left: r.left, right: r.right, clipped: g.closest('[clip-path]') !== null, page: document.documentElement.clientWidth }
      })
      const r = (await tip.jsonValue())!
      expect({ i, ...r, inside: r.left >= 0 && r.right <= r.page }).toMatchObject({ i, clipped: false, inside: true })
      if (i === Math.floor(n / 2)) await page.screenshot({ path: `${artifacts}customer-timeline-tip-390-${scheme}.png` })
    }
    await page.close()
  }
}, 120_000)

// The tip's text was Plot's 10 px at 1 em a line: beside the page's 15 px its lines almost
// touched (fresh-user trial). Now 12.5 px, lines 1.3 em apart, at both widths in both themes.
it('writes a tooltip in text of 12 px or more, its lines apart (390 and 1440 px, light and dark)', async () => {
  for (const [width, scheme] of widths) {
    const page = await open(india.wa_id, width, scheme, '&zoom=all')
    await page.locator('#timeline svg').scrollIntoViewIfNeeded()
    // the utility template with the long name: a tip of several lines
    const ticks = page.locator('#timeline svg [aria-label="tick"] line')
    const b = (await ticks.nth(6).boundingBox())!
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    const tip = await page.waitForFunction(() => {
      const text = [...document.querySelectorAll('#timeline svg [aria-label=tip] g text')].find((t) => t.textContent)
      if (!text || text.closest('[visibility=hidden]')) return null
      const lines = [...text.querySelectorAll('tspan')].map((t) => t.getBoundingClientRect().top)
      const size = Number.parseFloat(getComputedStyle(text).fontSize)
      return { size, lines: lines.length, pitch: Math.min(...lines.slice(1).map((top, i) => top - lines[i]!)) / size }
    })
    const r = (await tip.jsonValue())!
    await page.screenshot({ path: `${artifacts}customer-timeline-tip-text-${width}-${scheme}.png` })
    expect({ width, scheme, big: r.size >= 12, several: r.lines > 1, apart: r.pitch >= 1.25 }).toEqual({ width, scheme, big: true, several: true, apart: true })
    await page.close()
  }
}, 120_000)

it('puts the default country in the link only for a number in a national spelling (it was country=US for any customer)', async () => {
  // a message id and an international number mean the same in any country
  for (const q of ['i96', `+${india.wa_id}`]) {
    const page = await open(q, 1440, 'light')
    expect(await page.textContent('#who')).toContain(customerNumber(india.wa_id))
    expect(new URL(page.url()).searchParams.get('country'), q).toBeNull()
    await page.close()
  }
  // nor digits alone that the default country (US) cannot read, which the look-up reads as the
  // international number (the link got country=US, with a period not valid too: fresh-user trial)
  for (const extra of ['', '&from=2024-09-31']) {
    const page = extra ? await site.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' }) : await open(india.wa_id, 1440, 'light')
    if (extra) {
      // (a day that is no day: said, the answer waits for a valid period)
      await page.goto(`${site.base}/customer.html?q=${india.wa_id}${extra}#key=${adminKey}`)
      await page.waitForFunction(() => !document.querySelector<HTMLElement>('#notice')!.hidden && !document.querySelector<HTMLElement>('#summary')!.hidden)
    } else expect(await page.textContent('#who')).toContain(customerNumber(india.wa_id))
    expect(page.url()).toContain(`q=${india.wa_id}`)
    expect(new URL(page.url()).searchParams.get('country'), extra).toBeNull()
    await page.close()
  }
  // a national spelling is read in the default country: the link keeps it, and finds the customer again
  const page = await open('(415) 555-0123', 1440, 'light')
  expect(await page.textContent('#who')).toContain(customerNumber(late.wa_id))
  expect(new URL(page.url()).searchParams.get('country')).toBe('US')
  await page.reload()
  await customerSettled(page)
  expect(await page.textContent('#who')).toContain(customerNumber(late.wa_id))
  await page.close()
}, 120_000)
