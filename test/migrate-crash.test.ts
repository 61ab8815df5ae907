// A migration that changes what is derived calls for a rebuild at the next open. It is recorded
// as applied as soon as it ran, so the rebuild must be recorded before it: found by a helper
// reading core/session.ts — a crash between a migration and the rebuild's batch left nothing
// pending, and old data stayed without what the migration derives (here: an empty spend_daily).
import { execFile } from 'node:child_process'
import { createReadStream, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { text } from '../core/db/sql.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'
import { childPid, tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const run = promisify(execFile)
// A materialized view created IF NOT EXISTS: applying it again changes no table, and it is not
// a plain view, so applying it calls for a rebuild.
const migration = '445_mv_spend_daily_volume_tiers.sql'

it('a crash right after a migration that changes what is derived still rebuilds at the next open', async () => {
  const dir = tempDir('wacost-migrate-crash-')
  const log = join(dir, 'log.ndjson')
  const k = keyOf('mig', '14155550777')
  writeFileSync(log, [inbound(k, 'm-in', 1), reply(k, 'm-re', 2), template(k, 'm-mk', 30, 'MARKETING')].map((l) => JSON.stringify(l)).join('\n'))
  const spend = async (db: Parameters<typeof text>[0]) => text(db, 'queries/ledger', {}, 'JSONEachRow')
    .then(async (ledger) => ({ ledger, spend: (await (await db.client.query({ query: 'SELECT * FROM spend_daily FINAL ORDER BY ALL', format: 'JSONEachRow' })).text()) }))
  let before: { ledger: string; spend: string }
  let s = await openPersistent(join(dir, 'db'), {})
  try {
    await ingestSource(s.db, createReadStream(log), log)
    before = await spend(s.db)
    expect(before.spend).not.toBe('')
    // As if this migration were new: pending, and the rollup it feeds not filled for old data yet.
    await s.db.client.command({ query: 'DELETE FROM schema_migrations WHERE name = {m:String}', query_params: { m: migration } })
    await s.db.client.command({ query: 'TRUNCATE TABLE spend_daily' })
  } finally { await s.close() }

  // The CLI opens the database, applies the migration and is killed right after it.
  const child = run(process.execPath, [wacostJs, 'batches', '--db', join(dir, 'db')],
    { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_TEST_CRASH_AT: `migration/${migration}` } })
  childPid(child.child.pid)
  const killed = await child.then(() => false, (e: { signal?: string }) => e.signal === 'SIGKILL')
  expect(killed).toBe(true)

  s = await openPersistent(join(dir, 'db'), {})
  try {
    expect(await spend(s.db)).toEqual(before)
  } finally { await s.close() }
}, 300_000)
