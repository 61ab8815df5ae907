// A database directory that holds other files is refused before the engine writes into it
// (core/db/place.ts). The bug that showed it (break-it trial): `wacost ingest --db .` in a project
// (or `--db ~`, or `WACOST_DB=. npm start`) made the engine write data/, metadata/, store/, tmp/,
// user_defined/ … among the user's own files, exit 0.
import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const runTs = new URL('../bin/run-ts.mjs', import.meta.url).pathname
const start = new URL('../bin/start.ts', import.meta.url).pathname

const base = tempDir('wacost-place-')
const log = join(base, 'a.ndjson')
writeFileSync(log, `${JSON.stringify({ message_id: 'pl1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'w', phone_number_id: 'p', wa_id: '14155550100', direction: 'inbound' })}\n`)

/** A user's project folder: a few files and a folder of sources, no database. */
function project(name: string): string {
  const dir = join(base, name)
  mkdirSync(join(dir, 'src'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{}\n')
  writeFileSync(join(dir, 'README.md'), '# mine\n')
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {}\n')
  return dir
}

const refusal = (dir: string) => `wacost: cannot open the database at ${dir}: that directory is not empty and holds no wacost database `
  + '(it holds README.md, package.json, src), and the engine would write its own folders among those files; give a new or empty '
  + 'directory (e.g. --db ./wacost-data), or the directory of an existing wacost database (--db DIR or WACOST_DB)\n'

describe('a --db directory of other files', () => {
  it('ingest --db . in a project: refused in one sentence, exit 2, before the engine loads; nothing written', async () => {
    const dir = project('ingest')
    const run = await wacost(['ingest', '--db', '.', '--no-progress', log], { cwd: dir })
    expect([run.code, run.stderr]).toEqual([2, refusal('.')])
    expect(run.engineLoaded).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'src'])
  }, 60_000)

  it('ledger --db DIR: the same', async () => {
    const dir = project('ledger')
    const run = await wacost(['ledger', '--input', log, '--db', dir])
    expect([run.code, run.stdout, run.stderr]).toEqual([2, '', refusal(dir)])
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'src'])
  }, 60_000)

  it('npm start with WACOST_DB on it: the same sentence, exit 2 (an invalid environment variable)', async () => {
    const dir = project('server')
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [runTs, start], { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_API_KEYS: '', PORT: '0', WACOST_DB: dir }, timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }))
    })
    // in npm start's words: it takes no --db (it said "e.g. --db ./wacost-data": fresh-user trial)
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', refusal(dir).replace('e.g. --db ./wacost-data', 'e.g. WACOST_DB=./wacost-data npm start')
      .replace('--db DIR or WACOST_DB', 'WACOST_DB=DIR')])
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'src'])
  }, 120_000)

  it('a new, an empty and an existing database directory (and one with only lost+found) still open', async () => {
    const empty = join(base, 'empty')
    mkdirSync(empty)
    const mounted = join(base, 'mounted')
    mkdirSync(join(mounted, 'lost+found'), { recursive: true })
    for (const dir of [join(base, 'new'), empty, mounted]) {
      const first = await wacost(['ingest', '--db', dir, '--no-progress', log])
      expect([dir, first.code, first.stderr]).toEqual([dir, 0, expect.stringContaining('1 record accepted')])
    }
    const again = await wacost(['ledger', '--input', log, '--db', empty])
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining('1 line, 1 record accepted')])
  }, 180_000)
})
