// Support's investigation routes on the real engine: the worked examples A–F of billing-rules.md
// and the seed articles' scenarios, one conversation key each (tenant = phone number id, all in
// a WABA without a configured zone, so times read in UTC from 2025-12-01 00:00 = hour 0), each
// asserting the explanation or the one-sentence answer support pastes into a reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { at, inbound, keyOf, reply, template, type Key } from './support/log.ts'
import { ingest } from './support/engine.ts'
import { sqlText } from '../core/db/sql.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import type { CustomerConversationRow, CustomerMatchRow, CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'

let t: TestApp
const k = (tenant: string, wa = '14155550100') => ({ ...keyOf(tenant, wa), waba_id: 'waba-support' })

const keys = {
  a: k('a'), b: k('b'), c: k('c'), d: k('d'), e: k('e'), f: k('f'),
  same: k('same'), cross: k('cross'), service: k('service'), utilAuth: k('util-auth'), twice: k('twice'), freeFirst: k('free-first'),
  other: { ...keyOf('other', '447400123456'), waba_id: 'waba-other' },
}

beforeAll(async () => {
  t = await openApp({}, 'test-admin-key-0123456789=*,test-support-other-0123=waba-other')
  const { a, b, c, d, e, f, same, cross, service, utilAuth, twice, freeFirst, other } = keys
  const summary = await ingest(t.session, [
    template(a, 'a0', 0, 'MARKETING', { template_name: 'promo_launch' }), template(a, 'a6', 6, 'MARKETING'), template(a, 'a24', 24, 'MARKETING'),
    inbound(b, 'b0', 0), template(b, 'b2', 2, 'UTILITY'), template(b, 'b4', 4, 'MARKETING'), template(b, 'b6', 6, 'UTILITY'),
    inbound(c, 'c0', 0), inbound(c, 'c20', 20), inbound(c, 'c43', 43), inbound(c, 'c67', 67),
    template(d, 'd0', 0, 'MARKETING'), inbound(d, 'd1', 1, { entry_point: 'ctwa', ad_id: '120226000001' }), reply(d, 'd2', 2),
    template(d, 'd10', 10, 'MARKETING'), template(d, 'd74', 74, 'MARKETING'),
    inbound(e, 'e0', 0, { entry_point: 'ctwa', ad_id: '120226000002' }), reply(e, 'e25', 25),
    template(f, 'f0', 0, 'UTILITY', { status: 'failed' }), template(f, 'f1', 1, 'UTILITY'),
    // seed 000 A: same category within 24 h
    template(same, 's0', 0, 'MARKETING'), template(same, 's6', 6, 'MARKETING'),
    // seed 004: utility at 10:00 and authentication at 15:00 are billed separately
    template(utilAuth, 'u10', 10, 'UTILITY'), template(utilAuth, 'u15', 15, 'AUTHENTICATION'),
    // seed 002: a template sent inside an open service window is charged
    inbound(service, 'v0', 0), template(service, 'v1', 1, 'MARKETING'), reply(service, 'v2', 2),
    // seed 000 B / 004 timeline: cross-category in parallel
    inbound(cross, 'x0', 0), template(cross, 'x2', 2, 'UTILITY'), template(cross, 'x4', 4, 'MARKETING'), template(cross, 'x6', 6, 'UTILITY'),
    template(other, 'o0', 0, 'MARKETING'),
    // two marketing charges inside service windows, a day apart: one phrase counts them
    inbound(twice, 'w0', 0), template(twice, 'w1', 1, 'MARKETING'), inbound(twice, 'w30', 30), template(twice, 'w31', 31, 'MARKETING'),
    // a free-entry conversation on day 1, the only charge on day 5 (after its 72 h window)
    inbound(freeFirst, 'ff0', 0, { entry_point: 'ctwa', ad_id: '120226000003' }), reply(freeFirst, 'ff1', 1),
    template(freeFirst, 'ff100', 100, 'MARKETING'),
  ])
  expect(summary.rejected).toBe(0)
})
afterAll(async () => { await t?.app.close() })

const q = (key: Key) => `customer=${key.wa_id}&phone=${key.phone_number_id}`
const conversations = (key: Key) => json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q(key)}`)
const messages = (key: Key) => json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q(key)}`)
const answer = async (key: Key) => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(key)}`))[0]!.summary
const why = async (key: Key) => (await conversations(key)).map((c) => c.explanation)
const said = async (key: Key) => Object.fromEntries((await messages(key)).map((m) => [m.message_id, m.explanation]))

describe('explanations of the worked examples', () => {
  it('A: a second marketing template within 24 h reuses the window; at 24 h a new one is charged', async () => {
    expect(await why(keys.a)).toEqual([
      'Charged 0.0250 USD: marketing template “promo_launch” delivered 2025-12-01 00:00; no marketing window was open (first marketing conversation with this customer on this number).',
      'Charged 0.0250 USD: marketing template delivered 2025-12-02 00:00; no marketing window was open (the previous one closed 2025-12-02 00:00).',
    ])
    expect((await said(keys.a)).a6).toBe('No charge: marketing template reused the marketing window opened 2025-12-01 00:00 (open until 2025-12-02 00:00).')
  })

  it('B: categories are independent; three conversations, two charged', async () => {
    const rows = await conversations(keys.b)
    expect(rows.map((r) => [r.category, r.reason, r.charged])).toEqual([
      ['SERVICE', 'FREE_TIER', 0], ['UTILITY', 'SERVICE_OPEN', 1], ['MARKETING', 'CROSS_CATEGORY', 1],
    ])
    expect(rows[1]!.explanation).toContain('The customer service window was open, but a template always opens a window of its own category')
    expect(rows[2]!.explanation).toContain('Other windows were open (service, utility), but each category has its own window')
    expect((await said(keys.b)).b6).toBe('No charge: utility template reused the utility window opened 2025-12-01 02:00 (open until 2025-12-02 02:00).')
  })

  it('C: every inbound extends the service window; at 67 h a second one opens', async () => {
    const rows = await conversations(keys.c)
    expect(rows.map((r) => [r.opened_at, r.closed_at])).toEqual([[at(0), at(67)], [at(67), at(91)]])
    expect(rows[1]!.explanation).toContain('no service window was open (the previous one closed 2025-12-03 19:00)')
    expect((await said(keys.c)).c43).toBe('Customer message inside the service conversation opened 2025-12-01 00:00: it stays open until 24 h after this message.')
  })

  it('D: the free entry point converts the entry conversation, cuts the marketing window, keeps its charge', async () => {
    expect(await why(keys.d)).toEqual([
      'Charged 0.0250 USD: marketing template delivered 2025-12-01 00:00; no marketing window was open (first marketing conversation with this customer on this number). Closed early at 2025-12-01 02:00: a free-entry window started (the charge stays).',
      'Free: free-entry window opened by the reply at 2025-12-01 02:00 to the customer\'s message from ad 120226000001 (2025-12-01 01:00); it runs 72 h, until 2025-12-04 02:00, and everything inside it is free.'
      + ' This conversation starts earlier, at the customer\'s message, which opened it; the free window runs from the reply.',
      // The free entry point cut the previous window, but it would have expired on 12-02 anyway:
      // not named as the cause.
      'Charged 0.0250 USD: marketing template delivered 2025-12-04 02:00; no marketing window was open (the previous one closed 2025-12-01 02:00).',
    ])
    const m = await said(keys.d)
    expect(m.d10).toBe('Free: inside the free-entry window opened by the reply to ad 120226000001 (2025-12-01 02:00).')
    expect(m.d2).toBe('Reply to the entry message: opened the free-entry window (until 2025-12-04 02:00); every other open window closed at this moment.')
  })

  // The reply said "every other open window closed at this moment" even when none was open
  // (fresh-user trial): only a window the free entry point closed (close_reason fep) is named.
  it('the reply that opens a free entry point names no closed window when none was open', async () => {
    expect((await said(keys.freeFirst)).ff1).toBe('Reply to the entry message: opened the free-entry window (until 2025-12-04 01:00).')
  })

  it('E: a reply after 24 h opens no free entry point and breaks the guardrail', async () => {
    const m = await said(keys.e)
    expect(m.e0).toBe('Opened the service conversation: free (free tier). It came from ad 120226000002 but started no free-entry window (that takes a business reply within 24 h of the earliest entry message).')
    expect(m.e25).toBe('Guardrail broken: free-form message sent 2025-12-02 01:00 with no customer message in the 24 h before; WhatsApp rejects such sends (no conversation, no charge).')
  })

  it('F: a failed template opens nothing; the next delivered one opens', async () => {
    const m = await said(keys.f)
    expect(m.f0).toBe('Not delivered (failed): it opens nothing.')
    expect(m.f1).toBe('Opened the utility conversation: charged 0.0040 USD.')
  })
})

// The API wrote a template's name in Markdown backticks (`promo_launch`), which the page drew as
// code but JSON and CSV readers got raw; the answer said "the first with this customer" where the
// first charge's Why said "first … with this customer on this number" (fresh-user trial).
describe('plain words for every reader', () => {
  it('quotes a template\'s name in curly quotes in the JSON and CSV, no backtick', async () => {
    for (const path of ['conversations', 'messages', 'summary']) {
      const csv = (await get(t.app, `/api/customer/${path}?${q(keys.a)}&format=csv`)).body
      expect({ path, backticks: csv.includes('`') }).toEqual({ path, backticks: false })
    }
    expect((await why(keys.a))[0]).toMatch(/^Charged 0\.0250 USD: marketing template “promo_launch” delivered /)
  })
  it('says the first charge in the answer as its Why says it', async () => {
    const [first] = await why(keys.same)
    expect(first).toContain('no marketing window was open (first marketing conversation with this customer on this number)')
    expect(await answer(keys.same)).toContain('1 marketing (no marketing window was open, the first with this customer on this number)')
  })
})

describe('the answer sentence for the seed scenarios', () => {
  it('same category twice within 24 h: one charge', async () => {
    expect(await answer(keys.same)).toBe('1 charge on 2025-12-01 (0.0250 USD): 1 marketing (no marketing window was open, the first with this customer on this number). Not charged: 1 template reused an open window of the same category (sent within 24 h of the one that opened it).')
  })
  // the categories in the order of their first charge (utility at 2 h, marketing at 4 h), as the table lists them
  it('cross-category in parallel: separate charges', async () => {
    expect(await answer(keys.cross)).toBe('2 charges on 2025-12-01 (0.0290 USD): 1 utility (a template sent inside an open service window is charged), 1 marketing (no marketing window was open, the first with this customer on this number, and a window of another category open then does not cover it). Not charged: 1 template reused an open window of the same category (sent within 24 h of the one that opened it); 1 service conversation in the free tier.')
    expect(await answer(keys.utilAuth)).toBe('2 charges on 2025-12-01 (0.0175 USD): 1 utility (no utility window was open, the first with this customer on this number), 1 authentication (no authentication window was open, the first with this customer on this number, and a window of another category open then does not cover it).')
  })
  it('a template inside an open service window is charged; a free-form reply is not', async () => {
    expect(await answer(keys.service)).toBe('1 charge on 2025-12-01 (0.0250 USD): 1 marketing (a template sent inside an open service window is charged). Not charged: 1 service conversation in the free tier.')
  })
  it('nests no brackets: each reason of a category counted in one bracket (a trial read "(1 sent inside an open service window (a template …))")', async () => {
    /** [the brackets left open at the end, the most open at once] */
    const depth = (text: string): [number, number] => {
      let d = 0
      let max = 0
      for (const ch of text) max = Math.max(max, (d += ch === '(' ? 1 : ch === ')' ? -1 : 0))
      return [d, max]
    }
    const said = await Promise.all(Object.values(keys).map((key) => answer(key)))
    expect(await answer(keys.twice)).toMatch(/^2 charges .*: 2 marketing \(.*sent inside an open service window.*\)\./)
    for (const s of said) expect({ s, open: depth(s)[0], nested: depth(s)[1] > 1 }).toEqual({ s, open: 0, nested: false })
  })
  it('windows expired between sends', async () => {
    expect(await answer(keys.a)).toBe('2 charges from 2025-12-01 to 2025-12-02 (0.0500 USD): 2 marketing (the first with this customer on this number; 1 after the previous window had expired). Not charged: 1 template reused an open window of the same category (sent within 24 h of the one that opened it).')
  })
  it('free entry point suppression', async () => {
    expect(await answer(keys.d)).toBe('2 charges from 2025-12-01 to 2025-12-04 (0.0500 USD): 2 marketing (the first with this customer on this number; 1 after the previous window had expired). Not charged: 1 free-entry conversation, with 1 template sent inside it for free. Also: 1 window was closed early by a free-entry window (charges stay).')
  })
  it('guardrail breaks and undelivered messages are named', async () => {
    expect(await answer(keys.e)).toBe('No charges on 2025-12-01. Not charged: 1 service conversation in the free tier. Also: 1 free-form message was sent outside the customer service window (WhatsApp rejects it; no charge).')
    expect(await answer(keys.f)).toBe('1 charge on 2025-12-01 (0.0040 USD): 1 utility (no utility window was open, the first with this customer on this number). Also: 1 message was not delivered (nothing opens).')
  })
  it('a period counts the charges opened in it and keeps earlier windows its messages used as context', async () => {
    const rows = await json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q(keys.a)}&from=2025-12-02&to=2025-12-02`)
    expect(rows.map((r) => [r.opening_message_id, r.in_period])).toEqual([['a24', 1]])
    const day1 = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(keys.a)}&from=2025-12-01&to=2025-12-01`)
    expect(day1[0]).toMatchObject({ charges: 1, reused: 1, amount: '0.0250' })
  })
  it('names a period open at one end by its conversations\' days, or its one bound when it has none (it read "to 2148-12-31")', async () => {
    const said = async (key: Key, period: string) => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(key)}&${period}`))[0]!.summary
    expect(await said(keys.a, 'from=2025-12-02')).toMatch(/^1 charge on 2025-12-02 \(0\.0250 USD\)/)
    expect(await said(keys.a, 'to=2025-12-01')).toMatch(/^1 charge on 2025-12-01 \(0\.0250 USD\)/)
    expect(await said(keys.d, 'from=2025-12-01')).toMatch(/^2 charges from 2025-12-01 to 2025-12-04 /)
    // with no message in the period, the days they run (it said "No charges since …" after the data's end: trial)
    expect(await said(keys.a, 'from=2025-12-10')).toBe('No charges since 2025-12-10: no message of this customer is stored in this period (their messages run from 2025-12-01 to 2025-12-02).')
    expect(await said(keys.a, 'to=2025-11-30')).toBe('No charges until 2025-11-30: no message of this customer is stored in this period (their messages run from 2025-12-01 to 2025-12-02).')
    expect(await said(keys.f, 'from=2025-12-05&to=2025-12-31')).toBe('No charges from 2025-12-05 to 2025-12-31: no message of this customer is stored in this period (their messages run on 2025-12-01).')
  })
  // fresh-user trial: "4 charges from 2024-07-24 to …" named a free-entry conversation's day
  it('names the charges\' own days when the period is open, not a free conversation\'s before them', async () => {
    expect(await answer(keys.freeFirst)).toMatch(/^1 charge on 2025-12-05 \(0\.0250 USD\): 1 marketing .* Not charged: 1 free-entry conversation\.$/)
  })
  it('names the period and speaks of one expired window in the singular', async () => {
    const [day2] = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q(keys.a)}&from=2025-12-02&to=2025-12-03`)
    expect(day2!.summary).toBe('1 charge from 2025-12-02 to 2025-12-03 (0.0250 USD): 1 marketing (the previous marketing window had expired).')
  })
  it('writes the free tier size with a thousands separator', async () => {
    const service = (await conversations(keys.service)).find((c) => c.category === 'SERVICE')!
    expect(service.explanation).toContain(' It is within the 1,000 free service conversations of December 2025 for this WABA.')
  })
})

describe('finding the customer', () => {
  it('takes the number in any common spelling', async () => {
    for (const spelling of ['+1 415-555-0100', '14155550100', '(415) 555 0100', '001 415 555 0100']) {
      const rows = await json<CustomerMatchRow[]>(t.app, `/api/customer/lookup?q=${encodeURIComponent(spelling)}&country=US`)
      expect(rows.length, spelling).toBeGreaterThanOrEqual(10)
      expect(new Set(rows.map((r) => r.wa_id)), spelling).toEqual(new Set(['14155550100']))
      expect(rows.every((r) => r.matched_by === 'number' && r.country === 'US')).toBe(true)
    }
    const gb = await json<CustomerMatchRow[]>(t.app, `/api/customer/lookup?q=${encodeURIComponent('07400 123456')}&country=GB`)
    expect(gb.map((r) => [r.wa_id, r.phone_number_id, r.waba_id])).toEqual([['447400123456', 'pn-other', 'waba-other']])
    // The data routes take the same spellings.
    const spelled = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?customer=${encodeURIComponent('+1 (415) 555-0100')}&phone=pn-same`)
    expect(spelled[0]!.summary).toBe(await answer(keys.same))
  })

  it('finds a message by id: the lookup names its customer, the message route explains it', async () => {
    const rows = await json<CustomerMatchRow[]>(t.app, '/api/customer/lookup?q=b6')
    expect(rows).toEqual([expect.objectContaining({ matched_by: 'message', wa_id: '14155550100', phone_number_id: 'pn-b', messages: 4 })])
    const [m] = await json<CustomerMessageRow[]>(t.app, '/api/messages/b6')
    expect(m).toMatchObject({ message_id: 'b6', verdict: 'REUSED', lane: 'UTILITY', template_category: 'UTILITY' })
    expect(m!.explanation).toBe((await said(keys.b)).b6)
    // The id is not in verdicts' sort key: the look-up must reach the message through the bloom
    // filter of migration 492 (inside an OR it could not, and it read the whole column: 561 ms at 10M).
    const plan = await (await t.session.db.client.query({ query: `EXPLAIN indexes = 1 ${sqlText('api/customer_lookup')}`,
      query_params: { customers: [], message: 'b6', wabas: [], phones: [] }, format: 'TabSeparatedRaw' })).text()
    // (an OR with the number test lists the index too, but skips nothing: the read must filter on the id alone)
    expect(plan).toMatch(/filter column:\s+message_id = 'b6'[\s│]+Indexes:[\s\S]*?Skip[\s│]+Name: verdicts_message_id/)
  })

  it('finds a message where a correction moved it, not under the key it left', async () => {
    // mv1 is first stored for …111, then corrected to …122; …111 keeps a later message, so a
    // search of verdicts by id (both keys hold rows of mv1) took the old key, latest first, and
    // answered 200 with no row. message_keys says where the id is now.
    const from = { ...keyOf('moved', '14155550111'), waba_id: 'waba-support' }
    const to = { ...from, wa_id: '14155550122' }
    await ingest(t.session, [template(from, 'mv1', 0, 'MARKETING'), template(from, 'mv2', 30, 'UTILITY')])
    await ingest(t.session, [template(to, 'mv1', 0, 'MARKETING')])
    const [m, ...more] = await json<CustomerMessageRow[]>(t.app, '/api/messages/mv1')
    expect(more).toEqual([])
    expect(m).toMatchObject({ message_id: 'mv1', wa_id: '14155550122', phone_number_id: 'pn-moved', verdict: 'OPENED' })
    expect(m!.explanation).toBe((await said(to)).mv1)
    // the key comes from message_keys (a scalar read by the id's hash), so verdicts are read by
    // their whole sort key down to the id, not searched by the id's bloom filter
    const plan = await (await t.session.db.client.query({ query: `EXPLAIN indexes = 1 ${sqlText('api/message_key')}`,
      query_params: { message: 'mv1', wabas: [] }, format: 'TabSeparatedRaw' })).text()
    expect(plan).toMatch(/PrimaryKey[\s│]+Keys:[\s│]+bucket[\s│]+phone_number_id[\s│]+wa_id[\s│]+message_id[\s│]+Condition: .*message_id in \['mv1'/)
    // the key it left still answers for its own message
    expect((await json<CustomerMessageRow[]>(t.app, '/api/messages/mv2')).map((r) => [r.message_id, r.wa_id])).toEqual([['mv2', '14155550111']])
  })

  it('refuses what it cannot read, and says why', async () => {
    expect((await get(t.app, '/api/messages/nope?format=json')).json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    expect((await get(t.app, '/api/customer/summary?customer=abc')).json()).toMatchObject({ error: { code: 'BAD_PARAMETER', param: 'customer' } })
    expect((await get(t.app, '/api/customer/summary')).json()).toMatchObject({ error: { code: 'BAD_PARAMETER', param: 'customer' } })
    expect((await get(t.app, '/api/customer/lookup?q=1415&country=XX')).json()).toMatchObject({ error: { code: 'BAD_PARAMETER', param: 'country' } })
    // a blank search is the empty one (trimmed first): it answered 200 [] (fresh-user trial)
    const empty = await get(t.app, '/api/customer/lookup?q=&format=json')
    expect([empty.statusCode, empty.json()]).toMatchObject([400, { error: { code: 'BAD_PARAMETER', param: 'q', message: expect.stringMatching(/^q: empty/) } }])
    for (const blank of ['%20', '%20%20%09']) {
      const res = await get(t.app, `/api/customer/lookup?q=${blank}&format=json`)
      expect([res.statusCode, res.json()]).toEqual([empty.statusCode, empty.json()])
    }
    expect((await get(t.app, '/api/customer/conversations?customer=14155550100', 'wrong-key-0123456789')).statusCode).toBe(401)
    // A key for another WABA sees neither this WABA's customers nor its messages.
    const scoped = 'test-support-other-0123'
    expect((await get(t.app, '/api/messages/b6?format=json', scoped)).statusCode).toBe(404)
    // … told exactly as for a customer nobody has: no way to learn who exists elsewhere.
    const res = await get(t.app, '/api/customer/conversations?customer=14155550100&format=json', scoped)
    expect([res.statusCode, res.json()]).toMatchObject([404, { error: { code: 'UNKNOWN_CUSTOMER', param: 'customer' } }])
    const nobody = await get(t.app, '/api/customer/summary?customer=%2B1%20202%20555%200199&format=json')
    expect([nobody.statusCode, nobody.json()]).toMatchObject([404, { error: { code: 'UNKNOWN_CUSTOMER', message: 'No messages with customer +1 202 555 0199.' } }])
    expect((await get(t.app, '/api/customer/lookup?q=o0&format=json', scoped)).json()).toHaveLength(1)
  })

  it('answers Arrow by default and CSV on request', async () => {
    const csv = await get(t.app, `/api/customer/conversations?${q(keys.a)}&format=csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toContain('"explanation"')
    const arrow = await get(t.app, `/api/customer/messages?${q(keys.a)}`)
    expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream')
  })
})
