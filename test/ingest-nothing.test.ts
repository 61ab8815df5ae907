// POST /api/ingest of a body from which nothing can be derived answers as `wacost ingest` ends: a
// log with no line, only blank lines, or every line rejected is a 422 with the batch summary and
// a sentence saying why (it answered 200, so `curl --fail` and scripts took it for stored data,
// while the CLI exits 4 for the same input). A body of status lines only is stored (the statuses
// wait for their message), 200 like the CLI's 0. Meta's webhook deliveries do not go through this
// route: one holding no message is still acknowledged 200, or Meta would retry it for days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { envelope, signed, webhookConfig } from './support/webhook.ts'
import { tempDir } from './support/temp.ts'

const key = 'nothing-ingest-key-01234'
const scoped = 'nothing-scoped-key-01234'

let s: Session
let app: FastifyInstance
beforeAll(async () => {
  s = await openEngine()
  const spoolDir = join(tempDir('wacost-nothing-spool-'), 'spool')
  app = await buildApp({ session: s, keys: parseKeys(`${key}=*,${scoped}=w-a:ingest`), ingest: ingestSource, webhooks: { ...webhookConfig, spoolDir } })
  await app.ready()
}, 120_000)
afterAll(async () => { await app?.close() })

const post = (body: string, source: string, as = key) => app.inject({
  method: 'POST', url: `/api/ingest?source=${source}`, payload: body, headers: { authorization: `Bearer ${as}`, 'content-type': 'application/x-ndjson' },
})

interface Nothing {
  error: { code: string; message: string }
  batch: number; source: string; lines: number; blankLines: number; accepted: number; rejected: number
  rejections: { reason: string; lines: number; first_line: number }[]; rejected_lines: string | null; warnings: string[]
}

async function batchState(batch: number): Promise<string | undefined> {
  const rs = await s.db.client.query({ query: 'SELECT lines, accepted, rejected FROM ingest_batches FINAL WHERE batch_id = {b:UInt64}', query_params: { b: batch }, format: 'JSONEachRow' })
  const [r] = await rs.json<{ lines: string; accepted: string; rejected: string }>()
  return r ? `${r.lines}/${r.accepted}/${r.rejected}` : undefined
}

describe('POST /api/ingest with nothing to derive', () => {
  it('answers 422 NOTHING_TO_DERIVE with the summary for an empty body, and for one of blank lines only', async () => {
    const empty = await post('', 'empty')
    expect(empty.statusCode, empty.body).toBe(422)
    const e = empty.json<Nothing>()
    expect(e).toMatchObject({ error: { code: 'NOTHING_TO_DERIVE' }, source: 'empty', lines: 0, blankLines: 0, accepted: 0, rejected: 0, rejections: [], rejected_lines: null })
    expect(e.error.message).toBe('Nothing to derive: the body holds no lines; no record was stored.')
    // the batch is recorded, as the CLI's is: `wacost batches` lists it
    expect(await batchState(e.batch)).toBe('0/0/0')
    const blank = await post('\n  \n\r\n\n', 'blank')
    expect(blank.statusCode, blank.body).toBe(422)
    expect(blank.json<Nothing>()).toMatchObject({ error: { code: 'NOTHING_TO_DERIVE' }, lines: 0, blankLines: 4, accepted: 0, batch: e.batch + 1 })
    expect(blank.json<Nothing>().error.message).toBe('Nothing to derive: the body holds only blank lines (4); no record was stored.')
    // `wacost batches` lists it with the summary's lines, blank lines not among them ("only blank
    // lines (3, skipped)" beside `"lines":0` read as a disagreement: fresh-user trial; README says which)
    expect(await batchState(blank.json<Nothing>().batch)).toBe('0/0/0')
    // blanks of any length, also indented among records: a line of 3 was refused as "not valid
    // JSON" (break-it trial), whether the body held only blanks or records too
    const wide = await post('   \n\t\t\t\n        \r\n', 'wide-blank')
    expect(wide.statusCode, wide.body).toBe(422)
    expect(wide.json<Nothing>()).toMatchObject({ lines: 0, blankLines: 3, rejected: 0 })
    const among = await post('{"message_id":"blank-among-1","timestamp":"2025-12-01T10:00:00Z","waba_id":"w-a","phone_number_id":"p-a","wa_id":"14155550111","direction":"inbound"}\n    \n \t \r\n', 'among')
    expect(among.statusCode, among.body).toBe(200)
    expect(among.json<Nothing>()).toMatchObject({ lines: 1, blankLines: 2, accepted: 1, rejected: 0 })
  })

  it('answers 422 when every line was rejected, naming where the rejected lines are listed', async () => {
    const res = await post('not json\n{"message_id":"x"}\n', 'bad')
    expect(res.statusCode, res.body).toBe(422)
    const r = res.json<Nothing>()
    expect(r).toMatchObject({ error: { code: 'NOTHING_TO_DERIVE' }, lines: 2, accepted: 0, rejected: 2, rejected_lines: `/api/rejected?batch=${r.batch}` })
    expect(r.rejections.map((x) => x.first_line).sort()).toEqual([1, 2])
    expect(r.error.message).toBe(`Nothing to derive: all 2 lines were rejected (reasons in rejections; GET /api/rejected?batch=${r.batch} lists them).`)
    const one = (await post('not json', 'one')).json<Nothing>()
    expect(one.error.message).toBe(`Nothing to derive: the one line was rejected (reason in rejections; GET /api/rejected?batch=${one.batch} lists it).`)
    // the lines stay listed, as after `wacost ingest` exits 4
    const listed = await app.inject({ url: `${r.rejected_lines}&format=json`, headers: { authorization: `Bearer ${key}` } })
    expect(listed.json<{ line_no: number }[]>().map((l) => l.line_no)).toEqual([1, 2])
    // a key limited to some WABAs may not list rejected lines: the sentence does not send it there
    const foreign = await post('{"message_id":"nothing-f-1","timestamp":"2025-12-01T10:00:00Z","waba_id":"w-c","phone_number_id":"p-f","wa_id":"14155550111","direction":"inbound"}', 'foreign', scoped)
    expect(foreign.statusCode, foreign.body).toBe(422)
    expect(foreign.json<Nothing>()).toMatchObject({ accepted: 0, rejected: 1, rejections: [{ reason: expect.stringContaining('WABA w-c is not one this API key may write') }] })
    expect(foreign.json<Nothing>().error.message).toBe('Nothing to derive: the one line was rejected (reason in rejections).')
    // nor does the summary's link (break-it trial: it pointed a limited key at a route that refuses it)
    expect(foreign.json<Nothing>().rejected_lines).toBeNull()
  })

  it('answers 200 for status lines only: they are stored and wait for their message, as `wacost ingest` exits 0', async () => {
    const res = await post('{"kind":"status","message_id":"nothing-st-1","status":"read","timestamp":"2025-12-01T10:05:00Z","waba_id":"w-a"}\n', 'statuses')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ lines: 1, accepted: 1, rejected: 0 })
    expect(res.json().error).toBeUndefined()
  })

  it('documents the 422 answer, the summary included, in the OpenAPI document', () => {
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> }
    const answer = doc.paths['/api/ingest']!.post!.responses['422']
    expect(answer).toBeDefined()
    expect(JSON.stringify(answer)).toContain('NOTHING_TO_DERIVE')
    expect(JSON.stringify(answer)).toContain('rejected_lines')
  })
})

describe('a webhook delivery with no message', () => {
  it('is still acknowledged 200 to Meta (not through POST /api/ingest)', async () => {
    for (const body of [envelope('waba-none', 'pn-none', []), JSON.stringify({ object: 'whatsapp_business_account', entry: [] })]) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: body, headers: signed(body) })
      expect(res.statusCode, res.body).toBe(200)
    }
    await app.webhooks!.batcher.settled()
    const st = await app.inject({ url: '/api/webhooks/status', headers: { authorization: `Bearer ${key}` } })
    expect(st.json()).toMatchObject({ waiting: 0 })
  })
})
