// Status lines that change nothing derived queue no re-derive (pipeline/32_batch_ids' moot,
// 50_derive_queue, 51_derive_appends; migrations 600-602). Most statuses Meta sends are such: a
// `read` after its `delivered`, a delivery Meta sends again, a delivery later than the one the
// log's own line reports, any status of an inbound line without one. Each case says how many keys
// the batch derived (0: left alone) and that the result equals a rebuild; the statuses that do
// change something (an earlier delivery, a first one, the failure of an inbound whose line has a
// status, a key whose own delivery is not known) are derived.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import type { DeriveCounts } from '../core/batches.ts'
import { ledger, openEngine, rebuild, verdicts, type Line, type Session } from './support/engine.ts'
import { inbound, keyOf, reply, status, template } from './support/log.ts'
import { childPid, tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const run = promisify(execFile)

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `lines` as one batch; returns how many keys its derive derived and continued. */
async function ingestCounting(lines: Line[]): Promise<DeriveCounts> {
  let counts = { keys: 0, continued: 0, fromTail: 0 }
  const body = lines.map((l) => JSON.stringify(l)).join('\n')
  await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'moot', undefined,
    { onDerived: (d) => { counts = d } }))
  return counts
}

async function result(pn: string, ids: string[]) {
  return { ledger: await ledger(s, pn), verdicts: [...(await verdicts(s, ids)).values()] }
}

/**
 * The result now must equal the one a rebuild derives from the same stored lines: kept, and
 * compared after one rebuild for every case (the last test of the suite below; the cases' keys
 * are their own, nothing after a case stores a line of them), not one rebuild of the whole
 * database per case.
 */
const rebuildSame: { name: string; pn: string; ids: string[]; incremental: Awaited<ReturnType<typeof result>> }[] = []
async function expectRebuildSame(pn: string, ids: string[]): Promise<void> {
  rebuildSame.push({ name: expect.getState().currentTestName ?? pn, pn, ids, incremental: await result(pn, ids) })
}

describe('status lines that change nothing derived', () => {
  it('an outbound delivered by its own line: later delivered/read statuses and their replays derive nothing', async () => {
    const k = keyOf('moot1')
    expect(await ingestCounting([inbound(k, 'moot1.in', 0), template(k, 'moot1.t', 30, 'MARKETING')])).toEqual({ keys: 1, continued: 1, fromTail: 0 })
    const before = await result(k.phone_number_id, ['moot1.in', 'moot1.t'])
    expect(await ingestCounting([status('moot1.t', 'delivered', 30.01), status('moot1.t', 'read', 31)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(await ingestCounting([status('moot1.t', 'delivered', 30.01)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(await result(k.phone_number_id, ['moot1.in', 'moot1.t'])).toEqual(before)
    await expectRebuildSame(k.phone_number_id, ['moot1.in', 'moot1.t'])
  }, 60_000)

  it('an outbound only sent: its first delivery and an earlier one are derived, a later read is not', async () => {
    const k = keyOf('moot2')
    const ids = ['moot2.in', 'moot2.t']
    await ingestCounting([inbound(k, 'moot2.in', 0), template(k, 'moot2.t', 30, 'UTILITY', { status: 'sent' })])
    expect([...(await verdicts(s, ['moot2.t'])).values()].map((v) => v.verdict)).toEqual(['NOT_DELIVERED'])
    expect((await ingestCounting([status('moot2.t', 'delivered', 32)])).keys).toBe(1)
    expect((await ledger(s, k.phone_number_id)).filter((r) => r.category === 'UTILITY').map((r) => r.opened_at))
      .toEqual([new Date(Date.parse('2025-12-01T00:00:00Z') + 32 * 3_600_000).toISOString()])
    expect(await ingestCounting([status('moot2.t', 'read', 33)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    // a delivery Meta reports earlier than the one known moves the conversation's opening
    expect((await ingestCounting([status('moot2.t', 'delivered', 31)])).keys).toBe(1)
    expect((await ledger(s, k.phone_number_id)).filter((r) => r.category === 'UTILITY').map((r) => r.opened_at))
      .toEqual([new Date(Date.parse('2025-12-01T00:00:00Z') + 31 * 3_600_000).toISOString()])
    await expectRebuildSame(k.phone_number_id, ids)
  }, 60_000)

  it('an inbound line without status is a delivery no status line undoes: read and failed statuses derive nothing', async () => {
    // interfaces.md §1: "A message line without status, inbound or outbound, counts as a delivery
    // at its timestamp, which no failed status line undoes" (10_events failed it: found here)
    const k = keyOf('moot3')
    const ids = ['moot3.in', 'moot3.r']
    await ingestCounting([inbound(k, 'moot3.in', 0), reply(k, 'moot3.r', 1)])
    const before = await result(k.phone_number_id, ids)
    expect(before.verdicts.map((v) => v.verdict)).toEqual(['OPENED', 'IN_WINDOW'])
    expect(await ingestCounting([status('moot3.in', 'read', 0.5)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(await ingestCounting([status('moot3.in', 'failed', 0.5)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect(await result(k.phone_number_id, ids)).toEqual(before)
    await expectRebuildSame(k.phone_number_id, ids)
  }, 60_000)

  it('an inbound line with a status of its own: a failed status line makes it NOT_DELIVERED', async () => {
    const k = keyOf('moot6')
    const ids = ['moot6.in', 'moot6.r']
    await ingestCounting([inbound(k, 'moot6.in', 0, { status: 'delivered' }), reply(k, 'moot6.r', 1)])
    expect(await ingestCounting([status('moot6.in', 'read', 0.5)])).toEqual({ keys: 0, continued: 0, fromTail: 0 })
    expect((await ingestCounting([status('moot6.in', 'failed', 0.5)])).keys).toBe(1)
    expect((await verdicts(s, ['moot6.in'])).get('moot6.in')?.verdict).toBe('NOT_DELIVERED')
    await expectRebuildSame(k.phone_number_id, ids)
  }, 60_000)

  it('a moot status beside a new message of its key leaves the key continued', async () => {
    const k = keyOf('moot4')
    await ingestCounting([inbound(k, 'moot4.in', 0), reply(k, 'moot4.r', 1)])
    expect(await ingestCounting([status('moot4.r', 'read', 2), inbound(k, 'moot4.in2', 100)])).toEqual({ keys: 1, continued: 1, fromTail: 0 })
    await expectRebuildSame(k.phone_number_id, ['moot4.in', 'moot4.r', 'moot4.in2'])
  }, 60_000)

  it('a message whose own delivery is not known (stored before it was kept) is derived again for any status', async () => {
    const k = keyOf('moot5')
    await ingestCounting([inbound(k, 'moot5.in', 0), reply(k, 'moot5.r', 1)])
    await s.db.client.command({ query: 'ALTER TABLE message_keys UPDATE own_kind = 0, own_delivery = NULL WHERE message_id = {id:String}',
      query_params: { id: 'moot5.r' }, clickhouse_settings: { mutations_sync: '1' } })
    expect((await ingestCounting([status('moot5.r', 'read', 2)])).keys).toBe(1)
    await expectRebuildSame(k.phone_number_id, ['moot5.in', 'moot5.r'])
  }, 60_000)

  it('each case above: the result equals the one a rebuild derives from the same stored lines', async () => {
    expect(rebuildSame).toHaveLength(6)
    await rebuild(s)
    for (const { name, pn, ids, incremental } of rebuildSame) expect(await result(pn, ids), name).toEqual(incremental)
  }, 60_000)
})

describe('a run killed after a status reached message_keys and before status_facts', () => {
  // The facts of a killed batch's statuses are in message_keys (pipeline/55) but not yet in
  // status_facts (pipeline/80, at the batch's end), and the next open derives the batch's keys
  // from status_facts. Ingesting the same status again then compares with message_keys and finds
  // it moot: without the recovery writing the killed batch's status_facts first, the message
  // stayed NOT_DELIVERED.
  it('the next open writes its status facts before deriving: the delivery counts, as in a clean run', async () => {
    const dir = tempDir('wacost-moot-crash-')
    const k = keyOf('mootc')
    const first = join(dir, 'first.ndjson')
    const second = join(dir, 'second.ndjson')
    writeFileSync(first, [inbound(k, 'mootc.in', 0), template(k, 'mootc.t', 30, 'MARKETING', { status: 'sent' })].map((l) => JSON.stringify(l)).join('\n'))
    writeFileSync(second, JSON.stringify(status('mootc.t', 'delivered', 31)))
    const cli = (env: Record<string, string>, ...args: string[]) => {
      const p = run(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '', ...env } })
      childPid(p.child.pid)
      return p
    }
    await cli({}, 'ingest', '--db', join(dir, 'db'), '--no-progress', first)
    const killed = await cli({ WACOST_TEST_CRASH_AT: 'pipeline/55_message_keys' }, 'ingest', '--db', join(dir, 'db'), '--no-progress', second)
      .then(() => false, (e: { signal?: string }) => e.signal === 'SIGKILL')
    expect(killed).toBe(true)
    await cli({}, 'ingest', '--db', join(dir, 'db'), '--no-progress', second).catch(() => undefined)
    // delivered: its per-message MARKETING charge is in the finance export (NOT_DELIVERED has none)
    const { stdout } = await cli({}, 'export', 'ledger', '--db', join(dir, 'db'))
    expect(stdout.split('\n').filter((l) => l.includes('mootc.t')).map((l) => l.includes('MARKETING'))).toEqual([true])
  }, 300_000)
})
