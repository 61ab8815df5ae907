// Status records whose message never arrives (issue 10, item 2): they were counted as accepted
// and then never used, with no word; in a one-shot `ledger` run they can never match. Now every
// run reports them (count, first ids), the ingest summary counts them, and
// `wacost statuses --unmatched` lists them. A status whose message arrives later stops counting.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Readable } from 'node:stream'
import { ingest, openEngine, type Line, type Session } from './support/engine.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { keyOf, status, template } from './support/log.ts'
import { rows } from '../core/db/sql.ts'
import { describeReport, runReport, type UnmatchedStatus } from '../core/reports.ts'
import { describeBatch } from '../ingest/report.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const k = keyOf('unmatched')
// Two ids only statuses name (one with delivered and read), and one whose message is ingested
// in a later batch.
const first = [
  template(k, 'm-1', 0, 'UTILITY', { status: 'sent' }), status('m-1', 'delivered', 1),
  status('ghost-b', 'delivered', 3), status('ghost-b', 'read', 4),
  status('ghost-a', 'failed', 2),
  status('late', 'delivered', 6),
]

/** A batch whose summary counts them, as POST /api/ingest asks (the CLI says them after its inputs). */
const counted = (s: Session, lines: Line[]) =>
  s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'))]), 'test', undefined, { unmatchedTotals: true }))

describe('unmatched status records', () => {
  let s: Session
  beforeAll(async () => { s = await openEngine() })
  afterAll(async () => { await s.close() })

  it('are counted in the ingest summary and reported with their first ids, oldest first', async () => {
    const summary = await counted(s, first)
    expect(summary.accepted).toBe(6)
    expect(summary.unmatchedStatuses).toBe(3)
    expect(describeBatch(summary)).toContain('; 3 message id(s) have status records but no message yet')
    const r = await runReport(s.db)
    expect(r.unmatched).toBe(3)
    expect(r.unmatchedFirst.map((u) => [u.message_id, Number(u.records), u.statuses, u.first_at])).toEqual([
      ['ghost-a', 1, ['failed'], '2025-12-01T02:00:00.000Z'],
      ['ghost-b', 2, ['delivered', 'read'], '2025-12-01T03:00:00.000Z'],
      ['late', 1, ['delivered'], '2025-12-01T06:00:00.000Z'],
    ])
    expect(describeReport(r).join('\n')).toContain('warning: 3 message id(s) have status records but no message line (first: ghost-a, ghost-b, late);')
  })

  it('stop counting once their message arrives', async () => {
    const summary = await counted(s, [template(k, 'late', 5, 'MARKETING', { status: 'sent' })])
    expect(summary.unmatchedStatuses).toBe(2)
    // a batch that does not ask counts nothing of the whole database (0.3 s of a 10k batch at 10M)
    expect((await ingest(s, [status('m-1', 'read', 7)])).unmatchedStatuses).toBeUndefined()
    const all = await rows<UnmatchedStatus>(s.db, 'queries/unmatched_statuses', { limit: 0 })
    expect(all.map((u) => u.message_id)).toEqual(['ghost-a', 'ghost-b'])
  })

  // The same status line sent again (Meta retries; a log re-sent) is one record: it counted 2
  // until a merge of statuses collapsed it (the view read the table without FINAL).
  it('count a status line sent twice once, before any merge', async () => {
    const again = status('ghost-c', 'delivered', 7)
    await ingest(s, [again])
    await ingest(s, [again])
    const all = await rows<UnmatchedStatus>(s.db, 'queries/unmatched_statuses', { limit: 0 })
    expect(all.filter((u) => u.message_id === 'ghost-c').map((u) => Number(u.records))).toEqual([1])
  })

  // a status with a 5,000-character id was said with all of it in the start-up warning (webhook trial)
  it('say a long id cut to a readable length with its length, and list it whole', async () => {
    const long = `wamid.${'x'.repeat(4994)}`
    await ingest(s, [status(long, 'delivered', 0)])
    const r = await runReport(s.db)
    expect(r.unmatchedFirst[0]!.message_id).toBe(long)
    expect(describeReport(r, { served: true })[0]).toBe(`warning: 4 message id(s) have status records but no message line (first: wamid.${'x'.repeat(34)}… (5000 characters), ghost-a, ghost-b, ghost-c);`)
    const all = await rows<UnmatchedStatus>(s.db, 'queries/unmatched_statuses', { limit: 0 })
    expect(all.map((u) => u.message_id)).toContain(long)
  })
})

describe('the CLI', () => {
  const run = promisify(execFile)
  const dir = tempDir('wacost-unmatched-')
  const input = join(dir, 'log.ndjson')
  writeFileSync(input, first.map((l) => JSON.stringify(l)).join('\n'))
  const wacost = (...args: string[]) => run(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })

  it('ledger warns (a one-shot run can never match them); `statuses --unmatched` lists them', async () => {
    const l = await wacost('ledger', '--input', input)
    expect(l.stderr).toContain('warning: 3 message id(s) have status records but no message line (first: ghost-a, ghost-b, late);')
    const db = join(dir, 'db')
    const i = await wacost('ingest', '--db', db, '--no-progress', input)
    // said once, after the inputs (the batch's line does not count the whole database)
    expect(i.stderr).toContain('warning: 3 message id(s) have status records but no message line (first: ghost-a, ghost-b, late);')
    expect(i.stderr).not.toContain('no message yet')
    const { stdout } = await wacost('statuses', '--unmatched', '--db', db)
    expect(stdout.trim().split('\n').map((x) => JSON.parse(x) as { message_id: string; statuses: string[] })
      .map((u) => [u.message_id, u.statuses])).toEqual([['ghost-a', ['failed']], ['ghost-b', ['delivered', 'read']], ['late', ['delivered']]])
  }, 60_000)
})
