// The migration runner on a real embedded database: it applies every numbered file once, records
// checksums, refuses an applied file that changed, and reports which applied migrations call for
// re-deriving stored data (plain views only read, so they do not).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDb, type Db } from '../core/db/client.ts'
import { listMigrations, migrate, migrateFresh } from '../core/db/migrate.ts'

const dir = mkdtempSync(join(tmpdir(), 'wacost-migrate-'))
let db: Db
beforeAll(async () => { db = await openDb({ path: dir }) })
afterAll(async () => { await db?.close(); rmSync(dir, { recursive: true, force: true }) })

const forget = (name: string) => db.client.command({
  query: 'ALTER TABLE schema_migrations DELETE WHERE name = {name:String} SETTINGS mutations_sync = 1', query_params: { name },
})

it('applies each migration once and tells view migrations from those that change derived data', async () => {
  const first = await migrate(db)
  const all = listMigrations().map((m) => m.name)
  const views = all.filter((n) => /_view_/.test(n))
  expect(views).toEqual(['059_view_ctwa_volume.sql', '061_view_customer_keys.sql', '062_view_customer_message_facts.sql',
    '063_view_customer_conversations.sql', '064_view_customer_messages.sql',
    '070_view_derive_new_conversations.sql', '072_view_derive_new_verdicts.sql',
    '141_view_unpriced_conversations.sql', '142_view_unmatched_statuses.sql', '167_view_customer_keys_canonical.sql',
    '211_view_customer_conversations.sql', '214_view_phone_number_labels.sql', '323_view_meta_pricing.sql',
    '324_view_reconciliation.sql', '340_view_unpriced_daily.sql',
    '424_view_derive_new_conversations.sql', '425_view_derive_new_verdicts.sql', '461_view_customer_conversations.sql', '462_view_customer_messages.sql', '470_view_derive_queued_keys.sql',
    '490_view_customer_conversations.sql', '491_view_customer_messages.sql', '500_view_customer_conversations.sql',
    '510_view_customer_key_set.sql', '511_view_customer_message_facts.sql', '512_view_customer_conversations.sql', '513_view_customer_messages.sql',
    '543_view_status_message_wabas.sql', '544_view_meta_pricing_parts.sql', '545_view_meta_pricing.sql', '624_view_unmatched_statuses.sql',
    '637_view_phone_number_labels_latest_webhook.sql', '677_view_derive_queued_keys.sql',
    '695_view_rate_card_first.sql', '696_view_customer_conversations.sql', '697_view_customer_messages.sql', '716_view_ctwa_volume.sql', '720_view_customer_messages.sql',
    '721_view_customer_messages.sql', '724_view_ctwa_volume.sql',
    '741_view_phone_number_owners.sql', '742_view_customer_conversations.sql', '744_view_reconciliation_of.sql', '745_view_reconciliation.sql', '746_view_reconciliation_of.sql',
    '755_view_reconciliation_kept.sql', '756_view_reconciliation_of.sql', '757_view_reconciliation_of.sql',
    '770_view_customer_conversations.sql', '801_view_customer_conversations.sql', '855_view_customer_messages.sql',
    '867_view_customer_conversations.sql', '868_view_customer_conversations.sql', '875_view_live_verdicts.sql'])
  // and those that say in their header that nothing derived reads differently after them
  const unchanged = all.filter((n) => /^-- derived data: unchanged\b/m.test(listMigrations().find((m) => m.name === n)!.sql))
  const numbered = (from: number, n: number) => Array.from({ length: n }, (_, i) => all.find((m) => m.startsWith(`${from + i}_`))!)
  expect(unchanged).toEqual([...numbered(610, 14), ...numbered(630, 7), ...numbered(638, 6), ...numbered(650, 4), ...numbered(655, 5), ...numbered(660, 8), ...numbered(671, 2), ...numbered(675, 2), ...numbered(678, 7), ...numbered(700, 4), ...numbered(714, 2), ...numbered(722, 2), ...numbered(740, 1), ...numbered(743, 1), ...numbered(747, 8), ...numbered(758, 4), ...numbered(775, 1), ...numbered(780, 2), ...numbered(786, 1), ...numbered(791, 3), ...numbered(800, 1), ...numbered(802, 5), ...numbered(821, 1), ...numbered(826, 1), ...numbered(836, 4), ...numbered(846, 9), ...numbered(856, 6), ...numbered(864, 3), ...numbered(869, 1)])
  expect(first).toEqual(all.filter((n) => !views.includes(n) && !unchanged.includes(n)))
  expect(await migrate(db)).toEqual([])
  // An upgrade that brings only such migrations calls for no rebuild (their functions run again).
  for (const n of unchanged.filter((m) => /_fn_/.test(m))) await forget(n)
  expect(await migrate(db)).toEqual([])
  // Re-applying a view changes nothing derived; re-applying a table's migration does.
  await forget('064_view_customer_messages.sql')
  await forget('056_entry_daily.sql')
  expect(await migrate(db)).toEqual(['056_entry_daily.sql'])
})

// The engine writes a function's body into a view when the view is stored, so a function changed
// later does not reach the views made with it. An entry message's outcome is defined once
// (wacost_entry_outcome, migration 722) for the rollup mv_entry_daily (723) and view ctwa_volume
// (724): both must hold its body as it is now (a change to it restates both).
it('keeps the rollup of entry outcomes and view ctwa_volume on wacost_entry_outcome as it is', async () => {
  const read = async (query: string, name: string) => {
    const [r] = await (await db.client.query({ query, query_params: { name }, format: 'JSONEachRow' })).json<{ q: string }>()
    return r!.q
  }
  const body = (await read('SELECT create_query AS q FROM system.functions WHERE name = {name:String}', 'wacost_entry_outcome'))
    .replace(/^.*?->\s*/s, '')
  expect(body).toMatch(/^multiIf\(fep_entry = 1, 'FEP_STARTED'/)
  for (const name of ['mv_entry_daily', 'ctwa_volume']) {
    expect(await read('SELECT create_table_query AS q FROM system.tables WHERE database = currentDatabase() AND name = {name:String}', name)).toContain(body)
  }
})

// What-if databases and the migrated template are made by migrateFresh (every file in one call):
// their schema must be the one `migrate` makes, file by file.
it('migrates a new database at once to the same schema as one migration at a time', async () => {
  // (a database of its own: the test above re-applied forgotten migrations to `db`)
  const stepwise = await openDb({ path: dir, database: 'wacost_stepwise' })
  const fresh = await openDb({ path: dir, database: 'wacost_fresh' })
  try {
    await migrate(stepwise)
    await migrateFresh(fresh)
    const schema = async (database: string) => {
      const r = await db.client.query({
        query: `SELECT name, engine, replaceAll(create_table_query, {database:String} || '.', '') AS q FROM system.tables
                WHERE database = {database:String} ORDER BY name`,
        query_params: { database }, format: 'JSONEachRow',
      })
      const c = await db.client.query({
        query: `SELECT table, name, type, default_kind, default_expression, position FROM system.columns
                WHERE database = {database:String} ORDER BY table, position`,
        query_params: { database }, format: 'JSONEachRow',
      })
      return { tables: await r.json(), columns: await c.json() }
    }
    const ledger = async (d: typeof db) => (await (await d.client.query({ query: 'SELECT name, checksum FROM schema_migrations ORDER BY name', format: 'JSONEachRow' })).json())
    const mine = await schema('wacost_fresh')
    expect(mine.tables.length).toBeGreaterThan(80)
    expect(mine).toEqual(await schema('wacost_stepwise'))
    expect(await ledger(fresh)).toEqual(listMigrations().map((m) => ({ name: m.name, checksum: m.checksum })))
    // and `migrate` then finds nothing to apply
    expect(await migrate(fresh)).toEqual([])
    // a database that has migrations recorded is refused
    await expect(migrateFresh(fresh)).rejects.toThrow('is not new')
  } finally {
    for (const d of [fresh, stepwise]) {
      await d.client.command({ query: 'DROP DATABASE IF EXISTS {db:Identifier} SYNC', query_params: { db: d.database } })
      await d.close()
    }
  }
})

it('refuses to start when an applied migration was edited', async () => {
  await db.client.command({
    query: "ALTER TABLE schema_migrations UPDATE checksum = 'edited' WHERE name = '001_ingest_batches.sql' SETTINGS mutations_sync = 1",
  })
  await expect(migrate(db)).rejects.toThrow('Migration 001_ingest_batches.sql was changed after it was applied')
})
