// The dashboard opened on the reconciliation panel, for the browser tests that read its tables,
// and a batch held in the writers' queue, for those that read it while batches wait.
import { Readable } from 'node:stream'
import type { Page } from 'playwright-core'
import { adminKey } from './api.ts'
import { dashboardSettled, type DemoSite } from './browser.ts'
import { ingestSource, type BatchSummary } from '../../ingest/pipeline.ts'
import type { Session } from '../../core/session.ts'

/**
 * Waits until the dashboard has settled (every panel drawn, not only none busy: a panel still
 * "Loading…" moved the page under a click on a discrepancy's message once, which then opened
 * nothing: CI, stop 53) and the reconciliation's table is drawn.
 */
export async function reconcileSettled(page: Page): Promise<void> {
  await dashboardSettled(page)
  await page.waitForFunction(() => document.querySelector('#reconcile table'))
}

/** The dashboard of `site` at `query` (1440 px, light), once settled and the panel's table drawn. */
export async function reconcileDashboard(site: DemoSite, query: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await reconcileSettled(page)
  return page
}

/** The latest discrepancies' cost differences as the table shows them (its last table). */
export const latestCosts = (page: Page): Promise<string[]> =>
  page.locator('#reconcile table').last().locator('td[data-label="Cost difference"]').allTextContents()

/** A batch waiting in the writers' queue until `release()`; `done`: its summary once derived. */
export interface HeldBatch { release(): void; done: Promise<BatchSummary> }

/**
 * A batch of `lines` queued in `session`'s writers' queue and held there until released, as a
 * webhook micro-batch waits under load. As the webhook batcher's (api/webhooks/batcher.ts), it
 * tells the readers (a change event) only when it stored or changed a record.
 */
export function heldBatch(session: Session, lines: object[], source: string): HeldBatch {
  let release!: () => void
  const gate = new Promise<void>((r) => { release = r })
  const body = lines.map((l) => JSON.stringify(l)).join('\n')
  const done = session.exclusive(async () => {
    await gate
    return ingestSource(session.db, Readable.from([Buffer.from(body)]), source)
  }, { changed: (s) => s.newRecords + s.correctedRecords > 0 })
  return { release, done }
}
