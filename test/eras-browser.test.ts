// The dashboard's panels across pricing eras in Debian's Chromium on the 2024–2026 log
// (test/support/eras-log.ts): the pricing-model changes marked on the spend chart, the free
// service messages per phone number and the volume tiers shown as the API gives them.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { adminKey, json, openApp, type TestApp } from './support/api.ts'
import { artifacts } from './support/browser.ts'
import { ingest } from './support/engine.ts'
import { erasLog } from './support/eras-log.ts'
import { buildWebIfNeeded, webRoot } from '../api/web-build.ts'
import type { FreeAllowanceRow, VolumeTierRow } from '../api/routes/eras.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))
let t: TestApp
let browser: Browser
let base = ''

beforeAll(async () => {
  await buildWebIfNeeded(() => {})
  t = await openApp({
    pricingModels: fixture('../config/defaults/pricing-models.csv'), rateCard: fixture('./fixtures/rate-card-eras.csv'),
    wabas: fixture('./fixtures/wabas-eras.csv'), freeTier: 3,
  }, `${adminKey}=*`, webRoot)
  await ingest(t.session, erasLog())
  base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(artifacts, { recursive: true })
}, 240_000)
afterAll(async () => { await browser?.close(); await t?.app.close() })

it('marks the July 2025 switch and shows the allowance and tiers of the period\'s last month', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const period = 'waba=waba-era-utc&from=2024-09-01&to=2026-10-31'
  await page.goto(`${base}/?${period}#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#eras svg')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0)
  expect(await page.locator('#eras svg[class^=plot]').count()).toBe(2)
  const marks = await page.textContent('#eras .body')
  expect(marks).toContain('Per-message pricing')
  expect(marks).toContain('Service free')
  const allowance = (await json<FreeAllowanceRow[]>(t.app, `/api/free-allowance?${period}`)).filter((r) => r.month === '2026-10-01T00:00:00.000Z' as never)
  expect(allowance.length).toBe(2)
  expect(await page.locator('#free-allowance tbody tr').count()).toBe(2)
  expect(await page.textContent('#free-allowance tbody')).toContain(`${allowance[0]!.used} of 3`)
  const tiers = (await json<VolumeTierRow[]>(t.app, `/api/volume-tiers?${period}`)).filter((r) => r.month === '2026-10-01T00:00:00.000Z' as never)
  expect(await page.locator('#volume-tiers tbody tr').count()).toBe(tiers.length)
  expect(await page.textContent('#volume-tiers tbody')).toContain(tiers[0]!.tier)
  await page.screenshot({ path: `${artifacts}dashboard-eras.png`, fullPage: true })
  expect(errors).toEqual([])
}, 120_000)

it('draws per-message charges as dots on the customer page and explains them', async () => {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', colorScheme: 'light' })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const q = 'customer=919812340001&phone=waba-era-utc-pn1&from=2026-10-01&to=2026-10-31'
  const convs = await json<{ close_reason: string; explanation: string }[]>(t.app, `/api/customer/conversations?${q}`)
  const charges = convs.filter((c) => c.close_reason === '')
  expect(charges.length).toBeGreaterThan(0)
  await page.goto(`${base}/customer.html?q=919812340001&phone=waba-era-utc-pn1&from=2026-10-01&to=2026-10-31#key=${adminKey}`)
  await page.waitForFunction(() => document.querySelector('#answer') && document.querySelectorAll('[aria-busy=true]').length === 0)
  expect(await page.locator('#timeline svg [aria-label="dot"] circle').count()).toBe(charges.length)
  const text = await page.textContent('body')
  expect(text).toContain(charges[0]!.explanation.replace(/`/g, ''))
  expect(await page.locator('td[data-label=Closed]', { hasText: '— (one message)' }).count()).toBe(charges.length)
  await page.screenshot({ path: `${artifacts}customer-eras.png`, fullPage: true })
  expect(errors).toEqual([])
}, 120_000)
