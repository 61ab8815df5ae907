// The reconciliation kept (table discrepancies, migration 747): brought up to date before each
// read (the panel's routes, their CSV, `wacost reconcile`) for the keys whose data changed since,
// as view reconciliation_of computes them. The view over every status line with Meta's pricing
// is a report of minutes at 10M messages (docs/reconcile.md); a batch touches a few keys.
import type { Db } from './db/client.ts'
import { commandAll, exec, rows } from './db/sql.ts'

// Beyond this many marks (a bulk load: ~3 per key) or keys, the whole reconciliation is computed
// again in one pass rather than by keys: at 10M messages with pricing on every delivered one the
// pass takes ~180-200 s, the keys ~5 s per 1,000 (bench:reconcile).
const WHOLE_ABOVE_MARKS = 200_000
const WHOLE_ABOVE_KEYS = 50_000
// Keys per call of reconciliation_of: its key set is bound as two array parameters.
const KEYS_PER_CALL = 10_000

/** What a catch-up did: nothing, the marked keys (`keys` of them, with their Meta conversations' other keys), or the whole table. */
export type CatchUp = { done: 'nothing' } | { done: 'keys'; keys: number } | { done: 'whole' }

/** Whether table discrepancies lags the data (marks wait, or it was never filled whole): one small query. */
export async function reconcileLags(db: Db): Promise<boolean> {
  const [s] = await rows<{ marks: string; ready: string }>(db, 'reconcile/state')
  return Number(s?.marks ?? 1) > 0 || Number(s?.ready ?? 0) === 0
}

/**
 * Brings table discrepancies up to date with view reconciliation (docs/reconcile.md, "Kept"):
 * never filled (a new or upgraded database, a rebuild) → filled whole; else the keys marked in
 * reconcile_dirty (sql/reconcile/keys.sql) are compared with what reconciliation_of computes
 * for them and the difference written (sql/reconcile/diff.sql). The marks are cleared last: a
 * crash before re-does the comparison, which writes nothing twice. One writer at a time: the
 * server runs it inside session.exclusive, the CLI holds the database alone.
 */
export async function reconcileUpToDate(db: Db): Promise<CatchUp> {
  const [s] = await rows<{ marks: string; ready: string }>(db, 'reconcile/state')
  const marks = Number(s?.marks ?? 0)
  if (Number(s?.ready ?? 0) === 0 || marks > WHOLE_ABOVE_MARKS) return fillWhole(db)
  if (marks === 0) return { done: 'nothing' }
  const [k] = await rows<{ phones: string[]; wa_ids: string[] }>(db, 'reconcile/keys')
  const phones = k?.phones ?? []
  const waIds = k?.wa_ids ?? []
  if (phones.length > WHOLE_ABOVE_KEYS) return fillWhole(db)
  for (let i = 0; i < phones.length; i += KEYS_PER_CALL) {
    await exec(db, 'reconcile/diff', { key_phones: phones.slice(i, i + KEYS_PER_CALL), key_wa_ids: waIds.slice(i, i + KEYS_PER_CALL) })
  }
  await commandAll(db, 'reconcile/clear_marks', ['TRUNCATE TABLE reconcile_dirty'])
  return { done: 'keys', keys: phones.length }
}

async function fillWhole(db: Db): Promise<CatchUp> {
  // The ready mark is removed first and written last: a crash in between leaves none, and the
  // next read fills the table again.
  await commandAll(db, 'reconcile/empty', ['TRUNCATE TABLE discrepancies_ready', 'TRUNCATE TABLE discrepancies'])
  await exec(db, 'reconcile/fill_all')
  await exec(db, 'reconcile/ready')
  await commandAll(db, 'reconcile/clear_marks', ['TRUNCATE TABLE reconcile_dirty'])
  return { done: 'whole' }
}
