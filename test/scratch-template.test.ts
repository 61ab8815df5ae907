// A one-command database (core/session.ts openScratch) starts as a copy of the migrated template
// (core/db/template.ts) instead of running every migration: it must be exactly what migrating
// makes, and a changed or added migration must make a new template.
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { env } from '../core/config.ts'
import { openDb, type Db } from '../core/db/client.ts'
import { listMigrations, migrate } from '../core/db/migrate.ts'
import { templateKey } from '../core/db/template.ts'
import { planReference } from '../core/reference/load.ts'
import { openScratch } from '../core/session.ts'

const dir = mkdtempSync(join(tmpdir(), 'wacost-migrated-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

async function schema(db: Db): Promise<unknown> {
  const rs = await db.client.query({
    query: `SELECT (SELECT groupArray((name, engine, create_table_query)) FROM (SELECT * FROM system.tables WHERE database = currentDatabase() ORDER BY name)) AS objects,
                   (SELECT groupArray((name, checksum)) FROM (SELECT * FROM schema_migrations ORDER BY name)) AS applied,
                   (SELECT groupArray(name) FROM (SELECT name FROM system.functions WHERE origin = 'SQLUserDefined' ORDER BY name)) AS functions,
                   -- the reference data (the template holds the shipped defaults)
                   (SELECT (count(), sum(cityHash64(*))) FROM rate_card) AS rate_card,
                   (SELECT (count(), sum(cityHash64(*))) FROM market_map) AS market_map,
                   (SELECT (count(), sum(cityHash64(*))) FROM pricing_models) AS pricing_models,
                   (SELECT (count(), sum(cityHash64(*))) FROM billing_settings) AS billing_settings`,
    format: 'JSONEachRow',
  })
  return (await rs.json())[0]
}

describe('the migrated template', () => {
  it('gives a scratch database the same tables, views, functions and applied migrations as migrating one from nothing', async () => {
    const migrated = await openDb({ path: dir })
    let expected: unknown
    try {
      // What openScratch did before the template: every migration, then the reference data.
      await migrate(migrated)
      await (await planReference(migrated, {})).apply()
      expected = await schema(migrated)
    } finally { await migrated.close() }
    const scratch = await openScratch({})
    try {
      expect(await schema(scratch.db)).toEqual(expected)
      expect((expected as { applied: unknown[] }).applied).toHaveLength(listMigrations().length)
      // The engine's links (metadata/<database> → store/…) lead into the copy, not the template.
      const link = join(scratch.db.path!, 'metadata', env.WACOST_DATABASE)
      expect(resolve(dirname(link), readlinkSync(link)).startsWith(`${scratch.db.path!}/`)).toBe(true)
    } finally { await scratch.close() }
  })

  it('is another template when a migration is edited or added, or the shipped reference data edited', () => {
    const ms = listMigrations()
    const key = templateKey(env.WACOST_DATABASE, ms)
    expect(templateKey(env.WACOST_DATABASE, ms)).toBe(key)
    expect(templateKey(env.WACOST_DATABASE, ms.map((m, i) => (i === 3 ? { ...m, checksum: 'edited' } : m)))).not.toBe(key)
    expect(templateKey(env.WACOST_DATABASE, [...ms, { name: '999_new.sql', sql: 'SELECT 1', checksum: 'x' }])).not.toBe(key)
    expect(templateKey('another_database', ms)).not.toBe(key)
    const shipped = [{ name: 'rate-card.csv', bytes: Buffer.from('a') }]
    expect(templateKey(env.WACOST_DATABASE, ms, shipped)).not.toBe(templateKey(env.WACOST_DATABASE, ms, [{ name: 'rate-card.csv', bytes: Buffer.from('b') }]))
  })
})
