// What Meta's webhook receiver tells an operator in its log (fresh-user trial): a refused
// verification handshake says what was wrong (every refusal read `wrong_verify_token`, also a
// wrong mode or a missing challenge), counted by that reason, never naming the token; and a
// delivery for a WABA the register (--wabas) does not list is stored and derived as before, but
// said once per WABA (it showed on the dashboard as "999000111222333 (UTC)" unsaid), and not
// at all while no register is loaded; bytes after a compressed delivery's data, ignored, are said.
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { loadReference } from '../core/reference/load.ts'
import type { Session } from './support/engine.ts'
import { get } from './support/api.ts'
import { envelope, signed, verifyToken } from './support/webhook.ts'
import { openLoggedWebhookApp } from './support/webhook-app.ts'

const url = '/webhooks/whatsapp'
let logs: string[]
let session: Session
let app: FastifyInstance

beforeAll(async () => { ({ session, app, logs } = await openLoggedWebhookApp('warn', 'words')) }, 120_000)
afterAll(async () => { await app?.close() })

interface LogLine { msg: string; level?: number; reason?: string; waba?: string; mode?: string; notices?: string[] }
const logged = () => logs.map((l) => JSON.parse(l) as LogLine)
const refused = async () => (await get(app, '/api/webhooks/status')).json<{ refused: Record<string, number> }>().refused

describe('a refused verification handshake', () => {
  const challenge = '1158201444'
  const cases: [string, string, RegExp][] = [
    ['wrong_mode', `hub.mode=unsubscribe&hub.verify_token=${verifyToken}&hub.challenge=${challenge}`, /^hub\.mode is not subscribe: Meta's verification request sends hub\.mode=subscribe\.$/],
    ['wrong_mode', '', /^hub\.mode is missing: this is not Meta's verification request/],
    ['missing_verify_token', `hub.mode=subscribe&hub.challenge=${challenge}`, /^hub\.verify_token is missing: type the verify token in Meta's webhook settings/],
    ['missing_verify_token', `hub.mode=subscribe&hub.verify_token=&hub.challenge=${challenge}`, /^hub\.verify_token is missing/],
    ['wrong_verify_token', `hub.mode=subscribe&hub.verify_token=${verifyToken}x&hub.challenge=${challenge}`, /^hub\.verify_token is not this server's verify token: type the same string in Meta's webhook settings .* WACOST_WEBHOOK_VERIFY_TOKEN\.$/],
    ['missing_challenge', `hub.mode=subscribe&hub.verify_token=${verifyToken}`, /^hub\.challenge is missing: Meta sends a number for the server to answer back/],
    ['missing_challenge', `hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=`, /^hub\.challenge is missing/],
    // 201 characters: was a 400 in the schema's words (querystring/hub.challenge must NOT have more than 200 characters)
    ['challenge_too_long', `hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${challenge.repeat(20)}x`,
      /^hub\.challenge is 201 characters long, more than the 200 this server answers back: Meta sends a number of about ten digits, so this request is not Meta's\.$/],
  ]

  for (const [reason, query, words] of cases) {
    const shown = query.replaceAll(verifyToken, 'TOKEN').replace(`${challenge.repeat(20)}x`, '<201 characters>')
    it(`says ${reason} in the log, the 403 and the count (?${shown || 'nothing'})`, async () => {
      const before = await refused()
      const from = logs.length
      const res = await app.inject({ method: 'GET', url: query ? `${url}?${query}` : url })
      expect(res.statusCode).toBe(403)
      const message = res.json<{ error: { code: string; message: string } }>().error.message
      expect(message).toMatch(/^Verification refused: /)
      expect(message.replace('Verification refused: ', '')).toMatch(words)
      expect(res.body).not.toContain(challenge)
      expect(res.body).not.toContain(verifyToken)
      const said = logs.slice(from).map((l) => JSON.parse(l) as LogLine).filter((l) => l.msg.startsWith('webhook handshake refused'))
      expect(said).toHaveLength(1)
      expect(said[0]!.reason).toBe(reason)
      expect(said[0]!.msg).toBe(`webhook handshake refused (${reason}): ${message.replace('Verification refused: ', '')}`)
      // the token given, right or wrong, is never logged
      expect(logs.slice(from).join('')).not.toContain(verifyToken)
      const after = await refused()
      for (const k of Object.keys(after)) expect([k, after[k]]).toEqual([k, before[k]! + (k === reason ? 1 : 0)])
    })
  }

  it('still answers Meta\'s own request with the challenge, counting and logging nothing', async () => {
    const before = await refused()
    const from = logs.length
    const res = await app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${challenge}` })
    expect([res.statusCode, res.body]).toEqual([200, challenge])
    expect(await refused()).toEqual(before)
    expect(logs.slice(from)).toEqual([])
  })

  it('answers a challenge of 200 characters, the longest it repeats', async () => {
    const long = challenge.repeat(20)
    const res = await app.inject({ method: 'GET', url: `${url}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${long}` })
    expect([res.statusCode, res.body]).toEqual([200, long])
  })
})

describe('a delivery for a WABA the register does not list', () => {
  const phone = 'pn-words'
  let n = 0
  /** Posts one delivery of an inbound message under `waba`, waits for its micro-batch; answers the message's id. */
  async function deliver(waba: string): Promise<string> {
    const id = `wamid.words-${++n}`
    const body = envelope(waba, `${phone}-${waba}`, [{ id, from: '14155550188', at: `2025-12-${10 + n}T10:00:00Z` }])
    expect((await app.inject({ method: 'POST', url, payload: body, headers: signed(body) })).statusCode).toBe(200)
    await app.webhooks!.batcher.settled()
    return id
  }
  const told = () => logged().filter((l) => l.reason === 'waba_not_in_register')

  it('is not said while no register is loaded (every WABA is then unnamed alike)', async () => {
    const id = await deliver('999000111222333')
    expect((await get(app, `/api/messages/${id}?format=json`)).statusCode).toBe(200)
    expect(told()).toEqual([])
  })

  it('is said once per WABA once a register is loaded, naming it and how to add it; its data are stored all the same', async () => {
    await session.exclusive(() => loadReference(session.db, { wabas: fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url)) }))
    const listed = await deliver('waba-ny') // in test/fixtures/wabas.csv
    const first = await deliver('999000111222333')
    expect(told()).toEqual([expect.objectContaining({ waba: '999000111222333' })])
    expect(told()[0]!.msg).toBe('webhook deliveries for WABA 999000111222333, which the WABA register (--wabas) does not list: stored and derived, '
      + 'its days and months are counted in UTC and the dashboard shows it by its id, with no name. To name it and give its time zone, add the row '
      + '"999000111222333,<name>,<IANA time zone>" to the WABA file (waba_id,name,timezone; the file replaces the register: keep every WABA in it), '
      + 'then, with the server stopped, run npx wacost rebuild --wabas FILE. Said once per WABA while the server runs.')
    // a second delivery for it (another batch) is not said again; another unlisted WABA is
    const again = await deliver('999000111222333')
    const other = await deliver('999000444555666')
    expect(told().map((l) => l.waba)).toEqual(['999000111222333', '999000444555666'])
    for (const id of [listed, first, again, other]) expect((await get(app, `/api/messages/${id}?format=json`)).statusCode).toBe(200)
  })
})

// Bytes after a compressed delivery's gzip or deflate data were ignored unsaid (the route passed no
// notices), where POST /api/ingest says them: one warning line of the log, the 200 unchanged.
// Break-it trial: after br data they were still unsaid, and the line named only the request id,
// which no other line about the delivery carries: it names the delivery's id, as the 200 does.
describe('a compressed delivery with bytes after its data', () => {
  const tail = Buffer.from('garbage!!')
  for (const [coding, pack, data] of [['gzip', gzipSync, 'gzip'], ['deflate', deflateSync, 'deflate'], ['br', brotliCompressSync, 'brotli']] as const) {
    it(`(Content-Encoding: ${coding}) is stored and logged as a warning saying the bytes were ignored, naming the delivery's id`, async () => {
      const body = Buffer.concat([pack(Buffer.from(envelope('999000777888999', 'pn-tail', [{ id: `wamid.tail-${coding}`, from: '14155550188', at: '2025-12-20T10:00:00Z' }]))), tail])
      const res = await app.inject({ method: 'POST', url, payload: body, headers: { ...signed(body), 'content-encoding': coding } })
      expect(res.statusCode).toBe(200)
      const { id } = res.json<{ id: string }>()
      const said = logged().filter((l) => l.msg.startsWith('webhook delivery: '))
      const words = `9 byte(s) that are not ${data} data came after the end of the ${data} data and were ignored`
        + `${coding === 'gzip' ? ', as gzip -d ignores them ("trailing garbage ignored")' : ''}; the delivery's ${data} data before them was read`
      expect(said.at(-1)).toMatchObject({ level: 40, delivery: id, notices: [words], msg: `webhook delivery: ${words} (delivery ${id})` })
      await app.webhooks!.batcher.settled()
      expect((await get(app, `/api/messages/wamid.tail-${coding}?format=json`)).statusCode).toBe(200)
    })
  }

  // Two gzip members, each a document (a delivery is one: Meta never sends more): as any delivery
  // that is not what Meta sends, it is stored (signed, so answered 200: a 400 would be sent again
  // for days) and refused in its micro-batch, kept with its reason, never dropped unsaid.
  // Two zlib streams (Content-Encoding: deflate) likewise: the second was not read, its document
  // dropped with no rejected line, said only in the server's log (break-it trial).
  for (const [coding, pack] of [['gzip', gzipSync], ['deflate', deflateSync]] as const) {
    it(`(two ${coding === 'gzip' ? 'gzip members' : 'deflate streams'}, each a document) is answered 200, then listed rejected with its reason`, async () => {
      const doc = (id: string) => Buffer.from(envelope('999000777888999', 'pn-two', [{ id, from: '14155550187', at: '2025-12-20T11:00:00Z' }]))
      const body = Buffer.concat([pack(doc(`wamid.two-first-${coding}`)), pack(doc(`wamid.two-second-${coding}`))])
      const warned = logged().length
      const res = await app.inject({ method: 'POST', url, payload: body, headers: { ...signed(body), 'content-encoding': coding } })
      expect(res.statusCode).toBe(200)
      expect(logged().slice(warned).filter((l) => l.msg.startsWith('webhook delivery: '))).toEqual([])
      await app.webhooks!.batcher.settled()
      const rejected = (await get(app, '/api/rejected?batch=0&format=json')).json<{ raw: string; reason: string }[]>()
      const it = rejected.find((r) => r.raw.includes(`wamid.two-first-${coding}`))
      expect(it?.raw).toContain(`wamid.two-second-${coding}`)
      expect(it?.reason).toMatch(/after the end of/)
      for (const n of ['first', 'second']) expect((await get(app, `/api/messages/wamid.two-${n}-${coding}?format=json`)).statusCode).toBe(404)
    })
  }
})

// Meta sends other fields than `messages` on the same webhook (account_update, template status
// updates): listed in GET /api/rejected and logged as "webhook records refused" with "webhook
// envelope holds no messages or statuses", read as an error (webhook trial). Still kept, each with
// its reason, which names the field and says it is no error; logged apart, not as refused.
describe('a delivery of another field than messages', () => {
  it('is kept with a reason naming its field, not an error, and logged so (not as refused)', async () => {
    const change = (field: string, value: object) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '104729318650012', time: 1733400000, changes: [{ field, value }] }] })
    const bodies = [
      change('account_update', { phone_number: '15550100501', event: 'VERIFIED_ACCOUNT' }),
      change('message_template_status_update', { event: 'APPROVED', message_template_id: 12345, message_template_name: 'other-field-hello', message_template_language: 'en_US' }),
    ]
    const before = logged().length
    const ids: string[] = []
    for (const body of bodies) {
      const res = await app.inject({ method: 'POST', url, payload: body, headers: { ...signed(body), 'content-type': 'application/json' } })
      expect(res.statusCode).toBe(200)
      ids.push(res.json<{ id: string }>().id)
    }
    await app.webhooks!.batcher.settled()
    const rejected = (await get(app, '/api/rejected?batch=0&format=json')).json<{ raw: string; reason: string }[]>()
    const reason = (field: string) => `a webhook delivery of the field ${field}, which carries no messages or statuses: not an error, kept for the record; `
      + 'costs need only the messages field (subscribe the webhook to messages alone)'
    expect(rejected.filter((r) => bodies.includes(r.raw)).map((r) => r.reason).sort()).toEqual([reason('account_update'), reason('message_template_status_update')])
    const said = logged().slice(before) as (LogLine & { deliveries?: { reason: string; first_delivery: string }[] })[]
    expect(said.filter((l) => l.msg === 'webhook records refused')).toEqual([])
    const kept = said.filter((l) => l.msg.startsWith('webhook deliveries of fields other than messages kept with their reason (not an error'))
    expect(kept.flatMap((l) => l.deliveries!.map((d) => d.first_delivery)).sort()).toEqual([...ids].sort())
  })
})
