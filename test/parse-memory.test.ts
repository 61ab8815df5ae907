// Break-it trial: one line holding many records (a JSON array of documents, a webhook envelope)
// needed memory records x line bytes: 10_parse's ARRAY JOIN copied the whole line (and its
// top-level fields) onto every record, so a 1 MB array of 5,000 documents took over 3 GB and a
// signed webhook of 3,000 statuses grew the server by ~700 MB. Each input here ran that
// statement past the engine's per-statement memory limit below (hundreds of MB to GB before the
// fix, a few MB after); no timing involved. The session's limit holds for every statement of
// the ingest (chDB keeps a SET for the session: core/db/client.ts).
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { text } from '../core/db/sql.ts'

/** Per-statement memory limit (bytes): far above what the records need, far below records x line. */
const LIMIT = 200 * 1024 * 1024

let s: Session
beforeAll(async () => {
  s = await openEngine()
  await s.db.client.command({ query: `SET max_memory_usage = ${LIMIT}` })
})
afterAll(async () => { await s.close() })

const feed = (line: string, waba = '') =>
  s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(line)]), 'memory', undefined, { waba }))

/** Stored rows of `table` whose message id starts with `prefix`. */
async function count(table: 'messages' | 'statuses', prefix: string): Promise<number> {
  const rs = await s.db.client.query({
    query: `SELECT count() AS n FROM ${table} FINAL WHERE startsWith(message_id, {p:String})`, query_params: { p: prefix }, format: 'JSONEachRow',
  })
  return Number((await rs.json<{ n: string }>())[0]!.n)
}

const N = 4000
const msg = (id: string, phone: string) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'W1', phone_number_id: phone, wa_id: '14155550111',
  direction: 'outbound', template_category: 'MARKETING', template_name: 't',
})
const value = (phone: string, messages: unknown[], statuses: unknown[] = []) => ({
  messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001', phone_number_id: phone }, messages, statuses,
})
const status = (i: number, prefix = 'wamid.mem-s') => ({ id: `${prefix}${i}`, status: 'delivered', timestamp: '1764583200', recipient_id: '14155550111' })
const inbound = (i: number) => ({ from: '14155550111', id: `wamid.mem-m${i}`, timestamp: '1764583200', type: 'text', text: { body: 'hi' } })

it('a one-line array of 4,000 documents (0.8 MB) is parsed within the limit, every record accepted', async () => {
  const docs = Array.from({ length: N }, (_, i) => msg(`mem-a${i}`, 'p-mem-array'))
  const sum = await feed(JSON.stringify(docs))
  expect(sum).toMatchObject({ lines: 1, accepted: N, rejected: 0 })
  expect(await count('messages', 'mem-a')).toBe(N)
})

it('a webhook envelope of 4,000 statuses and one of 4,000 messages stay within the limit', async () => {
  const statuses = Array.from({ length: N }, (_, i) => status(i))
  const st = await feed(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W1', changes: [{ field: 'messages', value: value('p-mem-st', [], statuses) }] }] }))
  expect(st).toMatchObject({ lines: 1, accepted: N, rejected: 0 })
  expect(await count('statuses', 'wamid.mem-s')).toBe(N)
  const messages = Array.from({ length: N }, (_, i) => inbound(i))
  const ms = await feed(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W1', changes: [{ field: 'messages', value: value('p-mem-in', messages) }] }] }))
  expect(ms).toMatchObject({ lines: 1, accepted: N, rejected: 0 })
  expect(await count('messages', 'wamid.mem-m')).toBe(N)
})

it('an envelope of 4,000 changes (one status each) and an array of 4,000 value objects given --waba stay within the limit', async () => {
  const changes = Array.from({ length: N }, (_, i) => ({ field: 'messages', value: value('p-mem-ch', [], [status(i, 'wamid.mem-c')]) }))
  const ch = await feed(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W1', changes }] }))
  expect(ch).toMatchObject({ lines: 1, accepted: N, rejected: 0 })
  expect(await count('statuses', 'wamid.mem-c')).toBe(N)
  const values = Array.from({ length: N }, (_, i) => value('p-mem-val', [], [status(i, 'wamid.mem-v')]))
  expect(await feed(JSON.stringify(values), 'W1')).toMatchObject({ lines: 1, accepted: N, rejected: 0 })
  expect(await count('statuses', 'wamid.mem-v')).toBe(N)
})

it("an envelope's own large top-level field is not copied onto each of its records", async () => {
  // a 1 MB field beside `entry` (ignored, as any unknown key) and 1,000 statuses: 1 GB copied before
  const statuses = Array.from({ length: 1000 }, (_, i) => status(i, 'wamid.big-'))
  const env = { object: 'whatsapp_business_account', template_name: 'x'.repeat(1024 * 1024), entry: [{ id: 'W1', changes: [{ field: 'messages', value: value('p-mem-big', [], statuses) }] }] }
  expect(await feed(JSON.stringify(env))).toMatchObject({ lines: 1, accepted: 1000, rejected: 0 })
})

it('a refused record of a large array is shown as itself; an envelope without records as the whole line', async () => {
  const docs: unknown[] = Array.from({ length: N }, (_, i) => msg(`mem-r${i}`, 'p-mem-rej'))
  docs[1234] = { ...msg('mem-bad', 'p-mem-rej'), direction: 'sideways' }
  const sum = await feed(JSON.stringify(docs))
  expect(sum).toMatchObject({ lines: 1, accepted: N - 1, rejected: 1 })
  const empty = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'W1', changes: [{ field: 'messages', value: value('p-mem-none', []) }] }] })
  const none = await feed(empty)
  expect(none).toMatchObject({ lines: 1, accepted: 0, rejected: 1 })
  const out = await text(s.db, 'queries/rejected', { batch: sum.batch }, 'JSONEachRow')
  const rej = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string; raw: string })
  expect(rej).toEqual([expect.objectContaining({ line_no: 1, reason: 'invalid direction: sideways (expected inbound or outbound)', raw: JSON.stringify(docs[1234]) })])
  const out2 = await text(s.db, 'queries/rejected', { batch: none.batch }, 'JSONEachRow')
  expect(out2.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { raw: string; reason: string })).toEqual([
    expect.objectContaining({ reason: 'webhook envelope holds no messages or statuses', raw: empty }),
  ])
})

it('a record of 60,000 keys, one given twice (0.8 MB), is refused for it within the limit (20 GB before)', async () => {
  const rec = JSON.stringify(msg('mem-keys', 'p-mem-keys'))
  const keys = Array.from({ length: 60_000 }, (_, i) => `,"k${i}":1`).join('')
  const sum = await feed(`${rec.slice(0, -1)}${keys},"k7":2,"k1":2}`)
  expect(sum).toMatchObject({ lines: 1, accepted: 0, rejected: 1 })
  expect(sum.rejections.map((r) => r.reason)).toEqual(['duplicate key: k7 appears more than once (which value counts is ambiguous; give each key once)'])
})

it('a Latin-1 line of 30 KB is refused as not UTF-8 within the limit, its bytes stored \\xHH (line bytes squared before)', async () => {
  // Fresh-user trial: escaping a line that is not UTF-8 (pipeline/15_rejects) copied the line and
  // its byte arrays once per byte: 5 KB of such a line took over 200 MB, /bin/ls (150 KB) 55 s.
  const note = 'Réservation confirmée, à très bientôt. '.repeat(750)
  const line = JSON.stringify({ ...msg('mem-latin1', 'p-mem-latin1'), note })
  const sum = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(line, 'latin1')]), 'memory', undefined, {}))
  expect(sum).toMatchObject({ lines: 1, accepted: 0, rejected: 1 })
  const out = await text(s.db, 'queries/rejected', { batch: sum.batch }, 'JSONEachRow')
  expect(out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reason: string; raw: string })).toEqual([expect.objectContaining({
    reason: 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)',
    raw: line.replace(/[^\x00-\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`),
  })])
})
