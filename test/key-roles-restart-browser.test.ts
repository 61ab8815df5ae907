// The dashboard of a key the server refused, or would not let read, when the server restarts with
// other WACOST_API_KEYS (break-it trial): after a 403 the live mark never asked again, and the page
// stayed "not live" with Download CSV disabled until a reload, though the key might now read. The
// page asks again (a refused key every 1–10 s, one that may not read every 30 s) and starts again
// with what the server now says of the key.
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
  expect(await page.textContent('#notice')).toMatch(/^Could not load the filter options: This API key is not valid/)

  // restarted with the key, for ingest only: the notice, the export and the mark say it may not read
  // (the notice said it was not valid, under a mark saying it may not read)
  await site!.restart(`${adminKey}=*,${key}=*:ingest`)
  await markIs(page, 'unread', 30_000)
  await page.waitForFunction(() => /may not read the data/.test(document.querySelector('#notice')?.textContent ?? ''), undefined, { timeout: 30_000 })
  await dashboardSettled(page)
  expect(await page.textContent('#notice')).toMatch(/^Could not load the filter options: This API key may not read the data .*the key has ingest/)
  expect(await mark(page)).toEqual(['unread', 'not live: this key may not read the data'])
  expect(await exportDisabled(page)).toBe(true)
  expect(await exportScope(page)).toBe('This API key may not read the data (it lacks the read role): open the dashboard with a key that has it to export.')

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
  await page.close()
}, 240_000)
