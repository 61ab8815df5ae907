// Cut a statement between a table and its views' targets, the way an engine error (or a kill -9)
// cuts it: ClickHouse writes a block to the table, then to each materialized view's target, one
// after the other, with no transaction. Made deterministically: a view that throws for some rows
// (test/derive-cut.test.ts, test/webhooks-cut.test.ts), or a constraint on the views' targets
// that refuses them after the table got them (test/ingest-cut.test.ts).
import type { Db } from '../../core/db/client.ts'

/**
 * Runs `body` while a materialized view on `table` throws "cut here" for the rows where `when`
 * (an SQL condition over the table's columns) holds; the view is dropped afterwards. Its target,
 * cut_sink, stays (created when missing).
 */
export async function withThrowingView<T>(db: Db, table: string, when: string, body: () => Promise<T>): Promise<T> {
  await db.client.command({ query: 'CREATE TABLE IF NOT EXISTS cut_sink (x UInt8) ENGINE = MergeTree ORDER BY x' })
  await db.client.command({ query: `CREATE MATERIALIZED VIEW cut_view TO cut_sink AS SELECT throwIf(${when}, 'cut here') AS x FROM ${table}` })
  try {
    return await body()
  } finally {
    await db.client.command({ query: 'DROP VIEW cut_view' })
  }
}

/**
 * Runs `body` while each of `checks` (a views' target, a condition its rows must meet) refuses the
 * other rows with constraint `cut`; the constraints are dropped afterwards.
 */
export async function withRefusingTargets<T>(db: Db, checks: [table: string, check: string][], body: () => Promise<T>): Promise<T> {
  for (const [table, check] of checks) await db.client.command({ query: `ALTER TABLE ${table} ADD CONSTRAINT cut CHECK ${check}` })
  try {
    return await body()
  } finally {
    for (const [table] of checks) await db.client.command({ query: `ALTER TABLE ${table} DROP CONSTRAINT cut` })
  }
}
