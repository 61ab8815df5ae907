// A new database directory is created whole or not at all (core/db/template.ts createFromTemplate).
// The bug that showed it (break-it trial): `kill -9` of `wacost ingest --db NEW` while the migrated
// template was being copied into NEW left a half copy — schema_migrations listing every migration,
// tables missing — and every later command failed for ever ("Unknown table expression identifier
// 'rate_card'", exit 1). The copy is now made beside NEW and renamed into place.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const bin = new URL('../bin/wacost.mjs', import.meta.url).pathname
const base = tempDir('wacost-create-')
const log = join(base, 'a.ndjson')
writeFileSync(log, `${JSON.stringify({ message_id: 'c1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w', phone_number_id: 'p', wa_id: '14155550100', direction: 'inbound' })}\n`)

/** Starts `wacost ingest --db dir` and kills it (SIGKILL) while it copies the template (`dir` is base/db). */
async function killWhileCreating(dir: string): Promise<void> {
  const child = spawn(process.execPath, [bin, 'ingest', '--db', dir, '--no-progress', log], { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '' }, stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const started = Date.now()
  while (Date.now() - started < 60_000 && child.exitCode === null) {
    // the moment the old code was caught at: the migrations' list copied, the tables not all
    // (the copy beside the directory now; the directory itself before the fix)
    const copy = readdirSync(base).find((n) => n === 'db' || n.startsWith('db.creating-'))
    if (copy && existsSync(join(base, copy, 'metadata', 'wacost', 'schema_migrations.sql'))) break
    await new Promise((r) => setTimeout(r, 1))
  }
  child.kill('SIGKILL')
  await exited
}

describe('a database killed while it is being created', () => {
  it('is created again by the next command, which then works; no copy is left', async () => {
    const dir = join(base, 'db')
    await killWhileCreating(dir)
    // never a half database: absent, or created whole (the kill came after the rename)
    if (existsSync(dir)) expect(readdirSync(dir)).toContain('metadata')
    const again = await wacost(['ingest', '--db', dir, '--no-progress', log])
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining('1 record accepted')])
    const ledger = await wacost(['batches', '--db', dir])
    expect(ledger.code).toBe(0)
    expect(readdirSync(base).filter((n) => n.includes('.creating-'))).toEqual([])
  }, 180_000)

  it('a file where the database should be: one sentence, exit 2', async () => {
    const file = join(base, 'not-a-dir')
    writeFileSync(file, 'x')
    const run = await wacost(['ingest', '--db', file, '--no-progress', log])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/wacost: cannot open the database at .*not-a-dir: it is a file, not a directory/)
    const under = await wacost(['ingest', '--db', join(file, 'db'), '--no-progress', log])
    expect([under.code, under.stderr]).toEqual([2, expect.stringMatching(/cannot create the database at .*not-a-dir\/db: a file is in the way on that path/)])
  }, 120_000)
})
