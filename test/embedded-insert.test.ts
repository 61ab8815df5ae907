// core/db/embedded-insert.ts sends every insert of the embedded engine through file() instead of
// inline rows (so chDB never reads a piped stdin). It must keep a plain insert's meaning: columns
// left out get their DEFAULT expression, text arrives byte for byte, an empty insert does nothing,
// and statements with inline VALUES (migrations 019, 020) store their rows.
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEngine, type Session } from './support/engine.ts'
import { removeStaleRowFiles } from '../core/db/embedded-insert.ts'
import { processAlive } from '../core/process-alive.ts'
import { tempDir } from './support/temp.ts'

let s: Session
beforeAll(async () => {
  s = await openEngine()
  await s.db.client.command({
    query: `CREATE TABLE insert_probe (id UInt32, txt String, n UInt32 DEFAULT id * 10,
            at DateTime64(3, 'UTC') DEFAULT toDateTime64('2020-01-02 03:04:05', 3, 'UTC'), m Map(String, String),
            kind Enum8('a' = 1, 'b' = 2), later String MATERIALIZED concat(txt, '!')) ENGINE = MergeTree ORDER BY id`,
  })
})
afterAll(async () => { await s.close() })

const select = async (where: string) => {
  const rs = await s.db.client.query({ query: `SELECT id, txt, n, at, m, kind, later FROM insert_probe WHERE ${where} ORDER BY id`, format: 'JSONEachRow' })
  return rs.json<Record<string, unknown>>()
}

describe('inserts into the embedded engine', () => {
  it('JSONEachRow rows: omitted columns get their DEFAULT, maps and enums parse, MATERIALIZED is computed', async () => {
    await s.db.client.insert({ table: 'insert_probe', format: 'JSONEachRow', values: [
      { id: 1, txt: 'plain', m: { k: 'v' }, kind: 'b' },
      { id: 2, txt: 'given', n: 7, at: '2025-12-01 10:00:00.000' },
    ] })
    expect(await select('id IN (1, 2)')).toEqual([
      { id: 1, txt: 'plain', n: 10, at: '2020-01-02 03:04:05.000', m: { k: 'v' }, kind: 'b', later: 'plain!' },
      { id: 2, txt: 'given', n: 7, at: '2025-12-01 10:00:00.000', m: {}, kind: 'a', later: 'given!' },
    ])
  })

  it('TabSeparated with a column list: text byte for byte (tabs, newlines, backslashes, UTF-8 split across chunks)', async () => {
    const txt = 'tab\there\nline\\back é 😀 \u0000end'
    const escaped = txt.replace(/[\\\t\n\0]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\0': '\\0' })[c]!)
    const bytes = Buffer.from(`3\t${escaped}\n`)
    const split = bytes.indexOf(Buffer.from('😀')) + 2 // in the middle of the emoji's four bytes
    await s.db.client.insert({
      table: 'insert_probe', columns: ['id', 'txt'], format: 'TabSeparated',
      values: Readable.from([bytes.subarray(0, split), bytes.subarray(split)], { objectMode: false }),
    })
    expect(await select('id = 3')).toEqual([{ id: 3, txt, n: 30, at: '2020-01-02 03:04:05.000', m: {}, kind: 'a', later: `${txt}!` }])
  })

  it('an empty insert stores nothing and does not fail; inline VALUES statements store their rows', async () => {
    await s.db.client.insert({ table: 'insert_probe', format: 'TabSeparated', values: Readable.from([''], { objectMode: false }) })
    await s.db.client.insert({ table: 'insert_probe', format: 'JSONEachRow', values: [] })
    await s.db.client.command({ query: "-- a comment line, as migrations have\nINSERT INTO insert_probe (id, txt) VALUES (4, 'x, (y)'), (5, 'z')" })
    expect((await select('id >= 4')).map((r) => [r.id, r.txt, r.n])).toEqual([[4, 'x, (y)', 40], [5, 'z', 50]])
    expect((await select('1')).length).toBe(5)
    // Each insert's rows file is gone once the insert has ended.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`wacost-rows-${process.pid}-`))).toEqual([])
  })
})

it('removes the rows files of processes that are gone (a killed server left 8 MB in $TMPDIR: break-it trial), keeps a live one\'s', () => {
  const dir = tempDir('wacost-rows-test-')
  let dead = 4_000_000
  while (processAlive(dead)) dead++
  for (const name of [`wacost-rows-${dead}-0011223344556677`, `wacost-rows-${process.pid}-8899aabbccddeeff`, 'unrelated-file']) writeFileSync(join(dir, name), 'x')
  removeStaleRowFiles(dir)
  expect(readdirSync(dir).sort()).toEqual(['unrelated-file', `wacost-rows-${process.pid}-8899aabbccddeeff`].sort())
})
