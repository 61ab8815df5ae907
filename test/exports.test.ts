// Finance exports on the dashboard fixture (fixtures/dashboard.ts derives every figure): stable
// columns, RFC 4180, periods in each WABA's time zone, exact amounts; the ledger, invoice and
// daily exports and the dashboard agree to the cent; paging never changes a byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { ingest } from './support/engine.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { cents, download, micros, sum } from './support/exports.ts'
import { dashboardLog } from './fixtures/dashboard.ts'
import { exportCsv } from '../core/exports.ts'
import type { HeadlineRow } from '../api/routes/dashboard.ts'

const wabas = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))
let t: TestApp

beforeAll(async () => {
  t = await openApp({ wabas, freeTier: 2 }, 'test-admin-key-0123456789=*,test-ny-only-key-0123=waba-ny,test-no-data-key-012345=waba-none')
  expect((await ingest(t.session, dashboardLog)).rejected).toBe(0)
})
afterAll(async () => { await t?.app.close() })

const ledgerColumns = ['local_date', 'month', 'waba_id', 'waba_name', 'conversation_id', 'phone_number_id', 'wa_id', 'country', 'market',
  'category', 'opened_at', 'closed_at', 'close_reason', 'opening_message_id', 'pricing_type', 'cost', 'currency', 'unit', 'tier']

describe('ledger export', () => {
  it('has every conversation once with the ledger fields, the WABA name and the local opening day', async () => {
    const { header, rows } = await download(t.app, 'ledger')
    expect(header).toEqual(ledgerColumns)
    expect(rows).toHaveLength(9)
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(9)
    expect(sum(rows.map((r) => r.cost))).toBe(micros('0.0803'))
    // e3 was sent 2024-10-01 02:00 UTC: still September 30 in New York, and quoted names survive.
    expect(rows.find((r) => r.opening_message_id === 'e3')).toMatchObject({
      local_date: '2024-09-30', month: '2024-09', waba_name: 'Acme, New York', category: 'UTILITY',
      opened_at: '2024-10-01T02:00:00.000Z', pricing_type: 'REGULAR', cost: '0.0040', currency: 'USD',
    })
    expect(rows.find((r) => r.opening_message_id === 'd1')).toMatchObject({ waba_name: '', category: 'SERVICE', pricing_type: 'REGULAR', cost: '0.0088' })
    expect(rows.filter((r) => r.pricing_type === 'FREE_TIER').map((r) => r.cost)).toEqual(['0.0000', '0.0000'])
  })

  it('takes periods in each WABA\'s time zone', async () => {
    expect((await download(t.app, 'ledger', 'from=2024-10-01&to=2024-10-31')).rows).toEqual([])
    const ny = await download(t.app, 'ledger', 'waba=waba-ny&from=2024-09-30&to=2024-09-30')
    expect(ny.rows.map((r) => r.opening_message_id)).toEqual(['e2', 'e3'])
  })

  it('streams page by page with the same bytes as one page', async () => {
    const p = { wabas: [], from: '1970-01-01', to: '2148-12-31' }
    const collect = async (pageRows?: number) => {
      const parts: Buffer[] = []
      for await (const b of exportCsv(t.session.db, 'ledger', p, { pageRows })) parts.push(b)
      return { text: Buffer.concat(parts).toString(), chunks: parts.length }
    }
    const whole = (await collect()).text
    const paged = await collect(1)
    // three local days with conversations: three pages
    expect(paged.chunks).toBeGreaterThanOrEqual(3)
    expect(paged.text).toBe(whole)
    expect((await get(t.app, '/api/exports/ledger')).body).toBe(whole)
  })
})

describe('invoice export', () => {
  it('one row per WABA × month × market × category × pricing type, then a total per WABA', async () => {
    const { header, rows } = await download(t.app, 'invoice')
    expect(header).toEqual(['row_type', 'waba_id', 'waba_name', 'month', 'market', 'category', 'pricing_type', 'conversations', 'amount', 'currency', 'unit', 'tier'])
    expect(rows.filter((r) => r.row_type === 'total')).toEqual([
      { row_type: 'total', waba_id: 'waba-dash', waba_name: '', month: '', market: '', category: '', pricing_type: '', conversations: '6', amount: '0.0378', currency: 'USD', unit: '', tier: '' },
      { row_type: 'total', waba_id: 'waba-ny', waba_name: 'Acme, New York', month: '', market: '', category: '', pricing_type: '', conversations: '3', amount: '0.0425', currency: 'USD', unit: '', tier: '' },
    ])
    expect(rows.find((r) => r.waba_id === 'waba-dash' && r.category === 'SERVICE' && r.pricing_type === 'FREE_TIER'))
      .toMatchObject({ month: '2024-09', market: 'North America', conversations: '2', amount: '0.0000' })
    // e3 (Oct 1 in UTC) is invoiced in New York's September.
    expect(rows.filter((r) => r.waba_id === 'waba-ny' && r.row_type === 'item').map((r) => r.month)).toEqual(['2024-09', '2024-09', '2024-09'])
  })
})

describe('daily export', () => {
  it('one row per WABA and local day; the kinds add up to the conversations', async () => {
    const { header, rows } = await download(t.app, 'daily', 'bom=true')
    expect(header).toEqual(['local_date', 'waba_id', 'waba_name', 'marketing', 'utility', 'authentication', 'service', 'free_entry', 'free_tier', 'conversations', 'cost', 'currency', 'authentication_international', 'free_customer_service'])
    expect(rows.find((r) => r.waba_id === 'waba-ny' && r.local_date === '2024-09-30'))
      .toMatchObject({ marketing: '1', utility: '1', authentication: '0', conversations: '2', cost: '0.0290' })
    for (const r of rows) {
      const kinds = ['marketing', 'utility', 'authentication', 'service', 'free_entry', 'free_tier', 'authentication_international', 'free_customer_service'].reduce((a, k) => a + Number(r[k]), 0)
      expect(kinds).toBe(Number(r.conversations))
    }
  })

  it('starts with a byte-order mark only when asked', async () => {
    expect((await get(t.app, '/api/exports/daily?bom=true')).rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect((await get(t.app, '/api/exports/daily')).body.startsWith('"local_date"')).toBe(true)
  })
})

describe('reconciliation', () => {
  it('invoice totals = ledger export = daily export = dashboard, per WABA, to the cent', async () => {
    const ledger = (await download(t.app, 'ledger')).rows
    const invoice = (await download(t.app, 'invoice')).rows
    const daily = (await download(t.app, 'daily')).rows
    for (const waba of ['waba-dash', 'waba-ny']) {
      const fromLedger = sum(ledger.filter((r) => r.waba_id === waba).map((r) => r.cost))
      const total = invoice.find((r) => r.waba_id === waba && r.row_type === 'total')!
      expect(micros(total.amount)).toBe(fromLedger)
      expect(sum(invoice.filter((r) => r.waba_id === waba && r.row_type === 'item').map((r) => r.amount))).toBe(fromLedger)
      expect(sum(daily.filter((r) => r.waba_id === waba).map((r) => r.cost))).toBe(fromLedger)
      expect(Number(total.conversations)).toBe(ledger.filter((r) => r.waba_id === waba).length)
      const dash = (await json<HeadlineRow[]>(t.app, `/api/headline?waba=${waba}`)).find((r) => r.section === 'total')!
      expect(cents(fromLedger)).toBe(BigInt(Math.round(dash.cost * 100)))
      expect(dash.count).toBe(Number(total.conversations))
    }
  })

  it('a WABA-scoped key exports only its WABA', async () => {
    const res = await get(t.app, '/api/exports/invoice', 'test-ny-only-key-0123')
    expect(res.body).not.toContain('waba-dash')
    expect((await get(t.app, '/api/exports/ledger?waba=waba-dash', 'test-ny-only-key-0123')).statusCode).toBe(404)
    expect((await get(t.app, '/api/exports/ledger?from=2024-13-01')).json()).toMatchObject({ error: { code: 'BAD_DATE' } })
  })
})

// break-it trial: a key whose WABA holds no data was answered the header line alone, with no word
// of why; a file finance could take for a period without spend
describe('an export with no day of data in its period', () => {
  it('says why in Wacost-Notice: no data of the key\'s WABAs, or a period outside the data', async () => {
    for (const kind of ['ledger', 'invoice', 'daily']) {
      const res = await get(t.app, `/api/exports/${kind}?from=2024-09-01&to=2024-09-30`, 'test-no-data-key-012345')
      expect(res.statusCode).toBe(200)
      expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(1)
      expect(res.headers['wacost-notice']).toBe('no data of WABA waba-none (all this key may read) is stored: the file holds only its header')
    }
    const later = await get(t.app, '/api/exports/ledger?waba=waba-ny&from=2024-10-01&to=2024-10-31')
    expect(later.headers['wacost-notice']).toMatch(/^the data of WABA waba-ny runs 2024-09-\d\d to 2024-09-30: nothing of 2024-10-01 to 2024-10-31 is in it, so the file holds only its header \(its spend is not known here, not 0\)$/)
    // with data in the period: no notice
    expect((await get(t.app, '/api/exports/ledger')).headers['wacost-notice']).toBeUndefined()
    expect((await get(t.app, '/api/exports/daily?from=2024-09-30&to=2024-10-31', 'test-ny-only-key-0123')).headers['wacost-notice']).toBeUndefined()
  })
})
