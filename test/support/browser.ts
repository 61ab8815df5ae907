// The browser tests' setup: the built page served by the real app on the demo dataset, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { mkdirSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { openDemoApp, adminKey, type TestApp } from './api.ts'
import { buildWebIfNeeded, webRoot } from '../../api/web-build.ts'
import { removeUploads } from '../../core/whatif-scenarios.ts'

export const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname

export interface DemoSite { t: TestApp; browser: Browser; base: string; close(): Promise<void> }

export async function openDemoSite(): Promise<DemoSite> {
  await buildWebIfNeeded(() => {})
  const t = await openDemoApp(`${adminKey}=*`, webRoot)
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
