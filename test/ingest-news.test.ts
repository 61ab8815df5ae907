// A log ingested again says its records were already stored and unchanged, not "accepted" as if
// new (fresh-user trial: the same summary twice read as doubled data); a corrected line is said as
// corrected. Through the CLI (a spawned `wacost ingest`, `wacost batches`) and POST /api/ingest. Records
// refused in a line of several (a webhook delivery) are said as records, not lines.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource, type BatchSummary } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'
import { inbound, keyOf, reply, status, template } from './support/log.ts'
import { envelope } from './support/webhook.ts'

const k = keyOf('news')
const lines = [
  inbound(k, 'n-1', 0),
  template(k, 'n-2', 1, 'marketing'),
  reply(k, 'n-3', 2),
  status('n-2', 'delivered', 1.1),
  status('n-2', 'read', 1.2),
].map((l) => JSON.stringify(l))
const log = `${lines.join('\n')}\n`
// n-2's category corrected, n-1 as before, a new status line
const corrected = `${[lines[0], JSON.stringify(template(k, 'n-2', 1, 'utility')), JSON.stringify(status('n-3', 'delivered', 2.1))].join('\n')}\n`

describe('wacost ingest of a log twice', () => {
  it('says all new the first time, all already stored and unchanged the second, and a corrected line as corrected', async () => {
    const dir = tempDir('wacost-news-')
    const db = join(dir, 'db')
    const file = join(dir, 'log.ndjson')
    writeFileSync(file, log)
    const first = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(first.code).toBe(0)
    expect(first.stderr).toContain('5 lines, 5 records accepted (all new), 0 lines rejected (batch 1)')
    const second = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(second.code).toBe(0)
    expect(second.stderr).toContain('5 lines, 5 records accepted (all already stored and unchanged: nothing changed), 0 lines rejected (batch 2)')
    const fix = join(dir, 'fix.ndjson')
    writeFileSync(fix, corrected)
    const third = await wacost(['ingest', '--db', db, '--no-progress', fix])
    expect(third.stderr).toContain('3 lines, 3 records accepted (1 new, 1 already stored and unchanged, 1 corrected (a message given before, stored or earlier in this log, with other fields: the last line wins)), 0 lines rejected (batch 3)')
    const listed = (await wacost(['batches', '--db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(listed.map((b) => [b.accepted, b.new_records, b.unchanged_records, b.corrected_records]))
      .toEqual([[5, 5, 0, 0], [5, 0, 5, 0], [3, 1, 1, 1]])
  }, 120_000)

  // the same id twice in one log, its fields differing, into an empty database read "1 corrected
  // (replacing the stored message)" though nothing was stored (break-it trial)
  it('says an id given twice in one log with other fields as corrected within the log, not as replacing a stored message', async () => {
    const dir = tempDir('wacost-news-')
    const file = join(dir, 'twice-corrected.ndjson')
    writeFileSync(file, `${[lines[1], JSON.stringify(template(k, 'n-2', 1, 'utility'))].join('\n')}\n`)
    const run = await wacost(['ingest', '--db', join(dir, 'db'), '--no-progress', file])
    expect(run.stderr).toContain('2 lines, 2 records accepted (1 new, 1 corrected (a message given before, stored or earlier in this log, with other fields: '
      + 'the last line wins)), 0 lines rejected (batch 1)')
    expect(run.stderr).not.toContain('stored message')
  }, 120_000)

  it('says a line repeated within the file as repeated in this file, not as already stored (fresh-user trial); the counts stay', async () => {
    const dir = tempDir('wacost-news-')
    const db = join(dir, 'db')
    const file = join(dir, 'twice.ndjson')
    writeFileSync(file, `${[lines[0], lines[0], lines[3], lines[3]].join('\n')}\n`)
    const first = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(first.stderr).toContain('4 lines, 4 records accepted (2 new, 2 repeated in this file), 0 lines rejected (batch 1)')
    const second = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(second.stderr).toContain('4 lines, 4 records accepted (2 already stored and unchanged, 2 repeated in this file: nothing changed), 0 lines rejected (batch 2)')
    const listed = (await wacost(['batches', '--db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(listed.map((b) => [b.accepted, b.new_records, b.unchanged_records, b.corrected_records])).toEqual([[4, 2, 2, 0], [4, 0, 4, 0]])
  }, 120_000)
})

// fresh-user trial: the reasons read as sorted alphabetically; they are by count, largest first
describe('wacost ingest\'s rejected lines by reason', () => {
  it('lists the reasons by count, the largest first, ties in alphabetical order', async () => {
    const dir = tempDir('wacost-news-')
    const file = join(dir, 'reasons.ndjson')
    const bare = inbound(k, 'n-r', 0) as Record<string, unknown>
    const without = (field: string) => JSON.stringify(Object.fromEntries(Object.entries(bare).filter(([f]) => f !== field)))
    writeFileSync(file, `${[without('timestamp'), JSON.stringify({ ...bare, direction: 'up' }), without('timestamp'), without('message_id'),
      'hello', 'hello', without('message_id'), 'hello', 'hello', JSON.stringify(bare)].join('\n')}\n`)
    const run = await wacost(['ingest', '--db', join(dir, 'db'), '--no-progress', file])
    const reasons = run.stderr.split('\n').filter((l) => / × /.test(l)).map((l) => l.trim())
    expect(reasons).toEqual([
      '4 × not valid JSON: the line is text, not JSON (it starts with `hello`; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them) (first at line 5)',
      '2 × missing required field: message_id (first at line 4)',
      '2 × missing required field: timestamp (first at line 1)',
      '1 × invalid direction: up (expected inbound or outbound) (first at line 2)',
    ])
  }, 120_000)
})

// A webhook line holds many records: 2 of its 5 refused read "1 line, 3 records accepted, 2 lines
// rejected" (fresh-user trial), two lines refused of a file of one, whose other records were stored.
describe('wacost ingest of a webhook line with some of its records refused', () => {
  it('counts the refused records as records, beside the accepted ones; a plain log\'s refused lines stay lines', async () => {
    const dir = tempDir('wacost-news-records-')
    const db = join(dir, 'db')
    const delivery = JSON.parse(envelope('w-news', 'p-news', [1, 2, 3, 4, 5].map((i) => ({ id: `wh-${i}`, from: '14155550100', at: `2025-12-01T10:0${i}:00Z` })))) as
      { entry: { changes: { value: { messages: { timestamp: string }[] } }[] }[] }
    for (const i of [1, 3]) delivery.entry[0]!.changes[0]!.value.messages[i]!.timestamp = 'not a time'
    const file = join(dir, 'webhooks.ndjson')
    writeFileSync(file, `${JSON.stringify(delivery)}\n`)
    const run = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('webhooks.ndjson: 1 line, 3 records accepted (all new), 2 records rejected (batch 1)')
    expect(run.stderr).toMatch(/\n +2 × invalid messages\[\]\.timestamp: not a time .* \(first at line 1\)\n/)
    expect(run.stderr).toContain(`every rejected record is kept: \`wacost rejected --db ${db} --batch 1\` lists them`)
    // one record a line: lines, as before
    const plain = join(dir, 'plain.ndjson')
    writeFileSync(plain, `${lines[0]}\n{"message_id":\n`)
    const second = await wacost(['ingest', '--db', db, '--no-progress', plain])
    expect(second.code, second.stderr).toBe(0)
    expect(second.stderr).toContain('plain.ndjson: 2 lines, 1 record accepted (all new), 1 line rejected (batch 2)')
    expect(second.stderr).toContain('every rejected line is kept')
  }, 120_000)
})

describe('POST /api/ingest of a log twice', () => {
  const key = 'news-ingest-key-01234567'
  let s: Session
  let app: FastifyInstance
  beforeAll(async () => {
    s = await openEngine()
    app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
  })
  afterAll(async () => { await app.close() })
  const post = async (body: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { authorization: `Bearer ${key}` } })
    expect(res.statusCode).toBe(200)
    const j = res.json<Record<string, number>>()
    return [j.accepted, j.newRecords, j.unchangedRecords, j.correctedRecords]
  }

  it('answers newRecords, unchangedRecords and correctedRecords', async () => {
    expect(await post(log)).toEqual([5, 5, 0, 0])
    expect(await post(log)).toEqual([5, 0, 5, 0])
    expect(await post(corrected)).toEqual([3, 1, 1, 1])
  })

  it('counts a line repeated within one body, and one corrected within it, against the line before it', async () => {
    const again = JSON.stringify(inbound(k, 'n-in-1', 5))
    const fixed = JSON.stringify(inbound(k, 'n-in-1', 5.5))
    const st = JSON.stringify(status('n-1', 'read', 0.5))
    const body = `${again}\n${again}\n${fixed}\n${st}\n${st}\n`
    // of the unchanged, those repeating the line before them in the body (the second time the
    // first of each id's lines repeats the stored row, as does fixed after again)
    const repeated = async () => (await app.inject({ method: 'POST', url: '/api/ingest', payload: body, headers: { authorization: `Bearer ${key}` } })).json<Record<string, number>>()
    expect(await repeated()).toMatchObject({ accepted: 5, newRecords: 2, unchangedRecords: 2, correctedRecords: 1, repeatedRecords: 2 })
    expect(await repeated()).toMatchObject({ accepted: 5, newRecords: 0, unchangedRecords: 5, correctedRecords: 0, repeatedRecords: 2 })
  })

  it('reads a log that gives an id twice, sent again, as unchanged: its last line is what is stored (it said 2 corrected each time: break-it trial)', async () => {
    const twice = `${JSON.stringify(template(k, 'n-twice', 8, 'marketing'))}\n${JSON.stringify(template(k, 'n-twice', 8, 'utility'))}\n`
    expect(await post(twice)).toEqual([2, 1, 0, 1])
    expect(await post(twice)).toEqual([2, 0, 2, 0])
    expect(await post(twice)).toEqual([2, 0, 2, 0])
  })

  it('counts a batch cut into many groups as one group: a line stored by an earlier group of the batch is compared with it', async () => {
    const { Readable } = await import('node:stream')
    const repeated = (prefix: string) => Buffer.from(`${log}${log}${corrected}`.replaceAll('"n-', `"${prefix}-`))
    const counts = (x: BatchSummary) => [x.accepted, x.newRecords, x.unchangedRecords, x.correctedRecords]
    const one = await ingestSource(s.db, Readable.from([repeated('one')]), 'one')
    expect(counts(one)).toEqual([13, 6, 6, 1])
    const many = await ingestSource(s.db, Readable.from([repeated('many')]), 'many', undefined, { chunkBytes: 200, groupBytes: 200 })
    expect(counts(many)).toEqual(counts(one))
  })

  // a send log posted every second paid ~3.4 s of engine CPU a post at 15M stored for the
  // whole-database report, more than its derive (bench:live): report=none answers the batch alone
  it('answers the whole-database report by default, and only the batch with report=none', async () => {
    const lone = (id: string) => `${JSON.stringify(status(id, 'delivered', 9))}\n`
    const ask = async (query: string, body: string) => (await app.inject({ method: 'POST', url: `/api/ingest${query}`, payload: body, headers: { authorization: `Bearer ${key}` } })).json<Record<string, unknown>>()
    const whole = await ask('', lone('n-lone-1'))
    expect(whole).toMatchObject({ accepted: 1, unpriced: expect.any(Number), unmatchedStatuses: expect.any(Number) })
    expect(whole.unmatchedStatuses).toBeGreaterThan(0)
    expect((whole.warnings as string[]).join('\n')).toMatch(/message id\(s\) have status records but no message line \(first: .*n-lone-1/)
    const none = await ask('?report=none', lone('n-lone-2'))
    expect(none).toMatchObject({ accepted: 1, newRecords: 1, unpriced: null, warnings: [] })
    expect(none).not.toHaveProperty('unmatchedStatuses')
    expect((await app.inject({ method: 'POST', url: '/api/ingest?report=some', payload: lone('n-lone-3'), headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(400)
  })

  it('compares with the stored message row where its key has no hash of its line (stored before migration 632)', async () => {
    const line = JSON.stringify(template(k, 'n-old-1', 7, 'marketing'))
    expect(await post(`${line}\n`)).toEqual([1, 1, 0, 0])
    await s.db.client.command({ query: "ALTER TABLE message_keys UPDATE content = 0 WHERE message_id = 'n-old-1' SETTINGS mutations_sync = 2" })
    expect(await post(`${line}\n`)).toEqual([1, 0, 1, 0])
    expect(await post(`${JSON.stringify(template(k, 'n-old-1', 7, 'utility'))}\n`)).toEqual([1, 0, 0, 1])
  })
})
