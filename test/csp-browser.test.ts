// The Content-Security-Policy against the real pages (issue 10, item 24): the dashboard, the
// customer page and the API docs load in Chromium on the demo dataset without a single CSP
// violation (a blocked inline style would not fail the functional browser tests, only look
// wrong), and the page cannot be framed.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { adminKey } from './support/api.ts'
import { openDemoSite, settleMs, type DemoSite } from './support/browser.ts'

let site: DemoSite | undefined
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

/** Collects the page's CSP violations as "directive blocked-uri". */
async function watch(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('reportViolation', (v: string) => { violations.push(v) })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()) })
  return violations
}

it('renders the dashboard, the customer page and the API docs without a CSP violation', async () => {
  const { browser, base } = site!
  const page = await browser.newPage({ locale: 'en-US' })
  const violations = await watch(page)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))

  await page.goto(`${base}/#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#spend svg') && document.querySelectorAll('[aria-busy=true]').length === 0, undefined, { timeout: settleMs })
  // Plot's own <style> element and style attributes are in the page, and applied.
  expect(await page.locator('#spend svg style').count()).toBeGreaterThan(0)

  await page.goto(`${base}/customer.html?customer=%2B1%20415%20555%200100#key=${adminKey}`)
  // Never network-idle: the page keeps its /api/events stream open. Loaded once it is live.
  await page.waitForSelector('#live[data-state=live]')

  await page.goto(`${base}/docs`)
  await page.waitForSelector('.swagger-ui .info .title')

  expect(violations).toEqual([])
  expect(errors).toEqual([])
})

it('cannot be framed by another site', async () => {
  const { browser, base } = site!
  // Another origin (same machine, other port) that tries to frame the dashboard.
  const other = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>other</title><iframe src="${base}/"></iframe>`)
  }).listen(0, '127.0.0.1')
  await once(other, 'listening')
  try {
    const page = await browser.newPage()
    await page.goto(`http://localhost:${(other.address() as AddressInfo).port}/`)
    await page.waitForTimeout(1500)
    const frame = page.frames().find((f) => f !== page.mainFrame())
    // A blocked frame shows the browser's error page, never the dashboard's document.
    expect(frame?.url()).not.toBe(`${base}/`)
    expect(await frame?.evaluate(() => document.title).catch(() => '')).not.toMatch(/wacost/)
  } finally {
    other.close()
  }
})
