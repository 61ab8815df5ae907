// The command-line contract of interfaces.md §3, run as a user runs it: the real bin, a fresh
// temporary database per call. examples/demo.ndjson is the README's demo log: two customers,
// a CTWA free entry point that suppresses a marketing window, a reused utility window, a
// guardrail break, a failed authentication template and one bad line.
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { generate } from '../bench/generate.ts'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCsv, sum, micros } from './support/exports.ts'

const run = promisify(execFile)
const bin = new URL('../bin/wacost.mjs', import.meta.url).pathname
const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
// The demo log is dated December 2025: these tests are about the conversation rules, so they run
// under the CBP-only timeline (the shipped one prices it per message: pricing-models.test.ts).
const cbp = new URL('./fixtures/pricing-models-cbp.csv', import.meta.url).pathname
const wacost = (...args: string[]) => run(process.execPath, [bin, ...args, ...(['ledger', 'verdicts', 'ingest'].includes(args[0]!) ? ['--pricing-models', cbp] : [])], { env: { ...process.env, CLICKHOUSE_URL: '' } })

// Every directory a test makes here, removed at the end (a run must not leave them in /tmp).
const made: string[] = []
afterAll(() => { for (const dir of made) rmSync(dir, { recursive: true, force: true }) })

describe('wacost CLI', () => {
  it('ledger prints the contract fields, sorted, and reports rejected lines on stderr', async () => {
    const { stdout, stderr } = await wacost('ledger', '--input', demo, '--free-tier', '1')
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
    expect(Object.keys(rows[0]!)).toEqual(['conversation_id', 'waba_id', 'phone_number_id', 'wa_id', 'country', 'market', 'category',
      'opened_at', 'closed_at', 'close_reason', 'opening_message_id', 'pricing_type', 'cost', 'currency', 'unit', 'tier'])
    expect(rows.map((r) => [r.wa_id, r.category, r.opened_at, r.close_reason, r.pricing_type, r.cost])).toEqual([
      ['14155550123', 'MARKETING', '2025-12-01T09:00:00.000Z', 'fep', 'REGULAR', '0.0250'],
      ['14155550123', 'FREE_ENTRY_POINT', '2025-12-01T09:30:00.000Z', 'expired', 'FREE_ENTRY_POINT', '0.0000'],
      ['14155550123', 'UTILITY', '2025-12-04T12:00:00.000Z', 'expired', 'REGULAR', '0.0040'],
      ['919812345678', 'SERVICE', '2025-12-02T02:30:00.000Z', 'expired', 'FREE_TIER', '0.0000'],
      ['919812345678', 'AUTHENTICATION', '2025-12-03T04:05:00.000Z', 'expired', 'REGULAR', '0.0014'],
    ])
    expect(rows[3]).toMatchObject({ country: 'IN', market: 'IN', currency: 'USD' })
    expect(stderr).toContain('1 line rejected')
    expect(stderr).toContain('invalid timestamp: not a time')
  })

  it('verdicts prints one line per message sorted by message_id; the same input gives the same ids', async () => {
    const a = await wacost('verdicts', '--input', demo)
    const b = await wacost('verdicts', '--input', demo)
    expect(a.stdout).toBe(b.stdout)
    const v = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message_id: string; verdict: string })
    expect(v.map((x) => x.verdict)).toEqual(['OPENED', 'FREE_ENTRY', 'FREE_ENTRY', 'OPENED', 'REUSED', 'OPENED',
      'IN_WINDOW', 'OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED', 'OPENED'])
  })

  it('fails with a clear message, not a ledger, when the configuration is broken', async () => {
    const err = await wacost('ledger', '--input', demo, '--rate-card', demo).catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 2 })
    expect((err as { stderr: string }).stderr).toContain('configuration error')
  })

  it('export writes the finance CSVs from a database, streamed to a file or stdout', async () => {
    const db = mkdtempSync(join(tmpdir(), 'wacost-cli-export-'))
    made.push(db)
    await wacost('ingest', '--db', db, '--no-progress', demo)
    const out = join(db, 'ledger.csv')
    await wacost('export', 'ledger', '--db', db, '--from', '2025-12-01', '--to', '2025-12-31', '--bom', '--out', out)
    const ledger = readFileSync(out)
    expect(ledger.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = parseCsv(ledger.toString()).rows
    expect(rows).toHaveLength(5)
    const invoice = parseCsv((await wacost('export', 'invoice', '--db', db)).stdout).rows
    const total = invoice.filter((r) => r.row_type === 'total')
    expect(sum(total.map((r) => r.amount))).toBe(sum(rows.map((r) => r.cost)))
    expect(sum(total.map((r) => r.amount))).toBe(micros('0.0304'))
    const bad = await wacost('export', 'daily', '--db', db, '--from', '2025-02-30').catch((e: { code: number; stderr: string }) => e)
    expect(bad).toMatchObject({ code: 2 })
    expect((bad as { stderr: string }).stderr).toContain('from: "2025-02-30" is not a date')
    const nope = await wacost('export', 'yearly', '--db', db).catch((e: { code: number; stderr: string }) => e)
    expect((nope as { stderr: string }).stderr).toContain('Allowed choices are ledger, invoice, daily')
  }, 60_000)
})

// A Ctrl-C'd (or SIGTERM'd) `ledger` of a big log: its temporary database (GBs for a big input)
// is removed before it exits 130 (143), the status a shell gives a process the signal killed. The
// child has a temporary directory of its own, so what it leaves there is exactly what it leaked.
describe('wacost ledger interrupted', () => {
  const work = mkdtempSync(join(tmpdir(), 'wacost-interrupt-'))
  made.push(work)
  const childTmp = join(work, 'tmp')
  mkdirSync(childTmp)
  const input = join(work, 'big.ndjson')
  // Scratch databases are `wacost-scratch-<pid>-<start>-XXXXXX` (core/scratch-dir.ts); the
  // migrated template (kept on purpose, core/db/template.ts) and tsx's cache are not.
  const scratch = () => readdirSync(childTmp).filter((f) => /^wacost-scratch-\d+-(\d+|x)-[A-Za-z0-9]{6}$/.test(f))
  const leftovers = () => readdirSync(childTmp).filter((f) => f.startsWith('wacost-') && !/^wacost-template-[0-9a-f]{16}$/.test(f))

  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal}: removes the temporary database and exits ${status}`, async () => {
      if (!existsSync(input)) await generate(input, { messages: 200_000, customers: 2_000, days: 20, start: Date.UTC(2025, 11, 1), seed: 1, idPrefix: 'int' })
      const child = spawn(process.execPath, [bin, 'ledger', '--input', input, '--pricing-models', cbp], {
        env: { ...process.env, CLICKHOUSE_URL: '', TMPDIR: childTmp },
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>
      // Signalled once its database holds the template's copy (ingesting), not before it exists.
      const deadline = Date.now() + 90_000
      while (!scratch().some((d) => readdirSync(join(childTmp, d)).length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      await new Promise((r) => setTimeout(r, 1_000))
      expect(child.exitCode).toBeNull()
      expect(scratch()).toHaveLength(1)
      child.kill(signal)
      const [code, killedBy] = await exited
      expect({ code, killedBy }).toEqual({ code: status, killedBy: null })
      expect(stderr).toContain(`interrupted (${signal})`)
      expect(leftovers()).toEqual([])
    }, 120_000)
  }

  /**
   * `wacost ingest --db db file` SIGINTed once `ready` (polled every 20 ms, 90 s at most) and
   * `after` ms more; resolves with how it exited and its stderr.
   */
  async function interrupted(db: string, file: string, ready: () => boolean, after: number) {
    const child = spawn(process.execPath, [bin, 'ingest', '--db', db, file], {
      env: { ...process.env, CLICKHOUSE_URL: '', TMPDIR: childTmp }, stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>
    const deadline = Date.now() + 90_000
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, after))
    expect(child.exitCode).toBeNull()
    child.kill('SIGINT')
    const [code, killedBy] = await exited
    return { code, killedBy, stderr }
  }

  // A stopped ingest still stops at once by the signal (the shell's 130), but said nothing: only
  // the next command told what became of it (break-it trial).
  it('wacost ingest, SIGINT: says what becomes of what it stored, then stops by the signal', async () => {
    if (!existsSync(input)) await generate(input, { messages: 200_000, customers: 2_000, days: 20, start: Date.UTC(2025, 11, 1), seed: 1, idPrefix: 'int' })
    const db = join(work, 'db')
    // signalled once its batch is recorded (the engine holds the database and ingests)
    const { code, killedBy, stderr } = await interrupted(db, input, () => existsSync(join(db, 'status')), 2_000)
    expect({ code, killedBy }).toEqual({ code: null, killedBy: 'SIGINT' })
    expect(stderr).toContain('wacost: interrupted (SIGINT): the ingest stopped at once; what it stored is kept, and the next wacost command on this database derives it first')
  }, 120_000)

  // Ctrl-C while a new database was being opened (its migrations, seconds) exited 130 with no
  // sentence: the handler was set only once it was open (break-it trial)
  it('wacost ingest, SIGINT while the database opens: says nothing was stored, then stops by the signal', async () => {
    const db = join(work, 'db-opening')
    const small = join(work, 'opening.ndjson')
    writeFileSync(small, '{"message_id":"m1","timestamp":"2025-12-01T10:00:00Z"}\n')
    // signalled as soon as the directory is in place (a copy of the migrated template): opening it
    // (the engine's load, the migrations' check, the reference data) takes ~0.4 s more; a fixed
    // wait after it would race a faster machine
    const { code, killedBy, stderr } = await interrupted(db, small, () => existsSync(db), 0)
    expect({ code, killedBy }).toEqual({ code: null, killedBy: 'SIGINT' })
    expect(stderr).toBe('wacost: interrupted (SIGINT): the ingest stopped at once, while the database was being opened, before it stored any line: '
      + 'nothing of the input is stored; run the same command again\n')
  }, 120_000)
})
