// core/db/yielding.ts: the server's ingests run at WACOST_WRITE_NICE through the same engine
// session — the setting reaches every kind of statement, a statement's own settings win, and
// nothing else about the database changes (same session, same data).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openEngine, type Session } from './support/engine.ts'
import { yielding } from '../core/db/yielding.ts'
import type { ClickHouseSettings } from '@clickhouse/client'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s?.close() })

const priority = async (db: Session['db'], settings?: ClickHouseSettings) =>
  (await (await db.client.query({ query: "SELECT getSetting('os_thread_priority') AS p", format: 'JSONEachRow', ...(settings ? { clickhouse_settings: settings } : {}) })).json<{ p: string | number }>())[0]!.p

// The embedded engine applies a call's settings as SET on its one session: without the default
// stated on every statement (core/db/client.ts), the readers after a micro-batch kept nice 10.
it('statements through yielding(db, n) carry os_thread_priority n; the database itself keeps 0', async () => {
  const low = yielding(s.db, 10)
  expect(Number(await priority(low))).toBe(10)
  expect(Number(await priority(s.db))).toBe(0)
  // a statement's own setting wins
  expect(Number(await priority(low, { os_thread_priority: '3' }))).toBe(3)
  // 0: the database itself, untouched
  expect(yielding(s.db, 0)).toBe(s.db)
})

it('writes through it land in the same session (command, insert, exec)', async () => {
  const low = yielding(s.db, 10)
  await low.client.command({ query: 'CREATE TABLE yielding_probe (n UInt8, p Int64) ENGINE = MergeTree ORDER BY n' })
  await low.client.insert({ table: 'yielding_probe', values: [{ n: 1, p: 0 }], format: 'JSONEachRow' })
  await low.client.command({ query: "INSERT INTO yielding_probe SELECT 2, toInt64(getSetting('os_thread_priority'))" })
  const got = await (await s.db.client.query({ query: 'SELECT n, p FROM yielding_probe ORDER BY n', format: 'JSONEachRow' })).json<{ n: number; p: string }>()
  expect(got.map((r) => [r.n, Number(r.p)])).toEqual([[1, 0], [2, 10]])
})
