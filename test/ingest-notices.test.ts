// Lines the spec does not refuse but that are likely mistakes of the log (break-it trial): a
// message id with blanks at its ends (" wamid.A" is another id than "wamid.A": its status never
// reached it, with no word but an unmatched-status warning that printed the blank invisibly), and
// a wa_id that is no international number ("0", 40 digits). interfaces.md §1 asks only "digits
// only" of wa_id and nothing of an id's blanks, so both stay accepted as given and change no
// result (docs/rules.md); the ingest summary now points them out, with the first line of each.
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { describeBatch } from '../ingest/report.ts'
import { ingest, openEngine, verdicts, type Session } from './support/engine.ts'

let s: Session
let app: FastifyInstance
const key = 'notices-ingest-key-01234'
beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
})
afterAll(async () => { await app.close() })

const line = (id: string, waId: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-notice', phone_number_id: 'p-notice', wa_id: waId,
  direction: 'outbound', template_category: 'MARKETING', status: 'sent', ...extra,
})

const blankNotice = (n: number, first: number) => `${n} record(s) have a message_id that begins or ends with a blank (first at line ${first}): kept as given, `
  + 'so it is another id than the same without the blank (a status or correction for that one does not reach it)'
const waNotice = (n: number, first: number) => `${n} message line(s) have a wa_id that is not an international number (more than 15 digits, or starting with 0; `
  + `first at line ${first}): kept and priced as given`

describe('accepted lines the summary points out', () => {
  it('says how many ids have blanks at their ends and wa_ids are no international number; results as before', async () => {
    const summary = await ingest(s, [
      line('n-plain', '4915112345678'),
      line(' n-edged', '4915112345678'),
      { kind: 'status', message_id: 'n-edged\t', status: 'delivered', timestamp: '2025-12-01T10:01:00Z' },
      line('n-zero', '0', { direction: 'inbound', template_category: null, status: null }),
      line('n-long', '1234567890123456789012345678901234567890'),
      line('n-edged', '4915112345678', { status: 'delivered' }),
    ])
    expect(summary).toMatchObject({ lines: 6, accepted: 6, rejected: 0 })
    expect(summary.notices).toEqual([blankNotice(2, 2), waNotice(2, 4)])
    expect(describeBatch(summary).split('\n').slice(1)).toEqual([`  notice: ${blankNotice(2, 2)}`, `  notice: ${waNotice(2, 4)}`])
    // kept as given: three distinct ids, the blank-edged status reaches none of them
    const v = await verdicts(s, [' n-edged', 'n-edged', 'n-zero', 'n-long'])
    expect([...v.values()].map((r) => [r.message_id, r.verdict])).toEqual([
      [' n-edged', 'NOT_DELIVERED'], ['n-edged', 'OPENED'], ['n-long', 'NOT_DELIVERED'], ['n-zero', 'OPENED'],
    ])
  })

  it('says nothing for an ordinary log, and POST /api/ingest answers the same notices', async () => {
    expect((await ingest(s, [line('n-ok', '14155550100')])).notices).toEqual([])
    const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` }, payload: JSON.stringify(line('n-api ', '0')) })
    expect(res.statusCode).toBe(200)
    expect(res.json().notices).toEqual([blankNotice(1, 1), waNotice(1, 1)])
  })
})

// One business phone number under two WABAs (fresh-user trial): the same traffic ingested under
// a second WABA with the same phone_number_id shares the conversation keys (billing-rules.md: a
// key is (phone_number_id, wa_id); its WABA is the opening message's), so its templates were
// reused in windows of the first WABA and the second had no ledger row, with no word at ingest;
// the dashboard then called the second WABA unknown although its messages are stored.
describe('a phone number given under a second WABA', () => {
  const under = (waba: string, phone: string, id: string, minute: number) => line(id, '4915112340001', {
    waba_id: waba, phone_number_id: phone, status: 'delivered', timestamp: `2025-06-02T10:${String(minute).padStart(2, '0')}:00Z`,
  })
  const otherNotice = (n: number, phone: string, waba: string, owner: string, first: number) =>
    `${n} message line(s) give phone number ${phone} under WABA ${waba} although it is stored (or given earlier) under WABA ${owner} (first at line ${first}): `
    + 'a phone number belongs to one WABA; its conversations are counted under the WABA of the message that opened them (kept as given)'

  it('says how many lines name another WABA than the stored one, from which line; the WABA stays known to the filter bar', async () => {
    const first = await ingest(s, [under('w-077', 'p-two', 'two-a1', 0), under('w-077', 'p-two', 'two-a2', 5)])
    expect(first.notices).toEqual([])
    // the same traffic with new ids under another WABA, after a line of another phone number
    const again = await ingest(s, [
      under('w-077', 'p-other', 'two-o1', 0), under('w-078', 'p-two', 'two-b1', 1), under('w-078', 'p-two', 'two-b2', 6),
    ])
    expect(again).toMatchObject({ accepted: 3, rejected: 0 })
    expect(again.notices).toEqual([otherNotice(2, 'p-two', 'w-078', 'w-077', 2)])
    // by the rules: the second WABA's templates fall in the window the first one opened
    const v = await verdicts(s, ['two-a1', 'two-b1', 'two-b2'])
    expect([...v.values()].map((r) => r.verdict)).toEqual(['OPENED', 'REUSED', 'REUSED'])
    // no conversation of its own, yet the dashboard's filter bar offers it (its link was "unknown")
    const res = await app.inject({ method: 'GET', url: '/api/filters?format=json', headers: { authorization: `Bearer ${key}` } })
    const wabas = res.json<{ kind: string; id: string; timezone: string }[]>().filter((o) => o.kind === 'waba')
    expect(wabas.map((o) => o.id)).toEqual(expect.arrayContaining(['w-077', 'w-078']))
    expect(wabas.find((o) => o.id === 'w-078')?.timezone).toBe('UTC')
  })

  it('gives a WABA the days of all its messages, those that opened nothing too (a From on such a day was "after the last day with data": trial)', async () => {
    const sent = (id: string, at: string, st: string) => ({ ...line(id, '14155550166', { status: st, timestamp: at }), waba_id: 'w-span', phone_number_id: 'p-span' })
    expect((await ingest(s, [sent('span-1', '2025-12-01T10:00:00Z', 'delivered'), sent('span-2', '2025-12-09T10:00:00Z', 'failed')])).rejected).toBe(0)
    const res = await app.inject({ method: 'GET', url: '/api/filters?waba=w-span&format=json', headers: { authorization: `Bearer ${key}` } })
    const days = res.json<{ kind: string; id: string; first_day: string; last_day: string }[]>().filter((o) => o.kind === 'waba')
      .map((o) => [o.id, o.first_day.slice(0, 10), o.last_day.slice(0, 10)])
    expect(days).toEqual([['w-span', '2025-12-01', '2025-12-09']])
  })

  it('a phone number first given in the batch itself, across groups; POST /api/ingest answers the notice', async () => {
    const body = [under('w-5', 'p-new', 'new-1', 0), under('w-5', 'p-new', 'new-2', 1), under('w-6', 'p-new', 'new-3', 2), under('w-6', 'p-new', 'new-4', 3)]
      .map((l) => JSON.stringify(l)).join('\n')
    const summary = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'groups', undefined, { chunkBytes: 300, groupBytes: 300 }))
    expect(summary.notices).toEqual([otherNotice(2, 'p-new', 'w-6', 'w-5', 3)])
    const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` }, payload: JSON.stringify(under('w-7', 'p-new', 'new-5', 4)) })
    expect(res.json().notices).toEqual([otherNotice(1, 'p-new', 'w-7', 'w-5', 1)])
  })
})

// A timestamp of 0 (or a small number written for an unknown time) is 1970-01-01 by the spec's
// Unix seconds, and is kept and priced; one such line stretched the dashboard's default period
// over 55 years with no word at ingest (fresh-user trial). Same for a line dated decades ahead.
describe('message lines dated where no WhatsApp Business traffic can be', () => {
  const dated = (id: string, timestamp: unknown) => line(id, '4915112349999', { phone_number_id: 'p-dated', timestamp })
  const early = (n: number, first: number, at: string) => `${n} line(s) give a time (of a message or a status) before 2018-08-01, when the WhatsApp Business API opened (first at line ${first}: `
    + `${at} UTC; a time written as 0 reads as 1970-01-01): kept and priced as given; the dashboard's period starts at the earliest day with data`
  const ahead = (n: number, first: number, at: string) => `${n} line(s) give a time (of a message or a status) more than a day after this ingest (first at line ${first}: ${at} UTC): `
    + 'kept and priced as given; the dashboard\'s period ends at the latest day with data'

  it('says how many, from which line and instant, across groups; the lines are kept and priced; POST /api/ingest answers the same', async () => {
    const body = [
      dated('d-ok', '2025-12-01T10:00:00Z'), dated('d-zero', 0), dated('d-2099', '2099-05-01T08:00:00Z'),
      dated('d-2017', '2017-06-30T23:59:59+05:30'), dated('d-edge', '2018-08-01T00:00:00Z'), dated('d-2098', 4070908800),
    ].map((l) => JSON.stringify(l)).join('\n')
    // a group of a line or two: the first of each kind is the first line of the batch, not of a group
    const summary = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'dated', undefined, { chunkBytes: 300, groupBytes: 300 }))
    expect(summary).toMatchObject({ lines: 6, accepted: 6, rejected: 0 })
    expect(summary.notices).toEqual([early(2, 2, '1970-01-01 00:00:00'), ahead(2, 3, '2099-05-01 08:00:00')])
    const v = await verdicts(s, ['d-zero', 'd-2099', 'd-2017', 'd-edge'])
    expect([...v.values()].map((r) => [r.message_id, r.verdict])).toEqual([
      ['d-2017', 'NOT_DELIVERED'], ['d-2099', 'NOT_DELIVERED'], ['d-edge', 'NOT_DELIVERED'], ['d-zero', 'NOT_DELIVERED'],
    ])
    expect((await ingest(s, [dated('d-ok2', '2025-12-02T10:00:00Z')])).notices).toEqual([])
    const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` }, payload: JSON.stringify(dated('d-one', '1')) })
    expect(res.json().notices).toEqual([early(1, 1, '1970-01-01 00:00:01')])
  })

  // a delivery in 2099 moved its message's charge there, one in 1970 back, with no word (break-it trial)
  it('says so of a status\'s time too: a status line\'s, or a message line\'s status_timestamp', async () => {
    const body = [
      { ...dated('s-sent', '2025-12-01T10:00:00Z'), direction: 'outbound', template_category: 'MARKETING', status: 'sent' },
      { kind: 'status', message_id: 's-sent', status: 'delivered', timestamp: '2099-06-01T00:00:00Z' },
      { ...dated('s-own', '2025-12-01T11:00:00Z'), direction: 'outbound', template_category: 'MARKETING', status: 'delivered', status_timestamp: '1971-01-01T00:00:00Z' },
      { kind: 'status', message_id: 's-sent', status: 'read', timestamp: '2025-12-01T10:05:00Z' },
    ].map((l) => JSON.stringify(l)).join('\n')
    const summary = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'status-dated'))
    expect(summary).toMatchObject({ lines: 4, accepted: 4, rejected: 0 })
    expect(summary.notices).toEqual([early(1, 3, '1971-01-01 00:00:00'), ahead(1, 2, '2099-06-01 00:00:00')])
  })
})
