// The reconciliation panel never silently stale (Debian's Chromium): while a batch waits in the
// writers' queue the server answers from the reconciliation as it stands (api/routes/reconcile.ts:
// its catch-up would make the batch wait), and the panel says since when, under the page's
// "live, updated" mark; once the batch is derived the page refreshes and the panel has caught up.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json } from './support/api.ts'
import { artifacts, dashboardSettled, openFixtureSite, type DemoSite } from './support/browser.ts'
import { ingest } from './support/engine.ts'
import { driftFor } from './support/meta-log.ts'
import { ingestSource } from '../ingest/pipeline.ts'

const period = 'from=2024-09-01&to=2024-09-30'
let site: DemoSite
beforeAll(async () => { site = await openFixtureSite({}, driftFor('one', '14155550101')) }, 240_000)
afterAll(async () => { await site?.close() })

it('says "Reconciled as of hh:mm:ss" while a batch waits, and catches up once it is derived', async () => {
  // reconciled once, then a batch with two more discrepancies
  await json(site.t.app, `/api/reconcile/summary?${period}`)
  await ingest(site.t.session, driftFor('two', '14155550102'))
  // a third batch waits in the writers' queue (as webhook micro-batches under load)
  let release!: () => void
  const gate = new Promise<void>((r) => { release = r })
  const third = driftFor('three', '14155550103').map((l) => JSON.stringify(l)).join('\n')
  const held = site.t.session.exclusive(async () => {
    await gate
    return ingestSource(site.t.session.db, Readable.from([Buffer.from(third)]), 'third')
  })

  const page = await site.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const latest = () => page.locator('#reconcile h3').last().textContent()
  try {
    await page.goto(`${site.base}/?${period}#key=${adminKey}`)
    await dashboardSettled(page)
    const note = page.locator('#reconcile p.note.behind')
    expect(await note.textContent()).toMatch(/^Reconciled as of \d\d:\d\d:\d\d: messages received since are being derived first; this panel catches up once they are\.$/)
    // the first batch's two category mismatches only; the list's heading says it too
    expect(await latest()).toMatch(/^Latest discrepancies \(2 in the period, reconciled as of \d\d:\d\d:\d\d\)$/)
    await page.locator('#reconcile').screenshot({ path: `${artifacts}reconcile-behind.png` })
  } finally {
    release()
    await held
  }
  // the batch's change event refreshes the page; nothing waits any more: caught up, no note
  await page.waitForFunction(() => !document.querySelector('#reconcile p.note.behind') && document.querySelector('#reconcile svg'), undefined, { timeout: 60_000 })
  await dashboardSettled(page)
  expect(await latest()).toBe('Latest discrepancies (6 in the period)')
  await page.close()
}, 180_000)
