// Issue 9: one customer with MESSAGES messages in one conversation key, ingested in one batch.
// The log repeats one week (PER_WEEK messages) WEEKS times from Monday 2025-12-01 (UTC); every
// expected figure below was derived by hand from billing-rules.md for one week, and the weeks
// do not interact (shown below), so each holds for any number of weeks: run it with a smaller
// MESSAGES (a multiple of PER_WEEK) to check the expectations on a slow engine. The quadratic
// engine before issue 9 (2 shared cores) passed it with 1,000 messages in 2.7 s, 3,000 in 7 s and
// 5,000 (over a month boundary) in 28 s; 10,000 failed with a memory error (22 GiB wanted).
//
// One week, days d = 0 (Monday) … 6 (Sunday), times UTC:
//
//   inbound grid   Mon, Tue, Thu, Fri: GRID = 219 inbounds every 2 min from 09:00 (last 16:16)
//   replies        Mon, Tue, Thu, Fri: free-form at hh:10, hh = 09…16 (8 a day)
//                  Mon 08:00; Mon 12:20 (failed); Wed 16:00; Wed 18:30; Wed 18:45;
//                  Sun 12:00; Sun 21:00; Sun 22:00 (failed)
//   MARKETING      every day at hh:00, hh = 09…17 (9 a day); Tue 09:00 only `sent`, with status
//                  lines `delivered` at 09:30 and `read` at 09:40
//   UTILITY        every day at 10:30 and 14:30; Mon 10:30 failed
//   AUTHENTICATION Mon–Fri at 07:00; Tue 07:00 only `sent` (pending)
//   entry message  Wed 18:00 inbound, entry_point ctwa
//   inbound        Sat 20:00
//   = 4 × 219 + 40 + 63 + 14 + 5 + 2 = 1,000 messages.
//
// Derivation, week by week (nothing is open on Monday 00:00 of any week, see "week boundary"):
//
// SERVICE. Mon 09:00 inbound OPENS S1; every later grid inbound on Mon and Tue EXTENDS it (each
//   is < 24 h after the previous one), so S1 closes 24 h after Tue 16:16 = Wed 16:16 (expired).
//   Wed 18:00 entry: no service open (16:16 < 18:00), so it OPENS S2. The reply at 18:30 is the
//   first delivered outbound within 24 h of the entry: an FEP opens at 18:30 (rule 5) and S2,
//   opened by the entry, becomes the FREE_ENTRY_POINT conversation [Wed 18:00, Sat 18:30).
//   Thu and Fri inbounds fall inside the FEP: FREE_ENTRY. Sat 20:00: FEP closed, no service
//   open → OPENS S3 [Sat 20:00, Sun 20:00).
// MARKETING. Mon 09:00 OPENS [Mon 09:00, Tue 09:00); 10:00…17:00 REUSED. Tue 09:00 is delivered
//   at 09:30, after that window closed: OPENS [Tue 09:30, Wed 09:30); Tue 10–17 REUSED. Wed 09:00
//   is inside it: REUSED; Wed 10:00 OPENS [Wed 10:00, …), 11–17 REUSED; the FEP closes it at
//   Wed 18:30 (close_reason fep, still charged). Thu, Fri, Sat 09–17 are inside the FEP:
//   FREE_ENTRY (27). Sun 09:00 OPENS [Sun 09:00, Mon 09:00); 10–17 REUSED.
// UTILITY. Mon 10:30 failed: NOT_DELIVERED. Mon 14:30 OPENS [Mon 14:30, Tue 14:30). Tue 10:30
//   REUSED; Tue 14:30 is exactly at the close: OPENS [Tue 14:30, Wed 14:30) (rule 2). Wed 10:30
//   REUSED; Wed 14:30 OPENS, closed by the FEP at 18:30. Thu–Sat: FREE_ENTRY (6). Sun 10:30
//   OPENS [Sun 10:30, Mon 10:30); Sun 14:30 REUSED.
// AUTHENTICATION. Mon 07:00 OPENS [Mon 07:00, Tue 07:00). Tue 07:00 pending: NOT_DELIVERED.
//   Wed 07:00 OPENS, closed by the FEP at 18:30. Thu, Fri 07:00: FREE_ENTRY.
// Replies (guardrail: an inbound delivered in (t − 24 h, t]). Mon 08:00: the last inbound was
//   Sat 20:00 (or none in week 0) → OUTSIDE_SERVICE_WINDOW. Mon/Tue hh:10: IN_WINDOW (S1).
//   Mon 12:20 failed inside the window: NOT_DELIVERED. Wed 16:00: last inbound Tue 16:16 →
//   IN_WINDOW (S1, open until 16:16). Wed 18:30 opens the FEP: FREE_ENTRY. Wed 18:45 and
//   Thu/Fri hh:10: IN_WINDOW (FEP conversation). Sun 12:00: Sat 20:00 inbound → IN_WINDOW (S3).
//   Sun 21:00 and Sun 22:00 (failed; the guardrail comes first): OUTSIDE_SERVICE_WINDOW.
// Week boundary: on the next Monday S3 closed Sun 20:00, UTILITY closes Mon 10:30 (Mon 10:30
//   fails, 14:30 opens), MARKETING closes Mon 09:00 exactly when Mon 09:00 opens the next,
//   AUTHENTICATION was closed by the FEP: every week starts as week 0 did.
//
// Per week: 13 conversations (SERVICE 2, FREE_ENTRY_POINT 1, MARKETING 4, UTILITY 4,
// AUTHENTICATION 2; 3 closed by fep), charged 4 × 0.0250 + 4 × 0.0040 + 2 × 0.0135 = 0.1430 USD
// (a US number: North America rates; SERVICE is FREE_TIER, ≤ 10 a month ≪ 1,000).
// Verdicts per week: OPENED 12 (13 conversations, less the FEP's, opened by its FREE_ENTRY
// entry message), REUSED 32 + 3 = 35, EXTENDED 2 × 219 − 1 = 437, FREE_ENTRY 2 × 219 + 1 + 1 +
// 27 + 6 + 2 = 475, IN_WINDOW 16 + 1 + 1 + 16 + 1 = 35, OUTSIDE_SERVICE_WINDOW 3, NOT_DELIVERED 3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { at, inbound, keyOf, reply, status, template } from './support/log.ts'
import { ingest, ledger, openEngine, verdicts, type Line, type Session } from './support/engine.ts'

const MESSAGES = 20_000
const PER_WEEK = 1_000
const WEEKS = MESSAGES / PER_WEEK
const GRID = 219

const k = keyOf('heavy')
const h = (w: number, d: number, hhmm: string) => (w * 7 + d) * 24 + Number(hhmm.slice(0, 2)) + Number(hhmm.slice(2)) / 60
const id = (w: number, d: number, hhmm: string, tag: string) => `hv${String(w).padStart(3, '0')}-${d}-${hhmm}-${tag}`
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`
const hours = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${String(from + i).padStart(2, '0')}`)

function week(w: number): Line[] {
  const out: Line[] = []
  const msg = (d: number, t: string, tag: string, make: (mid: string, hr: number) => Line) => out.push(make(id(w, d, t, tag), h(w, d, t)))
  for (const d of [0, 1, 3, 4]) {
    for (let g = 0; g < GRID; g++) msg(d, hhmm(9 * 60 + 2 * g), 'in', (i, t) => inbound(k, i, t))
    for (const hr of hours(9, 16)) msg(d, `${hr}10`, 're', (i, t) => reply(k, i, t))
  }
  msg(0, '0800', 're', (i, t) => reply(k, i, t))
  msg(0, '1220', 're', (i, t) => reply(k, i, t, { status: 'failed' }))
  for (const t of ['1600', '1830', '1845']) msg(2, t, 're', (i, x) => reply(k, i, x))
  for (const t of ['1200', '2100']) msg(6, t, 're', (i, x) => reply(k, i, x))
  msg(6, '2200', 're', (i, t) => reply(k, i, t, { status: 'failed' }))
  for (let d = 0; d < 7; d++) {
    for (const hr of hours(9, 17)) {
      const late = d === 1 && hr === '09'
      msg(d, `${hr}00`, 'mkt', (i, t) => template(k, i, t, 'MARKETING', late ? { status: 'sent' } : {}))
    }
    msg(d, '1030', 'utl', (i, t) => template(k, i, t, 'UTILITY', d === 0 ? { status: 'failed' } : {}))
    msg(d, '1430', 'utl', (i, t) => template(k, i, t, 'UTILITY'))
    if (d < 5) msg(d, '0700', 'auth', (i, t) => template(k, i, t, 'AUTHENTICATION', d === 1 ? { status: 'sent' } : {}))
  }
  msg(2, '1800', 'in', (i, t) => inbound(k, i, t, { entry_point: 'ctwa', ad_id: 'ad-heavy' }))
  msg(5, '2000', 'in', (i, t) => inbound(k, i, t))
  out.push(status(id(w, 1, '0900', 'mkt'), 'delivered', h(w, 1, '0930')), status(id(w, 1, '0900', 'mkt'), 'read', h(w, 1, '0940')))
  return out
}

/** The hand-derived ledger of week w: [category, opened_at, closed_at, close_reason, opening message, pricing_type, cost]. */
function weekLedger(w: number): string[][] {
  const row = (cat: string, open: [number, string], close: [number, string], reason: string, opener: string, pricing: string, cost: string) =>
    [cat, at(h(w, ...open)), at(h(w, ...close)), reason, opener, pricing, cost]
  const [mkt, utl, auth, free] = ['0.0250', '0.0040', '0.0135', '0.0000']
  return [
    row('AUTHENTICATION', [0, '0700'], [1, '0700'], 'expired', id(w, 0, '0700', 'auth'), 'REGULAR', auth),
    row('MARKETING', [0, '0900'], [1, '0900'], 'expired', id(w, 0, '0900', 'mkt'), 'REGULAR', mkt),
    row('SERVICE', [0, '0900'], [2, '1616'], 'expired', id(w, 0, '0900', 'in'), 'FREE_TIER', free),
    row('UTILITY', [0, '1430'], [1, '1430'], 'expired', id(w, 0, '1430', 'utl'), 'REGULAR', utl),
    row('MARKETING', [1, '0930'], [2, '0930'], 'expired', id(w, 1, '0900', 'mkt'), 'REGULAR', mkt),
    row('UTILITY', [1, '1430'], [2, '1430'], 'expired', id(w, 1, '1430', 'utl'), 'REGULAR', utl),
    row('AUTHENTICATION', [2, '0700'], [2, '1830'], 'fep', id(w, 2, '0700', 'auth'), 'REGULAR', auth),
    row('MARKETING', [2, '1000'], [2, '1830'], 'fep', id(w, 2, '1000', 'mkt'), 'REGULAR', mkt),
    row('UTILITY', [2, '1430'], [2, '1830'], 'fep', id(w, 2, '1430', 'utl'), 'REGULAR', utl),
    row('FREE_ENTRY_POINT', [2, '1800'], [5, '1830'], 'expired', id(w, 2, '1800', 'in'), 'FREE_ENTRY_POINT', free),
    row('SERVICE', [5, '2000'], [6, '2000'], 'expired', id(w, 5, '2000', 'in'), 'FREE_TIER', free),
    row('MARKETING', [6, '0900'], [7, '0900'], 'expired', id(w, 6, '0900', 'mkt'), 'REGULAR', mkt),
    row('UTILITY', [6, '1030'], [7, '1030'], 'expired', id(w, 6, '1030', 'utl'), 'REGULAR', utl),
  ]
}

let s: Session
// The 2024 card: the weeks run into 2026, when the shipped card changes North America's rates.
beforeAll(async () => { s = await openEngine({ rateCard: new URL('./fixtures/rate-card-2024.csv', import.meta.url).pathname }) })
afterAll(async () => { await s.close() })

describe(`one key with ${MESSAGES} messages`, () => {
  it('derives the hand-checked ledger and verdicts', async () => {
    expect(MESSAGES % PER_WEEK).toBe(0)
    const lines = Array.from({ length: WEEKS }, (_, w) => week(w)).flat()
    const summary = await ingest(s, lines)
    expect(summary.accepted).toBe(lines.length)
    expect(lines.filter((l) => typeof l !== 'string' && l.kind !== 'status')).toHaveLength(MESSAGES)

    const rows = await ledger(s, k.phone_number_id)
    const count = (f: (r: (typeof rows)[number]) => string) => {
      const m: Record<string, number> = {}
      for (const r of rows) m[f(r)] = (m[f(r)] ?? 0) + 1
      return m
    }
    expect(count((r) => `${r.category}/${r.pricing_type}`)).toEqual({
      'SERVICE/FREE_TIER': 2 * WEEKS, 'FREE_ENTRY_POINT/FREE_ENTRY_POINT': WEEKS,
      'MARKETING/REGULAR': 4 * WEEKS, 'UTILITY/REGULAR': 4 * WEEKS, 'AUTHENTICATION/REGULAR': 2 * WEEKS,
    })
    expect(count((r) => r.close_reason)).toEqual({ expired: 10 * WEEKS, fep: 3 * WEEKS })
    const micros = rows.reduce((sum, r) => sum + Math.round(Number(r.cost) * 1e6), 0)
    expect(micros).toBe(143_000 * WEEKS)
    expect(new Set(rows.map((r) => [r.wa_id, r.country, r.market, r.currency].join()))).toEqual(new Set(['14155550100,US,North America,USD']))

    const brief = rows.map((r) => [r.category, r.opened_at, r.closed_at, r.close_reason, r.opening_message_id, r.pricing_type, r.cost])
    // spot rows: the first, a middle and the last week in full …
    for (const w of new Set([0, Math.floor(WEEKS / 2), WEEKS - 1])) expect(brief.slice(13 * w, 13 * (w + 1))).toEqual(weekLedger(w))
    // … and every week, since none depends on another
    expect(brief).toEqual(Array.from({ length: WEEKS }, (_, w) => weekLedger(w)).flat())

    const v = await verdicts(s)
    const mine = [...v.values()].filter((x) => x.message_id.startsWith('hv'))
    expect(mine).toHaveLength(MESSAGES)
    const byVerdict: Record<string, number> = {}
    for (const x of mine) byVerdict[x.verdict] = (byVerdict[x.verdict] ?? 0) + 1
    expect(byVerdict).toEqual({
      OPENED: 12 * WEEKS, REUSED: 35 * WEEKS, EXTENDED: 437 * WEEKS, FREE_ENTRY: 475 * WEEKS,
      IN_WINDOW: 35 * WEEKS, OUTSIDE_SERVICE_WINDOW: 3 * WEEKS, NOT_DELIVERED: 3 * WEEKS,
    })

    // spot verdicts of the last week, with the conversation each is attributed to
    const w = WEEKS - 1
    const conv = new Map(rows.map((r) => [r.opening_message_id, r.conversation_id]))
    const of = (d: number, t: string, tag: string) => {
      const x = v.get(id(w, d, t, tag))
      return [x?.verdict, x?.conversation_id === null ? null : [...conv].find(([, c]) => c === x?.conversation_id)?.[0]]
    }
    const s1 = id(w, 0, '0900', 'in')
    const fep = id(w, 2, '1800', 'in')
    expect({
      tueGridLast: of(1, hhmm(9 * 60 + 2 * (GRID - 1)), 'in'),
      mon0800: of(0, '0800', 're'), mon1220: of(0, '1220', 're'), tue1510: of(1, '1510', 're'),
      tue0900: of(1, '0900', 'mkt'), wed0900: of(2, '0900', 'mkt'), wed1000: of(2, '1000', 'mkt'),
      mon1030: of(0, '1030', 'utl'), tue1430: of(1, '1430', 'utl'), tue0700: of(1, '0700', 'auth'),
      wed1600: of(2, '1600', 're'), entry: of(2, '1800', 'in'), wed1830: of(2, '1830', 're'), wed1845: of(2, '1845', 're'),
      thuIn: of(3, '0900', 'in'), fri1210: of(4, '1210', 're'), sat1700: of(5, '1700', 'mkt'), thu0700: of(3, '0700', 'auth'),
      sat2000: of(5, '2000', 'in'), sun1200: of(6, '1200', 're'), sun1430: of(6, '1430', 'utl'), sun2200: of(6, '2200', 're'),
    }).toEqual({
      tueGridLast: ['EXTENDED', s1],
      mon0800: ['OUTSIDE_SERVICE_WINDOW', null], mon1220: ['NOT_DELIVERED', null], tue1510: ['IN_WINDOW', s1],
      tue0900: ['OPENED', id(w, 1, '0900', 'mkt')], wed0900: ['REUSED', id(w, 1, '0900', 'mkt')], wed1000: ['OPENED', id(w, 2, '1000', 'mkt')],
      mon1030: ['NOT_DELIVERED', null], tue1430: ['OPENED', id(w, 1, '1430', 'utl')], tue0700: ['NOT_DELIVERED', null],
      wed1600: ['IN_WINDOW', s1], entry: ['FREE_ENTRY', fep], wed1830: ['FREE_ENTRY', fep], wed1845: ['IN_WINDOW', fep],
      thuIn: ['FREE_ENTRY', fep], fri1210: ['IN_WINDOW', fep], sat1700: ['FREE_ENTRY', fep], thu0700: ['FREE_ENTRY', fep],
      sat2000: ['OPENED', id(w, 5, '2000', 'in')], sun1200: ['IN_WINDOW', id(w, 5, '2000', 'in')],
      sun1430: ['REUSED', id(w, 6, '1030', 'utl')], sun2200: ['OUTSIDE_SERVICE_WINDOW', null],
    })
  }, 600_000)
})
