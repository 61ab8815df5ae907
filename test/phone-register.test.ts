// The register of business phone numbers (phone-numbers.csv with its optional waba_id column)
// names which WABA owns a number (billing-rules.md: "A WABA owns phone numbers"). Before it, the
// owner was always the WABA of the number's first stored line (view phone_number_owners,
// migration 741), which left two holes for keys limited to some WABAs (stop notes of 2026-12-04):
// a key that is first to give a number not yet stored claimed it, and a number an admin moved
// to another WABA stayed its first WABA's for ever (that WABA's key could still open, reuse or
// close windows on it; the new owner's key could not write it). Through POST /api/ingest on the
// real engine; the notice of an unrestricted ingest names the register too.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { postLog, rejectedReasons } from './support/scoped-ingest.ts'
import { ConfigError } from '../core/reference/csv.ts'
import { planReference } from '../core/reference/load.ts'
import { ingest, openEngine, verdicts, type Session } from './support/engine.ts'
import { tempDir } from './support/temp.ts'

const keys = { a: 'waba-a-ingest-key-register', b: 'waba-b-ingest-key-register' }
const dir = tempDir('wacost-register-')
const register = join(dir, 'phone-numbers.csv')
// p-moved: first stored under w-a (below), then given to w-b by an admin; p-new: w-b's, no line yet;
// p-a: w-a's by its first line only (not listed: the first stored line still decides)
writeFileSync(register, 'phone_number_id,display_phone_number,name,waba_id\np-moved,+1 555 0100,Moved,w-b\np-new,+1 555 0101,New,w-b\n')

let s: Session
let app: FastifyInstance

const msg = (id: string, waba: string, phone: string, minute: number) => ({
  message_id: id, timestamp: `2025-12-01T10:${String(minute).padStart(2, '0')}:00Z`, waba_id: waba, phone_number_id: phone,
  wa_id: '14155550111', direction: 'outbound', template_category: 'UTILITY',
})

const post = (lines: unknown[], key: string) => postLog(app, lines, key)

const rejected = (batch: number) => rejectedReasons(s.db, batch)

const refused = (phone: string, owner: string, own: string) =>
  `phone number ${phone} belongs to WABA ${owner}, which this API key may not write (it may write WABA ${own}): a message of it would change that WABA's conversations`

beforeAll(async () => {
  s = await openEngine({ phoneNumbers: register })
  app = await buildApp({ session: s, keys: parseKeys(`${keys.a}=w-a:ingest,${keys.b}=w-b:ingest`), ingest: ingestSource })
  // history from before the move: p-moved's first line is w-a's (an unrestricted ingest: the CLI)
  expect((await ingest(s, [msg('old-1', 'w-a', 'p-moved', 0), msg('a-first', 'w-a', 'p-a', 0)])).rejected).toBe(0)
})
afterAll(async () => { await app?.close() })

describe('the register of phone numbers decides who owns a number', () => {
  it('a number listed under WABA B, never given before, is not claimed by the first key to give it', async () => {
    const res = await post([msg('a-claims', 'w-a', 'p-new', 10), msg('a-own', 'w-a', 'p-a', 11)], keys.a)
    expect(res).toMatchObject({ accepted: 1, rejected: 1 })
    expect(await rejected(res.batch)).toEqual([[1, refused('p-new', 'w-b', 'w-a')]])
    // its owner's key writes it
    expect(await post([msg('b-new', 'w-b', 'p-new', 12)], keys.b)).toMatchObject({ accepted: 1, rejected: 0 })
    expect([...(await verdicts(s, ['a-claims', 'b-new'])).keys()]).toEqual(['b-new'])
  })

  it('a number moved to WABA B is written by B\'s key and no longer by A\'s, whose first line it was', async () => {
    const byA = await post([msg('a-after-move', 'w-a', 'p-moved', 20)], keys.a)
    expect(byA).toMatchObject({ accepted: 0, rejected: 1 })
    expect(await rejected(byA.batch)).toEqual([[1, refused('p-moved', 'w-b', 'w-a')]])
    const byB = await post([msg('b-after-move', 'w-b', 'p-moved', 21)], keys.b)
    expect(byB).toMatchObject({ accepted: 1, rejected: 0 })
    // judged with the number's history: a conversation is keyed by phone number and customer,
    // whichever WABA the number is under (old-1's utility window of 10:00 is open)
    expect((await verdicts(s, ['b-after-move'])).get('b-after-move')?.verdict).toBe('REUSED')
  })

  it('a number not listed still belongs to the WABA of its first stored line', async () => {
    const res = await post([msg('b-on-a', 'w-b', 'p-a', 30)], keys.b)
    expect(res).toMatchObject({ accepted: 0, rejected: 1 })
    expect(await rejected(res.batch)).toEqual([[1, refused('p-a', 'w-a', 'w-b')]])
  })

  it('an unrestricted ingest keeps the line and its notice says the register lists the number elsewhere', async () => {
    const summary = await ingest(s, [msg('cli-on-b', 'w-a', 'p-new', 40)])
    expect(summary.rejected).toBe(0)
    expect(summary.notices).toEqual([
      '1 message line(s) give phone number p-new under WABA w-a although the phone-number register lists it under WABA w-b (first at line 1): '
      + 'a phone number belongs to one WABA; its conversations are counted under the WABA of the message that opened them (kept as given)',
    ])
  })

  it('refuses a register that lists a number twice (it could name two WABAs for it)', async () => {
    const twice = join(dir, 'twice.csv')
    writeFileSync(twice, 'phone_number_id,display_phone_number,name,waba_id\np-x,,,w-a\np-x,,,w-b\n')
    await expect(planReference(s.db, { phoneNumbers: twice })).rejects.toThrow(new ConfigError(
      `${twice} line 3: duplicate phone number p-x (also on line 2); fix: keep one row per phone number (its display number, name and WABA)`))
  })
})
