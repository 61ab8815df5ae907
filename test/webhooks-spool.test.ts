// The webhook spool (issue 12: the 200 does not wait for the engine) on the real engine: what a
// stopped server left in its spool is inserted into webhook_deliveries at the next start, once
// (a delivery the engine already holds, stored or derived, changes nothing); a record cut short
// by a crash mid-append is skipped with a log line while every earlier one replays; Meta's retry
// of a delivery that is still only in the spool is derived once. The crash itself (SIGKILL right
// after the fsync, before the 200) is test/webhooks-crash.test.ts.
import { Writable } from 'node:stream'
import { readdirSync, statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { Spool } from '../api/webhooks/spool.ts'
import { decodeSegment, encodeRecord, SEGMENT_MAGIC } from '../api/webhooks/spool-format.ts'
import { deliveryId } from '../api/webhooks/signature.ts'
import { storeDeliveries, type Delivery } from '../api/webhooks/deliveries.ts'
import { openEngine, type Session } from './support/engine.ts'
import { adminKey, get } from './support/api.ts'
import { envelope, signed, webhookConfig } from './support/webhook.ts'
import { tempDir } from './support/temp.ts'
import { spooledIds } from './support/spool.ts'

const waba = 'waba-spool'
const phone = 'pn-spool'
const customer = '14155550177'
const base = tempDir('wacost-spool-')
const quiet = { error: () => {} }

let session: Session
let app: FastifyInstance
const mainSpool = join(base, 'main')

/** A webhook app on the shared session whose close leaves the session open (the main app closes it). */
async function appOn(spoolDir: string, logs: string[] = []): Promise<FastifyInstance> {
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs.push(chunk.toString()); done() } })
  const a = await buildApp({
    session: { ...session, close: async () => {} }, keys: parseKeys(`${adminKey}=*`), ingest: ingestSource,
    webhooks: { ...webhookConfig, spoolDir }, logger: { level: 'warn', stream: sink },
  })
  await a.ready()
  return a
}

beforeAll(async () => {
  session = await openEngine()
  app = await buildApp({ session, keys: parseKeys(`${adminKey}=*`), webhooks: { ...webhookConfig, spoolDir: mainSpool }, ingest: ingestSource })
  await app.ready()
}, 120_000)
afterAll(async () => { await app?.close() })

const body = (n: string, day = 10) => envelope(waba, phone, [{ id: `wamid.spool-${n}`, from: customer, at: `2025-12-${day}T10:00:00Z` }])
const post = (a: FastifyInstance, b: string) => a.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: b, headers: signed(b) })
const count = async (query: string, params: Record<string, unknown> = {}) => {
  const rs = await session.db.client.query({ query, query_params: params, format: 'JSONEachRow' })
  return Number((await rs.json<{ n: string }>())[0]!.n)
}
const receipts = (b: string) => count('SELECT count() AS n FROM webhook_deliveries WHERE id = {id:String}', { id: deliveryId(Buffer.from(b)) })
const marks = (b: string) => count('SELECT count() AS n FROM webhook_derived WHERE id = {id:String}', { id: deliveryId(Buffer.from(b)) })
const messages = (n: string) => count('SELECT count() AS n FROM messages FINAL WHERE message_id = {id:String}', { id: `wamid.spool-${n}` })
const status = async (a: FastifyInstance) => (await get(a, '/api/webhooks/status')).json<{ derived: number; replayed: number; recovered: number; respooled: number; torn_records: number; waiting: number }>()

/**
 * Segments as a server killed before their micro-batch left them: `bodies` appended and fsync'ed,
 * never released. Each append awaits the one before (it once waited for ever: an append made in
 * the previous one's continuation, before that group's write loop had ended, was never written).
 */
async function leftBehind(dir: string, bodies: string[]): Promise<void> {
  const spool = new Spool(dir, quiet)
  expect(await spool.open()).toEqual([])
  for (const b of bodies) await spool.append({ id: deliveryId(Buffer.from(b)), body: Buffer.from(b) })
  await spool.close()
}

describe('a stopped server\'s spool, read back at start', () => {
  it('inserts only what the engine does not hold: a delivery also stored, or already derived, is not doubled', async () => {
    const derived = body('derived', 11)
    const storedOnly = body('stored', 12)
    const fresh = body('fresh', 13)
    // derived through the running app; stored and never derived (killed after the batch's insert)
    expect((await post(app, derived)).statusCode).toBe(200)
    await app.webhooks!.batcher.settled()
    await storeDeliveries(session.db, [{ id: deliveryId(Buffer.from(storedOnly)), body: Buffer.from(storedOnly) }])
    // … and all three still in the spool (its segments not yet deleted when the process died)
    const dir = join(base, 'known')
    await leftBehind(dir, [derived, storedOnly, fresh, fresh])
    expect(spooledIds(dir)).toHaveLength(4)

    const second = await appOn(dir)
    try {
      await second.webhooks!.batcher.settled()
      await second.webhooks!.spool.settled()
      const s = await status(second)
      expect(s).toMatchObject({ respooled: 2, recovered: 2, torn_records: 0, waiting: 0 }) // fresh (twice: two receipts); stored + fresh pending
      expect(s.derived).toBe(2)
      expect([await receipts(derived), await receipts(storedOnly), await receipts(fresh)]).toEqual([1, 1, 2])
      expect([await marks(derived), await marks(storedOnly), await marks(fresh)]).toEqual([1, 1, 1])
      for (const n of ['derived', 'stored', 'fresh']) expect(await messages(n)).toBe(1)
      expect(spooledIds(dir)).toEqual([]) // in the engine: the segments are gone
    } finally { await second.close() }

    // The same segments again (a crash before they were deleted): nothing changes at all.
    await leftBehind(dir, [derived, storedOnly, fresh])
    const third = await appOn(dir)
    try {
      await third.webhooks!.batcher.settled()
      expect(await status(third)).toMatchObject({ respooled: 0, recovered: 0, derived: 0 })
      expect([await receipts(derived), await receipts(storedOnly), await receipts(fresh)]).toEqual([1, 1, 2])
      for (const n of ['derived', 'stored', 'fresh']) expect(await messages(n)).toBe(1)
    } finally { await third.close() }
  }, 120_000)

  // Right after a restart the status said waiting 0, batches 0, last_batch null while the
  // recovery's derive ran and lookups answered nothing (webhook trial): it shows the batch running.
  it('shows the recovery batch as running while it is derived, and none once it is done', async () => {
    const left = body('running', 17)
    await storeDeliveries(session.db, [{ id: deliveryId(Buffer.from(left)), body: Buffer.from(left) }])
    // the writer held: the recovery batch is taken and waits for it
    let release!: () => void
    const held = session.exclusive(() => new Promise<void>((r) => { release = r }), { quiet: true })
    const a = await appOn(join(base, 'running'))
    try {
      await expect.poll(async () => (await get(a, '/api/webhooks/status')).json<{ running: unknown }>().running, { timeout: 10_000 }).not.toBeNull()
      const during = (await get(a, '/api/webhooks/status')).json<{ running: { deliveries: number; recovered: number; started_at: string }; waiting: number; batches: number }>()
      expect(during).toMatchObject({ running: { deliveries: 1, recovered: 1, started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }, waiting: 0, batches: 0 })
      release()
      await held
      await a.webhooks!.batcher.settled()
      expect((await get(a, '/api/webhooks/status')).json()).toMatchObject({ running: null, batches: 1, derived: 1 })
      expect(await messages('running')).toBe(1)
    } finally { release(); await a.close() }
  }, 60_000)

  it('skips a record cut short by a crash mid-append (logged), replays every record before it, and starts', async () => {
    const dir = join(base, 'torn')
    const kept = [body('torn-1', 14), body('torn-2', 15)]
    const torn = body('torn-3', 16)
    await leftBehind(dir, [...kept, torn])
    const [segment] = readdirSync(dir).filter((f) => f.endsWith('.spool'))
    const file = join(dir, segment!)
    truncateSync(file, statSync(file).size - 7) // the last record's write never finished
    // A second segment whose only record fails its checksum, and an empty one (created, never written).
    const bad = encodeRecord(Buffer.from(body('torn-4', 17)), Date.now())
    bad.writeUInt8(bad.readUInt8(bad.length - 3) ^ 0xff, bad.length - 3)
    writeFileSync(join(dir, '000000000098.spool'), Buffer.concat([SEGMENT_MAGIC, bad]), { mode: 0o600 })
    writeFileSync(join(dir, '000000000099.spool'), Buffer.alloc(0), { mode: 0o600 })

    const logs: string[] = []
    const restarted = await appOn(dir, logs)
    try {
      await restarted.webhooks!.batcher.settled()
      await restarted.webhooks!.spool.settled()
      expect(await status(restarted)).toMatchObject({ respooled: 2, recovered: 2, derived: 2, torn_records: 2 })
      expect([await messages('torn-1'), await messages('torn-2'), await messages('torn-3'), await messages('torn-4')]).toEqual([1, 1, 0, 0])
      expect(await receipts(torn)).toBe(0)
      const warned = logs.filter((l) => l.includes('webhook spool: a record cut short or damaged'))
      expect(warned.map((l) => JSON.parse(l) as { reason: string }).map((l) => l.reason).sort()).toEqual(['record checksum mismatch', expect.stringMatching(/^record cut short/)])
      expect(spooledIds(dir)).toEqual([])
      // Appends after the restart go to a new segment, never after the damaged tail.
      expect((await post(restarted, body('torn-5', 18))).statusCode).toBe(200)
      await restarted.webhooks!.batcher.settled()
      expect(await messages('torn-5')).toBe(1)
    } finally { await restarted.close() }
  }, 120_000)

  it('refuses a spool directory that another live process holds', async () => {
    const dir = join(base, 'held')
    mkdirSync(dir, { mode: 0o700 })
    writeFileSync(join(dir, 'spool.lock'), `${process.ppid}\n`)
    await expect(new Spool(dir, quiet).open()).rejects.toThrow(/in use by process \d+: give each API process its own WACOST_WEBHOOK_SPOOL_DIR/)
  })
})

describe('Meta\'s retry while the first receipt is still only in the spool', () => {
  it('is acknowledged without the engine, and derived once', async () => {
    await app.webhooks!.batcher.settled()
    const b = body('retry', 19)
    const id = deliveryId(Buffer.from(b))
    const s0 = await status(app)
    let release!: () => void
    const holding = session.exclusive(() => new Promise<void>((r) => { release = r }))
    try {
      // The engine is busy (a derive running): both 200s come from the spool alone.
      expect((await post(app, b)).statusCode).toBe(200)
      expect((await post(app, b)).statusCode).toBe(200)
      expect(spooledIds(mainSpool).filter((x) => x === id)).toHaveLength(2)
      expect(await receipts(b)).toBe(0)
    } finally { release() }
    await holding
    await app.webhooks!.batcher.settled()
    await app.webhooks!.spool.settled()
    const s1 = await status(app)
    expect(s1.derived).toBe(s0.derived + 1)
    expect(s1.replayed).toBe(s0.replayed + 1)
    expect([await receipts(b), await marks(b), await messages('retry')]).toEqual([2, 1, 1])
    expect(spooledIds(mainSpool)).toEqual([])
  }, 60_000)
})

describe('segments', () => {
  it('are closed past their size and deleted once every delivery in them is released (in the engine), the current one as soon as it caught up', async () => {
    const dir = join(base, 'rotation')
    const spool = new Spool(dir, quiet, 100)
    await spool.open()
    const got: Delivery[] = []
    for (let i = 0; i < 6; i++) got.push(await spool.append({ id: `d${i}`, body: Buffer.from(`{"n":${i},"pad":"${'x'.repeat(30)}"}`) }))
    const segments = [...new Set(got.map((d) => d.segment))]
    expect(segments.length).toBeGreaterThan(2)
    const files = () => readdirSync(dir).filter((f) => f.endsWith('.spool')).length
    expect(files()).toBe(segments.length)
    // The first segment's deliveries released out of order with later ones: only it goes.
    const first = got.filter((d) => d.segment === segments[0])
    spool.released([first[0]!, got.at(-1)!])
    await spool.settled()
    expect(files()).toBe(segments.length)
    spool.released(first.slice(1))
    await spool.settled()
    expect(files()).toBe(segments.length - 1)
    spool.released(got.filter((d) => d.segment !== segments[0] && d !== got.at(-1)))
    await spool.settled()
    expect(files()).toBe(0)
    // Appends go on in a new segment.
    await spool.append({ id: 'd6', body: Buffer.from('{"n":6}') })
    expect(spooledIds(dir)).toEqual([deliveryId(Buffer.from('{"n":6}'))])
    await spool.close()
    expect(spooledIds(dir)).toHaveLength(1) // not released: kept for the next start
  })
})

describe('a micro-batch\'s notices', () => {
  // (a delivery dated days ahead was stored unsaid: trial); each names its first delivery by the id
  // its POST was answered with, as the refusals do: "first at line 1" was the batch's 1st delivery
  it('are logged as `wacost ingest` prints them, naming the delivery instead of a line', async () => {
    const logs: string[] = []
    const a = await appOn(join(base, 'notices'), logs)
    try {
      const b = envelope(waba, phone, [{ id: 'wamid.spool-ahead', from: customer, at: '2099-05-01T08:00:00Z' }])
      const answer = await post(a, b)
      expect(answer.statusCode).toBe(200)
      const id = answer.json<{ id: string }>().id
      await expect.poll(() => marks(b), { timeout: 30_000 }).toBe(1)
      const said = logs.map((l) => JSON.parse(l) as { msg: string; notices?: string[] }).filter((l) => l.msg === 'webhook records accepted with notices')
      expect(said.flatMap((l) => l.notices)).toEqual([expect.stringMatching(new RegExp(`^1 record\\(s\\) give a time \\(of a message or a status\\) more than a day after this ingest \\(first in delivery ${id}: 2099-05-01 08:00:00 UTC\\): kept and priced as given`))])
    } finally { await a.close() }
  })
})

describe('a micro-batch\'s refusals', () => {
  // the count was named `deliveries` but counted records: one delivery with two refused records said 2
  it('are logged with how many records each reason refused and the id the first one\'s POST was answered with (the log named a line number: trial)', async () => {
    const logs: string[] = []
    const a = await appOn(join(base, 'refusals'), logs)
    try {
      const good = envelope(waba, phone, [{ id: 'wamid.spool-refusal-ok', from: customer, at: '2024-09-03T08:00:00Z' }])
      const bad = '{"hello":"world"}'
      const twice = envelope(waba, phone, [], ['x1', 'x2'].map((n) => ({ id: `wamid.spool-refusal-${n}`, status: 'bogus', at: '2024-09-03T08:00:05Z', to: customer })))
      expect((await post(a, good)).statusCode).toBe(200)
      const answer = await post(a, bad)
      expect(answer.statusCode).toBe(200)
      const id = answer.json<{ id: string }>().id
      expect(id).toBe(deliveryId(Buffer.from(bad)))
      expect((await post(a, twice)).statusCode).toBe(200)
      await expect.poll(async () => [await marks(bad), await marks(twice)], { timeout: 30_000 }).toEqual([1, 1])
      const said = logs.map((l) => JSON.parse(l) as { msg: string; rejections?: unknown[] }).filter((l) => l.msg === 'webhook records refused')
      const rejections = said.flatMap((l) => l.rejections)
      expect(rejections).toHaveLength(2)
      expect(rejections).toEqual(expect.arrayContaining([
        { reason: expect.stringMatching(/^not a webhook delivery/), records: 1, first_delivery: id },
        { reason: 'invalid status: bogus (expected sent, delivered, read or failed)', records: 2, first_delivery: deliveryId(Buffer.from(twice)) },
      ]))
    } finally { await a.close() }
  })
})

describe('the segment format', () => {
  it('frames records by length and CRC-32: a cut, a flipped bit or a foreign file is never read as a delivery', () => {
    const one = encodeRecord(Buffer.from('{"a":1}'), 1_700_000_000_000)
    const two = encodeRecord(Buffer.from('{"b":2}\n'), 1_700_000_000_001)
    const whole = Buffer.concat([SEGMENT_MAGIC, one, two])
    expect(decodeSegment(whole)).toEqual({ records: [{ body: Buffer.from('{"a":1}'), receivedAt: new Date(1_700_000_000_000) }, { body: Buffer.from('{"b":2}\n'), receivedAt: new Date(1_700_000_000_001) }] })
    for (let cut = SEGMENT_MAGIC.length + one.length + 1; cut < whole.length; cut++) {
      const r = decodeSegment(whole.subarray(0, cut))
      expect(r.records).toHaveLength(1)
      expect(r.damage?.offset).toBe(SEGMENT_MAGIC.length + one.length)
    }
    const flipped = Buffer.from(whole)
    flipped.writeUInt8(flipped.readUInt8(SEGMENT_MAGIC.length + 12) ^ 0x01, SEGMENT_MAGIC.length + 12)
    expect(decodeSegment(flipped)).toMatchObject({ records: [], damage: { offset: SEGMENT_MAGIC.length, reason: 'record checksum mismatch' } })
    expect(decodeSegment(Buffer.from('{"not":"a segment"}'))).toMatchObject({ records: [], damage: { reason: 'not a spool segment (wrong header)' } })
    expect(decodeSegment(SEGMENT_MAGIC.subarray(0, 3))).toMatchObject({ records: [], damage: { reason: 'segment header cut short' } })
    expect(decodeSegment(Buffer.alloc(0))).toEqual({ records: [] })
  })
})
