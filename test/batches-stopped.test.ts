// A batch killed after it had stored every line, in its derive (break-it trial): `wacost batches`
// listed it with the lines of its earlier groups only (a file of several groups), or null (one
// group), and the next open's warning said lines were missing: it said to ingest the file again.
// Now it counts every line it stored, and the warning says nothing is missing. A batch killed
// while storing its first group is still told to be ingested again. The ingest runs in a child
// (test/support/ingest-groups.ts: groups of a given size) killed (SIGKILL) after a named statement.
import { execFile, spawn } from 'node:child_process'
import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { openPersistent } from '../core/session.ts'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { describeUnfinished, unfinishedBatches } from '../core/recovery.ts'
import { recordRefusal, startBatch } from '../core/batches.ts'
import { TarInputError } from '../core/refused-input.ts'
import { rejectedBatchesNote } from '../core/rejected-note.ts'
import { inbound, keyOf, reply } from './support/log.ts'
import { childPid, tempDir } from './support/temp.ts'
import { ingestGroupsJs, wacostJs } from './support/compiled.ts'

const run = promisify(execFile)
const key = 'stopped-ingest-key-0123456'
const base = tempDir('wacost-stopped-')

// 30 lines of ~250 bytes (one not JSON), ~7.5 KB: several groups of 1000 bytes
const k = (c: number) => keyOf('stopped', `1415555030${c}`)
const log = [...[0, 1, 2, 3, 4].flatMap((c) => [0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? inbound : reply)(k(c), `st-${c}-${i}`, 10 * c + i)))]
  .map((l) => JSON.stringify(l))
log[7] = 'not json'
const file = join(base, 'stopped.ndjson')
writeFileSync(file, `${log.join('\n')}\n`)

const templateDir = join(base, 'template')
const fresh = (name: string): string => {
  const dir = join(base, name)
  cpSync(templateDir, dir, { recursive: true, verbatimSymlinks: true })
  return dir
}

const spawned = (script: string, env: Record<string, string>, ...args: string[]) => {
  const p = run(process.execPath, [script, ...args], { env: { ...process.env, CLICKHOUSE_URL: '', ...env } })
  childPid(p.child.pid)
  return p
}

/**
 * Ingests the log into a fresh database in groups of `groupBytes`, killed after `statement`; the
 * groups it parsed (its trace names each group's parse).
 */
async function killedAt(name: string, statement: string, groupBytes: number): Promise<{ dir: string; groups: number }> {
  const dir = fresh(name)
  const killed = await spawned(ingestGroupsJs, { WACOST_TEST_CRASH_AT: statement, WACOST_TRACE: '1' }, dir, file, String(groupBytes))
    .then(() => undefined, (e: { signal?: string; stderr?: string }) => {
      if (e.signal !== 'SIGKILL') throw e as Error
      return e.stderr ?? ''
    })
  expect(killed).toBeDefined()
  return { dir, groups: killed!.split('\n').filter((l) => l.startsWith('[trace] pipeline/10_parse ')).length }
}

interface Listed { batch: number; started_at: string; state: string; lines: number | null; accepted: number | null; rejected: number | null; new_records: number | null; unchanged_records: number | null; corrected_records: number | null }

/** `wacost batches` on `dir`: its warning (the recovery's) and the one batch listed. */
/** A database `name` whose `wacost ingest -` of `lines` was killed while storing its first group (at pipeline/40_messages). */
async function stdinKilled(name: string, lines: readonly string[]): Promise<string> {
  const dir = fresh(name)
  const ingest = spawn(process.execPath, [wacostJs, 'ingest', '--db', dir, '--no-progress', '-'],
    { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_TEST_CRASH_AT: 'pipeline/40_messages' } })
  childPid(ingest.pid)
  ingest.stdin.end(`${lines.join('\n')}\n`)
  expect(await new Promise((done) => ingest.on('exit', (_, signal) => done(signal)))).toBe('SIGKILL')
  return dir
}

async function batches(dir: string): Promise<{ warning: string; batch: Listed }> {
  const { stdout, stderr } = await spawned(wacostJs, {}, 'batches', '--db', dir)
  const listed = stdout.trim().split('\n').map((l) => JSON.parse(l) as Listed)
  expect(listed).toHaveLength(1)
  return { warning: stderr, batch: listed[0]! }
}

const counts = (b: Listed) => [b.state, b.lines, b.accepted, b.rejected, b.new_records, b.unchanged_records, b.corrected_records].map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v))

describe('a batch stopped after it stored every line', () => {
  beforeAll(async () => { await (await openPersistent(templateDir, {})).close() }, 120_000)

  const whole = ['interrupted', 30, 29, 1, 29, 0, 0]
  const nothingMissing = `warning: batch 1 (${file}, started `
  const saidWhole = /did not finish \(the process stopped after it had stored all its 30 line\(s\), before their derive was done\); their derive is done now: nothing is missing\n/

  it('in groups: killed in its derive, it lists all 30 lines, not those of its earlier groups', async () => {
    const { dir, groups } = await killedAt('groups', 'derive/plan_batch', 1000)
    expect(groups).toBeGreaterThan(2)
    const { warning, batch } = await batches(dir)
    expect(counts(batch)).toEqual(whole)
    expect(warning).toContain(nothingMissing)
    expect(warning).toMatch(saidWhole)
    expect(warning).not.toContain('again')
  }, 120_000)

  it('in one group: killed in its derive, it lists all 30 lines, not null', async () => {
    const { dir, groups } = await killedAt('one-group', 'derive/plan_batch', 64 * 1024 * 1024)
    expect(groups).toBe(1)
    const { warning, batch } = await batches(dir)
    expect(counts(batch)).toEqual(whole)
    expect(warning).toMatch(saidWhole)
  }, 120_000)

  // (the log has no status facts: pipeline/80_status_facts is not run, its clearing is the last step)
  it('killed after its status facts (the last step before the derive): the same', async () => {
    const { dir } = await killedAt('facts', 'pipeline/92_clear_fact_ids', 1000)
    const { warning, batch } = await batches(dir)
    expect(counts(batch)).toEqual(whole)
    expect(warning).toMatch(saidWhole)
  }, 120_000)

  it('killed while storing its first group: nothing whole stored, to be ingested again', async () => {
    const { dir, groups } = await killedAt('first-group', 'pipeline/40_messages', 1000)
    expect(groups).toBe(1)
    const { warning, batch } = await batches(dir)
    // its line 8 (not JSON) rejected and stored as `wacost rejected` lists it: counted (it read null)
    expect(counts(batch)).toEqual(['interrupted', null, null, 1, null, null, null])
    // said before the recovery's work, not only after it (trial: a run stopped meanwhile had said nothing)
    // nothing stored whole: no derive of its lines to wait for, none promised (kill trial)
    expect(warning.split('\n')[0]).toBe(`wacost: batch 1 (${file}) did not finish (the process stopped); checking what it left first …`)
    // what it stored of that group counted (it said "except perhaps part of that first group")
    expect(warning).toContain('did not finish (the process stopped before it had stored a whole group (~64 MB) of its lines); of that first group it stored '
      + '12 message(s) and 1 rejected line(s) (`wacost rejected --batch 1` lists them), and perhaps some of its status lines (what it stored is derived now); '
      + `its other lines were not stored: ingest ${file} again (lines already stored are not counted twice)\n`)
  }, 120_000)

  // killed after its rejected lines were stored, before its ids' keys (pipeline/55_message_keys)
  // and so before any status or message line: what it stored is known, said, not "perhaps part"
  it('killed after storing its first group\'s rejected lines only: says it stored those, and none of its other lines', async () => {
    const { dir } = await killedAt('rejects-only', 'pipeline/15_rejects', 64 * 1024 * 1024)
    const { warning } = await batches(dir)
    expect(warning).toContain('did not finish (the process stopped before it had stored a whole group (~64 MB) of its lines); it stored only its '
      + `1 rejected line(s) (\`wacost rejected --batch 1\` lists them): ingest ${file} again (lines already stored are not counted twice)\n`)
  }, 120_000)

  // Killed after the group recorded its ids' keys (pipeline/55_message_keys), before its message
  // lines were stored (pipeline/40_messages, right after pipeline/countries): nothing of them was
  // stored, yet the same lines ingested again read "29 records accepted (all already stored and
  // unchanged: nothing changed)", and only that run stored and derived them (break-it trial, 331,265
  // ids of a 64 MB group). Recovery forgets the keys of lines never stored; those of a group
  // stored whole are kept (killed after 40_messages, groups of 1000 bytes: the first group's lines
  // read as already stored).
  it('killed before its first group\'s message lines were stored: ingested again, they read as new, not already stored', async () => {
    const again = async (dir: string) => {
      const { stderr } = await spawned(wacostJs, {}, 'ingest', '--db', dir, '--no-progress', file)
      return stderr.split('\n').find((l) => l.startsWith(`${file}: `))
    }
    const { dir } = await killedAt('keys-unstored', 'pipeline/countries', 64 * 1024 * 1024)
    const { warning } = await batches(dir)
    expect(warning).toContain('of that first group it stored 0 message(s) and 1 rejected line(s)')
    expect(await again(dir)).toBe(`${file}: 30 lines, 29 records accepted (all new), 1 line rejected (batch 2)`)
    const stored = await killedAt('keys-stored', 'pipeline/40_messages', 1000)
    await batches(stored.dir)
    expect(await again(stored.dir)).toMatch(new RegExp(`^${file}: 30 lines, 29 records accepted \\(\\d+ new, \\d+ already stored and unchanged\\), 1 line rejected \\(batch 2\\)$`))
  }, 120_000)

  // `wacost rejected --batch 1` of a stdin batch killed so: "batch 1 ((stdin)) has no rejected
  // line because it stored no line: … `wacost ingest` on the file again says which", where the
  // warning said "perhaps part" was stored, and no file names standard input (break-it trial)
  it('killed while storing the first group of standard input: `wacost rejected` names it and says to send it again, as the warning does', async () => {
    // (its lines all accepted: the rejected lines of a group cut so may be stored, and are listed)
    const dir = await stdinKilled('stdin-first-group', log.filter((l) => l !== 'not json'))
    const { warning, batch } = await batches(dir)
    expect(counts(batch)).toEqual(['interrupted', null, null, null, null, null, null])
    expect(warning).toContain('of that first group it stored 29 message(s), and perhaps some of its status lines (what it stored is derived now); '
      + 'its other lines were not stored: send the same input to `wacost ingest -` again')
    const { stdout, stderr } = await spawned(wacostJs, {}, 'rejected', '--db', dir, '--batch', '1')
    expect([stdout, stderr]).toEqual(['', `batch 1 (standard input, started ${batch.started_at}) has no rejected line stored: it stopped (interrupted) before it had stored `
      + 'a whole group (~64 MB) of its lines, which were not stored, except perhaps part of that first group; its input was refused whole (a UTF-16 or '
      + 'UTF-32 log, a tar archive), or cut short before a whole group was read (gzip), or the run stopped: send the same input to `wacost ingest -` '
      + 'again: it says which, and what to do (lines already stored are not counted twice)\n'])
    // and a batch asked for that is not there names it the same way, not "the last batch is 1 ((stdin))"
    const absent = await spawned(wacostJs, {}, 'rejected', '--db', dir, '--batch', '9').then(() => '', (e: { stderr: string }) => e.stderr)
    expect(absent).toBe('wacost: no batch 9: the last batch is 1 (standard input); `wacost batches` lists them all\n')
  }, 120_000)

  // the same with a line rejected: `wacost batches` listed `rejected: null` while `wacost rejected
  // --batch 1` listed the line, and GET /api/rejected?batch=1 said nothing of the batch having
  // stopped, where the CLI says what it stored (break-it trial)
  it('killed while storing the first group of standard input, a line rejected: batches counts it; rejected and GET /api/rejected say the batch stopped', async () => {
    const dir = await stdinKilled('stdin-rejected', log)
    const { batch } = await batches(dir)
    expect(counts(batch)).toEqual(['interrupted', null, null, 1, null, null, null])
    const { stdout, stderr } = await spawned(wacostJs, {}, 'rejected', '--db', dir, '--batch', '1')
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { line_no: number }).line_no)).toEqual([8])
    const said = `batch 1 (standard input, started ${batch.started_at}) stopped (interrupted) before it had stored all its lines: `
      + 'the rejected lines listed are those of the part of its first group (~64 MB) it stored; its other lines were not stored: '
      + 'send the same input to `wacost ingest -` again (lines already stored are not counted twice)'
    expect(stderr).toBe(`${said}\n`)
    const s = await openPersistent(dir, {})
    try {
      const app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
      const res = await app.inject({ url: '/api/rejected?batch=1&format=json', headers: { authorization: `Bearer ${key}` } })
      expect([res.statusCode, res.json<unknown[]>().length, res.headers['wacost-notice']]).toEqual([200, 1, said])
      await app.close()
    } finally { await s.close() }
  }, 120_000)

  // `wacost rejected` with no --batch listed the rejected lines of a stopped batch and of its
  // input ingested again, 91 rows where a clean run lists 50, and nothing told them apart
  // (break-it trial): it says before them where they come from, and how to list one batch
  it('stopped and ingested again: `wacost rejected` and GET /api/rejected say its lines come from 2 batches, one stopped and ingested again', async () => {
    const { dir } = await killedAt('rerun', 'derive/plan_batch', 1000)
    await spawned(wacostJs, {}, 'ingest', '--db', dir, '--no-progress', file)
    const listed = await spawned(wacostJs, {}, 'batches', '--db', dir)
    const again = (listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Listed & { source: string })).filter((b) => b.source === file).at(-1)!.batch
    const { stdout, stderr } = await spawned(wacostJs, {}, 'rejected', '--db', dir)
    expect(stdout.trim().split('\n').map((l) => (JSON.parse(l) as { batch_id: number }).batch_id)).toEqual([1, again])
    expect(stderr).toBe(`the 2 rejected line(s) listed come from 2 batches, of which 1 stopped (interrupted) before finishing and 1 was ingested again: batch 1 (${file}), `
      + `ingested again as batch ${again}; a line both runs of an input stored is listed once for each run; \`wacost rejected --batch N\` lists one batch's lines `
      + 'and says what a stopped one stored\n')
    // one batch's lines: no such sentence (that of --batch, or none)
    expect((await spawned(wacostJs, {}, 'rejected', '--db', dir, '--batch', String(again))).stderr).toBe('')
    // GET /api/rejected of every batch said nothing of where its rows come from: its Wacost-Notice
    // says the CLI's sentence; of the lines a limit lets through, only those
    const s = await openPersistent(dir, {})
    try {
      const app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
      const get = (query: string) => app.inject({ url: `/api/rejected?${query}format=json`, headers: { authorization: `Bearer ${key}` } })
      const every = await get('')
      expect([every.statusCode, every.json<unknown[]>().length, every.headers['wacost-notice']]).toEqual([200, 2, stderr.trimEnd()])
      const first = await get('limit=1&')
      expect([first.json<unknown[]>().length, first.headers['wacost-notice']]).toEqual([1, `the 1 rejected line(s) listed come from batch 1 (${file}), `
        + 'which stopped (interrupted) before finishing: `wacost rejected --batch 1` says what it stored'])
      // one finished batch's lines say it all: no header
      expect((await get(`batch=${again}&`)).headers['wacost-notice']).toBeUndefined()
      await app.close()
    } finally { await s.close() }
  }, 120_000)

  it('`wacost rejected` of other batches: one finished says nothing; several say how many; one stopped points to --batch; standard input is not told ingested again', () => {
    const b = (batch: number, source: string, lines: number, interrupted: boolean, again = 0) => ({ batch, source, lines, interrupted, again })
    expect(rejectedBatchesNote([b(1, 'a.ndjson', 50, false)])).toBeNull()
    expect(rejectedBatchesNote([b(1, 'a.ndjson', 50, false), b(2, 'b.ndjson', 3, false)]))
      .toBe('the 53 rejected line(s) listed come from 2 batches; `wacost rejected --batch N` lists one batch\'s lines')
    expect(rejectedBatchesNote([b(4, 'big.gz', 41, true)]))
      .toBe('the 41 rejected line(s) listed come from batch 4 (big.gz), which stopped (interrupted) before finishing: `wacost rejected --batch 4` says what it stored')
    expect(rejectedBatchesNote([b(1, '(stdin)', 41, true, 2), b(2, '(stdin)', 50, false)]))
      .toBe('the 91 rejected line(s) listed come from 2 batches, of which 1 stopped (interrupted) before finishing: batch 1 (standard input); '
        + '`wacost rejected --batch N` lists one batch\'s lines and says what a stopped one stored')
  })

  // killed after its input was refused whole (a tar archive, UTF-16): the warning said to ingest
  // it again, which would be refused again (break-it trial); it says the refusal and why
  it('a batch refused whole and killed before its end is told refused, with why, not to be ingested again', async () => {
    const s = await openPersistent(join(tempDir('wacost-refused-killed-'), 'data'), {})
    try {
      const run = await startBatch(s.db, 'logs.tar')
      const refusal = new TarInputError().message
      await recordRefusal(s.db, run.id, refusal) // then kill -9: the batch never ends
      const [b] = await unfinishedBatches(s.db)
      expect(describeUnfinished(b!)).toBe(`warning: batch ${run.id} (logs.tar, started ${b!.started_at}) was refused whole, and the process stopped before it ended: ${refusal}`)
    } finally { await s.close() }
  }, 120_000)

  it('a batch stopped after whole groups, while reading more, is told what it stored and to be ingested again', () => {
    expect(describeUnfinished({ batch_id: '4', source: 'big.ndjson', started_at: '2025-12-01 10:00:00.000', lines: '1200', stored_all: 0, derive_cut: 0, rebuild_run: 0 }))
      .toBe('warning: batch 4 (big.ndjson, started 2025-12-01 10:00:00.000) did not finish (the process stopped); the 1200 line(s) of the groups '
        + '(~64 MB each) it had stored whole are derived now, any line after them was not stored, or only in part: '
        + 'ingest big.ndjson again (lines already stored are not counted twice)')
  })

  // a log sent on standard input, or in a POST /api/ingest body without ?source=, was told
  // "ingest (stdin) again" / "ingest POST /api/ingest again", which no command does (break-it trial)
  it('a batch of standard input, or of a POST /api/ingest body, is told to send that input again', () => {
    const stopped = (source: string) => describeUnfinished({ batch_id: '5', source, started_at: '2025-12-01 10:00:00.000', lines: '0', stored_all: 0, derive_cut: 0, rebuild_run: 0 })
    expect(stopped('(stdin)')).toMatch(/^warning: batch 5 \(standard input, started 2025-12-01 10:00:00.000\) did not finish/)
    expect(stopped('(stdin)')).toMatch(/\(that part is derived now\): send the same input to `wacost ingest -` again \(lines already stored are not counted twice\)$/)
    expect(stopped('POST /api/ingest')).toMatch(/^warning: batch 5 \(a POST \/api\/ingest body, started 2025-12-01 10:00:00.000\) did not finish/)
    expect(stopped('POST /api/ingest')).toMatch(/\(that part is derived now\): send the same log to POST \/api\/ingest again \(lines already stored are not counted twice\)$/)
  })

  // nothing stored whole: it said "its lines were not stored, or only in part (derived now)", a
  // derive of what it had just said was not stored; it says the lines are missing, and what of
  // them is derived
  it('a batch stopped before it stored a whole group, counted, is told it stored none of its lines', () => {
    expect(describeUnfinished({ batch_id: '3', source: 'small.ndjson', started_at: '2025-12-01 10:00:00.000', lines: '0', stored_all: 0, derive_cut: 0, rebuild_run: 0,
      part: { rejected: '0', messages: '0', keyed: 0 } }))
      .toBe('warning: batch 3 (small.ndjson, started 2025-12-01 10:00:00.000) did not finish (the process stopped before it had stored a whole group '
        + '(~64 MB) of its lines); it stored none of its lines: ingest small.ndjson again (lines already stored are not counted twice)')
  })

  // (a batch read without counting what it stored: describeUnfinished given no `part`)
  it('a batch stopped before it stored a whole group is told its lines were not stored, except perhaps part of that first group', () => {
    expect(describeUnfinished({ batch_id: '3', source: 'small.ndjson', started_at: '2025-12-01 10:00:00.000', lines: '0', stored_all: 0, derive_cut: 0, rebuild_run: 0 }))
      .toBe('warning: batch 3 (small.ndjson, started 2025-12-01 10:00:00.000) did not finish (the process stopped before it had stored a whole group '
        + '(~64 MB) of its lines); its lines were not stored, except perhaps part of that first group (that part is derived now): '
        + 'ingest small.ndjson again (lines already stored are not counted twice)')
  })
})
