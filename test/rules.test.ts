// Edges of billing-rules.md beyond the worked examples, plus idempotency, corrections, the free
// tier in a WABA's own time zone, and webhook envelopes. One tenant (phone number) per test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { at, inbound, keyOf, reply, status, template } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts } from './support/engine.ts'
import type { Session } from '../core/session.ts'

let s: Session
const wabas = new URL('./fixtures/wabas.csv', import.meta.url).pathname
beforeAll(async () => { s = await openEngine({ wabas, freeTier: 2 }) })
afterAll(async () => { await s.close() })

const verdictOf = async (ids: string[]) => Object.fromEntries([...(await verdicts(s, ids))].map(([id, v]) => [id, v.verdict]))

describe('free entry point', () => {
  it('an entry that only extended service: service suppressed, FEP opens at the reply', async () => {
    const k = keyOf('fep-2')
    await ingest(s, [inbound(k, 'g0', 0), inbound(k, 'g5', 5, { entry_point: 'page_cta', ad_id: 'post-1' }), template(k, 'g6', 6, 'UTILITY'), template(k, 'g7', 7, 'MARKETING')])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => [r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type])).toEqual([
      ['SERVICE', at(0), at(6), 'fep', 'g0', 'FREE_TIER'],
      ['FREE_ENTRY_POINT', at(6), at(78), 'expired', 'g6', 'FREE_ENTRY_POINT'],
    ])
    expect(await verdictOf(['g0', 'g5', 'g6', 'g7'])).toEqual({ g0: 'OPENED', g5: 'FREE_ENTRY', g6: 'FREE_ENTRY', g7: 'FREE_ENTRY' })
  })

  it('inside an FEP nothing opens, entries start nothing, and the guardrail still applies', async () => {
    const k = keyOf('fep-in')
    await ingest(s, [
      inbound(k, 'h0', 0, { entry_point: 'ctwa' }), reply(k, 'h1', 1),
      inbound(k, 'h30', 30, { entry_point: 'ctwa' }), reply(k, 'h31', 31),
      reply(k, 'h60', 60), template(k, 'h61', 61, 'AUTHENTICATION'),
      inbound(k, 'h73', 73), inbound(k, 'h80', 80),
    ])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => [r.category, r.opened_at, r.closed_at])).toEqual([
      ['FREE_ENTRY_POINT', at(0), at(73)],
      ['SERVICE', at(73), at(104)],
    ])
    expect(await verdictOf(['h30', 'h31', 'h60', 'h61', 'h73', 'h80'])).toEqual({
      h30: 'FREE_ENTRY', h31: 'IN_WINDOW', h60: 'OUTSIDE_SERVICE_WINDOW', h61: 'FREE_ENTRY', h73: 'OPENED', h80: 'EXTENDED',
    })
  })

  it('the earliest qualifying entry message is the entry; an expired one is not', async () => {
    const k = keyOf('fep-early')
    await ingest(s, [inbound(k, 'i0', 0, { entry_point: 'ctwa', ad_id: 'A' }), inbound(k, 'i20', 20, { entry_point: 'ctwa', ad_id: 'B' }), template(k, 'i30', 30, 'MARKETING')])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => [r.category, r.opened_at, r.close_reason])).toEqual([
      ['SERVICE', at(0), 'fep'],
      ['FREE_ENTRY_POINT', at(30), 'expired'],
    ])
    expect(await verdictOf(['i0', 'i20', 'i30'])).toEqual({ i0: 'OPENED', i20: 'FREE_ENTRY', i30: 'FREE_ENTRY' })
  })
})

describe('guardrail and delivery', () => {
  it('the customer service window is (t - 24 h, t]: a send at exactly 24 h breaks it', async () => {
    const k = keyOf('guard')
    await ingest(s, [inbound(k, 'j0', 0), reply(k, 'j23', 23.99), reply(k, 'j24', 24), reply(k, 'j25', 25, { status: 'failed' })])
    expect(await verdictOf(['j23', 'j24', 'j25'])).toEqual({ j23: 'IN_WINDOW', j24: 'OUTSIDE_SERVICE_WINDOW', j25: 'OUTSIDE_SERVICE_WINDOW' })
  })

  it('a late delivery status counts at its delivery time, as if it had arrived in order', async () => {
    const k = keyOf('late')
    await ingest(s, [template(k, 'k0', 0, 'MARKETING', { status: 'sent' }), template(k, 'k1', 1, 'MARKETING')])
    expect((await ledger(s, k.phone_number_id)).map((r) => r.opening_message_id)).toEqual(['k1'])
    await ingest(s, [status('k0', 'delivered', 0.5)])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => [r.opening_message_id, r.opened_at, r.closed_at])).toEqual([['k0', at(0.5), at(24.5)]])
    expect(await verdictOf(['k0', 'k1'])).toEqual({ k0: 'OPENED', k1: 'REUSED' })
  })
})

describe('ingest semantics', () => {
  it('ingesting the same log twice changes nothing', async () => {
    const k = keyOf('twice')
    const log = [inbound(k, 'l0', 0), template(k, 'l1', 1, 'UTILITY'), reply(k, 'l2', 2)]
    await ingest(s, log)
    const before = await ledger(s, k.phone_number_id)
    const countRows = async () => {
      const rs = await s.db.client.query({ query: 'SELECT count() AS n FROM conversations', format: 'JSONEachRow' })
      return (await rs.json<{ n: string }>())[0]?.n
    }
    const stored = await countRows()
    await ingest(s, log)
    expect(await ledger(s, k.phone_number_id)).toEqual(before)
    expect(await countRows()).toBe(stored) // nothing retracted and re-added either
  })

  it('a correction moving a message to another customer re-derives both', async () => {
    const k = keyOf('fix')
    const other = keyOf('fix', '14155550199')
    await ingest(s, [template(k, 'n0', 0, 'MARKETING')])
    await ingest(s, [template(other, 'n0', 0, 'MARKETING')])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => r.wa_id)).toEqual(['14155550199'])
  })

  // Found by test/incremental.test.ts: the status facts stored under the old customer were joined
  // to the message under the new one too, so the message counted twice (the derive failed with
  // "Sign = 2"; before issue 9 the fold saw the message twice).
  it('a message with a delivery status that moves to another customer counts once, under the new one', async () => {
    const k = keyOf('move-st')
    const other = keyOf('move-st', '14155550199')
    await ingest(s, [template(k, 'ms0', 0, 'MARKETING', { status: 'sent' }), status('ms0', 'delivered', 1), inbound(k, 'ms1', 2)])
    await ingest(s, [template(other, 'ms0', 0, 'MARKETING', { status: 'sent' }), inbound(k, 'ms2', 3)])
    const rows = await ledger(s, k.phone_number_id)
    expect(rows.map((r) => [r.wa_id, r.category, r.opened_at, r.opening_message_id])).toEqual([
      ['14155550100', 'SERVICE', at(2), 'ms1'],
      ['14155550199', 'MARKETING', at(1), 'ms0'],
    ])
    expect(await verdictOf(['ms0', 'ms1', 'ms2'])).toEqual({ ms0: 'OPENED', ms1: 'OPENED', ms2: 'EXTENDED' })
    // the dashboard's message counts: three messages, one verdict each
    const rs = await s.db.client.query({
      query: 'SELECT verdict, sum(messages) AS n FROM verdict_daily WHERE phone_number_id = {p:String} GROUP BY verdict HAVING n != 0 ORDER BY verdict',
      query_params: { p: k.phone_number_id }, format: 'JSONEachRow',
    })
    expect(await rs.json()).toEqual([{ verdict: 'EXTENDED', n: 1 }, { verdict: 'OPENED', n: 2 }])
  })
})

describe('free tier', () => {
  it('counts the first N service conversations per calendar month in the WABA time zone', async () => {
    // waba-ny is America/New_York: 2025-12-01T03:00Z is still November there.
    const k = { waba_id: 'waba-ny', phone_number_id: 'pn-ny', wa_id: '14155550100' }
    const c = (wa: string) => ({ ...k, wa_id: wa })
    await ingest(s, [
      inbound(c('14155550101'), 'o1', 3), // Nov 30 22:00 local
      inbound(c('14155550102'), 'o2', 6), // Dec 1 01:00 local
      inbound(c('14155550103'), 'o3', 7),
      inbound(c('14155550104'), 'o4', 8),
    ])
    const price = (rows: Awaited<ReturnType<typeof ledger>>) => rows.map((r) => [r.opening_message_id, r.pricing_type])
    expect(price(await ledger(s, 'pn-ny'))).toEqual([['o1', 'FREE_TIER'], ['o2', 'FREE_TIER'], ['o3', 'FREE_TIER'], ['o4', 'REGULAR']])
    // a late, earlier conversation in December takes a free place: o3 becomes REGULAR
    await ingest(s, [inbound(c('14155550105'), 'o5', 5.5)])
    expect(price(await ledger(s, 'pn-ny')).sort()).toEqual([['o1', 'FREE_TIER'], ['o2', 'FREE_TIER'], ['o3', 'REGULAR'], ['o4', 'REGULAR'], ['o5', 'FREE_TIER']])
  })
  it('ranks service conversations that open at the same instant by opening_message_id, byte-wise', async () => {
    // Rule 9: by opened_at, then opening_message_id. Ranking by conversation_id (a hash) instead
    // made z2 free and b1 paid here.
    const c = (wa: string) => ({ waba_id: 'waba-ny', phone_number_id: 'pn-ny', wa_id: wa })
    const t = 24 * 40 // 2026-01-10T00:00Z, a month with no conversations yet
    await ingest(s, [inbound(c('14155550203'), 'z2', t), inbound(c('14155550201'), 'b1', t), inbound(c('14155550202'), 'a3', t)])
    const jan = (await ledger(s, 'pn-ny')).filter((r) => ['z2', 'b1', 'a3'].includes(r.opening_message_id))
    expect(jan.map((r) => [r.opening_message_id, r.pricing_type]).sort()).toEqual([['a3', 'FREE_TIER'], ['b1', 'FREE_TIER'], ['z2', 'REGULAR']])
  })
})

describe('webhook envelope', () => {
  it('maps value.messages and value.statuses onto log lines', async () => {
    const envelope = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba-hook', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { phone_number_id: 'pn-hook' },
        messages: [{ from: '5511987654321', id: 'wh-1', timestamp: String(Date.parse(at(0)) / 1000), type: 'text', referral: { source_type: 'ad', source_id: 'ad-9' } }],
      } }] }],
    }
    await ingest(s, [envelope, reply({ waba_id: 'waba-hook', phone_number_id: 'pn-hook', wa_id: '5511987654321' }, 'wh-2', 1)])
    const rows = await ledger(s, 'pn-hook')
    expect(rows.map((r) => [r.category, r.country, r.market, r.opening_message_id])).toEqual([['FREE_ENTRY_POINT', 'BR', 'BR', 'wh-1']])
  })
})
