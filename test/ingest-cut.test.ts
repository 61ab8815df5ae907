// An ingest statement cut between its table and the targets of its materialized views must leave
// nothing stale once the database is opened again. ClickHouse writes a block to the source table,
// then to each view's target, one after the other, with no transaction (as derive-cut.test.ts for
// the derive): cut there (a kill -9, an engine error), messages held a corrected line that view 752
// had not marked for the reconciliation kept, and a phone number's WABA that view 701 had not
// added to phone_number_wabas; statuses held a line of Meta's pricing that view 753 had not
// marked. The derive done again on opening marks only keys whose conversations or verdicts change,
// so the reconciliation kept went on showing the old template name and missed a mismatch, and a
// later line giving the number under another WABA was not pointed out. The cut is made the way an
// engine error makes it, deterministically: a constraint on the views' targets refuses the
// block's rows, after the source table got them (asserted).
import { createReadStream, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPersistent, type Session } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { at, metaStatus } from './support/meta-log.ts'
import { tempDir } from './support/temp.ts'
import { withRefusingTargets } from './support/statement-cut.ts'

type Rec = Record<string, unknown>
const base = tempDir('wacost-ingest-cut-')
const key = (waba: string, pn: string, wa: string) => ({ waba_id: waba, phone_number_id: pn, wa_id: `1415555${wa}` })
const tpl = (id: string, h: number, k: Rec, name: string): Rec =>
  ({ message_id: id, timestamp: at(h), ...k, direction: 'outbound', template_category: 'UTILITY', template_name: name, status: 'sent' })
const one = key('w-one', 'pn-one', '0101')
const two = key('w-one', 'pn-one', '0102')

const logs: Record<string, Rec[]> = {
  // a utility template Meta priced as marketing (a mismatch); another both call utility
  a: [tpl('g1', 1, one, 'order_update'), metaStatus('g1', 'delivered', 1.1, { category: 'marketing', conversation: 'm-g' }),
    tpl('h1', 2, two, 'receipt'), metaStatus('h1', 'delivered', 2.1, { category: 'utility', conversation: 'm-h' })],
  // (cut in 40_messages) g1's template name corrected (no conversation nor verdict changes), and
  // a new phone number's first message under its WABA
  b: [tpl('g1', 1, one, 'order_shipped'), tpl('x1', 5, key('w-two', 'pn-new', '0103'), 'welcome')],
  // the new number under another WABA: pointed out
  c: [tpl('x2', 6, key('w-three', 'pn-new', '0104'), 'welcome')],
  // (cut in 20_statuses) h1 read, Meta now says marketing: a mismatch, no delivery moved
  d: [metaStatus('h1', 'read', 3, { category: 'marketing', conversation: 'm-h' })],
}
const files = Object.fromEntries(Object.entries(logs).map(([name, lines]) => {
  const f = join(base, `${name}.ndjson`)
  writeFileSync(f, lines.map((l) => JSON.stringify(l)).join('\n'))
  return [name, f]
}))

async function query<T>(s: Session, sql: string): Promise<T[]> {
  return (await s.db.client.query({ query: sql, format: 'JSONEachRow' })).json<T>()
}

/** What readers see of the views' targets: the reconciliation kept (brought up to date as a read does) and who owns each phone number. */
async function read(s: Session): Promise<{ kept: Rec[]; owners: Rec[] }> {
  await reconcileUpToDate(s.db)
  return {
    kept: await query(s, 'SELECT kind, message_id, template_name, meta_category FROM reconciliation_kept ORDER BY ALL'),
    owners: await query(s, 'SELECT * FROM phone_number_owners ORDER BY ALL'),
  }
}

const ingest = async (s: Session, name: string) => ingestSource(s.db, createReadStream(files[name]!), files[name]!)

/** Ingests `name` with its rows refused by the targets of the views (constraint `check`), as a cut statement leaves them. */
async function cut(s: Session, name: string, checks: [table: string, check: string][]): Promise<void> {
  await withRefusingTargets(s.db, checks, () => expect(ingest(s, name)).rejects.toThrow(/Constraint `cut`/))
}

describe('an ingest statement cut between its table and the targets of its views', () => {
  it('leaves nothing stale once the database is opened again: what readers see equals a clean run', async () => {
    const clean = await openPersistent(join(base, 'clean'), {})
    const expected: Awaited<ReturnType<typeof read>>[] = []
    let notice: string[] | undefined
    try {
      await ingest(clean, 'a')
      await reconcileUpToDate(clean.db)
      await ingest(clean, 'b')
      expected.push(await read(clean))
      notice = (await ingest(clean, 'c')).notices
      await ingest(clean, 'd')
      expected.push(await read(clean))
    } finally { await clean.close() }
    expect(notice!.join('\n')).toContain('phone number pn-new under WABA w-three although it is stored (or given earlier) under WABA w-two')
    expect(expected[0]!.kept).toContainEqual({ kind: 'CATEGORY_MISMATCH', message_id: 'g1', template_name: 'order_shipped', meta_category: 'MARKETING' })
    expect(expected[1]!.kept.map((r) => r.message_id)).toEqual(['g1', 'h1'])

    const dir = join(base, 'cut')
    let s = await openPersistent(dir, {})
    try {
      await ingest(s, 'a')
      await reconcileUpToDate(s.db) // the reconciliation kept is filled, its marks cleared
      await cut(s, 'b', [['reconcile_dirty', "wa_id != '14155550101'"], ['phone_number_wabas', "phone_number_id != 'pn-new'"]])
      // the cut: messages got the block, the views' targets did not
      expect(await query(s, "SELECT message_id, template_name FROM messages FINAL WHERE message_id IN ('g1', 'x1') ORDER BY ALL"))
        .toEqual([{ message_id: 'g1', template_name: 'order_shipped' }, { message_id: 'x1', template_name: 'welcome' }])
      expect(await query(s, "SELECT * FROM phone_number_wabas WHERE phone_number_id = 'pn-new'")).toEqual([])
      expect(await query(s, 'SELECT * FROM reconcile_dirty')).toEqual([])
    } finally { await s.close() }

    s = await openPersistent(dir, {})
    try {
      expect(await read(s)).toEqual(expected[0])
      expect((await ingest(s, 'c')).notices).toEqual(notice)
      await reconcileUpToDate(s.db)
      await cut(s, 'd', [['reconcile_dirty', "message_id != 'h1'"]])
      expect(await query(s, "SELECT status, pricing_category FROM statuses WHERE message_id = 'h1' ORDER BY ALL"))
        .toEqual([{ status: 'delivered', pricing_category: 'UTILITY' }, { status: 'read', pricing_category: 'MARKETING' }])
      expect(await query(s, 'SELECT * FROM reconcile_dirty')).toEqual([])
    } finally { await s.close() }

    s = await openPersistent(dir, {})
    try {
      expect(await read(s)).toEqual(expected[1])
    } finally { await s.close() }
  }, 300_000)
})
