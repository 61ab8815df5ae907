// An ingest key limited to one WABA writes only that WABA's messages and charges (break-it trial
// of 2026-12-01, F2/F2b, notes/break-repro/scope_*.ndjson), through POST /api/ingest on the real
// engine: a message line that re-files another WABA's message id under the key's WABA, and a
// status line naming the key's WABA for another WABA's message, are refused with a reason that
// names the owner, and change nothing there (ledger and verdicts identical); a status sent before
// its message gives the same charges as after it (its facts count only in the key's WABA); a
// webhook envelope of another WABA is refused for its WABA; corrections within the key's own
// WABA still work; a batch cut into groups gives what one group gives; an unrestricted key keeps
// "last message line wins".
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { postLog, rejectedReasons } from './support/scoped-ingest.ts'
import { ingest, ledger, openEngine, verdicts, type Session } from './support/engine.ts'

const keys = { a: 'waba-a-ingest-key-0123456', all: 'all-wabas-ingest-key-0123' }

let s: Session
let app: FastifyInstance

const msg = (id: string, waba: string, phone: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: waba, phone_number_id: phone, wa_id: '14155550111', direction: 'outbound',
  template_category: 'AUTHENTICATION', status: 'sent', ...extra,
})
const status = (id: string, st: string, waba?: string) => ({
  kind: 'status', message_id: id, status: st, timestamp: '2025-12-01T10:00:05Z', ...(waba ? { waba_id: waba } : {}),
})
const envelope = (waba: string, phone: string, statuses: Array<{ id: string; status: string }>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: waba, changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: phone },
    statuses: statuses.map((x) => ({ ...x, timestamp: '1764583210', recipient_id: '14155550111' })) } }] }],
})

const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n')
const post = (lines: unknown[], key = keys.a) => postLog(app, lines, key)

const rejected = (batch: number) => rejectedReasons(s.db, batch)

/** Everything WABA B is charged and judged: its ledger and the verdicts of its messages. */
async function wabaB() {
  const ids = ['b-in', 'b-auth', 'b-first', 'b-late', 'b-late2']
  return { ledger: (await ledger(s)).filter((r) => r.waba_id === 'w-b'), verdicts: [...(await verdicts(s, ids)).values()].sort((x, y) => x.message_id.localeCompare(y.message_id)) }
}

async function wabaOf(id: string): Promise<string[]> {
  const rs = await s.db.client.query({ query: 'SELECT waba_id FROM messages FINAL WHERE message_id = {id:String} AND deleted = 0', query_params: { id }, format: 'JSONEachRow' })
  return (await rs.json<{ waba_id: string }>()).map((r) => r.waba_id)
}

const reason = (id: string) => `message id ${id} belongs to WABA w-b, which this API key may not write (it may write WABA w-a)`

beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(`${keys.a}=w-a:ingest,${keys.all}=*:ingest`), ingest: ingestSource })
  // WABA B: an inbound message and an authentication message still pending (sent, never
  // delivered: NOT_DELIVERED, no charge); WABA A: one sent. Outbound lines say `sent` throughout.
  expect((await ingest(s, [
    msg('b-in', 'w-b', 'p-b', { direction: 'inbound', template_category: undefined, status: undefined, type: 'text', timestamp: '2025-12-01T09:00:00Z' }),
    msg('b-auth', 'w-b', 'p-b'),
    msg('a-1', 'w-a', 'p-a'),
  ])).rejected).toBe(0)
})
afterAll(async () => { await app?.close() })

describe('a key limited to WABA A', () => {
  it('cannot re-file a message of WABA B under A, nor mark it (scope_hijack.ndjson, lines 4 and 5), in either order', async () => {
    const before = await wabaB()
    const res = await post([
      status('b-in', 'failed', 'w-a'),
      msg('b-in', 'w-a', 'p-b', { direction: 'inbound', template_category: undefined, status: undefined, type: 'text', timestamp: '2025-12-01T09:00:00Z' }),
      status('b-in', 'read', 'w-a'),
    ])
    expect(res).toMatchObject({ accepted: 0, rejected: 3 })
    expect(await rejected(res.batch)).toEqual([[1, reason('b-in')], [2, reason('b-in')], [3, reason('b-in')]])
    expect(await wabaOf('b-in')).toEqual(['w-b'])
    expect(await wabaB()).toEqual(before)
  })

  // A key of Northwind wrote a utility template with Lumen Bank's phone number 39 min before a
  // charged Lumen conversation: accepted with a notice, Lumen's charge became REUSED in a window
  // only Northwind could see (fresh-user trial): the phone number's stored WABA decides.
  it('cannot write a message with a phone number of WABA B under A: it would open, reuse or close B\'s windows', async () => {
    const before = await wabaB()
    const res = await post([
      msg('a-on-b', 'w-a', 'p-b', { template_category: 'UTILITY', status: 'delivered', timestamp: '2025-12-01T08:59:00Z' }),
      status('a-on-b', 'read', 'w-a'),
      msg('a-own', 'w-a', 'p-a', { wa_id: '14155550199', status: 'delivered' }),
    ])
    expect(res).toMatchObject({ accepted: 1, rejected: 2 })
    const why = 'phone number p-b belongs to WABA w-b, which this API key may not write (it may write WABA w-a): a message of it would change that WABA\'s conversations'
    expect(await rejected(res.batch)).toEqual([[1, why], [2, why]])
    expect(await wabaOf('a-on-b')).toEqual([])
    expect(await wabaOf('a-own')).toEqual(['w-a'])
    expect(await wabaB()).toEqual(before)
  })

  it('cannot make a message of WABA B delivered (scope_status_foreign.ndjson): no new charge there', async () => {
    const before = await wabaB()
    expect(before.verdicts.find((v) => v.message_id === 'b-auth')?.verdict).toBe('NOT_DELIVERED')
    const res = await post([status('b-auth', 'delivered', 'w-a'), status('b-auth', 'read', 'w-a')])
    expect(res).toMatchObject({ accepted: 0, rejected: 2 })
    expect(await rejected(res.batch)).toEqual([[1, reason('b-auth')], [2, reason('b-auth')]])
    expect(await wabaB()).toEqual(before)
  })

  it('gets a webhook envelope of WABA B refused for its WABA (not for a missing entry[].id); its own envelope\'s statuses are taken', async () => {
    const res = await post([envelope('w-b', 'p-b', [{ id: 'b-auth', status: 'delivered' }]), envelope('w-a', 'p-a', [{ id: 'a-1', status: 'delivered' }])])
    expect(res).toMatchObject({ accepted: 1, rejected: 1 })
    expect(await rejected(res.batch)).toEqual([[1, 'WABA w-b is not one this API key may write (it may write WABA w-a)']])
    expect((await verdicts(s, ['a-1', 'b-auth'])).get('a-1')?.verdict).not.toBe('NOT_DELIVERED')
    expect((await verdicts(s, ['b-auth'])).get('b-auth')?.verdict).toBe('NOT_DELIVERED')
  })

  it('still corrects its own messages (last message line wins within WABA A)', async () => {
    const res = await post([msg('a-1', 'w-a', 'p-a2'), msg('a-2', 'w-a', 'p-a'), status('a-2', 'delivered', 'w-a')])
    expect(res).toMatchObject({ accepted: 3, rejected: 0 })
    const v = await verdicts(s, ['a-1', 'a-2'])
    expect(v.get('a-2')?.verdict).not.toBe('NOT_DELIVERED')
    expect((await ledger(s, 'p-a2')).map((r) => r.opening_message_id)).toEqual(['a-1'])
    expect(await wabaOf('a-1')).toEqual(['w-a'])
  })

  it('sends a status before its message: it counts only if the message turns out to be in WABA A, whichever order and batch', async () => {
    // message of B first, then A's status: refused
    await ingest(s, [msg('b-first', 'w-b', 'p-b', { wa_id: '14155550122' })])
    expect(await post([status('b-first', 'delivered', 'w-a')])).toMatchObject({ accepted: 0, rejected: 1 })
    // A's status first (no message yet: it waits), then B's message in a later batch: the status does not count
    expect(await post([status('b-late', 'delivered', 'w-a'), status('a-late', 'delivered', 'w-a')])).toMatchObject({ accepted: 2, rejected: 0 })
    await ingest(s, [msg('b-late', 'w-b', 'p-b', { wa_id: '14155550133' }), msg('a-late', 'w-a', 'p-a', { wa_id: '14155550133' })])
    // the same within one batch of the unrestricted key after the status
    expect(await post([status('b-late2', 'failed', 'w-a')])).toMatchObject({ accepted: 1 })
    expect(await post([msg('b-late2', 'w-b', 'p-b', { wa_id: '14155550144' }), status('b-other', 'delivered')], keys.all)).toMatchObject({ accepted: 2 })
    const v = await verdicts(s, ['b-first', 'b-late', 'b-late2', 'a-late'])
    expect(v.get('b-first')?.verdict).toBe('NOT_DELIVERED')
    expect(v.get('b-late')?.verdict).toBe('NOT_DELIVERED')
    expect(v.get('b-late2')?.verdict).toBe('NOT_DELIVERED')
    // in its own WABA the early status counts as ever
    expect(v.get('a-late')?.verdict).not.toBe('NOT_DELIVERED')
  })


  it('gives the same result whether a batch is one group or many (every line its own group)', async () => {
    const run = async (tag: string, sizes: { chunkBytes?: number; groupBytes?: number }, n: number) => {
      // each run its own customers, so that the runs' conversations do not meet
      const wa = (i: number) => String(14155550000 + n * 10 + i)
      await ingest(s, [msg(`${tag}-b`, 'w-b', 'p-b', { wa_id: wa(1) })])
      const body = ndjson([
        status(`${tag}-new`, 'delivered', 'w-a'), msg(`${tag}-new`, 'w-a', 'p-a', { wa_id: wa(1) }),
        status(`${tag}-b`, 'delivered', 'w-a'), msg(`${tag}-b`, 'w-a', 'p-b', { wa_id: wa(1) }),
        status(`${tag}-pend`, 'delivered', 'w-a'), msg(`${tag}-new`, 'w-a', 'p-a', { wa_id: wa(2) }),
      ])
      const sum = await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), tag, undefined, { wabas: ['w-a'], ...sizes }))
      await ingest(s, [msg(`${tag}-pend`, 'w-b', 'p-b', { wa_id: wa(3) })])
      const v = await verdicts(s, [`${tag}-new`, `${tag}-b`, `${tag}-pend`])
      return {
        counts: [sum.accepted, sum.rejected],
        rejected: (await rejected(sum.batch)).map(([line, r]) => [line, r.replace(tag, 'T')]),
        verdicts: [...v.values()].map((x) => [x.message_id.replace(tag, 'T'), x.verdict]).sort(),
        wabas: [await wabaOf(`${tag}-new`), await wabaOf(`${tag}-b`)],
      }
    }
    const one = await run('g1', {}, 50)
    expect(one.counts).toEqual([4, 2])
    expect(one.rejected).toEqual([[3, reason('T-b')], [4, reason('T-b')]])
    expect(one.verdicts).toEqual([['T-b', 'NOT_DELIVERED'], ['T-new', 'OPENED'], ['T-pend', 'NOT_DELIVERED']])
    expect(await run('gn', { chunkBytes: 1, groupBytes: 1 }, 60)).toEqual(one)
  })
})

describe('an unrestricted key', () => {
  it('keeps "last message line wins" (it may move a message to another WABA), and a move drops the facts admitted only for the old WABA', async () => {
    // a-2 was delivered through A's key; the admin re-files it (same key) under WABA B
    expect((await verdicts(s, ['a-2'])).get('a-2')?.verdict).not.toBe('NOT_DELIVERED')
    expect(await post([msg('a-2', 'w-b', 'p-a')], keys.all)).toMatchObject({ accepted: 1, rejected: 0 })
    expect(await wabaOf('a-2')).toEqual(['w-b'])
    expect((await verdicts(s, ['a-2'])).get('a-2')?.verdict).toBe('NOT_DELIVERED')
    // a status through the unrestricted key counts wherever the message is
    expect(await post([status('b-auth', 'delivered')], keys.all)).toMatchObject({ accepted: 1 })
    expect((await verdicts(s, ['b-auth'])).get('b-auth')?.verdict).not.toBe('NOT_DELIVERED')
    // p-a, now given once under B too, stays WABA A's (its first stored line's): A's key still writes it
    expect(await post([msg('a-after', 'w-a', 'p-a', { wa_id: '14155550177' })])).toMatchObject({ accepted: 1, rejected: 0 })
  })
})
