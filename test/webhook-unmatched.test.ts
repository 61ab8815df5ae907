// Statuses for messages the product never stored, told while the server runs (fresh-user trial):
// Meta sends statuses also for messages the business sent through other tools, and `npm start`
// said them only at its next start. The micro-batcher logs a line when webhook batches brought
// status records naming no stored message (how many, and the totals then; how to ingest the
// message lines and list them), at most once a minute, counting the whole database's totals
// only then (not after every micro-batch: 0.3-1 s each at 10M); a status for a stored message
// says nothing; GET /api/webhooks/status shows the totals. Then the rate limit itself
// (UnmatchedNotice) on a fake clock.
import { Writable } from 'node:stream'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { UnmatchedNotice } from '../api/webhooks/unmatched.ts'
import type { UnmatchedTotals } from '../core/reports.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { ingest, openEngine, type Session } from './support/engine.ts'
import { adminKey, get } from './support/api.ts'
import { status, template } from './support/log.ts'
import { envelope, signed, webhookConfig } from './support/webhook.ts'
import { tempDir } from './support/temp.ts'

const url = '/webhooks/whatsapp'
const waba = 'waba-unm'
const phone = 'pn-unm'
const customer = '14155550177'
const logs: string[] = []
let session: Session
let app: FastifyInstance

interface Told {
  msg: string; reason?: string; batch?: number | null; status_records?: number
  unmatched_message_ids?: number; unmatched_status_records?: number
}
const told = () => logs.map((l) => JSON.parse(l) as Told).filter((l) => l.reason === 'unmatched_statuses')
const totals = async () => {
  const s = (await get(app, '/api/webhooks/status')).json<{ unmatched_statuses: number | null; unmatched_status_records: number | null; last_batch: { batch: number; statuses_without_message: number } | null }>()
  return { ids: s.unmatched_statuses, records: s.unmatched_status_records, batch: s.last_batch?.batch, without: s.last_batch?.statuses_without_message }
}

/** Posts one delivery of `statuses` (message id, status) and waits for its micro-batch. */
async function deliver(statuses: [string, string][]): Promise<void> {
  const body = envelope(waba, phone, [], statuses.map(([id, s], i) => ({ id, status: s, at: `2025-12-10T10:00:0${i}Z`, to: customer })))
  expect((await app.inject({ method: 'POST', url, payload: body, headers: signed(body) })).statusCode).toBe(200)
  await app.webhooks!.batcher.settled()
}

beforeAll(async () => {
  session = await openEngine()
  // a status for a message never stored before the server starts: `npm start` says it then, the log does not again
  await ingest(session, [{ ...status('wamid.unm-before', 'sent', 10), waba_id: waba }])
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logs.push(chunk.toString()); done() } })
  app = await buildApp({
    session, keys: parseKeys(`${adminKey}=*`), ingest: ingestSource,
    webhooks: { ...webhookConfig, spoolDir: join(tempDir('wacost-unmatched-spool-'), 'spool') }, logger: { level: 'warn', stream: sink },
  })
  await app.ready()
}, 120_000)
afterAll(async () => { await app?.close() })

describe('statuses for messages not stored, while the server runs', () => {
  it('the status route shows the total at start, and a status for a stored message says nothing', async () => {
    expect(await totals()).toMatchObject({ ids: 1, records: 1 })
    await ingest(session, [template({ waba_id: waba, phone_number_id: phone, wa_id: customer }, 'wamid.unm-stored', 24 * 9, 'MARKETING')])
    await deliver([['wamid.unm-stored', 'delivered']])
    expect(told()).toEqual([])
    expect(await totals()).toMatchObject({ ids: 1, records: 1, without: 0 })
  })

  it('a status for an unknown message is logged with its counts, what it means and what to do', async () => {
    await deliver([['wamid.unm-a', 'sent'], ['wamid.unm-a', 'delivered']])
    const { batch, without } = await totals()
    expect(without).toBe(2)
    // said right after the batch, once the totals are counted
    await vi.waitFor(() => expect(told()).toHaveLength(1), { timeout: 30_000 })
    expect(told()).toEqual([expect.objectContaining({ batch, status_records: 2, unmatched_message_ids: 2, unmatched_status_records: 3 })])
    expect(told()[0]!.msg).toBe('webhook statuses for messages this server has not stored: 2 status records with no message line '
      + 'came since the server started; 2 message ids (3 status records) now have statuses but no message line. Meta also sends statuses for '
      + 'messages the business sent through other tools; the cost of these messages cannot be derived until their message lines are ingested: '
      + '`npx wacost ingest FILE` of the business\'s message log (through this server), or POST /api/ingest. `npx wacost statuses --unmatched` '
      + 'lists them once the server is stopped (it holds the database; no route lists them). Said when more come, at most once a minute.')
    expect(await totals()).toMatchObject({ ids: 2, records: 3 })
  })

  // fresh-user trial: within the minute the log says nothing, and the status route's last batch
  // said nothing either; it counts the batch's statuses that name no stored message
  it('another within the minute is not said again; the status route counts it, and the last batch its status', async () => {
    await deliver([['wamid.unm-b', 'sent']])
    expect(told()).toHaveLength(1)
    expect(await totals()).toMatchObject({ ids: 3, records: 4, without: 1 })
  })

  it('a message log through POST /api/ingest updates the total at once (its answer said it)', async () => {
    const line = JSON.stringify(template({ waba_id: waba, phone_number_id: phone, wa_id: customer }, 'wamid.unm-a', 24 * 9, 'MARKETING'))
    const res = await app.inject({ method: 'POST', url: '/api/ingest', payload: line, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/x-ndjson' } })
    expect(res.statusCode).toBe(200)
    expect(res.json<{ unmatchedStatuses: number }>().unmatchedStatuses).toBe(2)
    expect(await totals()).toMatchObject({ ids: 2, records: 2 })
    expect(told()).toHaveLength(1)
  })

  it('a growth still waiting for its minute is said when the server stops, counted since the last line', async () => {
    await app.close()
    expect(told()).toHaveLength(2)
    expect(told()[1]).toMatchObject({ status_records: 1, unmatched_message_ids: 2, unmatched_status_records: 2 })
    expect(told()[1]!.msg).toContain('1 status record with no message line came since the last such line; 2 message ids (2 status records)')
  })
})

describe('the rate limit (UnmatchedNotice)', () => {
  afterEach(() => { vi.useRealTimers() })
  const notice = (totals: () => Promise<UnmatchedTotals>) => {
    const lines: Told[] = []
    let counts = 0
    const n = new UnmatchedNotice({ warn: (o, msg) => { lines.push({ ...o, msg }) } }, 60_000, false, () => { counts++; return totals() })
    return { n, lines, counted: () => counts }
  }

  it('says what came at once, then at most once a minute all that came since; counts the totals only to say them', async () => {
    vi.useFakeTimers()
    let now: UnmatchedTotals = { messageIds: 0, records: 0 }
    const { n, lines, counted } = notice(async () => now)
    // a batch without such statuses: nothing counted, nothing said
    n.afterBatch(1, 0)
    await vi.advanceTimersByTimeAsync(0)
    expect(counted()).toBe(0)
    now = { messageIds: 1, records: 2 }
    n.afterBatch(2, 2)
    await vi.advanceTimersByTimeAsync(0)
    expect(lines).toEqual([expect.objectContaining({ batch: 2, status_records: 2, unmatched_message_ids: 1, unmatched_status_records: 2 })])
    expect(lines[0]!.msg).toContain('2 status records with no message line came since the server started; 1 message id (2 status records)')
    expect(lines[0]!.msg).toContain('`npx wacost statuses --unmatched` lists them. Said when')
    // two batches within a minute of the line: one line once the minute is over, with both
    now = { messageIds: 2, records: 3 }
    n.afterBatch(3, 1)
    await vi.advanceTimersByTimeAsync(10_000)
    now = { messageIds: 4, records: 6 }
    n.afterBatch(4, 2)
    await vi.advanceTimersByTimeAsync(49_999)
    expect(lines).toHaveLength(1)
    expect(counted()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatchObject({ batch: 4, status_records: 3, unmatched_message_ids: 4, unmatched_status_records: 6 })
    expect(lines[1]!.msg).toContain('came since the last such line')
    await vi.advanceTimersByTimeAsync(600_000)
    await n.stop()
    expect(lines).toHaveLength(2)
    expect(counted()).toBe(2)
  })

  it('says at stop what waits for its minute; a count the engine refused is said again within the minute', async () => {
    vi.useFakeTimers()
    let refuse = true
    const { n, lines } = notice(async () => {
      if (refuse) throw new Error('engine stopping')
      return { messageIds: 1, records: 1 }
    })
    n.afterBatch(1, 1)
    await vi.advanceTimersByTimeAsync(0)
    expect(lines).toEqual([expect.objectContaining({ msg: expect.stringContaining('could not count them now (engine stopping); said again within a minute') })])
    refuse = false
    await vi.advanceTimersByTimeAsync(60_000)
    expect(lines[1]).toMatchObject({ batch: 1, status_records: 1, unmatched_message_ids: 1 })
    n.afterBatch(2, 3)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(lines).toHaveLength(2)
    await n.stop()
    expect(lines[2]).toMatchObject({ batch: 2, status_records: 3 })
  })
})
