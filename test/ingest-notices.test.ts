// Lines the spec does not refuse but that are likely mistakes of the log (break-it trial): a
// message id with blanks at its ends (" wamid.A" is another id than "wamid.A": its status never
// reached it, with no word but an unmatched-status warning that printed the blank invisibly), and
// a wa_id that is no international number ("0", 40 digits). interfaces.md §1 asks only "digits
// only" of wa_id and nothing of an id's blanks, so both stay accepted as given and change no
// result (docs/rules.md); the ingest summary now points them out, with the first line of each.
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { describeBatch } from '../ingest/report.ts'
import { ingest, openEngine, verdicts, type Session } from './support/engine.ts'

let s: Session
let app: FastifyInstance
const key = 'notices-ingest-key-01234'
beforeAll(async () => {
  s = await openEngine()
  app = await buildApp({ session: s, keys: parseKeys(`${key}=*`), ingest: ingestSource })
})
afterAll(async () => { await app.close() })

const line = (id: string, waId: string, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-notice', phone_number_id: 'p-notice', wa_id: waId,
  direction: 'outbound', template_category: 'MARKETING', status: 'sent', ...extra,
})

const blankNotice = (n: number, first: number) => `${n} record(s) have a message_id that begins or ends with a blank (first at line ${first}): kept as given, `
  + 'so it is another id than the same without the blank (a status or correction for that one does not reach it)'
const waNotice = (n: number, first: number) => `${n} message line(s) have a wa_id that is not an international number (more than 15 digits, or starting with 0; `
  + `first at line ${first}): kept and priced as given`

describe('accepted lines the summary points out', () => {
  it('says how many ids have blanks at their ends and wa_ids are no international number; results as before', async () => {
    const summary = await ingest(s, [
      line('n-plain', '4915112345678'),
      line(' n-edged', '4915112345678'),
      { kind: 'status', message_id: 'n-edged\t', status: 'delivered', timestamp: '2025-12-01T10:01:00Z' },
      line('n-zero', '0', { direction: 'inbound', template_category: null, status: null }),
      line('n-long', '1234567890123456789012345678901234567890'),
      line('n-edged', '4915112345678', { status: 'delivered' }),
    ])
    expect(summary).toMatchObject({ lines: 6, accepted: 6, rejected: 0 })
    expect(summary.notices).toEqual([blankNotice(2, 2), waNotice(2, 4)])
    expect(describeBatch(summary).split('\n').slice(1)).toEqual([`  notice: ${blankNotice(2, 2)}`, `  notice: ${waNotice(2, 4)}`])
    // kept as given: three distinct ids, the blank-edged status reaches none of them
    const v = await verdicts(s, [' n-edged', 'n-edged', 'n-zero', 'n-long'])
    expect([...v.values()].map((r) => [r.message_id, r.verdict])).toEqual([
      [' n-edged', 'NOT_DELIVERED'], ['n-edged', 'OPENED'], ['n-long', 'NOT_DELIVERED'], ['n-zero', 'OPENED'],
    ])
  })

  it('says nothing for an ordinary log, and POST /api/ingest answers the same notices', async () => {
    expect((await ingest(s, [line('n-ok', '14155550100')])).notices).toEqual([])
    const res = await app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` }, payload: JSON.stringify(line('n-api ', '0')) })
    expect(res.statusCode).toBe(200)
    expect(res.json().notices).toEqual([blankNotice(1, 1), waNotice(1, 1)])
  })
})
