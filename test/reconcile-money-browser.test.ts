// The reconciliation panel's money in words that agree with it (Debian's Chromium, the demo
// dataset plus the fixtures of Meta's pricing, test/support/meta-log.ts). The notes said "Each
// amount rounded on its own to the cent" beside "+$0.0095" and a kind's "1 · -$0.0088", its minus
// an ASCII hyphen (fresh-user trial): the words now say the 4 decimals under a cent (the
// dashboard's one rule, format.ts amount) and the latest discrepancies' 4 decimals, and a minus is
// a true one (U+2212), as Plot's axes write it. The CSV of Download all stays exact.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { reconcileDashboard, latestCosts } from './support/reconcile-page.ts'
import { artifacts, openDemoMetaSite, type DemoSite } from './support/browser.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoMetaSite() }, 240_000)
afterAll(async () => { await site?.close() })

const dashboard = (query: string): Promise<Page> => reconcileDashboard(site, query)

it('says how amounts are rounded where sub-cent ones show, and writes a minus as "−"', async () => {
  // one discrepancy Meta did not bill: the rules' utility charge, 0.0040, the difference −0.0040
  const page = await dashboard('from=2024-09-01&to=2024-09-30&waba=waba-pmp')
  const chart = (await page.locator('#reconcile svg').first().textContent())!
  expect(chart).toContain('1 \u00b7 \u2212$0.0040')
  expect(await latestCosts(page)).toContain('\u2212$0.0040')
  const text = (await page.locator('#reconcile').textContent())!
  expect(text).not.toMatch(/-\$/)
  expect(await page.locator('#reconcile p.note.latest').textContent()).toBe('Each discrepancy\'s cost difference to 4 decimals, as a rate card prices one message.')
  await page.locator('#reconcile').screenshot({ path: `${artifacts}money-reconcile-minus.png` })
  // the CSV of Download all: the exact decimal, an ASCII minus
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#reconcile .download-all button')])
  const csv = await new Promise<string>((resolve, reject) => {
    void download.createReadStream().then((stream) => {
      let body = ''
      stream.setEncoding('utf8').on('data', (c: string) => { body += c }).once('end', () => resolve(body)).once('error', reject)
    }, reject)
  })
  expect(csv).toContain('"0.0040","-0.0040","USD"')
  expect(csv).not.toContain('\u2212')
  await page.close()
  // the templates' note says the 4 decimals under a cent its rule writes (then what they add up
  // to where it is not their kind's total: reconcile-browser.test.ts)
  const all = await dashboard('from=2024-07-23&to=2024-09-30')
  expect(await all.locator('#reconcile p.note:not(.sign):not(.latest)').textContent())
    .toMatch(/^Each amount rounded on its own to the cent \(to 4 decimals under a cent; exact 4-decimal amounts in the CSV of Download all\)\.( The \d+ templates add up to .*)?$/)
  await all.close()
}, 120_000)
