// The browser tests' setup: the built page served by the real app on the demo dataset (or the
// pricing-eras log), and Debian's Chromium driven by playwright-core (never a downloaded browser).
import { mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { openApp, openDemoApp, openLogApp, adminKey, type TestApp } from './api.ts'
import { ingest, type Line } from './engine.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { ERAS_REFERENCE, erasLog } from './eras-log.ts'
import { messages, statuses } from './meta-log.ts'
import { buildWebIfNeeded, webRoot } from '../../api/web-build.ts'
import { removeUploads } from '../../core/whatif-scenarios.ts'

export const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname

export interface DemoSite { t: TestApp; browser: Browser; base: string; close(): Promise<void> }

/** The built page on the demo dataset; `keys`: WACOST_API_KEYS's (the admin key of every WABA by default). */
export async function openDemoSite(keys = `${adminKey}=*`): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  return serve(await openDemoApp(keys, webRoot))
}

/** openDemoSite's with the fixtures of Meta's pricing (support/meta-log.ts) ingested too: every kind of discrepancy. */
export async function openDemoMetaSite(): Promise<DemoSite> {
  const site = await openDemoSite()
  await ingest(site.t.session, [...messages, ...statuses])
  return site
}

/**
 * The built page on a scratch engine with the reference `ref` holding the log `lines` (its
 * rejects are the test's to look at), served as openDemoSite's.
 */
export async function openFixtureSite(ref: ReferenceOptions, lines: Line[]): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  const t = await openApp(ref, `${adminKey}=*`, webRoot)
  await ingest(t.session, lines)
  return serve(t)
}

/**
 * The built page on the pricing-eras log (support/eras-log.ts: 2024–2026, the July 2025 switch to
 * per-message pricing and the October 2026 free allowance), served as openDemoSite's.
 */
export async function openErasSite(): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  return serve(await openLogApp('eras', ERAS_REFERENCE, erasLog(), `${adminKey}=*`, webRoot))
}

async function serve(t: TestApp): Promise<DemoSite> {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(artifacts, { recursive: true })
  // removeUploads: a what-if from a chosen day keeps its composed timeline as an upload of this
  // process, removed on 'exit' — which a test worker, killed at the end, never reaches.
  return { t, browser, base, close: async () => { await browser.close(); await t.app.close(); removeUploads() } }
}

/** Waits until the dashboard's headline is drawn and no panel is busy or loading. */
export async function dashboardSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#total-spend')
    && document.querySelectorAll('[aria-busy=true], .state.loading').length === 0)
}

/** Waits until the investigation page has answered and no panel is busy. */
export async function customerSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#answer') && document.querySelectorAll('[aria-busy=true]').length === 0)
}

/** WCAG 2.1 contrast ratio of two CSS rgb() colours (relative luminance). */
export function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}
