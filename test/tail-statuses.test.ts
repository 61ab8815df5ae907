// Statuses of stored messages continued from the key's cached tail (issue 12: ~40 % of live
// events are statuses of messages an earlier micro-batch stored). A batch whose only news of a
// stored outbound message is an earlier delivery continues its key from the tail when the message
// is in the tail and the delivery comes after the tail's restart point (pipeline/51_derive_appends
// tail_ids, derive/05_keys, derive/10_events makes the message's event again); any other status
// news of a stored message derives the key whole. Each case checks the result equals the same
// lines as one batch, and which path was taken.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import type { DeriveCounts } from '../core/batches.ts'
import { ingest, openEngine, tenantResult, type Line, type Session } from './support/engine.ts'
import { inbound, keyOf, reply, status, template } from './support/log.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `lines` as one batch; its derive's counts. */
async function ingestCounting(lines: readonly Line[]): Promise<DeriveCounts> {
  let counts: DeriveCounts = { keys: 0, continued: 0, fromTail: 0 }
  const body = lines.map((l) => JSON.stringify(l)).join('\n')
  await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'tail-statuses', undefined,
    { onDerived: (d) => { counts = d } }))
  return counts
}

const result = (t: string) => tenantResult(s, t)

/**
 * Batches of tenant `t` made by `make`: each but the first in a batch of its own after the
 * first (with each one's counts), and all of them as one batch under tenant `t`1.
 */
async function compare(t: string, make: (t: string) => readonly (readonly Line[])[]) {
  await ingest(s, make(`${t}1`).flat())
  const [first, ...later] = make(t)
  await ingestCounting(first!)
  const counts: DeriveCounts[] = []
  for (const b of later) counts.push(await ingestCounting(b))
  const got = await result(t)
  expect(got).toEqual(await result(`${t}1`))
  return { counts, v: got.v }
}

describe('statuses of stored messages, continued from the key\'s cached tail', () => {
  it('a delivery of a tail\'s template in a status-only batch is continued from the tail, as one batch would', async () => {
    // The inbound at 0 h keeps its window open; the template sent at 2 h is delivered at 3 h (a
    // later micro-batch): its conversation opens at 3 h. Then another delivery (read) and a
    // repeated delivered status change nothing (moot: not even queued).
    const { counts, v } = await compare('sd', (t) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'MARKETING', { status: 'sent' }), reply(k, `${t}.r`, 2.5, { status: 'sent' })],
        [status(`${t}.m`, 'delivered', 3)], [status(`${t}.r`, 'delivered', 4), status(`${t}.r`, 'delivered', 4), status(`${t}.r`, 'read', 5)],
        [status(`${t}.m`, 'read', 6), status(`${t}.m`, 'delivered', 3)], [reply(k, `${t}.r2`, 7), status(`${t}.r2`, 'read', 7.5)]]
    })
    expect(counts.slice(0, 2)).toEqual([{ keys: 1, continued: 0, fromTail: 1 }, { keys: 1, continued: 0, fromTail: 1 }])
    expect(counts[2]).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(counts[3]).toMatchObject({ keys: 1, fromTail: 1 })
    expect(v).toEqual([['in', 'OPENED'], ['m', 'OPENED'], ['r', 'IN_WINDOW'], ['r2', 'IN_WINDOW']])
  }, 60_000)

  it('a delivery of a template sent while every window of its key was closed is continued from the tail', async () => {
    // The inbound's window closed at 24 h; the template sent at 30 h, not delivered yet, keeps
    // the key's tail (derive/11_restarts: its delivery is still to come), also past the inbound
    // at 30.2 h of the next batch; its delivery at 30.5 h then continues the key from the tail
    // (derived whole before: no window reached past the present, so no tail was kept).
    const { counts, v } = await compare('sc', (t) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 30, 'MARKETING', { status: 'sent' })],
        [inbound(k, `${t}.in2`, 30.2)], [status(`${t}.m`, 'delivered', 30.5)], [status(`${t}.m`, 'read', 31)]]
    })
    expect(counts.slice(1)).toEqual([{ keys: 1, continued: 0, fromTail: 1 }, { keys: 0, continued: 0, fromTail: 0 }])
    expect(v).toEqual([['in', 'OPENED'], ['in2', 'OPENED'], ['m', 'OPENED']])
  }, 60_000)

  it('an earlier delivery of a delivered tail message, with new messages, is continued from the tail', async () => {
    // m delivered at 10 h (its own line), then a status says 4 h: its conversation opens at 4 h,
    // so the template u at 27 h (inside 4 h + 24 h) is reused, not opened.
    const { counts, v } = await compare('se', (t) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'UTILITY', { status: 'delivered', status_timestamp: '2025-12-01T10:00:00.000Z' })],
        [status(`${t}.m`, 'delivered', 4), template(k, `${t}.u`, 27, 'UTILITY')]]
    })
    expect(counts).toEqual([{ keys: 1, continued: 0, fromTail: 1 }])
    expect(v).toEqual([['in', 'OPENED'], ['m', 'OPENED'], ['u', 'REUSED']])
  }, 60_000)

  it('a delivery not after the tail\'s restart point, or of a message before it, derives the key whole', async () => {
    // Restart point at the inbound at 29 h (the windows of the inbound at 0 h and of the template
    // x delivered at 1 h ended at 24 h and 25 h): the tail is {in29, m30}. A delivery of m at
    // 20 h is before it (m lands in x's window: REUSED, which the tail alone cannot tell); a
    // delivery of a (sent at 1 h, before the restart point) at 31 h is of a message outside the
    // tail: both whole.
    const lines = (t: string, when: number, id: string) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0), template(k, `${t}.a`, 1, 'UTILITY', { status: 'sent' }), template(k, `${t}.x`, 1, 'MARKETING'),
        inbound(k, `${t}.in29`, 29), template(k, `${t}.m`, 30, 'MARKETING', { status: 'sent' })], [status(`${t}.${id}`, 'delivered', when)]] as const
    }
    const early = await compare('sb', (t) => lines(t, 20, 'm'))
    expect(early.counts).toEqual([{ keys: 1, continued: 0, fromTail: 0 }])
    expect(early.v).toContainEqual(['m', 'REUSED'])
    const before = await compare('sp', (t) => lines(t, 31, 'a'))
    expect(before.counts).toEqual([{ keys: 1, continued: 0, fromTail: 0 }])
    expect(before.v).toContainEqual(['a', 'OPENED'])
    // the same tail, a delivery of m after the restart point: from the tail
    const after = await compare('sa', (t) => lines(t, 31, 'm'))
    expect(after.counts).toEqual([{ keys: 1, continued: 0, fromTail: 1 }])
  }, 90_000)

  it('a failed status of a tail\'s inbound derives the key whole; a failed outbound changes nothing', async () => {
    // An inbound line saying delivered is failed by a later failed status (interfaces.md §1): its
    // window closes, the reply at 3 h falls outside it. A failed status after an outbound's
    // delivery leaves its delivery (billing-rules.md: the earliest delivered/read).
    const { counts, v } = await compare('sf', (t) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0, { status: 'delivered' }), template(k, `${t}.m`, 1, 'UTILITY')],
        [status(`${t}.m`, 'failed', 2)], [status(`${t}.in`, 'failed', 2.5), reply(k, `${t}.r`, 3)]]
    })
    expect(counts).toEqual([{ keys: 0, continued: 0, fromTail: 0 }, { keys: 1, continued: 0, fromTail: 0 }])
    expect(v).toEqual([['in', 'NOT_DELIVERED'], ['m', 'OPENED'], ['r', 'OUTSIDE_SERVICE_WINDOW']])
  }, 60_000)

  it('a message whose webhook status came before its send-log line continues its key, from its delivery', async () => {
    // Meta's webhook tells of the template's delivery (3 h) before the send log's line of it
    // (sent at 2 h) arrives: the id was stored, but only as statuses, so the line is the key's
    // first news of it and continues the key (it was derived whole: bench:live's send-log
    // batches re-derived 377–699 keys each). The free-form reply r, delivered at 3 h, is inside
    // the inbound's customer service window only if the key's history is read (a continuation
    // that skipped it would say OUTSIDE_SERVICE_WINDOW); the template m opens at its delivery.
    const { counts, v } = await compare('sw', (t) => {
      const k = keyOf(t)
      return [[inbound(k, `${t}.in`, 0), template(k, `${t}.a`, 1, 'MARKETING')], [status(`${t}.m`, 'delivered', 3), status(`${t}.r`, 'delivered', 3)],
        [template(k, `${t}.m`, 2, 'UTILITY', { status: 'sent' }), reply(k, `${t}.r`, 2.5, { status: 'sent' })],
        [status(`${t}.n`, 'delivered', 30), template(k, `${t}.n`, 29, 'UTILITY', { status: 'sent' })]]
    })
    expect(counts[0]).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(counts[1]!.keys - counts[1]!.continued - counts[1]!.fromTail).toBe(0)
    expect(counts[2]!.keys - counts[2]!.continued - counts[2]!.fromTail).toBe(0)
    expect(v).toEqual([['a', 'OPENED'], ['in', 'OPENED'], ['m', 'OPENED'], ['n', 'OPENED'], ['r', 'IN_WINDOW']])
  }, 60_000)

  it('a status for a message of the same batch is derived as before; one of a later group of it too', async () => {
    const k = keyOf('sg')
    const lines = [template(k, 'sg.m', 0, 'MARKETING', { status: 'sent' }), status('sg.m', 'delivered', 1), inbound(k, 'sg.in', 2)]
    await ingest(s, lines.map((l) => ({ ...l, message_id: String(l.message_id).replace('sg.', 'sg1.'),
      ...('wa_id' in l && { phone_number_id: 'pn-sg1', waba_id: 'waba-sg1' }) })))
    // each line a group of its own: the status's group finds the message a stored one
    const body = lines.map((l) => JSON.stringify(l)).join('\n')
    await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'tail-statuses', undefined, { chunkBytes: 100, groupBytes: 100 }))
    expect(await result('sg')).toEqual(await result('sg1'))
    expect((await result('sg')).v).toEqual([['in', 'OPENED'], ['m', 'OPENED']])
  }, 60_000)
})
