// `wacost batches` for a batch that stopped (break-it trial): an ingest whose input failed after
// whole groups were stored listed "lines: 0, accepted: 0". It now lists what those groups
// stored, and null (not known) for a batch that stored no whole group; finished batches are as
// before.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { recover, unfinishedBatches } from '../core/recovery.ts'
import { rows } from '../core/db/sql.ts'
import { demoSource, rebuildSource, recoverySource, upgradeSource } from '../core/batches.ts'
import { openEngine, type Session } from './support/engine.ts'
import { buildProgram } from '../cli/program.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const line = (i: number) => JSON.stringify({ message_id: `cut-${i}`, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-cut', phone_number_id: 'p-cut', wa_id: String(14155550000 + i), direction: 'inbound' })

/** A source that gives `lines` lines (one of them not JSON), then fails as a broken pipe or gzip does. */
function failing(lines: number): Readable {
  return Readable.from((async function* () {
    for (let i = 0; i < lines; i++) yield Buffer.from(`${i === 3 ? 'not json' : line(i)}\n`)
    throw new Error('unexpected end of input')
  })())
}

interface BatchRow { batch: string; source: string; state: string; lines: number | null; accepted: number | null; rejected: number | null; new_records: number | null }

it('lists what an interrupted batch stored in its whole groups, and null where nothing is known', async () => {
  // runs of ~1 KB, a group per run: the input fails after several groups were stored
  await expect(ingestSource(s.db, failing(40), 'cut.ndjson', undefined, { chunkBytes: 1000, groupBytes: 1000 })).rejects.toThrow('unexpected end of input')
  // fails before its first group is read whole: nothing stored, nothing known
  await expect(ingestSource(s.db, failing(2), 'early.ndjson', undefined, { chunkBytes: 1_000_000 })).rejects.toThrow('unexpected end of input')
  await recover(s.db, await unfinishedBatches(s.db))
  const listed = await rows<BatchRow>(s.db, 'queries/batches')
  const cut = listed.find((b) => b.source === 'cut.ndjson')!
  const [{ n }] = await (await s.db.client.query({ query: "SELECT count() AS n FROM messages FINAL WHERE phone_number_id = 'p-cut'", format: 'JSONEachRow' })).json<{ n: string }>() as [{ n: string }]
  const stored = Number(n)
  expect(cut.state).toBe('interrupted')
  expect(stored).toBeGreaterThan(0)
  expect(stored).toBeLessThan(39)
  // every whole group's lines: the stored records and the rejected line 4
  expect([cut.lines, cut.accepted, cut.rejected, cut.new_records].map((n) => (n === null ? null : Number(n)))).toEqual([stored + 1, stored, 1, null])
  const early = listed.find((b) => b.source === 'early.ndjson')!
  expect([early.state, early.lines, early.accepted, early.rejected]).toEqual(['interrupted', null, null, null])
  // a finished batch counts as before
  const whole = await ingestSource(s.db, Readable.from([Buffer.from(`${line(100)}\n${line(101)}\n`)]), 'whole.ndjson', undefined, { chunkBytes: 100, groupBytes: 100 })
  const done = (await rows<BatchRow>(s.db, 'queries/batches')).find((b) => Number(b.batch) === whole.batch)!
  expect([done.state, Number(done.lines), Number(done.accepted), Number(done.rejected)]).toEqual(['finished', 2, 2, 0])

  // `wacost batches --help` (and so cli/help.txt, kept equal by cli-help.test.ts) names the
  // columns listed and says which may be null: it said none could (user trial)
  const described = buildProgram().commands.find((c) => c.name() === 'batches')!.description()
  expect(/NDJSON: ([^)]*)\)/.exec(described)![1]!.split(', ')).toEqual(Object.keys(done))
  const nullClause = /null = ([^]*)$/.exec(described)?.[1] ?? ''
  const nullable = new Set(listed.flatMap((b) => Object.entries(b).filter(([, v]) => v === null).map(([k]) => k)))
  expect([...nullable].filter((k) => !nullClause.includes(k.replace(/_records$/, '')))).toEqual([])
})

it('the rebuild runs of core/batches.ts are the ones SQL tells apart (migration 852), no other source', async () => {
  const runs = [rebuildSource, upgradeSource, recoverySource([1]), recoverySource(['2', '3'])]
  const others = ['log.ndjson', demoSource, 'webhooks (3 deliveries)', '(rebuild', 'recovery of batch 1']
  const rs = await s.db.client.query({
    query: 'SELECT arrayMap(x -> wacost_rebuild_run(x), {runs:Array(String)}) AS runs, arrayMap(x -> wacost_rebuild_run(x), {others:Array(String)}) AS others',
    query_params: { runs, others }, format: 'JSONEachRow',
  })
  const [r] = await rs.json<{ runs: number[]; others: number[] }>()
  expect(r!.runs.map(Number)).toEqual([1, 1, 1, 1])
  expect(r!.others.map(Number)).toEqual([0, 0, 0, 0, 0])
})
