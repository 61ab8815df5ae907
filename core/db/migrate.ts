// Applies sql/migrations/NNN_*.sql in order, one statement per file, and records each applied
// file with its checksum. An applied file whose text changed is refused: schema history is
// append-only, a fix is a new migration.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import type { Db } from './client.ts'
import { commandAll, sqlDir, traced } from './sql.ts'

const ledger = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = MergeTree ORDER BY name`

export interface Migration { name: string; sql: string; checksum: string }

export function listMigrations(dir = `${sqlDir}migrations/`): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(dir + name, 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

// A plain view only reads: applying one never calls for re-deriving stored data. Nor does a
// migration that says so in its header (`-- derived data: unchanged`): a table of source data
// sorted anew (610–619: statuses and rejected lines, which nothing derived reads), a function of
// the parse or one written once where the same rule was written three times (620–623). Without
// it an upgrade of a 10M-message database re-derived everything (~2–5 min) for nothing.
const readOnly = (sql: string) => /^CREATE\s+(OR\s+REPLACE\s+)?VIEW\b/i.test(sql.replace(/^(\s*--[^\n]*\n)*/, '').trim())
  || /^-- derived data: unchanged\b/m.test(sql)

/**
 * Applies pending migrations; returns the names of those that change what is derived.
 * `beforeChange` runs once, before the first of those is applied: a migration is recorded as
 * applied as soon as it ran, so whatever it calls for (a rebuild) must be recorded durably first,
 * or a crash right after it would leave nothing pending.
 */
export async function migrate(db: Db, beforeChange?: () => Promise<void>): Promise<string[]> {
  await db.client.command({ query: ledger })
  const rs = await db.client.query({ query: 'SELECT name, checksum FROM schema_migrations', format: 'JSONEachRow' })
  const applied = new Map((await rs.json<{ name: string; checksum: string }>()).map((r) => [r.name, r.checksum]))
  const done: string[] = []
  for (const m of listMigrations()) {
    const previous = applied.get(m.name)
    if (previous !== undefined) {
      if (previous !== m.checksum) {
        throw new Error(`Migration ${m.name} was changed after it was applied (checksum mismatch); add a new migration instead.`)
      }
      continue
    }
    const changes = !readOnly(m.sql)
    if (changes && done.length === 0) await beforeChange?.()
    // traced: the crash tests can kill the process right after a migration was recorded.
    await traced(`migration/${m.name}`, async () => {
      await db.client.command({ query: m.sql, clickhouse_settings: { log_comment: `wacost:migration:${m.name}` } })
      await db.client.insert({ table: 'schema_migrations', values: [{ name: m.name, checksum: m.checksum }], format: 'JSONEachRow' })
    })
    if (changes) done.push(m.name)
  }
  return done
}

/**
 * Migrates a new database that is thrown away unless this finishes (a what-if database, dropped
 * and made again when not complete; the migrated template, built beside its place and renamed
 * when whole): every migration in one call (the embedded engine takes them as one
 * multi-statement; a server one by one), then every ledger row in one insert. The same files in
 * the same order as `migrate`, so the schema is the same (test/migrate.test.ts compares them);
 * ~1–3 s instead of ~5–9 s on 2 cores, as each migration no longer costs a call and a part of
 * the ledger. Not for a database that holds data: a stop half-way leaves objects the ledger does
 * not list, which `migrate` could not apply again. Throws when the database has a ledger row.
 */
export async function migrateFresh(db: Db): Promise<void> {
  await db.client.command({ query: ledger })
  const rs = await db.client.query({ query: 'SELECT count() AS n FROM schema_migrations', format: 'JSONEachRow' })
  const [{ n } = { n: 0 }] = await rs.json<{ n: number | string }>()
  if (Number(n) > 0) throw new Error(`migrateFresh: database ${db.database} is not new (${n} migrations recorded)`)
  const all = listMigrations()
  await commandAll(db, 'migration/(fresh)', all.map((m) => m.sql))
  await db.client.insert({ table: 'schema_migrations', values: all.map((m) => ({ name: m.name, checksum: m.checksum })), format: 'JSONEachRow' })
}
