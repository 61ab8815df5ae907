// The tail cache's pruning (issue 12): its four tables are partitioned by runs (migrations
// 846-849, 4 runs to a partition) and pruned by dropping their oldest partitions whole
// (core/derive.ts pruneTails, derive/tails_partitions), key_tails_ready first. It replaced a
// mutation per table that read key_reach (2-12 s each before every micro-batch at 12.8M) and
// then emptied the cache. A key whose latest tail was dropped is derived whole; the newest
// partition's tails stay and are continued from; a stop between two tables' drops leaves rows
// without a mark, never a mark without rows, and the next prune drops them.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { pruneTails, tailDrops } from '../core/derive.ts'
import type { DeriveCounts } from '../core/batches.ts'
import { ingest, openEngine, tenantResult, type Line, type Session } from './support/engine.ts'
import { inbound, keyOf, reply } from './support/log.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `lines` as one batch: its derive's counts and the batch number (the derive's run). */
async function ingestCounting(lines: readonly Line[]): Promise<DeriveCounts & { batch: number }> {
  let counts: DeriveCounts = { keys: 0, continued: 0, fromTail: 0 }
  const body = lines.map((l) => JSON.stringify(l)).join('\n')
  const summary = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'prune', undefined,
    { onDerived: (d) => { counts = d } }))
  return { ...counts, batch: summary.batch }
}

/** Rows a table of the tail cache holds for tenant `t` (any run). */
async function tailRows(t: string, table = 'key_tail_input'): Promise<number> {
  const res = await s.db.client.query({ query: 'SELECT count() AS n FROM {table:Identifier} WHERE phone_number_id = {pn:String}',
    query_params: { pn: `pn-${t}`, table }, format: 'JSONEachRow' })
  return Number((await res.json<{ n: string }>())[0]!.n)
}

/**
 * Ingests empty batches until the next batch's run lies in a partition after `run`'s (an empty
 * batch takes a run as any other, in about half the statements of a one-line batch of another key).
 */
async function nextPartition(run: number): Promise<void> {
  for (let b = run; Math.floor((b + 1) / 4) === Math.floor(run / 4);) b = (await ingestCounting([])).batch
}

const result = (t: string) => tenantResult(s, t)
const wide = { rows: 1e9, partitions: 1 }

describe('pruning the tail cache by partitions of runs', () => {
  it('drops the oldest runs\' tails whole, keeps the newest and continues from them', async () => {
    const old = keyOf('p-old')
    const a = await ingestCounting([inbound(old, 'p-old.in', 100)])
    expect(await tailRows('p-old', 'key_tails_ready')).toBe(1)
    await nextPartition(a.batch)
    const k = keyOf('p-new')
    await ingestCounting([inbound(k, 'p-new.in', 100)])
    // within the bound: nothing dropped
    expect(await tailDrops(s.db, { rows: 1e9, partitions: 1e6 })).toEqual([])
    await pruneTails(s.db, wide)
    for (const table of ['key_tails_ready', 'key_tail_input', 'key_tail_verdicts']) expect(await tailRows('p-old', table)).toBe(0)
    expect(await tailRows('p-new', 'key_tails_ready')).toBe(1)
    expect(await tailRows('p-new')).toBe(1)
    // the dropped tail's key is derived whole, the kept one continued from its tail; both as one batch would
    expect(await ingestCounting([reply(old, 'p-old.r', 101)])).toMatchObject({ keys: 1, fromTail: 0 })
    expect(await ingestCounting([reply(k, 'p-new.r', 101)])).toMatchObject({ keys: 1, fromTail: 1 })
    await ingest(s, [inbound(keyOf('p-one'), 'p-one.in', 100), reply(keyOf('p-one'), 'p-one.r', 101)])
    expect((await result('p-one')).v).toEqual([['in', 'OPENED'], ['r', 'IN_WINDOW']])
    for (const t of ['p-old', 'p-new']) expect(await result(t)).toEqual(await result('p-one'))
  }, 120_000)

  it('bounded by input rows, keeps the newest partition whatever its size', async () => {
    const k = keyOf('p-rows')
    const a = await ingestCounting([inbound(k, 'p-rows.in', 100)])
    await nextPartition(a.batch)
    const b = await ingestCounting([inbound(keyOf('p-rows2'), 'p-rows2.in', 100)])
    await pruneTails(s.db, { rows: 0, partitions: 1e6 })
    expect(await tailRows('p-rows')).toBe(0)
    expect(await tailRows('p-rows2')).toBe(1)
    const res = await s.db.client.query({ query: "SELECT DISTINCT intDiv(run, 4) AS p FROM key_tail_input", format: 'JSONEachRow' })
    expect((await res.json<{ p: string }>()).map((r) => Number(r.p))).toEqual([Math.floor(b.batch / 4)])
  }, 120_000)

  it('a stop between two tables\' drops leaves no mark without its tail; the next prune drops the rest', async () => {
    const k = keyOf('p-stop')
    const a = await ingestCounting([inbound(k, 'p-stop.in', 100)])
    await nextPartition(a.batch)
    await ingestCounting([inbound(keyOf('p-stop2'), 'p-stop2.in', 100)])
    const drops = await tailDrops(s.db, wide)
    expect(drops.length).toBe(4)
    expect(drops[0]).toMatch(/^ALTER TABLE key_tails_ready /)
    // stopped after the first table's drop (as WACOST_TEST_CRASH_AT=derive/tails_drop would)
    await s.db.client.command({ query: drops[0]! })
    expect(await tailRows('p-stop', 'key_tails_ready')).toBe(0)
    expect(await tailRows('p-stop')).toBe(1)
    // the rows without a mark are never read: the key is derived whole, as one batch would
    expect(await ingestCounting([reply(k, 'p-stop.r', 101)])).toMatchObject({ keys: 1, fromTail: 0 })
    expect((await result('p-stop')).v).toEqual([['in', 'OPENED'], ['r', 'IN_WINDOW']])
    await pruneTails(s.db, wide)
    const res = await s.db.client.query({ query: "SELECT count() AS n FROM key_tail_input WHERE phone_number_id = 'pn-p-stop' AND run = {run:UInt64}",
      query_params: { run: a.batch }, format: 'JSONEachRow' })
    expect(Number((await res.json<{ n: string }>())[0]!.n)).toBe(0)
  }, 120_000)
})
