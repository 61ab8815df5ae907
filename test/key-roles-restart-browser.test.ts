// The dashboard of a key the server refused, or would not let read, when the server restarts with
// other WACOST_API_KEYS (break-it trial): after a 403 the live mark never asked again, and the page
// stayed "not live" with Download CSV disabled until a reload, though the key might now read. The
// page asks again (a refused key every 1–10 s, one that may not read every 30 s) and starts again
// with what the server now says of the key. Once live, the mark never said the time of a load
// the server refused ("live, updated <the refused load's time>" for ~5 s).
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey } from './support/api.ts'
import { dashboardSettled, exportDisabled, exportScope, openRestartableSite, type RestartableSite } from './support/browser.ts'

let site: RestartableSite | undefined
// a key the first server does not know
const key = 'restarted-roles-key-0123456789'
beforeAll(async () => { site = await openRestartableSite(`${adminKey}=*`) }, 240_000)
afterAll(async () => { await site?.close() })

const mark = (page: Page) => page.evaluate(() => [document.querySelector('#live')?.getAttribute('data-state'), document.querySelector('#live')?.textContent])
const markIs = (page: Page, state: string, timeout: number) =>
  page.waitForFunction((s) => document.querySelector('#live')?.getAttribute('data-state') === s, state, { timeout })

it('a key refused, then let ingest, then let read by restarted servers: the page says each and goes live once it may read', async () => {
  const page = await site!.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site!.base}/#key=${key}`)
  await dashboardSettled(page)
  await markIs(page, 'refused', 30_000)
  expect(await page.textContent('#notice')).toMatch(/^This API key is not valid .*To see the data, add #key=<your API key> to the address \(a server started without WACOST_API_KEYS printed a dashboard link with its key/)

  // restarted with the key, for ingest only: the notice, the export and the mark say it may not read
  // (the notice said it was not valid, under a mark saying it may not read)
  await site!.restart(`${adminKey}=*,${key}=*:ingest`)
  await markIs(page, 'unread', 30_000)
  await page.waitForFunction(() => /may not read the data/.test(document.querySelector('#notice')?.textContent ?? ''), undefined, { timeout: 30_000 })
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toMatch(/^This API key may not read the data .*the key has ingest/)
  expect(await mark(page)).toEqual(['unread', 'not live: this key may not read the data'])
  expect(await exportDisabled(page)).toBe(true)
  expect(await exportScope(page)).toBe('This API key may not read the data (it lacks the read role): open the dashboard with a key that has it to export.')
  // a load the server refused is no update: no time on the mark (its title said "Figures as of" it)
  expect(await page.getAttribute('#live', 'title')).toBe('')

  // every text the mark shows from here on
  await page.evaluate(() => {
    const w = window as unknown as { marks: string[] }
    w.marks = []
    const live = document.querySelector('#live')!
    new MutationObserver(() => w.marks.push(live.textContent ?? '')).observe(live, { subtree: true, childList: true, characterData: true })
  })
  // (the mark's clock has whole seconds: the restart is in a later second than the refused loads)
  await page.waitForTimeout(1_100)
  const restartedAt = await page.evaluate(() => new Date().toTimeString().slice(0, 8))

  // restarted with the key that may read: asked again within 30 s, the page starts again, live
  const asked: number[] = []
  page.on('request', (r) => { if (r.url().endsWith('/api/events')) asked.push(Date.now()) })
  const restarted = Date.now()
  await site!.restart(`${adminKey}=*,${key}=*:read`)
  await page.waitForFunction(() => /^live, updated/.test(document.querySelector('#live')?.textContent ?? ''), undefined, { timeout: 60_000 })
  await page.waitForFunction(() => /^\$\d/.test(document.querySelector('#total-spend .value')?.textContent ?? ''), undefined, { timeout: 60_000 })
  await dashboardSettled(page)
  expect(asked.length).toBeGreaterThan(0)
  expect(asked[0]! - restarted).toBeLessThan(45_000) // 30 s, with room for a loaded machine's timers
  expect(await page.locator('#notice').isHidden()).toBe(true)
  expect(await exportDisabled(page)).toBe(false)
  expect(await exportScope(page)).toMatch(/^Covers all WABAs/)
  expect(await page.getAttribute('#filters select[name=preset]', 'title')).toBe('Presets end on the last day with data (Sep 20, 2024), not on today: the data may stop before today.')
  expect((await mark(page))[0]).toBe('live')
  // never "live, updated" with the time of a load the server refused, before the restart (it said
  // so for ~5 s, until the first load the key could read was drawn)
  const seconds = (hms: string) => hms.split(':').reduce((t, part) => t * 60 + Number(part), 0)
  const times = (await page.evaluate(() => (window as unknown as { marks: string[] }).marks))
    .map((m) => /^live, updated (\d\d:\d\d:\d\d)$/.exec(m)?.[1]).filter((t) => t !== undefined)
  expect(times.length).toBeGreaterThan(0)
  // (seconds after the restart, across a midnight too)
  for (const t of times) expect([t, (seconds(t) - seconds(restartedAt) + 86_400) % 86_400 < 3_600]).toEqual([t, true])
  await page.close()
}, 240_000)
