// Continuation inside open windows (issue 9): a key whose windows were still open at its last
// derive keeps its tail (its events since its last restart point, key_tail_input), and a batch
// whose new messages all come after that restart point derives the tail and them alone
// (derive/05_keys continued = 2, 10_events, 11_restarts, 13_keep_tails), comparing only their
// rows. Each case checks the result equals the same lines as one batch, and that the path was
// (or was not) taken; the random property of test/continuation.test.ts covers it too.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { deriveBatch, TAIL_BOUND } from '../core/derive.ts'
import type { DeriveCounts } from '../core/batches.ts'
import { ingest, openEngine, tenantResult, type Line, type Session } from './support/engine.ts'
import { at, inbound, keyOf, reply, status, template } from './support/log.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `lines` as one batch (read in groups of `groupBytes` when given); its derive's counts and the batch number. */
async function ingestCounting(lines: readonly Line[], groupBytes?: number): Promise<DeriveCounts & { batch: number }> {
  let counts: DeriveCounts = { keys: 0, continued: 0, fromTail: 0 }
  const body = lines.map((l) => JSON.stringify(l)).join('\n')
  const summary = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'tail', undefined,
    { onDerived: (d) => { counts = d }, ...(groupBytes ? { chunkBytes: groupBytes, groupBytes } : {}) }))
  return { ...counts, batch: summary.batch }
}

const result = (t: string) => tenantResult(s, t)

const sql = (query: string, query_params: Record<string, unknown> = {}) => s.db.client.command({ query, query_params })
const tailTables = ['key_tail_input', 'key_tail_verdicts', 'key_tail_conversations', 'key_tails_ready']

/** Rows a table of the tail cache holds for tenant `t` (any run). */
async function tailRows(t: string, table = 'key_tail_input'): Promise<number> {
  const res = await s.db.client.query({ query: 'SELECT count() AS n FROM {table:Identifier} WHERE phone_number_id = {pn:String}',
    query_params: { pn: `pn-${t}`, table }, format: 'JSONEachRow' })
  return Number((await res.json<{ n: string }>())[0]!.n)
}

/** The distinct live counts (sum of signs) of tenant `t`'s stored verdict and conversation rows, 0 left out. */
async function liveCounts(t: string): Promise<number[]> {
  const res = await s.db.client.query({
    query: `SELECT groupUniqArray(n) AS ns FROM (
              SELECT n FROM (SELECT * EXCEPT (sign), sum(sign) AS n FROM verdicts WHERE phone_number_id = {pn:String} GROUP BY ALL)
              UNION ALL
              SELECT n FROM (SELECT * EXCEPT (sign), sum(sign) AS n FROM conversations WHERE phone_number_id = {pn:String} GROUP BY ALL)) WHERE n != 0`,
    query_params: { pn: `pn-${t}` }, format: 'JSONEachRow' })
  return (await res.json<{ ns: number[] }>())[0]!.ns.map(Number).sort()
}

// The cases' logs, each line of a key's batches (`t`: the tenant). What each case's batches must
// equal, the same lines as one batch, is ingested first, every case's in one batch of new keys
// (tenants share nothing; a batch of new keys only derives each key whole, as a batch of one
// tenant's would; none of them is ingested again; the first case's batches a and b as one batch
// too, onex): one ingest instead of six.
const windowLines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'MARKETING')],
    [reply(k, `${t}.r`, 3), inbound(k, `${t}.in2`, 20)], [template(k, `${t}.u`, 25, 'UTILITY')]] as const
}

const lateDeliveryLines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 24.5, 'MARKETING'),
    reply(k, `${t}.f`, 23, { status: 'sent' }), status(`${t}.f`, 'delivered', 25)],
  [inbound(k, `${t}.in2`, 30)]] as const
}

const lateMessageLines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'MARKETING')], [reply(k, `${t}.r`, 1)]] as const
}

const restartLines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0)], [reply(k, `${t}.r`, 1)], [reply(k, `${t}.r2`, 2)]] as const
}

const prunedLines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'MARKETING')], [reply(k, `${t}.r`, 3)], [template(k, `${t}.u`, 30, 'UTILITY')]] as const
}

beforeAll(async () => {
  await ingest(s, [...windowLines('one').flat(), ...windowLines('onex').slice(0, 2).flat(), ...lateDeliveryLines('sone').flat(),
    ...lateMessageLines('lone').flat(), ...restartLines('cone').flat(), ...prunedLines('full').flat()])
})

describe('continuation from a key\'s cached tail', () => {
  it('a reply inside the customer service window is derived from the tail, as one batch would', async () => {
    const [a, b, c] = windowLines('two')
    expect(await ingestCounting(a)).toMatchObject({ keys: 1, continued: 1, fromTail: 0 })
    expect(await tailRows('two')).toBe(2)
    expect(await ingestCounting(b)).toMatchObject({ keys: 1, continued: 0, fromTail: 1 })
    expect(await result('two')).toEqual(await result('onex'))
    // the template at 25 h lands in the service window the inbound at 20 h opened
    expect(await ingestCounting(c)).toMatchObject({ keys: 1, continued: 0, fromTail: 1 })
    expect(await result('two')).toEqual(await result('one'))
    expect((await result('one')).v).toEqual([['in', 'OPENED'], ['in2', 'EXTENDED'], ['m', 'OPENED'], ['r', 'IN_WINDOW'], ['u', 'OPENED']])
  }, 60_000)

  it('a message sent inside a window but delivered after it keeps the tail from before that window', async () => {
    // The free-form reply f is sent at 23 h inside the customer service window of the inbound at
    // 0 h (it ends at 24 h) and delivered at 25 h; the template at 24.5 h comes after that window.
    // A restart point at the template would lose the inbound f is judged against (f would come out
    // OUTSIDE_SERVICE_WINDOW): every event from a restart point on must be *sent* after it too.
    const [a, b] = lateDeliveryLines('stwo')
    await ingestCounting(a)
    expect(await ingestCounting(b)).toMatchObject({ keys: 1, fromTail: 1 })
    expect(await result('stwo')).toEqual(await result('sone'))
    expect((await result('stwo')).v).toContainEqual(['f', 'IN_WINDOW'])
  }, 60_000)

  it('a late message that lands between the tail\'s events (after its restart point) is derived from the tail', async () => {
    // The inbound at 0 h and the template at 2 h (inside its window: one tail from the inbound
    // on); the reply at 1 h arrives after both, inside the inbound's customer service window:
    // derived from the tail, as one batch. (A template at 30 h would be a restart point of its
    // own, and a reply at 1 h would land before it: the key derived whole.)
    const [a, b] = lateMessageLines('ltwo')
    await ingestCounting(a)
    expect(await ingestCounting(b)).toMatchObject({ keys: 1, continued: 0, fromTail: 1 })
    expect(await result('ltwo')).toEqual(await result('lone'))
    expect((await result('ltwo')).v).toEqual([['in', 'OPENED'], ['m', 'OPENED'], ['r', 'IN_WINDOW']])
  }, 60_000)

  it('without its cached tail (a restart empties it) a key is derived whole; a tail cached twice counts once', async () => {
    const [a, b, c] = restartLines('ctwo')
    await ingestCounting(a)
    for (const table of tailTables) await sql('TRUNCATE TABLE {table:Identifier}', { table })
    expect(await ingestCounting(b)).toMatchObject({ keys: 1, continued: 0, fromTail: 0 })
    // as an interrupted run that was done again leaves it: every row of the tail twice
    for (const table of tailTables) await sql("INSERT INTO {table:Identifier} SELECT * FROM {table:Identifier} WHERE phone_number_id = 'pn-ctwo'", { table })
    expect(await ingestCounting(c)).toMatchObject({ keys: 1, fromTail: 1 })
    expect(await result('ctwo')).toEqual(await result('cone'))
  }, 60_000)

  it('a tail whose run stopped before marking it whole is not read: the key is derived whole', async () => {
    const k = keyOf('unready')
    await ingestCounting([inbound(k, 'unready.in', 0)])
    // as a run that stopped after caching the tail's input and rows, before key_tails_ready
    await sql("ALTER TABLE key_tails_ready DELETE WHERE phone_number_id = 'pn-unready' SETTINGS mutations_sync = 2")
    await sql("ALTER TABLE key_tail_verdicts DELETE WHERE phone_number_id = 'pn-unready' SETTINGS mutations_sync = 2")
    expect(await ingestCounting([reply(k, 'unready.r', 1)])).toMatchObject({ keys: 1, continued: 0, fromTail: 0 })
    expect((await result('unready')).v).toEqual([['in', 'OPENED'], ['r', 'IN_WINDOW']])
  }, 60_000)

  it('a batch derived again after its run cached the tail compares whole (an interrupted derive done again)', async () => {
    const k = keyOf('again')
    await ingestCounting([inbound(k, 'again.in', 0)])
    const b = await ingestCounting([reply(k, 'again.r', 1)])
    expect(b.fromTail).toBe(1)
    const before = await result('again')
    // the batch queued again, as a crash after its tail and reach were written leaves it: its
    // cached tail already holds the reply, which continuing from it would bring twice
    const again = { batch: b.batch, since: Date.parse(at(1)) }
    await sql("INSERT INTO derive_queue SELECT {batch:UInt64}, bucket, phone_number_id, wa_id FROM key_reach WHERE phone_number_id = 'pn-again'", again)
    await sql("INSERT INTO derive_appends (batch_id, bucket, phone_number_id, wa_id, appended, since_ms) SELECT {batch:UInt64}, bucket, phone_number_id, wa_id, 1, {since:Int64} FROM key_reach WHERE phone_number_id = 'pn-again'", again)
    expect(await s.exclusive(() => deriveBatch(s.db, b.batch))).toEqual({ keys: 1, continued: 0, fromTail: 0 })
    expect(await result('again')).toEqual(before)
    expect(before.v).toEqual([['in', 'OPENED'], ['r', 'IN_WINDOW']])
  }, 60_000)

  // Each group of a batch queues its keys (pipeline/50_derive_queue): a key of two groups was
  // counted twice once inserts were no longer merged as written (optimize_on_insert = 0).
  it('a key two groups of one batch queued is derived and counted once', async () => {
    const k = keyOf('groups')
    const lines = [inbound(k, 'groups.in', 0), template(k, 'groups.m', 2, 'MARKETING'), reply(k, 'groups.r', 3)]
    expect(await ingestCounting(lines, 100)).toMatchObject({ keys: 1 })
    const one = keyOf('groups1')
    await ingestCounting([inbound(one, 'groups1.in', 0), template(one, 'groups1.m', 2, 'MARKETING'), reply(one, 'groups1.r', 3)])
    expect(await result('groups')).toEqual(await result('groups1'))
    expect(await liveCounts('groups')).toEqual([1])
  }, 60_000)

  it('keeps only the tails of keys whose windows are open at the batch\'s latest new message', async () => {
    const k = keyOf('keep')
    const old = keyOf('keep-old')
    await ingestCounting([inbound(old, 'keep-old.in', 0), inbound(k, 'keep.in', 100)])
    // keep-old's window ended (24 h) long before the batch's latest new message (100 h): nothing kept
    expect(await tailRows('keep-old')).toBe(0)
    expect(await tailRows('keep')).toBe(1)
    await ingestCounting([reply(k, 'keep.r', 101)])
    // the first run's row and the second run's two (older runs are dropped by partitions: test/tail-prune.test.ts)
    expect(await tailRows('keep')).toBe(3)
    expect(await tailRows('keep', 'key_tails_ready')).toBe(2)
    expect(await ingestCounting([reply(k, 'keep.r2', 102)])).toMatchObject({ fromTail: 1 })
    expect((await result('keep')).v).toEqual([['in', 'OPENED'], ['r', 'IN_WINDOW'], ['r2', 'IN_WINDOW']])
  }, 60_000)

  // bench:live at 10M (60 s of webhooks): the cache grew past its bound, the prune found every
  // row still of its key's latest run and emptied it, between 10_events and 20/30 of a slice; the
  // slice's keys continued from their tail then compared their new rows with no cached row: each
  // live row was written again (counted twice), and a later derive of such a key failed on
  // "Sign = -2" for good (the micro-batches stopped deriving). Now the cache's oldest partitions
  // are dropped (test/tail-prune.test.ts), still before the slice picks its keys.
  it('a tail pruned for the cache\'s size is pruned before a slice picks the keys it continues from their tail', async () => {
    const [a, b, c] = prunedLines('full2')
    const { batch } = await ingestCounting(a)
    expect(await tailRows('full2')).toBeGreaterThan(0)
    // a newer partition (4 runs later) of another key's tail, as large as the cache's bound: the
    // key's older partition is dropped before the next batch's slice
    await sql("INSERT INTO key_tail_input (bucket, phone_number_id, wa_id, run, message_id) SELECT 0, 'pn-filler', 'x', {run:UInt64}, toString(number) FROM numbers({n:UInt64})",
      { n: TAIL_BOUND.rows, run: batch + 4 })
    // dropped first: the key is derived whole
    expect(await ingestCounting(b)).toMatchObject({ keys: 1, fromTail: 0 })
    expect(await tailRows('full2', 'key_tails_ready')).toBeLessThanOrEqual(1)
    // every stored row of the key is live once (the views show a row counted twice once; the
    // rollups and the next compare do not)
    expect(await liveCounts('full2')).toEqual([1])
    await ingestCounting(c)
    expect(await liveCounts('full2')).toEqual([1])
    expect(await result('full2')).toEqual(await result('full'))
    expect((await result('full')).v).toEqual([['in', 'OPENED'], ['m', 'OPENED'], ['r', 'IN_WINDOW'], ['u', 'OPENED']])
  }, 60_000)
})
