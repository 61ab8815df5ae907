// A period past the stored data, on the demo dataset (2024-07-23 … 2024-09-20) in Debian's
// Chromium, as a fresh-user trial read it on 2026-12-05:
// - /?from=2024-09-01&to=2024-09-30 showed the headline "$222.52" and the export line "Covers all
//   WABAs, 2024-09-01 to 2024-09-30 … its total is the headline's", nothing near either saying
//   the data stops on 2024-09-20: a finance user could book it as September's total.
// - The free tier panel projected September 2024, two years ended, "by month end" with no word of
//   what on, and its legend said "(current month)", for August too, where nothing is projected.
// And as a finance trial read it on 2026-12-07: /?from=2024-10-01&to=2024-10-31, a period the
// data does not reach, showed "No data … not the same as a spend of $0." at the headline while the
// export's sentence said "its total is the headline's", and its file was the header alone: a
// month to file as one of no spend.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { adminKey, json } from './support/api.ts'
import { dashboardSettled, openDemoSite, unfold, type DemoSite } from './support/browser.ts'
import { day } from '../web/src/format.ts'
import type { FreeTierRow } from '../api/routes/dashboard.ts'

let site: DemoSite
beforeAll(async () => { site = await openDemoSite() }, 240_000)
afterAll(async () => { await site?.close() })

// JSON: the days as text ("2024-09-20…"), read as UTC midnights as the page reads them
interface Option { kind: string; id: string; label: string; first_day: string; last_day: string }

async function open(query: string, width = 1440): Promise<Page> {
  const page = await site.browser.newPage({ viewport: { width, height: 900 }, locale: 'en-US', colorScheme: 'light', acceptDownloads: true })
  await page.goto(`${site.base}/?${query}#key=${adminKey}`)
  await dashboardSettled(page)
  return page
}

const iso = (d: number) => new Date(d).toISOString().slice(0, 10)
const totalNote = (page: Page) => page.locator('#total-spend .note').allTextContents()
const scope = (page: Page) => page.textContent('#export [data-role=scope]')
const last = (os: Option[]) => Math.max(...os.map((o) => Date.parse(o.last_day.slice(0, 10))))

it('says at the headline and in the export\'s sentence where a period runs past the stored data, or starts before it', async () => {
  const wabas = (await json<Option[]>(site.t.app, '/api/filters')).filter((o) => o.kind === 'waba')
  const last = Math.max(...wabas.map((o) => Date.parse(o.last_day.slice(0, 10))))
  const first = Math.min(...wabas.map((o) => Date.parse(o.first_day.slice(0, 10))))
  expect(iso(last)).toBe('2024-09-20')

  const september = await open('from=2024-09-01&to=2024-09-30')
  expect(await totalNote(september)).toEqual([`Data in this period ends ${day(last)}: later days hold nothing stored yet.`])
  expect(await scope(september)).toBe('Covers all WABAs, 2024-09-01 to 2024-09-30 (local days of each WABA): its total is the headline\'s. '
    + `Data in this period ends ${iso(last)}: later days hold nothing stored yet.`)
  await september.close()

  // July to September: both ends
  const both = await open('from=2024-07-01&to=2024-09-30')
  expect(await totalNote(both)).toEqual([`Data in this period starts ${day(first)}: earlier days hold nothing stored; it ends ${day(last)}: later days hold nothing stored yet.`])
  await both.close()

  // one WABA: its own days (Lumen Bank, UTC), not every WABA's
  const lumen = wabas.find((o) => o.label === 'Lumen Bank')!
  const one = await open(`waba=${lumen.id}&from=2024-09-01&to=2024-09-30`)
  expect(await scope(one)).toContain(`: its total is the headline's. Data in this period ends ${lumen.last_day.slice(0, 10)}: later days hold nothing stored yet.`)
  await one.close()

  // inside the data (and open bounds, which run to its ends): nothing to say
  for (const query of ['from=2024-09-01&to=2024-09-20', 'from=2024-09-01', '']) {
    const page = await open(query)
    expect(await totalNote(page)).toEqual([])
    expect(await scope(page)).not.toContain('Data in this period')
    await page.close()
  }
}, 120_000)

it('labels the free tier\'s projection with what it rests on, and names the projection in the legend only where one is drawn', async () => {
  const rows = await json<FreeTierRow[]>(site.t.app, '/api/free-tier?from=2024-09-01&to=2024-09-30')
  const projected = rows.filter((r) => r.in_progress && r.tier !== null)
  expect(projected.length).toBeGreaterThan(0)
  const september = await open('from=2024-09-01&to=2024-09-30')
  for (const r of projected) {
    const words = await september.locator(`#free-tier .gauge[data-waba="${r.waba_id}"] p:not(.name)`).textContent()
    expect(words).toContain(`Projected ${r.projected_service!.toLocaleString('en-US')} by month end at this month's rate so far (data through ${day(r.as_of)}): `)
  }
  const legend = async (page: Page) => (await page.locator('#free-tier .legend').textContent()) ?? ''
  expect(await legend(september)).toContain('projected by month end at the month\'s rate so far')
  expect(await legend(september)).not.toContain('current month')
  await september.close()

  // August 2024 ended inside the data: counted, nothing projected, no projection in the legend
  const august = await open('from=2024-08-01&to=2024-08-31')
  expect(await august.locator('#free-tier .gauge p:not(.name)').first().textContent()).not.toContain('Projected')
  expect(await legend(august)).not.toContain('projected')
  await august.close()
}, 120_000)

it('says in the export\'s sentence that a period the data does not reach gives a file of its header alone, not a total', async () => {
  const wabas = (await json<Option[]>(site.t.app, '/api/filters')).filter((o) => o.kind === 'waba')
  const runs = (os: Option[]) => `(the data runs ${iso(Math.min(...os.map((o) => Date.parse(o.first_day.slice(0, 10)))))} to ${iso(Math.max(...os.map((o) => Date.parse(o.last_day.slice(0, 10)))))})`
  const october = await open('from=2024-10-01&to=2024-10-31')
  expect(await october.locator('#total-spend').textContent()).toContain('No data')
  // every panel says the data does not reach the period, as the headline and the free tier, never
  // "No charges in this period." or that no message was delivered (fresh-user trial, 2026-12-07)
  const first = Math.min(...wabas.map((o) => Date.parse(o.first_day.slice(0, 10))))
  const notCovered = `The data does not cover this period (it runs ${day(first)} – ${day(last(wabas))}): there is nothing to count, which is not the same as none.`
  for (const panel of ['#spend', '#markets', '#eras', '#whatif', '#ctwa', '#guardrail', '#reconcile']) {
    expect([panel, await october.locator(`${panel} .state.empty`).textContent()]).toEqual([panel, notCovered])
  }
  expect(await october.locator('#free-tier').textContent()).toContain('The data does not cover October 2024 for this WABA')
  expect(await scope(october)).toBe('Covers all WABAs, 2024-10-01 to 2024-10-31 (local days of each WABA): no stored message falls in this period '
    + `${runs(wabas)}, so the file holds only its header: its spend is not known here, not 0.`)
  // the file is what the sentence says: its header alone
  const [download] = await Promise.all([october.waitForEvent('download'), october.click('#export button[type=submit]')])
  expect(readFileSync((await download.path())!, 'utf8').trim().split('\r\n')).toHaveLength(1)
  await october.close()

  // on a phone, a WABA and a category before its data, the invoice (which the category does not narrow)
  const northwind = wabas.find((o) => o.label === 'Northwind Outfitters')!
  const june = await open(`waba=${northwind.id}&category=MARKETING&from=2024-06-01&to=2024-06-30`, 390)
  await unfold(june)
  expect(await scope(june)).toContain(`category Marketing: no stored message falls in this period ${runs([northwind])}, so the file holds only its header`)
  await june.selectOption('#export select[name=kind]', 'invoice')
  expect(await scope(june)).toMatch(/the category filter does not apply to it, so its total may differ from the headline's\. No stored message falls in this period \(the data runs [-\d]+ to [-\d]+\), so the file holds only its header: its spend is not known here, not 0\.$/)
  await june.close()
}, 120_000)
