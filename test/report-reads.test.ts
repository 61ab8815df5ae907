// What the run report (core/reports.ts, after every ingest) reads: its cost must follow what can be
// missing, not what is stored (with 10M messages it read every conversation, ~0.7 s, and every
// stored key's phone number, ~60–110 ms, after each 10k-message batch).
// Status-only message ids: only the granules of message_keys holding a key with no phone number
// (migration 858, a minmax index of phone_number_id; '' is the smallest value). Here one part of
// keys of stored messages and one of a status-only id: the first must not be read.
// Unpriced conversations: the spend rollup's cells first (queries/unpriced_cells); the
// conversations only when one holds an unpriced one.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sqlText } from '../core/db/sql.ts'
import { runReport } from '../core/reports.ts'
import { ingest, openEngine, type Session } from './support/engine.ts'
import { inbound, keyOf, status, template } from './support/log.ts'
import { planReads } from './support/plan-reads.ts'

const k = keyOf('report-reads')
let s: Session
beforeAll(async () => {
  s = await openEngine()
  // one part per batch: the stored messages' part must stay apart for its granule to be skippable
  await s.db.client.command({ query: 'SYSTEM STOP MERGES message_keys' })
  await ingest(s, [inbound(k, 'ur-1', 1), inbound(k, 'ur-2', 2), template(k, 'ur-3', 30, 'MARKETING')])
  await ingest(s, [status('ur-missing', 'delivered', 3)])
}, 60_000)
afterAll(async () => { await s?.close() })

it('finds the status-only ids without reading the granules of stored messages', async () => {
  // the candidates' read of the view unmatched_statuses (624) and of queries/unmatched_totals (the
  // plan of a whole statement does not show the reads of its IN sets)
  const candidates = `SELECT DISTINCT message_id FROM message_keys WHERE phone_number_id = ''`
  expect(sqlText('queries/unmatched_totals')).toContain(`FROM message_keys WHERE phone_number_id = ''`)
  expect(await planReads(s.db, candidates, /^message_keys$/)).toEqual([{ table: 'message_keys', initial: 2, selected: 1, skip: 'message_keys_phone' }])
  const r = await runReport(s.db)
  expect(r.unmatched).toBe(1)
  expect(r.unmatchedFirst.map((u) => u.message_id)).toEqual(['ur-missing'])
})

it('reads no conversation when the spend rollup holds no unpriced one', async () => {
  // every conversation of the first batch is priced; with the ledger out of reach, the report
  // still answers (and would fail if it read it)
  const rs = await s.db.client.query({ query: 'SELECT count() AS n FROM conversations', format: 'JSONEachRow' })
  expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBeGreaterThan(0)
  await s.db.client.command({ query: 'RENAME TABLE conversations TO conversations_away' })
  try {
    const r = await runReport(s.db)
    expect(r.unpriced).toBe(0)
    expect(r.unpricedGroups).toEqual([])
  } finally {
    await s.db.client.command({ query: 'RENAME TABLE conversations_away TO conversations' })
  }
})
