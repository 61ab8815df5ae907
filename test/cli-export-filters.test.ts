// `wacost export ledger|daily` takes the dashboard's phone number, market, category and country filters as
// GET /api/exports does (--phone, --market, --category, --country, repeatable), checked the same way
// (core/scope.ts): an unknown value is an error naming it (exit 2), never an empty file. The
// invoice, per WABA and period, refuses them in words (exit 2). Before, the CLI took only
// --waba/--from/--to: an option it did not know was a usage error without the reason.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseCsv, sum } from './support/exports.ts'
import { wacostJs } from './support/compiled.ts'

const run = promisify(execFile)
const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const demoWabas = new URL('../config/demo/wabas.csv', import.meta.url).pathname
const db = mkdtempSync(join(tmpdir(), 'wacost-cli-export-filters-'))
const wacost = (...args: string[]) => run(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })
const failed = (...args: string[]) => wacost(...args).then(() => { throw new Error(`${args.join(' ')} succeeded`) }, (e: { code: number; stderr: string }) => e)
const csv = async (...args: string[]) => parseCsv((await wacost('export', ...args, '--db', db)).stdout).rows

beforeAll(async () => { await wacost('ingest', '--db', db, '--no-progress', demo) }, 60_000)
afterAll(() => { rmSync(db, { recursive: true, force: true }) })

it('narrows the ledger and the daily export by phone number, market and category, as the API does', async () => {
  const all = await csv('ledger')
  expect(new Set(all.map((r) => r.market))).toEqual(new Set(['North America', 'IN']))
  const india = await csv('ledger', '--market', 'IN')
  expect(india).toEqual(all.filter((r) => r.market === 'IN'))
  expect(india.length).toBeGreaterThan(0)
  // a market typed in another case is the rate card's (`--market in` was unknown: user trial)
  expect(await csv('ledger', '--market', 'in')).toEqual(india)
  // a category in any case; filters combine
  const marketing = await csv('ledger', '--phone', '106540352242922', '--category', 'marketing', '--category', 'UTILITY')
  expect(marketing).toEqual(all.filter((r) => r.phone_number_id === '106540352242922' && ['MARKETING', 'UTILITY'].includes(r.category!)))
  expect(marketing.length).toBeGreaterThan(0)
  expect(marketing.length).toBeLessThan(all.length)
  // the daily export of a market costs what its ledger does
  // (the US is priced in the rate card's market group North America)
  const dailyUs = await csv('daily', '--market', 'North America')
  expect(await csv('daily', '--market', 'north america')).toEqual(dailyUs)
  expect(sum(dailyUs.map((r) => r.cost))).toBe(sum(all.filter((r) => r.market === 'North America').map((r) => r.cost)))
  expect(sum(dailyUs.map((r) => r.cost))).toBeLessThan(sum((await csv('daily')).map((r) => r.cost)))
  // a customer country, as the ledger's country column gives it (any case)
  const us = await csv('ledger', '--country', 'us')
  expect(us).toEqual(all.filter((r) => r.country === 'US'))
  expect(us.length).toBeGreaterThan(0)
  expect(sum((await csv('daily', '--country', 'US')).map((r) => r.cost))).toBe(sum(us.map((r) => r.cost)))
}, 120_000)

// a valid country with no customer in the data gave the header alone, exit 0, no word (fresh-user
// trial), while a period outside the data gets a note: so does a filter none of the data matches.
// The demo's charges are per-message ones (December 2025): the note said "no conversation", the
// word of conversation-based pricing alone; it names both models' charges
it('notes on stderr a filtered export that holds no row, exit 0 all the same', async () => {
  const header = (await wacost('export', 'ledger', '--country', 'US', '--db', db)).stdout.split('\n')[0]
  const ca = await wacost('export', 'ledger', '--country', 'ca', '--db', db)
  expect([ca.stdout, ca.stderr]).toEqual([`${header}\n`, 'note: no conversation or per-message charge of country CA in the stored data: the file holds the header only\n'])
  const daily = await wacost('export', 'daily', '--market', 'in', '--country', 'US', '--from', '2025-01-01', '--to', '2025-12-31', '--db', db)
  expect(daily.stderr).toBe('note: no conversation or per-message charge of market IN and country US in this period: the file holds the header only\n')
  // rows: no note
  expect((await wacost('export', 'ledger', '--country', 'US', '--db', db)).stderr).toBe('')
}, 120_000)

it('says which phone number, market or category does not exist (exit 2), never an empty file', async () => {
  for (const [args, said] of [
    [['ledger', '--phone', '999000111'], 'unknown phone number 999000111'],
    [['daily', '--market', 'ZZ'], `unknown market ZZ (markets on the rate card: ${markets})`],
    // the categories listed, and a country echoed as typed (CANADA, FROB alone: fresh-user trial);
    // a category too, as a market and a country are (`--category frob` was said FROB)
    [['ledger', '--category', 'frob', '--category', 'Bogus'], 'unknown category frob, Bogus (pricing categories: SERVICE, MARKETING, UTILITY, AUTHENTICATION, AUTHENTICATION_INTERNATIONAL, FREE_ENTRY_POINT; any case)'],
    [['ledger', '--country', 'Canada'], 'unknown country Canada (a country is its ISO 3166 alpha-2 code, e.g. US or CA; unknown: customer numbers of no known country)'],
  ] as const) {
    const e = await failed('export', ...args, '--db', db)
    expect(e.code).toBe(2)
    expect(e.stderr.trim()).toBe(`wacost: ${said}`)
  }
}, 120_000)

// the shipped rate card's markets, as an unknown market's error lists them
const markets = 'BR, DE, GB, ID, IN, MX, North America, Rest of Africa, Rest of Asia Pacific, Rest of Central & Eastern Europe, '
  + 'Rest of Latin America, Rest of Middle East, Rest of Western Europe, OTHER'

it('lists the markets for an unknown one, says where a country is priced, and calls an empty value empty (break-it trial)', async () => {
  // `--market India` where the rate card says IN named the value alone; `--phone ""` said "unknown phone number "
  const india = await failed('export', 'ledger', '--market', 'India', '--db', db)
  // a country's name (the dashboard's menu says India) with its code (break-it trial)
  expect([india.code, india.stderr.trim()]).toEqual([2, `wacost: unknown market India (India is the market IN; markets on the rate card: ${markets})`])
  const us = await failed('export', 'daily', '--market', 'US', '--db', db)
  expect(us.stderr.trim()).toBe(`wacost: unknown market US (US is priced in the market North America; markets on the rate card: ${markets})`)
  // one line, as the filters' other errors; blanks only are empty too (commander's words and the
  // whole usage after them: break-it trial)
  for (const [option, value, said] of [
    ['--phone', '', '--phone "" is empty: give a phone number (phone_number_id), or leave the option out'],
    ['--market', '   ', '--market "   " is empty (only blanks): give a market, or leave the option out'],
    ['--category', '\t', '--category "\\t" is empty (only blanks): give a category, or leave the option out'],
    ['--country', '', '--country "" is empty: give a country code, or leave the option out'],
    ['--waba', ' ', '--waba " " is empty (only blanks): give a WABA id, or leave the option out'],
  ] as const) {
    const empty = await failed('export', 'ledger', option, value, '--db', db)
    expect([empty.code, empty.stderr]).toEqual([2, `wacost: ${said}\n`])
  }
}, 120_000)

// `--category " marketing"` said "unknown category  MARKETING", the blank unseen: it is said, in
// the words of the settings' blanks (core/blanks.ts), with the value to give when that one exists
it('says a value with a blank at an end has it, and what to give (exit 2)', async () => {
  for (const [args, said] of [
    [['--category', ' marketing'], 'category " marketing" has a blank before the category (a space or line break copied with it?): give the category alone, marketing'],
    [['--market', 'IN\u00a0'], 'market "IN\\u00a0" has a no-break space (U+00A0) after the market (copied with it from a web page or document?): give the market alone, IN'],
    [['--phone', '106540352242922\t'], 'phone number "106540352242922\\t" has a tab after the phone number (copied with it?): give the phone number alone, 106540352242922'],
    [['--category', ' frob'], 'unknown category " frob" (pricing categories: SERVICE, MARKETING, UTILITY, AUTHENTICATION, AUTHENTICATION_INTERNATIONAL, FREE_ENTRY_POINT; any case): it has a blank before the category (a space or line break copied with it?)'],
    // a WABA id as a filter's value (it read "unknown WABA  102290129340398", the blank unseen: break-it trial)
    [['--waba', ' 102290129340398'], 'WABA " 102290129340398" has a blank before the WABA id (a space or line break copied with it?): give the WABA id alone, 102290129340398'],
    [['--waba', '999\u00a0'], 'unknown WABA "999\\u00a0": it has a no-break space (U+00A0) after the WABA id (copied with it from a web page or document?)'],
    // blanks inside quoted, with the market meant (`North  America` was said unquoted, with the
    // markets listed); an unknown market with a blank keeps the list (break-it trial)
    [['--market', 'North  America'], 'market "North  America" has two blanks in a row inside the market: give North America'],
    [['--market', 'north\tamerica'], 'market "north\\tamerica" has a tab inside the market: give North America'],
    [['--market', 'Nowhere Land'], `unknown market "Nowhere Land" (markets on the rate card: ${markets})`],
    [['--market', ' India'], `unknown market " India" (India is the market IN; markets on the rate card: ${markets}): it has a blank before the market (a space or line break copied with it?)`],
  ] as const) {
    const e = await failed('export', 'ledger', ...args, '--db', db)
    expect([e.code, e.stderr.trim()]).toEqual([2, `wacost: ${said}`])
  }
}, 120_000)

it('refuses the filters for the invoice in words (exit 2), before opening the database', async () => {
  const one = await failed('export', 'invoice', '--phone', '106540352242922', '--db', db)
  expect(one.code).toBe(2)
  expect(one.stderr.trim()).toBe('wacost: export invoice does not take --phone: it is per WABA and period (the ledger and daily '
    + 'exports take the phone number, market, category and country filters; an invoice of part of a WABA would not be the total billed)')
  const two = await failed('export', 'invoice', '--market', 'US', '--category', 'MARKETING', '--country', 'US', '--db', join(db, 'no-such-db'))
  expect(two.code).toBe(2)
  expect(two.stderr).toContain('wacost: export invoice does not take --market, --category, --country: it is per WABA and period')
  // in the order given, as GET /api/exports/invoice names them in its query's (both had a fixed order)
  const given = await failed('export', 'invoice', '--country', 'US', '--phone', '106540352242922', '--country', 'CA', '--db', join(db, 'no-such-db'))
  expect(given.stderr).toContain('wacost: export invoice does not take --country, --phone: it is per WABA and period')
}, 60_000)

// A period none of whose days has data: the file is its header alone, which finance read as a
// period without spend (fresh-user trial); stderr says the data's days. A period with data says nothing.
it('says on stderr when the period has no day with data, and the data\'s days', async () => {
  const none = await wacost('export', 'invoice', '--db', db, '--from', '2031-01-01', '--to', '2031-01-31')
  expect(parseCsv(none.stdout).rows).toEqual([])
  const [first, last] = [none.stderr.match(/runs (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/)?.[1], none.stderr.match(/to (\d{4}-\d{2}-\d{2}): nothing/)?.[1]]
  expect(none.stderr).toBe(`note: the data runs ${first} to ${last}: nothing of 2031-01-01 to 2031-01-31 is in it, so the file holds only its header (its spend is not known here, not 0)\n`)
  const all = await csv('ledger')
  expect([first, last]).toEqual([all.map((r) => r.local_date!).sort()[0], all.map((r) => r.local_date!).sort().at(-1)])
  const some = await wacost('export', 'daily', '--db', db, '--from', first!, '--to', first!)
  expect(parseCsv(some.stdout).rows.length).toBeGreaterThan(0)
  expect(some.stderr).toBe('')
})

it('--excel writes a byte-order mark, the 15-digit ids and the month as ="…", every other cell as without it', async () => {
  // Excel read waba_id 104729318650012 as 1.04729E+14 and saved it so (finance trial), and the
  // month 2024-08 as the date Aug-24 (migration 714)
  const plain = (await wacost('export', 'ledger', '--market', 'IN', '--db', db)).stdout
  const excel = (await wacost('export', 'ledger', '--market', 'IN', '--excel', '--db', db)).stdout
  expect(excel.charCodeAt(0)).toBe(0xfeff)
  const rows = parseCsv(excel).rows
  expect(rows.length).toBeGreaterThan(0)
  for (const r of rows) for (const c of ['waba_id', 'phone_number_id', 'wa_id'] as const) expect(r[c], c).toMatch(/^="\d{12,15}"$/)
  for (const r of rows) expect(r.month).toMatch(/^="\d{4}-\d{2}"$/)
  const unwrapped = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replace(/^="([\d-]+)"$/, '$1')])))
  expect(unwrapped).toEqual(parseCsv(plain).rows)
}, 60_000)

// A phone number of another WABA than the one asked: the file was its header alone, exit 0, no
// word (fresh-user trial: Northwind's WABA with a Lumen Bank number); the API answered the same.
// A number the logs give under two WABAs has data under each, and is taken under either.
it('says a phone number with no data under the asked WABA is another WABA\'s (exit 2), never a header-only file', async () => {
  const two = mkdtempSync(join(tmpdir(), 'wacost-cli-export-phone-waba-'))
  try {
    const line = (id: string, waba: string, phone: string, wa: string) => JSON.stringify({
      message_id: id, timestamp: '2024-09-02T10:00:00Z', waba_id: waba, phone_number_id: phone, wa_id: wa,
      direction: 'outbound', template_category: 'UTILITY', template_name: 'order_update', status: 'delivered',
    })
    const [northwind, lumen] = ['104729318650012', '104729318650027']
    const log = join(two, 'log.ndjson')
    writeFileSync(log, [
      line('nw-1', northwind, '110200300400500', '14155550101'), line('lb-1', lumen, '110200300400611', '14155550102'),
      line('both-1', northwind, '110200300400700', '14155550103'), line('both-2', lumen, '110200300400700', '14155550104'),
    ].join('\n'))
    await wacost('ingest', '--db', join(two, 'db'), '--no-progress', '--wabas', demoWabas, log)
    const e = await failed('export', 'ledger', '--waba', northwind, '--phone', '110200300400611', '--db', join(two, 'db'))
    expect([e.code, e.stderr.trim()]).toEqual([2, `wacost: phone number 110200300400611 does not belong to WABA ${northwind} (it is Lumen Bank's)`])
    const daily = await failed('export', 'daily', '--waba', northwind, '--phone', '110200300400611', '--phone', '110200300400500', '--db', join(two, 'db'))
    expect([daily.code, daily.stderr.trim()]).toEqual([2, `wacost: phone number 110200300400611 does not belong to WABA ${northwind} (it is Lumen Bank's)`])
    const ids = async (...args: string[]) => parseCsv((await wacost('export', 'ledger', ...args, '--db', join(two, 'db'))).stdout).rows.map((r) => r.opening_message_id)
    // a number with data under the asked WABA (here, under both) stays taken: that WABA's rows
    expect(await ids('--waba', northwind, '--phone', '110200300400700')).toEqual(['both-1'])
    expect(await ids('--waba', lumen, '--phone', '110200300400700')).toEqual(['both-2'])
    // one of any asked WABA is taken, as is any number without --waba
    expect(await ids('--waba', northwind, '--waba', lumen, '--phone', '110200300400611')).toEqual(['lb-1'])
    expect(await ids('--phone', '110200300400611')).toEqual(['lb-1'])
  } finally { rmSync(two, { recursive: true, force: true }) }
}, 120_000)
