// One customer under two spellings (billing-rules.md, "Keys"; issue 10 item 12): Mexico's `521…`
// (webhooks) and `52…` (send logs), Brazil's mobiles with and without the ninth digit. The key's
// customer is the canonical form (migration 160, applied in pipeline/10_parse), so a reply to
// the other spelling is inside the customer service window, the ledger prints the canonical
// wa_id, support finds the customer by either spelling, and a database written before the rule
// is merged on upgrade (migrations 161–166).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { at, inbound, keyOf, reply, status, template } from './support/log.ts'
import { ingest, ledger, verdicts } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import { wacostJs } from './support/compiled.ts'
import { migrate } from '../core/db/migrate.ts'
import { rebuild } from '../core/derive.ts'
import type { CustomerConversationRow, CustomerMatchRow } from '../api/routes/customer.ts'

let t: TestApp
beforeAll(async () => { t = await openApp() })
afterAll(async () => { await t?.app.close() })

/** The UDF's answers for the given wa_ids, in order. */
async function canonical(ids: string[]): Promise<string[]> {
  const rs = await t.session.db.client.query({
    query: 'SELECT arrayMap(w -> wacost_canonical_wa_id(w), {ids:Array(String)}) AS c', query_params: { ids }, format: 'JSONEachRow',
  })
  return (await rs.json<{ c: string[] }>())[0]!.c
}

describe('wacost_canonical_wa_id', () => {
  it('Mexico: 521 + 10 digits becomes 52 + the 10 digits; other lengths and 52 numbers stay', async () => {
    expect(await canonical(['5215512345678', '525512345678', '52155123456789', '521551234567', '5218112345678', '521551234567x']))
      .toEqual(['525512345678', '525512345678', '52155123456789', '521551234567', '528112345678', '521551234567x'])
  })

  it('Brazil: a mobile without its ninth digit gains it; landlines, 13-digit mobiles and other countries stay', async () => {
    expect(await canonical(['551187654321', '552196543210', '5511987654321', '551132654321', '551152654321', '14155550100', '447911123456', '']))
      .toEqual(['5511987654321', '5521996543210', '5511987654321', '551132654321', '551152654321', '14155550100', '447911123456', ''])
  })

  it('Brazil: the area codes are exactly those the phone library accepts for a 9-digit mobile', async () => {
    const areas = Array.from({ length: 90 }, (_, i) => String(i + 10))
    const got = await canonical(areas.map((a) => `55${a}87654321`))
    const expected = areas.map((a) => {
      const mobile = parsePhoneNumberFromString(`+55${a}987654321`)
      return mobile?.isValid() && mobile.getType() === 'MOBILE' ? `55${a}987654321` : `55${a}87654321`
    })
    expect(got).toEqual(expected)
    // The library knows 67 area codes; a list that lost them all would still "agree" above.
    expect(got.filter((w) => w.length === 13)).toHaveLength(67)
  })
})

describe('one customer, one key', () => {
  it('Mexico: an inbound as 521… and a free-form reply to 52… within 24 h are one service conversation', async () => {
    const hook = keyOf('mx', '5215512345678')
    const send = keyOf('mx', '525512345678')
    const summary = await ingest(t.session, [inbound(hook, 'mx-in', 0), reply(send, 'mx-out', 2)])
    expect(summary.rejected).toBe(0)
    const rows = await ledger(t.session, hook.phone_number_id)
    expect(rows.map((r) => [r.wa_id, r.category, r.opened_at, r.opening_message_id, r.country])).toEqual([
      ['525512345678', 'SERVICE', at(0), 'mx-in', 'MX'],
    ])
    const v = await verdicts(t.session, ['mx-in', 'mx-out'])
    expect(v.get('mx-out')?.verdict).toBe('IN_WINDOW')
    expect(v.get('mx-in')?.verdict).toBe('OPENED')
  })

  it('Brazil: an inbound without the ninth digit and a reply with it are one service conversation', async () => {
    const hook = keyOf('br', '551187654321')
    const send = keyOf('br', '5511987654321')
    await ingest(t.session, [inbound(hook, 'br-in', 0), reply(send, 'br-out', 23)])
    const rows = await ledger(t.session, hook.phone_number_id)
    expect(rows.map((r) => [r.wa_id, r.category, r.opening_message_id, r.country])).toEqual([['5511987654321', 'SERVICE', 'br-in', 'BR']])
    expect((await verdicts(t.session, ['br-out'])).get('br-out')?.verdict).toBe('IN_WINDOW')
  })

  it('support finds the customer by either spelling', async () => {
    const lookup = (q: string, country = '') =>
      json<CustomerMatchRow[]>(t.app, `/api/customer/lookup?q=${encodeURIComponent(q)}${country ? `&country=${country}` : ''}`)
    for (const q of ['+52 1 55 1234 5678', '5215512345678', '+52 55 1234 5678', '525512345678']) {
      const found = await lookup(q)
      expect(found.map((r) => [r.phone_number_id, r.wa_id, r.matched_by, r.country, r.messages]), q).toEqual([['pn-mx', '525512345678', 'number', 'MX', 2]])
    }
    for (const [q, country] of [['+55 11 8765-4321', ''], ['(11) 98765-4321', 'BR'], ['(11) 8765-4321', 'BR']] as const) {
      const found = await lookup(q, country)
      expect(found.map((r) => [r.phone_number_id, r.wa_id, r.matched_by]), q).toEqual([['pn-br', '5511987654321', 'number']])
    }
    const conv = await json<CustomerConversationRow[]>(t.app, '/api/customer/conversations?customer=5215512345678&phone=pn-mx')
    expect(conv.map((c) => [c.wa_id, c.category, c.opening_message_id])).toEqual([['525512345678', 'SERVICE', 'mx-in']])
  })
})

describe('upgrading a database written before the canonical form', () => {
  it('merges the two spellings of a customer into the canonical key and re-derives it', async () => {
    const { db } = t.session
    const hook = keyOf('up', '5215598765432')
    await ingest(t.session, [
      inbound(hook, 'up-in', 0), reply({ ...hook, wa_id: '525598765432' }, 'up-out', 1),
      template(hook, 'up-t', 30, 'MARKETING', { status: 'sent' }), status('up-t', 'delivered', 30.01),
    ])
    // What an older version stored: the webhook spelling's messages, and what status lines said
    // of them, under their own key.
    for (const table of ['messages', 'message_keys', 'status_facts']) {
      await db.client.command({
        query: `INSERT INTO ${table} SELECT * REPLACE ('5215598765432' AS wa_id, wacost_bucket(phone_number_id, '5215598765432') AS bucket)
                FROM ${table} WHERE message_id IN ('up-in', 'up-t')`,
      })
      await db.client.command({ query: `DELETE FROM ${table} WHERE message_id IN ('up-in', 'up-t') AND wa_id = '525598765432'` })
    }
    await db.client.command({ query: "INSERT INTO wa_countries VALUES ('5215598765432', 'MX')" })
    await db.client.command({ query: "ALTER TABLE wa_countries DELETE WHERE wa_id = '525598765432' SETTINGS mutations_sync = 1" })
    const countryOf = async () => (await db.client.query({ query: "SELECT country FROM wa_countries WHERE wa_id = '525598765432'", format: 'JSONEachRow' })).json()
    expect(await countryOf()).toEqual([])
    await rebuild(db)
    expect((await verdicts(t.session, ['up-out'])).get('up-out')?.verdict).toBe('OUTSIDE_SERVICE_WINDOW')

    const upgrade = ['161_messages_canonical_wa_id.sql', '162_messages_drop_noncanonical.sql', '163_message_keys_canonical_wa_id.sql',
      '164_message_keys_drop_noncanonical.sql', '165_wa_countries_canonical.sql', '166_wa_country_keys_canonical.sql',
      '168_status_facts_canonical_wa_id.sql', '169_status_facts_drop_noncanonical.sql']
    await db.client.command({
      query: 'ALTER TABLE schema_migrations DELETE WHERE has({names:Array(String)}, name) SETTINGS mutations_sync = 1', query_params: { names: upgrade },
    })
    expect(await migrate(db)).toEqual(upgrade)
    await rebuild(db)
    // The template's delivery, known only from its status line, survives the move.
    expect((await ledger(t.session, 'pn-up')).map((r) => [r.wa_id, r.category, r.opening_message_id])).toEqual([
      ['525598765432', 'SERVICE', 'up-in'], ['525598765432', 'MARKETING', 'up-t'],
    ])
    expect((await verdicts(t.session, ['up-out'])).get('up-out')?.verdict).toBe('IN_WINDOW')
    // The ingest's record of the message's key follows, so a later correction tombstones the right key.
    const rs = await db.client.query({ query: "SELECT groupArray(wa_id) AS keys FROM message_keys WHERE message_id = 'up-in'", format: 'JSONEachRow' })
    expect((await rs.json<{ keys: string[] }>())[0]!.keys).toEqual(['525598765432'])
    expect(await countryOf()).toEqual([{ country: 'MX' }])
  })
})

describe('wacost ledger / verdicts (the CLI)', () => {
  it('print one conversation under the canonical wa_id for a webhook 521… and a send log 52…', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wacost-canonical-'))
    try {
      const log = join(dir, 'mx.ndjson')
      const hook = keyOf('cli', '5215512345678')
      writeFileSync(log, [inbound(hook, 'c-in', 0), reply({ ...hook, wa_id: '525512345678' }, 'c-out', 3)].map((l) => JSON.stringify(l)).join('\n'))
      const cbp = new URL('./fixtures/pricing-models-cbp.csv', import.meta.url).pathname
      const wacost = (...args: string[]) => promisify(execFile)(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })
      const ledgerOut = (await wacost('ledger', '--input', log, '--pricing-models', cbp)).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
      expect(ledgerOut.map((r) => [r.wa_id, r.country, r.category, r.opening_message_id])).toEqual([['525512345678', 'MX', 'SERVICE', 'c-in']])
      const verdictOut = (await wacost('verdicts', '--input', log, '--pricing-models', cbp)).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
      expect(verdictOut.map((v) => [v.message_id, v.verdict])).toEqual([['c-in', 'OPENED'], ['c-out', 'IN_WINDOW']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
