// The investigation page as a fresh user met it (trial of the dashboard): the CSV download is the
// tables on screen, cell for cell under their titles; the message table fits its card on a
// desktop; the phone-number menu reads whole. Screenshots land in test-artifacts/.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import type { CustomerMessageRow } from '../api/routes/customer.ts'
import { parseCsv } from './support/exports.ts'
import { artifacts, openDemoSite, type DemoSite, customerSettled, misaligned, brokenDates } from './support/browser.ts'

// A Kirana Express customer (Kirana India's number) of the demo data: a long message table.
const customer = '917380051369'
let t: DemoSite['t']
let browser: DemoSite['browser']
let base = ''
let close: DemoSite['close'] = async () => {}

beforeAll(async () => { ({ t, browser, base, close } = await openDemoSite()) }, 240_000)
afterAll(async () => { await close() })


/** A table as on screen: its header titles and each row's cell texts. */
const onScreen = (page: Page, sel: string) => page.locator(sel).evaluate((t) => ({
  titles: [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
  rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
}))

it('downloads the tables on screen: every column under its title, phone numbers by name (the CSV had shifted a column)', async () => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(`${base}/customer.html?q=${customer}#key=${adminKey}`)
  await customerSettled(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')])
  const { header, rows } = parseCsv(readFileSync((await download.path())!, 'utf8'))
  const messages = await onScreen(page, '#messages table')
  const conversations = await onScreen(page, '#conversations table')
  expect(messages.titles).toEqual(['Time', 'Phone number', 'Direction', 'Template', 'Verdict', 'Meta said', 'Message id', 'Explanation'])
  // the conversations' cost once more as Amount and Currency (a spreadsheet sums them), after their columns
  expect(header).toEqual(['section', 'Answer', ...new Set([...conversations.titles, 'Amount', 'Currency', ...messages.titles])])
  expect(rows[0]).toMatchObject({ section: 'answer', Answer: await page.textContent('#answer') })
  // The file's words are the screen's (a template's name in curly quotes: no backticks to strip).
  const cells = (section: string, titles: string[]) => rows.filter((r) => r.section === section)
    .map((r) => titles.map((title) => r[title]!))
  expect(cells('message', messages.titles)).toEqual(messages.rows)
  expect(cells('conversation', conversations.titles)).toEqual(conversations.rows)
  const m = rows.find((r) => r.section === 'message')!
  expect(m['Message id']).toMatch(/^wamid\./)
  expect(m['Phone number']).toBe('Kirana India · +91 80 4567 0721')
  expect(m.Explanation).toMatch(/^\w.* /)
  await context.close()
}, 90_000)

for (const width of [1024, 1280, 1440]) {
  it(`fits the message tables in their cards at ${width} px (the explanation wraps; the searched message's outline is visible)`, async () => {
    // Searched by a message id: that message's row is outlined, the outline inside the card.
    const searched = (await json<CustomerMessageRow[]>(t.app, `/api/customer/messages?customer=${customer}`)).at(-1)!.message_id
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: width === 1440 ? 'dark' : 'light' })
    await page.goto(`${base}/customer.html?q=${searched}#key=${adminKey}`)
    await customerSettled(page)
    const fit = await page.evaluate(() => ['#messages', '#problems', '#conversations'].map((id) => {
      const body = document.querySelector(`${id} .body`)!
      return { id, scroll: body.scrollWidth, client: body.clientWidth }
    }))
    for (const f of fit) expect(f.scroll, f.id).toBeLessThanOrEqual(f.client)
    const outline = await page.locator('#messages tr.highlight').evaluate((tr) => tr.getBoundingClientRect().right - tr.closest('.body')!.getBoundingClientRect().right)
    expect(outline).toBeLessThanOrEqual(0.5)
    if (width !== 1024) await page.screenshot({ path: `${artifacts}customer-messages-${width}.png`, fullPage: true })
    await page.close()
  }, 60_000)
}

for (const [width, scheme] of [[1440, 'light'], [390, 'dark']] as const) {
  it(`names the phone-number menu's choices whole, a long name selected too (${width} px, ${scheme})`, async () => {
    // A customer of Kirana Indonesia: the longest name of the demo's numbers.
    const rs = await t.session.db.client.query({ query: "SELECT any(wa_id) AS wa_id FROM messages WHERE phone_number_id = '110200300400722'", format: 'JSONEachRow' })
    const indonesian = (await rs.json<{ wa_id: string }>())[0]!.wa_id
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme })
    await page.goto(`${base}/customer.html?q=${indonesian}&phone=110200300400722#key=${adminKey}`)
    await customerSettled(page)
    const options = await page.locator('select[name=phone] option').allTextContents()
    expect(options[0]).toBe('All phone numbers')
    expect(options).toContain('Kirana Indonesia · +62 21 5555 0722')
    expect(await page.inputValue('select[name=phone]')).toBe('110200300400722')
    // The selected text's width in the select's font fits inside the select (less its arrow).
    const room = await page.locator('select[name=phone]').evaluate((s: HTMLSelectElement) => {
      const style = getComputedStyle(s)
      const ctx = document.createElement('canvas').getContext('2d')!
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const text = ctx.measureText(s.selectedOptions[0]!.textContent ?? '').width
      const inner = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      return { text, inner, right: s.getBoundingClientRect().right, page: document.documentElement.clientWidth }
    })
    expect(room.text + 16).toBeLessThanOrEqual(room.inner)
    expect(room.right).toBeLessThanOrEqual(room.page)
    await page.screenshot({ path: `${artifacts}customer-phone-select-${width}-${scheme}.png` })
    await page.close()
  }, 60_000)
}

// Two demo customers whose conversation tables broke a closing time without a note at its hyphen
// ("2024-09-" / "20 10:22") at 1440 px (fresh-user trial): Northwind US's +1 212-702-5441 and a
// Kirana Indonesia customer searched by a message id.
for (const q of ['+1 212-702-5441', 'wamid.demo.33.51795']) {
  it(`keeps each conversation's closing time on one line, with or without a note after it (${q})`, async () => {
    for (const width of [1024, 1440]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } })
      await page.goto(`${base}/customer.html?q=${encodeURIComponent(q)}#key=${adminKey}`)
      await customerSettled(page)
      // the lines the time's own 16 characters ("2024-09-20 10:22") take
      const lines = await page.locator('#conversations td[data-label=Closed]').evaluateAll((tds) => tds.map((td) => {
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT)
        let node = walker.nextNode()
        while (node && !/^\d{4}-\d\d-\d\d \d\d:\d\d/.test(node.textContent ?? '')) node = walker.nextNode()
        if (!node) return 0
        const range = document.createRange()
        range.setStart(node, 0)
        range.setEnd(node, 16)
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size
      }))
      expect(lines.filter((n) => n > 0).length, `${width} px`).toBeGreaterThan(0)
      expect(lines.filter((n) => n > 1), `${width} px: ${JSON.stringify(lines)}`).toEqual([])
      await page.close()
    }
  }, 60_000)
}

// Northwind US's +1 212-702-5441: Phone number, Template and Verdict read right-aligned at 1440
// px, and the answer and the explanations broke a date "2024-09-" / "20" at 390 px (fresh-user trial).
for (const [width, scheme] of [[1440, 'light'], [1440, 'dark'], [390, 'light'], [390, 'dark']] as const) {
  it(`aligns text left and figures right, and never breaks a date inside (${width} px, ${scheme})`, async () => {
    const page = await browser.newPage({ viewport: { width, height: width === 390 ? 844 : 900 }, colorScheme: scheme, locale: 'en-US' })
    await page.goto(`${base}/customer.html?q=${encodeURIComponent('+1 212-702-5441')}#key=${adminKey}`)
    await customerSettled(page)
    expect(await page.locator('#messages td[data-label=Verdict]').count()).toBeGreaterThan(0)
    expect(await misaligned(page)).toEqual([])
    expect(await brokenDates(page)).toEqual([])
    await page.screenshot({ path: `${artifacts}customer-reading-${width}-${scheme}.png`, fullPage: true })
    await page.close()
  }, 60_000)
}

it('keeps the timeline\'s "✂ free entry" labels legible over the message ticks (390 px, dark, whole period)', async () => {
  const convs = await json<{ suppressed: number }[]>(t.app, `/api/customer/conversations?customer=${customer}`)
  const cuts = convs.filter((c) => c.suppressed === 1).length
  expect(cuts).toBeGreaterThan(0)
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US', colorScheme: 'dark' })
  // the whole period chosen (on a phone the page opens on the latest charge's days otherwise)
  await page.goto(`${base}/customer.html?q=${customer}&country=IN&zoom=all#key=${adminKey}`)
  await customerSettled(page)
  const labels = await page.evaluate(() => {
    const svg = document.querySelector('#timeline svg')!
    const all = [...svg.querySelectorAll('*')]
    const lastTick = Math.max(...[...svg.querySelectorAll('[aria-label="tick"] line')].map((l) => all.indexOf(l)))
    const card = getComputedStyle(document.querySelector('#timeline')!).getPropertyValue('--card').trim()
    const probe = Object.assign(document.createElement('span'), { style: `color: ${card}` })
    document.body.append(probe)
    const cardRgb = getComputedStyle(probe).color
    probe.remove()
    return [...svg.querySelectorAll('text')].filter((t) => t.textContent === '✂ free entry').map((t) => {
      const s = getComputedStyle(t)
      return { over: all.indexOf(t) > lastTick, halo: s.stroke === cardRgb, width: parseFloat(s.strokeWidth), first: s.paintOrder.startsWith('stroke') }
    })
  })
  // drawn after the ticks, on a halo of the card's colour painted under the letters
  expect(labels).toEqual(Array.from({ length: cuts }, () => ({ over: true, halo: true, width: 3, first: true })))
  await page.locator('#timeline').screenshot({ path: `${artifacts}customer-free-entry-390-dark.png` })
})
