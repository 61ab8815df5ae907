// What `wacost` refuses before it loads the engine, run as a user runs it (a spawned process) in
// a directory of its own: each refusal is one sentence and exit status 2 (README, "Commands"),
// the engine never loads, and nothing is created where the command ran.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { wacost } from './support/cli.ts'
import { markServerStopping, readServerLock, writeServerLock } from '../core/server-lock.ts'

const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const made: string[] = []
/** A fresh working directory: not the project, no ./data. */
const elsewhere = () => { const dir = mkdtempSync(join(tmpdir(), 'wacost-cwd-')); made.push(dir); return dir }
afterAll(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

describe('wacost refuses before the engine loads', () => {
  it('--help answers without loading the engine', async () => {
    const cwd = elsewhere()
    const run = await wacost(['--help'], { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: wacost')
    expect(run.stdout).toContain('ledger [options]')
    expect(run.engineLoaded).toBe(false)
    expect(readdirSync(cwd)).toEqual([])
    // No timing asserted (the shared machine's load decides it): the engine not loading is what
    // made --help take 4–12 s, and that is asserted above.
    const sub = await wacost(['ledger', '--help'], { cwd })
    expect(sub).toMatchObject({ code: 0, engineLoaded: false })
    expect(sub.stdout).toContain('--input <file>')
  })

  it('a missing input or reference file: one sentence, exit 2, nothing created (ingest and ledger)', async () => {
    const cwd = elsewhere()
    const ingest = await wacost(['ingest', 'nope.ndjson'], { cwd })
    expect(ingest).toMatchObject({ code: 2, stdout: '', stderr: 'wacost: cannot read nope.ndjson: no such file\n', engineLoaded: false })
    const ledger = await wacost(['ledger', '--input', demo, '--input', 'nope.ndjson'], { cwd })
    expect(ledger).toMatchObject({ code: 2, stdout: '', stderr: 'wacost: cannot read nope.ndjson: no such file\n', engineLoaded: false })
    const dir = await wacost(['ingest', '--db', 'db', cwd], { cwd })
    expect(dir).toMatchObject({ code: 2, stderr: `wacost: cannot read ${cwd}: is a directory\n` })
    // Reference files are inputs too: `ingest --rate-card nope.csv` created ./data, then failed.
    const card = await wacost(['ingest', '--rate-card', 'nope.csv', demo], { cwd })
    expect(card).toMatchObject({ code: 2, stderr: 'wacost: cannot read nope.csv: no such file\n', engineLoaded: false })
    const map = await wacost(['ledger', '--input', demo, '--market-map', cwd], { cwd })
    expect(map).toMatchObject({ code: 2, stderr: `wacost: cannot read ${cwd}: is a directory\n`, engineLoaded: false })
    const twice = await wacost(['ledger', '--input', '-', '--input', '-'], { cwd })
    expect(twice).toMatchObject({ code: 2, stderr: 'wacost: standard input (-) can be read only once\n' })
    expect(readdirSync(cwd)).toEqual([])
  })

  it('run from another directory, the reading commands refuse a missing ./data and create none', async () => {
    const cwd = elsewhere()
    const refusal = 'wacost: no database at ./data (give its directory with --db DIR or WACOST_DB; wacost ingest FILE or npm start creates one)\n'
    for (const args of [['export', 'ledger'], ['export', 'invoice', '--out', 'invoice.csv'], ['rejected'], ['rebuild']]) {
      const run = await wacost(args, { cwd })
      expect({ args, ...run }).toMatchObject({ args, code: 2, stdout: '', stderr: refusal, engineLoaded: false })
    }
    // An --out that cannot be written is refused first, before the database is even looked for.
    const out = await wacost(['export', 'ledger', '--out', 'no/such/dir/ledger.csv'], { cwd })
    expect(out).toMatchObject({ code: 2, stderr: 'wacost: cannot write no/such/dir/ledger.csv: no directory no/such/dir\n', engineLoaded: false })
    // … and one that names a directory (was EISDIR, exit 1, after the work).
    const dir = await wacost(['export', 'ledger', '--out', '.'], { cwd })
    expect(dir).toMatchObject({ code: 2, stderr: 'wacost: cannot write .: it is a directory (give a file name)\n', engineLoaded: false })
    // a directory given with --db: the user did give one, so they are not told to (kill trial)
    const given = await wacost(['rejected', '--db', 'elsewhere/db'], { cwd })
    expect(given).toMatchObject({ code: 2, stderr: 'wacost: elsewhere/db holds no wacost database: ingest a log into it first (wacost ingest FILE --db elsewhere/db), or check the path\n' })
    expect(readdirSync(cwd)).toEqual([])
    // … nor when it exists, empty (a run stopped before it created the database there)
    mkdirSync(join(cwd, 'empty'))
    const empty = await wacost(['batches', '--db', 'empty'], { cwd })
    expect(empty).toMatchObject({ code: 2, stderr: 'wacost: empty holds no wacost database: ingest a log into it first (wacost ingest FILE --db empty), or check the path\n', engineLoaded: false })
    expect(readdirSync(join(cwd, 'empty'))).toEqual([])
  })

  it('ledger and verdicts without --input say what they need and their usage, exit 2', async () => {
    for (const name of ['ledger', 'verdicts']) {
      const run = await wacost([name], { cwd: elsewhere() })
      expect(run).toMatchObject({ code: 2, stdout: '', engineLoaded: false })
      // a usage error: the command's usage follows, as after commander's own (trial: it was missing)
      expect(run.stderr).toMatch(new RegExp(`^wacost: ${name} needs the log to read: --input FILE \\(repeatable; --input - for standard input\\)\n\nUsage: wacost ${name} \\[options\\]\n`))
      expect(run.stderr).toContain('--input <file>')
    }
  })

  // commander's own "error: missing required argument 'files'" (fresh-user trial)
  it('ingest without a file says what it needs and its usage, exit 2, nothing created', async () => {
    const cwd = elsewhere()
    const run = await wacost(['ingest', '--db', 'db1'], { cwd })
    expect(run).toMatchObject({ code: 2, stdout: '', engineLoaded: false })
    expect(run.stderr).toMatch(/^wacost: ingest needs the logs to read: FILE … \(one or more; - for standard input\)\n\nUsage: wacost ingest \[options\] <files\.\.\.>\n/)
    expect(readdirSync(cwd)).toEqual([])
  })

  // The engine leaves `status` with its process id while it holds a directory; this test's own
  // process stands in for the holder.
  const heldByThisProcess = (dir: string) => {
    mkdirSync(join(dir, 'metadata'), { recursive: true })
    writeFileSync(join(dir, 'metadata', 'wacost.sql'), 'ATTACH DATABASE wacost\n')
    writeFileSync(join(dir, 'status'), `PID: ${process.pid}\nStarted at: 2026-01-01 00:00:00\nRevision: 1\n`)
  }

  it('a database another live process holds: one sentence, exit 2, for readers and writers', async () => {
    const cwd = elsewhere()
    heldByThisProcess(join(cwd, 'data'))
    const held = `wacost: another wacost process (pid ${process.pid}) holds the database at ./data: stop it (npm start, or a wacost command still running) or use another directory (--db or WACOST_DB)\n`
    for (const args of [['rejected'], ['ingest', demo], ['ledger', '--db', './data', '--input', demo]]) {
      const run = await wacost(args, { cwd })
      expect({ args, ...run }).toMatchObject({ args, code: 2, stdout: '', stderr: held, engineLoaded: false })
    }
  })

  // `wacost reconcile` beside a running server said only "stop it", which meant stopping the
  // webhook receiver (fresh-user trial): the server is named, with what it offers instead. Each
  // command was then listed the same routes, `rebuild` too, which has none (trial): each its own.
  it('a database a running server holds: names the server, and per command what it offers instead or that it must stop first, exit 2', async () => {
    const cwd = elsewhere()
    heldByThisProcess(join(cwd, 'data'))
    writeServerLock(join(cwd, 'data'), { url: 'http://127.0.0.1:3999', pid: process.pid })
    const held = `wacost: the wacost server at http://127.0.0.1:3999 (pid ${process.pid}) holds the database at ./data: `
    const orStop = ', or stop it (Ctrl-C) to run this here\n'
    const stopFirst = ': stop it (Ctrl-C) first, then run this again\n'
    const timeline = new URL('../config/whatif/conversation-based.csv', import.meta.url).pathname
    const rates = new URL('../config/defaults/rate-card.csv', import.meta.url).pathname
    // `export invoice` was told the ledger's route (fresh-user trial): each export names its own
    const cases: [string[], string][] = [
      [['reconcile'], 'while it runs, its API answers the same CSV (GET /api/reconcile?format=csv; README, API)' + orStop],
      [['reconcile', '--list', 'drift'], 'while it runs, its API answers the same CSV (GET /api/reconcile/drift?format=csv; README, API)' + orStop],
      [['export', 'ledger'], 'while it runs, its API answers the same CSV (GET /api/exports/ledger, the filters as query parameters; README, API)' + orStop],
      [['export', 'invoice', '--from', '2024-09-01', '--to', '2024-09-30'], 'while it runs, its API answers the same CSV (GET /api/exports/invoice, the filters as query parameters; README, API)' + orStop],
      [['export', 'daily'], 'while it runs, its API answers the same CSV (GET /api/exports/daily, the filters as query parameters; README, API)' + orStop],
      [['rejected'], "while it runs, its API lists a batch's rejected lines (GET /api/rejected?batch=N, a key with the ingest role; README, API)" + orStop],
      [['rebuild'], 'it cannot rebuild while it runs (no route of its API does)' + stopFirst],
      [['statuses', '--unmatched'], 'no route of its API lists unmatched statuses' + stopFirst],
      [['whatif', '--pricing-models', timeline], 'while it runs, its API answers the what-if of a timeline as CSV (POST /api/whatif/timelines with the --pricing-models file, '
        + 'then GET /api/whatif?scenario=upload-…&format=csv; README, API)' + orStop],
      [['whatif', '--pricing-models', timeline, '--rate-card', rates], 'its API prices a what-if against its own rate card only (no --rate-card)' + stopFirst],
      [['ledger', '--db', './data', '--input', demo], 'it serves that database: give ledger another --db directory, or none (a temporary database)\n'],
    ]
    for (const [args, instead] of cases) {
      const run = await wacost(args, { cwd })
      expect({ args, ...run }).toMatchObject({ args, code: 2, stdout: '', stderr: held + instead, engineLoaded: false })
    }
  })

  // Between its signal and its close the server answers nothing but holds the database: `wacost
  // ingest` said it "did not answer … start it again", `npm start` to stop it (break-it trial).
  it('a database whose server is stopping: says so and to run it again once stopped, exit 2', async () => {
    const cwd = elsewhere()
    heldByThisProcess(join(cwd, 'data'))
    writeServerLock(join(cwd, 'data'), { url: 'http://127.0.0.1:3999', pid: process.pid })
    markServerStopping(join(cwd, 'data'))
    expect(readServerLock(join(cwd, 'data'))).toEqual({ url: 'http://127.0.0.1:3999', pid: process.pid, stopping: true })
    const stopping = `wacost: the wacost server at http://127.0.0.1:3999 (pid ${process.pid}) is stopping: it finishes its batch and closes the database at ./data; `
      + `run this again once it has stopped (process ${process.pid} ends; where it runs it says "wacost: stopped")\n`
    for (const args of [['ingest', demo], ['reconcile']]) {
      const run = await wacost(args, { cwd })
      expect({ args, ...run }).toMatchObject({ args, code: 2, stdout: '', stderr: stopping, engineLoaded: false })
    }
  })

  it('a wrong argument is a usage error, exit 2, without the engine', async () => {
    const run = await wacost(['ingest', '--free-tier', 'many', demo], { cwd: elsewhere() })
    expect(run).toMatchObject({ code: 2, engineLoaded: false })
    expect(run.stderr).toContain("error: option '--free-tier <n>' argument 'many' is invalid. expected a whole number, got many")
    // 4294967296 wrapped to 0 in the engine's UInt32 and flipped the free tier (a break-it trial)
    const huge = await wacost(['ingest', '--free-tier', '4294967296', demo], { cwd: elsewhere() })
    expect(huge).toMatchObject({ code: 2, engineLoaded: false })
    expect(huge.stderr).toContain('expected a whole number up to 999999999, got 4294967296')
    const period = await wacost(['export', 'ledger', '--from', '2025-02-30'], { cwd: elsewhere() })
    expect(period).toMatchObject({ code: 2, engineLoaded: false })
    expect(period.stderr).toMatch(/^wacost: from: "2025-02-30" is not a date/)
    // rates import in export's words (it said "--effective-from 2025-02-30: expected a date YYYY-MM-DD")
    const effective = await wacost(['rates', 'import', '--pricing', 'p.csv', '--effective-from', '2025-02-30', '--currency', 'USD'], { cwd: elsewhere() })
    expect(effective).toMatchObject({ code: 2, stdout: '', stderr: 'wacost: --effective-from: "2025-02-30" is not a date; expected YYYY-MM-DD, e.g. 2024-09-01.\n', engineLoaded: false })
  })

  // Break-it trial: `--waba` took any text, where POST /api/ingest checks ?waba= (core/waba-id.ts)
  it('--waba of ingest, ledger and verdicts is checked as POST /api/ingest checks ?waba=: a usage error, exit 2, without the engine', async () => {
    const form = 'a WABA id is at most 64 ASCII letters, digits, "_" or "-".'
    for (const [args, value, said] of [
      [['ingest', '--db', 'db', demo], 'a b', `" " is not allowed; ${form}`],
      [['ledger', '--input', demo], '123;456', `";" is not allowed; ${form}`],
      [['verdicts', '--input', demo], 'x'.repeat(65), `65 characters; ${form}`],
      [['ingest', demo], '', 'Empty; give the WABA id, or leave the option out.'],
    ] as const) {
      const cwd = elsewhere()
      const run = await wacost([...args, '--waba', value], { cwd })
      expect([args[0], run.code, run.stdout, run.engineLoaded]).toEqual([args[0], 2, '', false])
      expect(run.stderr).toContain(`error: option '--waba <id>' argument '${value}' is invalid. ${said.charAt(0).toUpperCase()}${said.slice(1)}`)
      expect(readdirSync(cwd)).toEqual([])
    }
  })

  // Break-it trial: a one-value option given twice kept the last value silently (`--from` twice
  // exported another period than the first one said); repeatable ones still take every value.
  it('a one-value option given twice is a usage error naming both values, exit 2, without the engine', async () => {
    const twice = await wacost(['export', 'ledger', '--from', '2025-12-01', '--from=2025-11-01'], { cwd: elsewhere() })
    expect(twice).toMatchObject({ code: 2, stdout: '', engineLoaded: false })
    expect(twice.stderr).toContain("error: option '--from <day>' argument '2025-11-01' is invalid. given twice (2025-12-01, then 2025-11-01): give it once.")
    const list = await wacost(['reconcile', '--list', 'summary', '--list', 'drift'], { cwd: elsewhere() })
    expect(list).toMatchObject({ code: 2, engineLoaded: false })
    expect(list.stderr).toContain('given twice (summary, then drift)')
    const batch = await wacost(['rejected', '--batch', '1', '--batch', '2'], { cwd: elsewhere() })
    expect(batch).toMatchObject({ code: 2, engineLoaded: false })
    expect(batch.stderr).toContain('given twice (1, then 2)')
    // --waba on export is repeatable: two are two WABAs (here: no database, so the usual refusal)
    const wabas = await wacost(['export', 'ledger', '--waba', 'a', '--waba', 'b'], { cwd: elsewhere() })
    expect(wabas).toMatchObject({ code: 2, engineLoaded: false })
    expect(wabas.stderr).not.toContain('given twice')
  })
})
