// `npm start` on a database where the first start's demo load stopped (Ctrl-C, a kill): the next
// start saw messages and never loaded the rest, and recovery's warning said to "ingest (demo
// dataset) again", which no command does (fresh-user trial). Now the next start finishes it, said
// in one line, and the database then holds exactly the demo of a clean load; never in a database
// that got the user's own data meanwhile.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoSource, recordBatch, startBatch } from '../core/batches.ts'
import { openDb } from '../core/db/client.ts'
import { text } from '../core/db/sql.ts'
import { loadReference } from '../core/reference/load.ts'
import { openPersistent, type Session } from '../core/session.ts'
import { demoLog } from '../ingest/demo/generate.ts'
import { demoPhoneNumbers, demoWabas } from '../ingest/demo/load.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { openDemoSession } from './support/demo.ts'
import { npmStart } from './support/npm-start.ts'
import { tempDir } from './support/temp.ts'

const cli = new URL('../bin/wacost.mjs', import.meta.url).pathname
const finishing = 'the demo load was interrupted: finishing it (3 WABAs, 60 days) through the ingest path; lines already stored are not counted twice …\n'
/** The line that says the demo is loaded, with the messages it holds. */
const loaded = (messages: number) => `\nthe demo dataset is loaded: ${messages} messages, 2024-07-23 … 2024-09-20\n`

/** What the demo makes of a database: its messages, and its ledger (rows, total, and a hash of every row). */
interface Figures { messages: number; conversations: number; micros: number; ledger: string }

async function figures(s: Session): Promise<Figures> {
  const rs = await s.db.client.query({ query: 'SELECT count() AS n FROM messages FINAL WHERE deleted = 0', format: 'JSONEachRow' })
  const [m] = await rs.json<{ n: string }>()
  const ledger = await text(s.db, 'queries/ledger', {}, 'JSONEachRow')
  const rows = ledger.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { cost: string | null })
  const micros = rows.reduce((sum, r) => sum + Math.round(Number(r.cost ?? 0) * 1e6), 0)
  return { messages: Number(m!.n), conversations: rows.length, micros, ledger: createHash('sha256').update(ledger).digest('hex') }
}

/** The figures of the database at `db` (no server on it any more). */
async function figuresOf(db: string): Promise<Figures> {
  const s = await openPersistent(db, {})
  try { return await figures(s) } finally { await s.close() }
}

/** The rows of `query` on the database at `db`, opened without the recovery of a stopped run (left for npm start to do). */
async function unopened(db: string, query: string): Promise<unknown[]> {
  const raw = await openDb({ path: db })
  try { return await (await raw.client.query({ query, format: 'JSONEachRow' })).json() } finally { await raw.close() }
}

/**
 * `npm start` on `db` until it printed its URL (alone on stdout, for a script, apart from stderr,
 * which says it in its sentence), then stopped as a service is (SIGTERM): what it said on stderr.
 */
async function startAndStop(db: string): Promise<string> {
  const run = npmStart(db)
  try {
    const url = await run.url
    expect(url, run.said.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=/)
    run.npm.kill('SIGTERM')
    expect(await run.exit()).toBe(0)
    expect(run.said.stderr).toContain(`\n  dashboard: open ${url} in a browser\n`)
    return run.said.stderr
  } finally { run.cleanup() }
}

/**
 * A demo load that stored its first lines and stopped (as one of several groups would): the
 * demo's reference data, then a '(demo dataset)' batch of the first third of the demo log, its
 * batch row left as a run that stopped leaves it (no finish time; the counts of what it stored).
 */
async function stoppedDemoLoad(db: string): Promise<void> {
  const s = await openPersistent(db, {})
  try {
    await loadReference(s.db, { wabas: demoWabas, phoneNumbers: demoPhoneNumbers })
    const log = [...demoLog()]
    const part = log.slice(0, Math.floor(log.length / 3))
    const started = new Date()
    const stored = await ingestSource(s.db, Readable.from([Buffer.from(`${part.join('\n')}\n`)]), demoSource)
    await recordBatch(s.db, stored.batch, demoSource, started, stored, 'so far')
  } finally { await s.close() }
}

let clean: Figures
beforeAll(async () => {
  // a clean demo load, as npm start makes it on an empty database (ingested once per version of the code)
  const { session } = await openDemoSession({}, false)
  try { clean = await figures(session) } finally { await session.close() }
  expect(clean.messages).toBeGreaterThan(50_000)
  expect(clean.conversations).toBeGreaterThan(20_000)
}, 180_000)

// A fresh user's first `npm start`, in a terminal (stdout and stderr one output): the batch
// summary "(demo dataset): 52511 lines, 52511 records accepted (all new), 0 lines rejected (batch
// 1)" never said the demo was loaded, and the URL came twice, the second time a bare line under
// the one that named it (fresh-user trial).
it('says in one line that it loaded the demo, with its messages, and the URL once, in its sentence', async () => {
  const db = join(tempDir('wacost-first-start-'), 'data')
  const run = npmStart(db, { merged: true })
  try {
    const url = await run.url
    expect(url, run.said.stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=[\w-]+$/)
    run.npm.kill('SIGTERM')
    expect(await run.exit()).toBe(0)
    const said = run.said.stderr
    expect(said).toContain(`empty database: loading the demo dataset (3 WABAs, 60 days) through the ingest path …${loaded(clean.messages)}`)
    expect(said).not.toContain('(demo dataset):')
    expect(said.split(url)).toHaveLength(2)
    expect(said).toContain(`\n  dashboard: open ${url} in a browser\n`)
    for (const line of said.split('\n')) expect(line).not.toMatch(/^\s*https?:\/\/\S+\s*$/)
  } finally { run.cleanup() }
  expect(await figuresOf(db)).toEqual(clean)
}, 300_000)

describe('npm start after a demo load that stopped', () => {
  it('killed while it loads the demo: the next start finishes it, says so, and holds exactly the demo', async () => {
    const db = join(tempDir('wacost-killed-load-'), 'data')
    // killed (SIGKILL) once the demo's messages are stored, before their derive: mid-load
    const killed = npmStart(db, { env: { WACOST_TEST_CRASH_AT: 'pipeline/40_messages' } })
    try {
      expect(await killed.url).toBe('')
      expect(await killed.exit()).not.toBe(0)
      expect(killed.said.stderr).toContain('empty database: loading the demo dataset (3 WABAs, 60 days) through the ingest path …\n')
    } finally { killed.cleanup() }
    // what the kill left: the demo's batch, started and never finished
    expect(await unopened(db, 'SELECT source, finished_at FROM ingest_batches FINAL')).toEqual([{ source: demoSource, finished_at: null }])

    const said = await startAndStop(db)
    expect(said).toContain(finishing)
    expect(said).toContain(`${finishing.trim()}${loaded(clean.messages)}`)
    // one line says it: no recovery warning besides, and no advice no command can follow
    expect(said).not.toContain('did not finish')
    expect(said).not.toContain('ingest (demo dataset) again')
    expect(said).not.toContain('empty database')
    expect(await figuresOf(db)).toEqual(clean)
    // a start after that loads nothing more
    const next = await startAndStop(db)
    expect(next).not.toContain('the demo')
    expect(await figuresOf(db)).toEqual(clean)
  }, 300_000)

  // killed while it loaded the demo's WABAs, before its batch was recorded (~0.8 s in, 1 in 6
  // tries): nothing named the demo, so the next ingest of the user's own log was told its WABAs
  // are not in the WABA register, the demo's (break-it trial). The batch is now recorded first.
  it('killed while it loads the demo\'s WABAs: its batch is recorded, and the next start finishes it', async () => {
    const db = join(tempDir('wacost-killed-register-'), 'data')
    const killed = npmStart(db, { env: { WACOST_TEST_CRASH_AT: 'reference/tz_offsets' } })
    try {
      expect(await killed.url).toBe('')
      expect(await killed.exit()).not.toBe(0)
    } finally { killed.cleanup() }
    expect(await unopened(db, 'SELECT source, finished_at FROM ingest_batches FINAL')).toEqual([{ source: demoSource, finished_at: null }])
    const said = await startAndStop(db)
    expect(said).toContain(`${finishing.trim()}${loaded(clean.messages)}`)
    expect(await figuresOf(db)).toEqual(clean)
  }, 300_000)

  // a demo load killed before it stored anything, then the user's own ingest: the start said
  // "(only part of it is stored)" (break-it trial)
  it('says a demo load stopped before storing anything stored nothing, once other data was ingested', async () => {
    const db = join(tempDir('wacost-empty-load-'), 'data')
    const s = await openPersistent(db, {})
    try {
      await startBatch(s.db, demoSource) // what a kill -9 before the first group leaves
      const line = { message_id: 'wamid.mine-2', direction: 'inbound', waba_id: 'waba-mine', phone_number_id: 'pn-mine', wa_id: '14155550199', timestamp: '2025-12-01T10:00:00Z' }
      await ingestSource(s.db, Readable.from([Buffer.from(JSON.stringify(line))]), 'mine.ndjson')
    } finally { await s.close() }
    const said = await startAndStop(db)
    expect(said).toContain('warning: the demo load was interrupted and other data was ingested since: the demo is not finished in this database '
      + '(nothing of it was stored); for the whole demo, start on a new database (e.g. WACOST_DB=./demo-data npm start)\n')
  }, 300_000)

  describe('a demo load that stored part of the demo', () => {
    const base = tempDir('wacost-part-load-')
    const partial = join(base, 'partial')
    beforeAll(async () => { await stoppedDemoLoad(partial) }, 180_000)

    it('is named by any command in words that are true', async () => {
      const db = join(base, 'named')
      cpSync(partial, db, { recursive: true, verbatimSymlinks: true })
      const batches = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        execFile(process.execPath, [cli, 'batches', '--db', db], { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '' }, timeout: 120_000 },
          (err, stdout, stderr) => (err ? reject(err) : resolve({ stdout, stderr })))
      })
      expect(batches.stderr).toMatch(/^wacost: the demo load \(batch 1\) did not finish \(the process stopped\); finishing what it left undone first, which may take as long as its derive \(nothing is counted twice\) …\n/)
      expect(batches.stderr).toMatch(/\nwarning: the demo load \(batch 1, started [^)]+\) did not finish \(the process stopped\); npm start finishes it \(nothing is counted twice\) as long as nothing else is ingested into this database\n/)
      expect(JSON.parse(batches.stdout.trim())).toMatchObject({ batch: 1, source: demoSource, state: 'interrupted' })
    }, 300_000)

    it('is finished by the next npm start: exactly the demo, said in one line', async () => {
      const db = join(base, 'finish')
      cpSync(partial, db, { recursive: true, verbatimSymlinks: true })
      const [stored] = await unopened(db, 'SELECT count() AS n FROM messages FINAL WHERE deleted = 0') as { n: string }[]
      expect(Number(stored!.n)).toBeLessThan(clean.messages)
      const said = await startAndStop(db)
      expect(await figuresOf(db)).toEqual(clean)
      expect(said).toContain(finishing)
      expect(said).not.toContain('did not finish')
    }, 300_000)

    it('is never finished in a database that got the user\'s own data since: the start says the demo stays partial', async () => {
      const db = join(base, 'mine')
      cpSync(partial, db, { recursive: true, verbatimSymlinks: true })
      const s = await openPersistent(db, {})
      try {
        const line = { message_id: 'wamid.mine-1', direction: 'inbound', waba_id: 'waba-mine', phone_number_id: 'pn-mine', wa_id: '14155550199', timestamp: '2025-12-01T10:00:00Z' }
        await ingestSource(s.db, Readable.from([Buffer.from(JSON.stringify(line))]), 'mine.ndjson')
      } finally { await s.close() }
      const before = await figuresOf(db)

      const said = await startAndStop(db)
      expect(said).not.toContain(finishing)
      expect(said).toContain('warning: the demo load was interrupted and other data was ingested since: the demo is not finished in this database '
        + '(only part of it is stored); for the whole demo, start on a new database (e.g. WACOST_DB=./demo-data npm start)\n')
      expect(await figuresOf(db)).toEqual(before)
    }, 300_000)
  })
})
