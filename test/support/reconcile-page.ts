// The dashboard opened on the reconciliation panel, for the browser tests that read its tables.
import type { Page } from 'playwright-core'
import { adminKey } from './api.ts'
import { dashboardSettled, type DemoSite } from './browser.ts'

/** The dashboard of `site` at `query` (1440 px, light), once settled and the panel's table drawn. */
export async function reconcileDashboard(site: DemoSite, query: string): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  await page.waitForFunction(() => document.querySelector('#reconcile table'))
  return page
}

/** The latest discrepancies' cost differences as the table shows them (its last table). */
export const latestCosts = (page: Page): Promise<string[]> =>
  page.locator('#reconcile table').last().locator('td[data-label="Cost difference"]').allTextContents()
