// A status line counts for a message only where its key was admitted, whatever it was merged
// with (found 2026-12-02): WABA A's template got a delivery through an unrestricted key and a
// failure and an earlier delivery through a key limited to WABA A; a correction then moved the
// message to WABA B. The stored facts had kept only the WABAs every merged line was admitted for
// (the meet, [A]), so the move dropped the unrestricted delivery too: B's message came out
// NOT_DELIVERED and its conversation was not charged, although the unrestricted line proved the
// delivery. B must be charged as if A's key had sent nothing: opened at the unrestricted delivery,
// in every order and batching of the same lines, with duplicates, and after a rebuild.
import { Readable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { ledger, openEngine, rebuild, verdicts, type Session } from './support/engine.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })

type Line = Record<string, unknown>
/** One batch: its lines and the WABAs its key may write (none: an unrestricted key). */
interface Batch { lines: Line[]; wabas?: string[] }

const WA = '14155550123'
/** The lines of one tenant (its own WABAs, numbers and ids, so tenants share one database). */
function lines(t: string) {
  const m = `${t}.m1`
  const msg = (waba: string, phone: string) => ({
    message_id: m, timestamp: '2025-12-01T10:00:00Z', waba_id: `${t}.${waba}`, phone_number_id: `${t}.${phone}`,
    wa_id: WA, direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'sent',
  })
  const status = (status: string, second: number, waba?: string) => ({
    kind: 'status', message_id: m, status, timestamp: `2025-12-01T10:00:0${second}Z`, ...(waba ? { waba_id: `${t}.${waba}` } : {}),
  })
  return {
    a: { lines: [msg('w-a', 'p-a')] },
    b: { lines: [msg('w-b', 'p-b')] },
    // WABA B's message at A's number (a correction of the WABA alone)
    ba: { lines: [msg('w-b', 'p-a')] },
    // the unrestricted key's delivery, and key A's failure and earlier delivery
    all: { lines: [status('delivered', 5)] },
    limited: { lines: [status('failed', 3, 'w-a'), status('delivered', 2, 'w-a')], wabas: [`${t}.w-a`] },
    failure: status('failed', 3, 'w-a'),
    ids: [m],
  }
}

async function send(batch: Batch) {
  const body = Buffer.from(batch.lines.map((l) => JSON.stringify(l)).join('\n'))
  const limits = batch.wabas ? { wabas: batch.wabas } : {}
  return s.exclusive(() => ingestSource(s.db, Readable.from([body]), 'test', undefined, limits))
}

/** The tenant's ledger and verdicts, its prefix taken out, conversation ids (hashes of its keys) as whether there is one. */
async function charged(t: string, ids: string[]) {
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll(`${t}.`, 'T.')) as Record<string, unknown>
  const rows = [...await ledger(s, `${t}.p-a`), ...await ledger(s, `${t}.p-b`)]
  return {
    ledger: rows.map(({ conversation_id: _, ...r }) => plain(r)),
    verdicts: [...(await verdicts(s, ids)).values()].map(({ conversation_id, ...v }) => plain({ ...v, conversation: conversation_id !== null })),
  }
}

type Order = (l: ReturnType<typeof lines>) => Batch[]

/**
 * Each tenant's batches in its order, the tenants side by side: at each step, the unrestricted
 * batches of every tenant are one ingest, each limited key's batch an ingest of its own (its key
 * may write its tenant's WABA alone). Each tenant keeps its lines, their order inside a batch and
 * its batches' order; the tenants share nothing (their own WABAs, numbers and ids). One tenant
 * after the other, the same batches were 40 ingests of ~1–2 s of engine planning each, now 18.
 * (A tenant's batch of new keys can so share an ingest with another's keys to compare: the
 * derive then compares its rows with none, and writes the same.)
 */
async function runTogether(runs: [string, Order][]): Promise<Map<string, Awaited<ReturnType<typeof charged>>>> {
  const planned = runs.map(([t, order]) => ({ t, batches: order(lines(t)) }))
  for (let n = 0; planned.some((p) => n < p.batches.length); n++) {
    const step = planned.flatMap((p) => p.batches.slice(n, n + 1))
    const open = step.filter((b) => !b.wabas)
    if (open.length > 0) await send({ lines: open.flatMap((b) => b.lines) })
    for (const b of step.filter((b) => b.wabas)) await send(b)
  }
  return new Map(await Promise.all(planned.map(async (p) => [p.t, await charged(p.t, lines(p.t).ids)] as const)))
}
/** The lines in the order of the report: A's message and the unrestricted delivery, key A's lines, the correction. */
const first: Order = (l) => [{ lines: [...l.a.lines, ...l.all.lines] }, l.limited, l.b]
// other orders, batchings and duplicates of the same lines
const orders: [string, Order][] = [
  ['lim-first', (l) => [l.limited, { lines: [...l.a.lines, ...l.all.lines] }, l.b]],
  ['sts-first', (l) => [l.all, l.limited, l.a, l.b]],
  ['a-sep', (l) => [l.a, l.limited, l.all, l.b]],
  ['dups', (l) => [l.a, l.limited, l.all, l.limited, l.all, l.b, l.all, l.b]],
  ['one', (l) => [l.limited, { lines: [...l.a.lines, ...l.all.lines, ...l.b.lines] }]],
  // after B's message, key A's lines are refused (pipeline/13_foreign_ids)
  ['b-first', (l) => [{ lines: [...l.a.lines, ...l.all.lines, ...l.b.lines] }, l.limited]],
  ['all-late', (l) => [l.a, l.limited, l.b, l.all]],
]

describe('a message that a correction moves out of the WABA a limited key\'s status lines were admitted for', () => {
  let moved: Awaited<ReturnType<typeof charged>>
  let runs: Awaited<ReturnType<typeof runTogether>>
  beforeAll(async () => {
    runs = await runTogether([['mv', first],
      // as if key A had sent nothing, or had sent only its failure, through an unrestricted key
      ['none', (l) => [{ lines: [...l.a.lines, ...l.all.lines] }, l.b]],
      ['open', (l) => [{ lines: [...l.a.lines, ...l.all.lines] }, { lines: [l.failure] }, l.b]],
      ...orders,
      // (the last test's)
      ['stay', (l) => [l.a, l.limited, l.b, l.ba]], ['stay-ref', (l) => [l.ba]]])
    moved = runs.get('mv')!
  }, 600_000) // the ingests of the ten tests that read it (each had 120 s)

  it('keeps the delivery of an unrestricted status line: charged as if key A had sent nothing', async () => {
    // B's conversation, opened by the unrestricted delivery (10:00:05), not key A's (10:00:02)
    expect(moved.ledger.map((r) => [r.waba_id, r.opening_message_id, r.opened_at])).toEqual([['T.w-b', 'T.m1', '2025-12-01T10:00:05.000Z']])
    expect(moved.verdicts).toEqual([{ message_id: 'T.m1', verdict: 'OPENED', conversation: true }])
    // the same as if key A had sent nothing, or had sent only its failure, through an unrestricted
    // key (a failure does not undo a template's delivery)
    expect(runs.get('none')).toEqual(moved)
    expect(runs.get('open')).toEqual(moved)
  })

  it.each(orders)('is the same in another order or batching (%s)', (t) => {
    expect(runs.get(t)).toEqual(moved)
  })

  it('is the same after a rebuild', async () => {
    await rebuild(s)
    expect(await charged('mv', lines('mv').ids)).toEqual(moved)
    expect(await charged('dups', lines('dups').ids)).toEqual(moved)
  })

  it('moved back to A, counts key A\'s lines again; a delivery sent while it was B\'s counts in both', async () => {
    const l = lines('back')
    const opened = async () => (await charged('back', l.ids)).ledger.map((r) => [r.waba_id, r.opened_at])
    await send({ lines: [...l.a.lines, ...l.all.lines] })
    await send(l.limited)
    const inA = await charged('back', l.ids)
    expect(inA.ledger.map((r) => [r.waba_id, r.opened_at])).toEqual([['T.w-a', '2025-12-01T10:00:02.000Z']])
    await send(l.b)
    expect(await opened()).toEqual([['T.w-b', '2025-12-01T10:00:05.000Z']])
    await send({ lines: [{ ...l.all.lines[0], timestamp: '2025-12-01T10:00:07Z' }] })
    expect(await opened()).toEqual([['T.w-b', '2025-12-01T10:00:05.000Z']])
    await send(l.a)
    expect(await charged('back', l.ids)).toEqual(inA)
  })

  it('back at its first key but in WABA B, no longer counts what key A\'s lines said there', async () => {
    // the row of delivery facts left at A's key must not count when the message returns to that key
    const stay = runs.get('stay')!
    expect(stay).toEqual(runs.get('stay-ref'))
    expect(stay.ledger).toEqual([])
  })
})

describe('delivery facts stored before migration 583 (the meet of the merged scopes, st_wabas)', () => {
  it('count where they did: in any WABA when unrestricted, else in the WABAs listed, nowhere for [\'\']', async () => {
    // rows as the earlier pipeline wrote them for status lines waiting for their message
    const waiting = [['lg-any', '[]'], ['lg-a', "['lg.w-a']"], ['lg-b', "['lg.w-a']"], ['lg-none', "['']"]]
    await s.db.client.command({ query: `INSERT INTO message_keys (message_id, version, bucket, phone_number_id, wa_id, st_delivered, st_failed, st_wabas)
      VALUES ${waiting.map(([id, w]) => `('${id}', 1, 0, '', '', '2025-12-01 10:00:05', 0, ${w})`).join(', ')}` })
    const msg = (id: string, waba: string, n: number) => ({
      message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: waba, phone_number_id: 'lg.p', wa_id: `1415555020${n}`,
      direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', status: 'sent',
    })
    await send({ lines: [msg('lg-any', 'lg.w-a', 1), msg('lg-a', 'lg.w-a', 2), msg('lg-b', 'lg.w-b', 3), msg('lg-none', 'lg.w-a', 4)] })
    const charged = new Map((await ledger(s, 'lg.p')).map((r) => [r.opening_message_id, r.opened_at]))
    expect(Object.fromEntries(charged)).toEqual({ 'lg-any': '2025-12-01T10:00:05.000Z', 'lg-a': '2025-12-01T10:00:05.000Z' })
  })
})
