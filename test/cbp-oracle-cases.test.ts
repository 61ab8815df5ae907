// Hand-made edge cases of conversation-based pricing: the engine ≡ the spec oracle
// (support/cbp-oracle.ts, billing-rules.md), each case its own WABA, all cases ingested as one
// batch (an ingest costs ~1 s of planning), then compared case by case, field by field. Times are
// hours from 2025-08-29T00:00Z (a month boundary at 72 h), free tier 2 per WABA and month, the
// conversation-based timeline alone. The random property is cbp-oracle.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { ingest, openEngine, type Session } from './support/engine.ts'
import { cbpOracle, type CbpConfig } from './support/cbp-oracle.ts'
import { engineRows, engineView, marketMap, readRates } from './support/oracle-view.ts'

const card = fileURLToPath(new URL('./fixtures/rate-card-cbp-oracle.csv', import.meta.url))
const rates = readRates(card)
const COUNTRY: Record<string, string> = { '14155550101': 'US', '919812345678': 'IN', '5511987654321': 'BR', '525512345678': 'MX' }
const config: CbpConfig = { freeTier: 2, rates, marketMap, countryOf: (wa) => COUNTRY[wa] ?? null }
const H = 3_600_000
const at = (h: number) => new Date(Date.parse('2025-08-29T00:00:00Z') + h * H).toISOString()

type L = Record<string, unknown>
type Make = (m: (id: string, h: number, extra?: L, phone?: number, wa?: string) => L, st: (id: string, h: number, status?: string) => L) => L[]
const IN = { direction: 'inbound' }
const CTWA = { direction: 'inbound', entry_point: 'ctwa' }
const T = (category: string, extra: L = {}) => ({ template_category: category, ...extra })

const cases: Record<string, Make> = {
  // rule 6, second case: the entry message only extends an open service conversation.
  'entry extending a service conversation: a new FEP conversation from the reply': (m) => [
    m('i', 0, IN), m('e', 5, CTWA), m('u', 6, T('UTILITY')), m('r', 7), m('x', 8, IN), m('y', 79, IN)],
  // rule 5: two entry messages qualify; the earliest is the entry message (it opened the service conversation).
  'two entry messages qualify for one reply': (m) => [
    m('e1', 0, CTWA), m('e2', 3, { ...CTWA, entry_point: 'page_cta' }), m('r', 10, T('MARKETING'))],
  // rule 7: an entry message inside an FEP window starts none, even when its reply comes after the window.
  'entry inside the FEP window, reply after it': (m) => [
    m('e', 0, CTWA), m('r', 1), m('e2', 70, CTWA), m('r2', 74), m('a', 74, T('AUTHENTICATION')), m('s', 75)],
  // rules 7, 8: inbounds inside the window are free and extend nothing; the next one after it opens.
  'inbounds inside the FEP window and after it': (m) => [
    m('e', 0, CTWA), m('r', 0), m('i', 72, IN), m('f', 73), m('g', 80), m('j', 96, IN), m('k', 97, IN)],
  // rule 5 bounds: the reply at exactly entry + 24 h opens nothing; at entry (same instant, inbound first) it does.
  'reply at exactly 24 h after the entry message': (m) => [m('e', 0, CTWA), m('r', 24), m('e2', 30, CTWA), m('r2', 30)],
  // rules 6, 8: the FEP closes exactly 72 h after the reply; a template then opens.
  'template at exactly the end of the FEP window': (m) => [m('e', 1, CTWA), m('r', 2, T('UTILITY')), m('u', 73.75, T('UTILITY')), m('v', 74, T('UTILITY'))],
  // rule 3: a late delivery counts at its delivery time, in order.
  'a late delivery reorders two templates': (m, st) => [
    m('a', 0, T('MARKETING', { status: 'sent' })), st('a', 30), st('a', 31, 'read'), m('b', 10, T('MARKETING')), m('c', 33, T('MARKETING'))],
  // rule 4 and the precedence: send time for the guardrail, delivery time for the attribution.
  'free-form sends judged at their send time': (m, st) => [
    m('o', 0, { status: 'sent' }), st('o', 2), m('i', 1, IN), m('p', 20, { status: 'sent' }), st('p', 40), m('q', 26, { status: 'failed' }),
    m('w', 24.5, { status: 'sent' })],
  // interfaces.md §1: a failed status before a delivery: delivered wins; an inbound failed by its status line.
  'failed and delivered statuses of one message': (m, st) => [
    m('a', 0, T('UTILITY', { status: 'sent' })), st('a', 1, 'failed'), st('a', 2), m('i', 3, { ...CTWA, status: 'delivered' }), st('i', 3, 'failed'),
    m('r', 4)],
  // "Keys": both spellings of a Mexican and a Brazilian customer are one key, printed canonical.
  'alternate spellings': (m) => [
    m('m0', 0, IN, 0, '5215512345678'), m('m1', 10, IN, 0, '525512345678'), m('m2', 12, T('UTILITY'), 0, '5215512345678'),
    m('b0', 0, CTWA, 0, '551187654321'), m('b1', 1, {}, 0, '5511987654321'), m('b2', 2, IN, 0, '551187654321'),
    // 23 and 25 are no Brazilian area code: no ninth digit to insert, two customers (country given: the number has no region)
    m('n0', 0, { ...IN, country: 'BR' }, 0, '552387654321'), m('n1', 1, { ...IN, country: 'BR' }, 0, '5523987654321'),
    m('n2', 2, { ...IN, country: 'BR' }, 0, '552587654321')],
  // "Keys": a conversation's country and market are those of its opening message.
  'country override of the opening message': (m) => [
    m('i', 0, { ...IN, country: 'GB' }), m('j', 1, IN), m('u', 2, T('UTILITY')), m('v', 3, T('UTILITY', { country: 'BR' }))],
  // rule 9: the free tier per WABA (across phone numbers and customers) and month, ties by opening_message_id.
  'free tier across keys, ties and the month boundary': (m) => [
    m('b', 1, IN, 0), m('a', 1, IN, 1, '14155550101'), m('c', 1, IN, 0, '5511987654321'), m('d', 71.75, IN, 1, '525512345678'),
    m('e', 72, IN, 0, '14155550101'), m('f', 72, IN, 1, '5511987654321'), m('g', 72, IN, 0, '525512345678'),
    m('h', 0, CTWA, 1, '919812345678'), m('r', 0.5, {}, 1, '919812345678')],
  // interfaces.md §1: a correction replaces the message line; status lines accumulate; Unix seconds.
  'corrections and timestamps in other spellings': (m) => [
    m('a', 0, T('MARKETING')), m('a', 5, T('UTILITY')), m('b', 6, T('utility')),
    { ...m('c', 7, T('AUTHENTICATION')), timestamp: Date.parse(at(7)) / 1000 }, { ...m('d', 8, IN), timestamp: `${at(13.5).slice(0, 19)}+05:30` }],
  // precedence: the FEP-opening reply is FREE_ENTRY though sent before its entry message (outside the window).
  'opening reply sent before the entry message': (m, st) => [
    m('r', 0.5, { status: 'sent' }), st('r', 1.5), m('e', 1, CTWA), m('f', 0.75, { ...CTWA, status: 'failed' }), m('x', 30)],
  // interfaces.md §1: a message line's own status at its status_timestamp; an inbound read is delivered at its timestamp.
  'status_timestamp on message lines': (m) => [
    m('a', 0, T('UTILITY', { status: 'delivered', status_timestamp: at(3) })), m('b', 2, T('UTILITY')),
    m('i', 0.5, { ...IN, status: 'read', status_timestamp: at(9) }), m('c', 1, { status: 'read', status_timestamp: at(30) }),
    m('d', 4, { status: 'sent', status_timestamp: at(5) })],
  // rules 2, 9 and interfaces.md §3: ids compare byte-wise (UTF-8: U+FFFD before U+1F600, unlike UTF-16), at one instant.
  'ties between ids beyond ASCII': (m) => [
    m('\u{1F600}', 0, T('MARKETING')), m('\uFFFD', 0, T('MARKETING')), m('Z', 0, T('UTILITY')), m('a', 0, T('UTILITY')),
    m('\u{1F600}i', 1, IN, 0), m('\uFFFDi', 1, IN, 1), m('\u00e9i', 1, IN, 0, '14155550101')],
}

let s: Session
let got: Awaited<ReturnType<typeof engineRows>>
const built = Object.entries(cases).map(([name, make], n) => {
  const t = `h${n}`
  const m = (id: string, h: number, extra: L = {}, phone = 0, wa = '919812345678') =>
    ({ message_id: `${t}.${id}`, timestamp: at(h), waba_id: `w-${t}`, phone_number_id: `p${phone}-${t}`, wa_id: wa, direction: 'outbound', ...extra })
  const st = (id: string, h: number, status = 'delivered') => ({ kind: 'status', message_id: `${t}.${id}`, status, timestamp: at(h) })
  return { name, t, lines: make(m, st) }
})

beforeAll(async () => {
  s = await openEngine({ rateCard: card, freeTier: 2 })
  await ingest(s, built.flatMap((b) => b.lines))
  got = await engineRows(s)
})
afterAll(async () => { await s.close() })

describe('hand-made edge cases: engine ≡ oracle (billing-rules.md)', () => {
  for (const { name, t, lines } of built) {
    it(name, () => {
      const want = cbpOracle(lines, config)
      const view = engineView(got, `w-${t}`, [...new Set(lines.filter((l) => l.kind !== 'status').map((l) => String(l.message_id)))])
      expect(view.verdicts).toEqual(want.verdicts)
      expect(view.ledger).toEqual(want.ledger)
    })
  }
})
