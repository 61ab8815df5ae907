// Standard input and pipes through the real CLI (a spawned process behind a real shell pipe), and
// runs that derive nothing. chDB's embedded client treated a piped stdin as more rows for every
// INSERT: `cat log | wacost ingest -`, `ledger --input -` and even `echo x | wacost ledger --input
// FILE` failed with "Processing async inserts with both inlined and external data (from stdin or
// infile) is not supported" (core/db/embedded-insert.ts).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { wacost, type Run } from './support/cli.ts'
import { wacostJs } from './support/compiled.ts'

const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
// The conversation rules' demo ledger (the log is dated December 2025: see test/cli.test.ts).
const cbp = new URL('./fixtures/pricing-models-cbp.csv', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'wacost-stdin-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('wacost reads standard input and runs inside pipes', () => {
  let fromFile: Run
  beforeAll(async () => {
    fromFile = await wacost(['ledger', '--pricing-models', cbp, '--input', demo])
    expect(fromFile.code).toBe(0)
    expect(fromFile.stdout.trim().split('\n')).toHaveLength(5) // the demo's ledger (test/cli.test.ts)
  })

  it('a ledger run lists its rejected lines itself: its temporary database is gone afterwards', () => {
    expect(fromFile.stderr).toContain('  rejected lines:\n    line 12: invalid timestamp: not a time')
    expect(fromFile.stderr).not.toContain('wacost rejected')
  })

  it('ledger --input - reads the piped log: the same ledger as from the file', async () => {
    const run = await wacost(['ledger', '--pricing-models', cbp, '--input', '-'], { pipeFrom: `cat '${demo}'` })
    expect(run.stderr).toContain('(stdin): 12 lines, 11 records accepted (all new), 1 line rejected (batch 1)')
    expect(run).toMatchObject({ code: 0, stdout: fromFile.stdout })
  })

  it('a pipe on stdin that is not read changes nothing (echo x | wacost ledger --input FILE)', async () => {
    // Before the fix, with async inserts off, the engine read the "x" into the first insert.
    const run = await wacost(['ledger', '--pricing-models', cbp, '--input', demo], { pipeFrom: "printf 'x\\ny\\n'" })
    expect(run).toMatchObject({ code: 0, stdout: fromFile.stdout })
    expect(run.stderr).toContain(`${demo}: 12 lines, 11 records accepted`)
  })

  it('a named pipe as --input: read once, the same ledger (the readability check must not drain it)', async () => {
    // Opening and closing the pipe to test it threw away what its writer had sent, and the run hung.
    const fifo = join(work, 'log.fifo')
    execFileSync('mkfifo', [fifo])
    const run = await wacost(['ledger', '--pricing-models', cbp, '--input', fifo], { pipeFrom: `(cat '${demo}' > '${fifo}' &); true` })
    expect(run).toMatchObject({ code: 0, stdout: fromFile.stdout })
  })

  it('ingest - stores the piped log as a batch of (stdin), listed by rejected', async () => {
    const db = join(work, 'db')
    const run = await wacost(['ingest', '--db', db, '-'], { pipeFrom: `cat '${demo}'` })
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('(stdin): 12 lines, 11 records accepted (all new), 1 line rejected (batch 1)')
    expect(run.stderr).toContain(`\`wacost rejected --db ${db} --batch 1\``)
    const rejected = await wacost(['rejected', '--db', db, '--batch', '1'], { pipeFrom: 'echo unrelated' })
    expect(rejected.code).toBe(0)
    const rows = rejected.stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; line_no: number; reason: string })
    expect(rows.map((r) => [r.source, Number(r.line_no)])).toEqual([['(stdin)', 12]])
  })
})

describe('a database another wacost holds', () => {
  it('ingest - waiting on its stdin holds the directory: a second command gets one sentence, exit 2', async () => {
    const db = join(work, 'held')
    // Its standard input stays open until the end of the test: it holds the directory meanwhile.
    const holder = spawn(process.execPath, [wacostJs, 'ingest', '--db', db, '--no-progress', '-'], { env: { ...process.env, CLICKHOUSE_URL: '' } })
    let said = ''
    holder.stderr.on('data', (d: Buffer) => { said += d.toString() })
    const ended = new Promise<number | null>((resolve) => holder.once('exit', resolve))
    try {
      for (let waited = 0; !existsSync(join(db, 'status')); waited += 100) {
        if (waited > 60_000) throw new Error(`the holder never opened ${db}: ${said}`)
        await new Promise((r) => setTimeout(r, 100))
      }
      const second = await wacost(['ingest', '--db', db, demo])
      expect(second).toMatchObject({ code: 2, stdout: '', engineLoaded: false })
      expect(second.stderr).toBe(`wacost: another wacost process (pid ${holder.pid}) holds the database at ${db}: stop it (npm start, or a wacost command still running) or use another directory (--db or WACOST_DB)\n`)
    } finally {
      holder.stdin.end(readFileSync(demo))
    }
    expect(await ended).toBe(0)
    expect(said).toContain('(stdin): 12 lines, 11 records accepted')
  })
})

describe('a reader that stops early', () => {
  it('wacost verdicts … | head -c 100: exit 0, no stack trace', async () => {
    // Far more output than a pipe buffers (64 KiB), so the writes meet the closed pipe (EPIPE).
    const log = join(work, 'many.ndjson')
    const line = (i: number) => JSON.stringify({ message_id: `wamid.many.${String(i).padStart(5, '0')}`, timestamp: 1764579600 + i * 60,
      waba_id: '102290129340398', phone_number_id: '106540352242922', wa_id: `1415555${String(i % 1000).padStart(4, '0')}`, direction: 'inbound' })
    writeFileSync(log, Array.from({ length: 3000 }, (_, i) => line(i)).join('\n'))
    const run = await wacost(['verdicts', '--pricing-models', cbp, '--input', log], { pipeTo: 'head -c 100' })
    expect(run.stdout).toHaveLength(100)
    expect(run.stderr).toBe(`${log}: 3000 lines, 3000 records accepted (all new), 0 lines rejected (batch 1)\n`)
    expect(run.code).toBe(0)
  })
})

describe('nothing derived: a sentence and exit 4', () => {
  it('ledger of a log whose every line is rejected prints the lines and reasons, no ledger, exit 4', async () => {
    const bad = join(work, 'bad.ndjson')
    // 25 bad lines: the first 20 are listed, with the count.
    writeFileSync(bad, ['not json', ...Array.from({ length: 24 }, (_, i) => `{"message_id":"wamid.${i}"}`)].join('\n'))
    const run = await wacost(['ledger', '--pricing-models', cbp, '--input', bad])
    expect(run).toMatchObject({ code: 4, stdout: '', engineLoaded: true })
    expect(run.stderr).toContain(`${bad}: 25 lines, 0 records accepted, 25 lines rejected (batch 1)`)
    expect(run.stderr).toContain('  rejected lines (the first 20 of 25):\n    line 1: not valid JSON: the line is text, not JSON (it starts with `not`; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them)\n    line 2: missing required fields: timestamp, waba_id, phone_number_id, wa_id, direction\n')
    expect(run.stderr).toContain('    line 20: ')
    expect(run.stderr).not.toContain('    line 21: ')
    expect(run.stderr).not.toContain('wacost rejected') // its temporary database is gone
    expect(run.stderr).toMatch(/wacost: nothing to derive: all 25 input lines were rejected \(reasons above\)\n$/)
  })

  it('ledger of status records only: exit 4, no ledger', async () => {
    const statuses = join(work, 'statuses.ndjson')
    writeFileSync(statuses, '{"kind":"status","message_id":"wamid.gone","status":"delivered","timestamp":"2025-12-01T09:31:02Z"}\n')
    const run = await wacost(['ledger', '--pricing-models', cbp, '--input', statuses])
    expect(run).toMatchObject({ code: 4, stdout: '' })
    expect(run.stderr).toContain(`${statuses}: 1 line, 1 record accepted (all new), 0 lines rejected (batch 1)`)
    expect(run.stderr).toMatch(/wacost: nothing to derive: the input holds status records but no message line\n$/)
  })

  it('verdicts of an empty standard input: exit 4', async () => {
    const run = await wacost(['verdicts', '--pricing-models', cbp, '--input', '-'], { pipeFrom: 'true' })
    expect(run).toMatchObject({ code: 4, stdout: '' })
    expect(run.stderr).toMatch(/wacost: nothing to derive: the input is empty \(no lines\)\n$/)
  })

  it('an array of documents never closed is a rejected line saying so, not an empty input (break-it trial)', async () => {
    // `printf '[\n'` said "(stdin): empty (no lines)": the open `[` was passed over
    const db = join(work, 'unclosed')
    const reason = 'not valid JSON: the array of documents that starts at line 1 is never closed (no `]` before the end of the input)'
    const open = await wacost(['ingest', '--db', db, '--no-progress', '-'], { pipeFrom: "printf '[\\n'" })
    expect(open).toMatchObject({ code: 4, stdout: '' })
    // read as JSON documents (the `[` opens an array of them): counted in documents, the array the one
    expect(open.stderr).toContain(`(stdin): 1 JSON document, 0 records accepted, 1 document rejected (batch 1)\n        1 × ${reason} (first at line 1)\n`)
    expect(open.stderr).toMatch(/wacost: nothing to derive: the one JSON document of the input was rejected \(reason above\)\n$/)
    // a file cut short: the documents read whole are kept, the missing `]` is said (exit 0)
    const first = readFileSync(demo, 'utf8').split('\n')[0]!
    const cut = await wacost(['ingest', '--db', db, '--no-progress', '-'], { pipeFrom: `printf '%s\\n' '[' '${first},'` })
    expect(cut.code).toBe(0)
    expect(cut.stderr).toContain(`(stdin): 2 JSON documents, 1 record accepted (all new), 1 document rejected (batch 2)\n        1 × ${reason} (first at line 1)\n`)
  })

  it('says what an input without a record held: blank lines only, or a byte-order mark only (exit 4; break-it trial)', async () => {
    // it said "0 lines and 3 blank lines …, 0 lines rejected" then "the input holds no lines"
    const blank = await wacost(['verdicts', '--pricing-models', cbp, '--input', '-'], { pipeFrom: "printf '\\n  \\n\\n'" })
    expect(blank).toMatchObject({ code: 4, stdout: '' })
    expect(blank.stderr).toBe('(stdin): only blank lines (3, skipped), no record stored (batch 1)\n'
      + 'wacost: nothing to derive: the input holds only blank lines (3), no record\n')
    // a file of nothing but a UTF-8 byte-order mark was one line "not valid JSON"; a mark before a
    // record was one already (no part of line 1), also when line 1 holds nothing else
    const bom = join(work, 'bom.ndjson')
    writeFileSync(bom, Buffer.from([0xef, 0xbb, 0xbf]))
    const only = await wacost(['verdicts', '--pricing-models', cbp, '--input', bom])
    expect(only).toMatchObject({ code: 4, stdout: '' })
    expect(only.stderr).toBe(`${bom}: only blank lines (1, skipped), no record stored (batch 1)\n`
      + 'wacost: nothing to derive: the input holds only blank lines (1), no record\n')
    const first = readFileSync(demo, 'utf8').split('\n')[0]!
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n${first}\n`)]))
    const then = await wacost(['verdicts', '--pricing-models', cbp, '--input', bom])
    expect(then.stderr).toContain(`${bom}: 1 line and 1 blank line (skipped), 1 record accepted (all new), 0 lines rejected (batch 1)`)
  })
})
