// What Meta said, kept and compared (issue 12 item 5, docs/reconcile.md): statuses keep Meta's
// pricing and conversation from NDJSON lines and webhooks; the view reconciliation finds each
// kind of discrepancy with the right counts and costs through the real engine and the API (the
// CLI and per-message verdicts: test/meta-reconcile-cli.test.ts); duplicates and re-batching of status lines change nothing; keys see only their WABAs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { tableFromIPC } from 'apache-arrow'
import type { Session } from './support/engine.ts'
import { adminKey, get, json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { rows } from '../core/db/sql.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { reconcileCsv, type ReconcileList } from '../core/exports.ts'
import { at, expected, messages, metaStatus, statuses } from './support/meta-log.ts'
import type { DriftRow, ReconcileRow, ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import type { CustomerSummaryRow } from '../api/routes/customer.ts'

let t: TestApp
const driftKey = 'drift-only-key-0123456789'
const otherKey = 'other-waba-key-0123456789'

beforeAll(async () => {
  t = await openApp({}, `${adminKey}=*,${driftKey}=waba-drift,${otherKey}=waba-nobody`)
  await ingest(t.session, [...messages, ...statuses])
}, 120_000)
afterAll(async () => { await t?.app.close() })

/** What view meta_pricing chose per message (times ISO 8601 UTC). */
async function metaRows(db: Session['db']): Promise<Record<string, unknown>[]> {
  const rs = await db.client.query({
    query: `SELECT message_id, meta_status, meta_billable, meta_pricing_model, meta_category, meta_type, meta_conversation_id,
                   meta_origin_type, if(meta_conversation_expires_at IS NULL, NULL, formatDateTime(meta_conversation_expires_at, '%Y-%m-%dT%H:%i:%S.000Z')) AS expires
            FROM meta_pricing ORDER BY message_id`,
    format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return rs.json()
}

// The API's queries read the reconciliation kept: brought up to date first, as the routes do.
const list = async (wabas: string[], name = 'api/reconcile') => {
  await reconcileUpToDate(t.session.db)
  return rows<Record<string, unknown>>(t.session.db, name, { wabas, phones: [], from: '2024-09-01', to: '2024-09-30', latest: 0 })
}

// One engine per test file (chDB), so a second copy of the fixtures lives under other ids: every
// id (WABA, phone number, message, Meta's conversation) gets a prefix.
const tenants = ['drift', 'fep', 'free', 'split', 'none', 'pmp', 'ok', 'twice']
const renamed = (lines: Record<string, unknown>[], p: string) => lines.map((l) => JSON.parse(JSON.stringify(l)
  .replace(/"(waba|pn)-/g, `"$1-${p}`).replace(/"message_id":"/g, `"message_id":"${p}`).replace(/"id":"meta-/g, `"id":"${p}meta-`)) as Record<string, unknown>)
// the derived conversation ids are hashes of the (renamed) key: compared without them
const unprefixed = (rs: Record<string, unknown>[], p: string) => JSON.parse(JSON.stringify(rs.map(withoutIds)).split(p).join('')) as unknown
const withoutIds = ({ conversation_id: _, ...r }: Record<string, unknown>) => r

const period = 'from=2024-09-01&to=2024-09-30'
/** The fixtures' WABAs (later tests add copies under other ids). */
const fixtures = ['drift', 'fep', 'free', 'split', 'none', 'pmp', 'ok', 'twice'].map((x) => `waba=waba-${x}`).join('&')

describe('the reconciliation on fixtures', () => {
  it('finds every kind with its count and cost', async () => {
    const summary = await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?${period}`)
    const byKind = Object.fromEntries(summary.map((r) => [r.kind, { rows: r.discrepancies, cost: r.cost_difference }]))
    expect(byKind).toEqual(expected)
    // a split has no cost, so no currency: null (it was '', a currency named by an empty string)
    expect(summary.map((r) => r.currency)).toEqual(['USD', 'USD', null, 'USD'])
    expect(summary.find((r) => r.kind === 'CONVERSATION_SPLIT')?.uncosted).toBe(2)
  })
  // derived_charges: the rules charge the message itself (it opened a paid conversation), whatever
  // the row's cost: s1 opened one, though a split has no cost
  it('names each discrepancy and its message', async () => {
    const list = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}`)
    const brief = list.map((r) => [r.kind, r.level, r.message_id, r.meta_cost, r.derived_cost, r.cost_difference, r.derived_charges])
    const byId = (a: unknown[], b: unknown[]) => String(a[2]).localeCompare(String(b[2]))
    expect(brief.sort(byId)).toEqual([
      ['CATEGORY_MISMATCH', 'message', 'd1', '0.0250', '0.0040', '0.0210', 1],
      ['CATEGORY_MISMATCH', 'message', 'd2', '0.0000', '0.0000', '0.0000', 0],
      ['BILLED_BUT_FREE', 'conversation', 'f1', '0.0088', '0.0000', '0.0088', 0],
      ['FREE_BUT_CHARGED', 'conversation', 'c1', '0.0000', '0.0250', '-0.0250', 1],
      ['CONVERSATION_SPLIT', 'conversation', 'n1', null, null, null, 0],
      ['FREE_BUT_CHARGED', 'message', 'p1', '0.0000', '0.0040', '-0.0040', 1],
      ['BILLED_BUT_FREE', 'message', 'p3', '0.0250', '0.0000', '0.0250', 0],
      ['CONVERSATION_SPLIT', 'conversation', 's1', null, null, null, 1],
      ['BILLED_BUT_FREE', 'conversation', 't2', '0.0250', '0.0000', '0.0250', 0],
    ].sort(byId))
  })
  it('lists the discrepancies in the order their messages were sent, so the latest are the last (the panel\'s latest ten)', async () => {
    // A day's rows by WABA and customer made the "latest ten" the last customers of the last day (fresh-user trial).
    const list = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&${fixtures}`)
    const times = list.map((r) => Date.parse(String(r.event_at)))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(list.map((r) => r.waba_id)).size).toBeGreaterThan(3)
    const latest = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&${fixtures}&latest=3`)
    expect(latest.map((r) => r.message_id)).toEqual(list.slice(-3).map((r) => r.message_id))
  })
  it('gives no currency where none applies: null in JSON and Arrow, an empty cell in CSV', async () => {
    const split = (r: { kind?: string }) => r.kind === 'CONVERSATION_SPLIT'
    const list = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}`)
    expect(list.filter(split).map((r) => r.currency)).toEqual([null, null])
    expect(new Set(list.filter((r) => !split(r)).map((r) => r.currency))).toEqual(new Set(['USD']))
    for (const path of ['reconcile', 'reconcile/summary']) {
      const arrow = tableFromIPC((await get(t.app, `/api/${path}?${period}`)).rawPayload)
      const rs = arrow.toArray().map((r) => r.toJSON() as { kind: string; currency: string | null })
      expect(rs.filter(split).map((r) => r.currency), path).toEqual(path === 'reconcile' ? [null, null] : [null])
    }
    const csv = parse((await get(t.app, `/api/reconcile?${period}&format=csv`)).body, { columns: true }) as Record<string, string>[]
    // as `wacost reconcile` and the finance exports write a null (the API's CSV wrote \N)
    expect(csv.filter(split).map((r) => [r.currency, r.cost_difference])).toEqual([['', ''], ['', '']])
  })
  // fresh-user trial: the API's CSV ended its lines in LF, `wacost reconcile` (reconcileCsv) in
  // CRLF; both now write RFC 4180's CRLF, as the finance exports do: the same bytes
  it('answers as CSV the very bytes `wacost reconcile` writes, lines ending in CRLF', async () => {
    const lists: [ReconcileList, string][] = [['discrepancies', 'reconcile'], ['summary', 'reconcile/summary'], ['drift', 'reconcile/drift']]
    for (const [list, path] of lists) {
      const chunks: Buffer[] = []
      for await (const c of reconcileCsv(t.session.db, list, { wabas: [], from: '2024-09-01', to: '2024-09-30' })) chunks.push(c)
      const cli = Buffer.concat(chunks)
      const api = (await get(t.app, `/api/${path}?${period}&format=csv`)).rawPayload
      expect(api.toString('utf8'), list).toBe(cli.toString('utf8'))
      expect(Buffer.compare(api, cli), list).toBe(0)
      expect(cli.toString('utf8').split('\r\n').length, list).toBeGreaterThan(2)
      expect(cli.toString('utf8').replaceAll('\r\n', ''), list).not.toContain('\n')
    }
  })
})

describe("the support answer names where Meta's statuses decided otherwise", () => {
  // the fixtures' customer is +1 415 555 0100 on every phone number; one phone number per kind
  const answer = async (phone: string) => (await json<CustomerSummaryRow[]>(t.app,
    `/api/customer/summary?customer=%2B14155550100&phone=pn-${phone}&${period}`))[0]!
  it('counts each kind in the sentence and in meta_differences; says nothing where Meta agrees', async () => {
    const twice = await answer('twice')
    expect(twice.meta_differences).toBe(1)
    expect(twice.summary).toMatch(/ Meta's statuses decided otherwise: 1 billed by Meta where these rules charge nothing \(the messages' "Meta said" column\)\.$/)
    const drift = await answer('drift')
    expect([drift.meta_differences, drift.summary]).toEqual([2, expect.stringContaining('2 templates re-categorised: priced by Meta in another category than the logged one')])
    expect((await answer('free')).summary).toContain('1 not billed by Meta where these rules charge')
    expect((await answer('split')).summary).toContain('1 Meta conversation split over several conversations here, or over none')
    const ok = await answer('ok')
    expect([ok.meta_differences, ok.summary]).toEqual([0, expect.not.stringContaining('Meta')])
  })
})

describe('what Meta said is kept', () => {
  it('from NDJSON status lines: the latest status that carries it, per message', async () => {
    const [d1] = await rows<Record<string, unknown>>(t.session.db, 'api/customer_messages', {
      key_phones: ['pn-drift'], key_wa_ids: ['14155550100'], wabas: [], from: '2024-09-01', to: '2024-09-30', message: 'd1' })
    expect(d1).toMatchObject({ verdict: 'OPENED', meta_billable: 1, meta_pricing_model: 'CBP', meta_category: 'MARKETING',
      meta_conversation_id: 'meta-d', meta_origin_type: 'MARKETING' })
    const [o] = await rows<Record<string, unknown>>(t.session.db, 'api/customer_messages', {
      key_phones: ['pn-ok'], key_wa_ids: ['14155550100'], wabas: [], from: '2024-09-01', to: '2024-09-30', message: 'o1' })
    expect(o).toMatchObject({ meta_billable: 1, meta_category: 'MARKETING', meta_conversation_id: 'meta-o' })
  })

  it('from webhook envelopes, and refuses what Meta never writes with a reason', async () => {
    const envelope = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba-hook', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'pn-hook' },
        statuses: [
          { id: 'h1', status: 'delivered', timestamp: '1725235200', recipient_id: '14155550100',
            pricing: { billable: true, pricing_model: 'CBP', category: 'utility' },
            conversation: { id: 'conv-h1', origin: { type: 'utility' }, expiration_timestamp: '1725321600' } },
          { id: 'h2', status: 'delivered', timestamp: '1725235200', pricing: { billable: 'yes', category: 'utility' } },
          { id: 'h3', status: 'delivered', timestamp: '1725235200', pricing: { billable: false, pricing_model: 'XYZ' } },
          // a category Meta never writes was kept and left out of the reconciliation unsaid (break-it trial);
          // Meta's docs spell authentication-international with a hyphen
          { id: 'h7', status: 'delivered', timestamp: '1725235200', pricing: { billable: true, pricing_model: 'CBP', category: 'bogus' } },
          { id: 'h8', status: 'delivered', timestamp: '1725235200', pricing: { billable: true, pricing_model: 'PMP', category: 'authentication-international' } },
          // an origin given as a string was read as none, and any word kept as its type, unsaid (break-it trial)
          { id: 'h9', status: 'delivered', timestamp: '1725235200', conversation: { id: 'c9', origin: 'utility' } },
          { id: 'h10', status: 'delivered', timestamp: '1725235200', conversation: { id: 'c10', origin: { type: 'bogus' } } },
        ] } }] }],
    }
    const summary = await ingest(t.session, [envelope,
      { kind: 'status', message_id: 'h4', status: 'sent', timestamp: at(1), pricing: 'free' },
      { kind: 'status', message_id: 'h5', status: 'sent', timestamp: at(1), conversation: { id: 'x', expiration_timestamp: 'soon' } },
      { kind: 'status', message_id: 'h6', status: 'sent', timestamp: at(1), pricing: { billable: false, pricing_model: 'pmp', type: 'free_entry_point', category: 'service' } }])
    expect(summary.rejected).toBe(7)
    const rejected = await rows<{ reason: string }>(t.session.db, 'queries/rejected', { batch: summary.batch })
    expect(rejected.map((r) => r.reason).sort()).toEqual([
      'invalid conversation.expiration_timestamp: soon (expected Unix seconds or ISO 8601 with a zone, in the years 1970–2099)',
      'invalid pricing (expected an object, got "free")',
      'invalid statuses[].conversation.origin (expected an object, got "utility")',
      'invalid statuses[].conversation.origin.type: bogus (expected one of Meta\'s conversation categories: marketing, marketing_lite, utility, authentication, authentication_international, service, referral_conversion, or before June 2023 business_initiated or user_initiated)',
      'invalid statuses[].pricing.billable: yes (expected true or false)',
      'invalid statuses[].pricing.category: bogus (expected one of Meta\'s pricing categories: marketing, marketing_lite, utility, authentication, authentication_international, service, referral_conversion, or before June 2023 business_initiated or user_initiated)',
      'invalid statuses[].pricing.pricing_model: XYZ (expected CBP or PMP)',
    ])
    const kept = (await metaRows(t.session.db)).filter((r) => String(r.message_id).startsWith('h'))
    expect(kept).toEqual([
      { message_id: 'h1', meta_status: 'delivered', meta_billable: 1, meta_pricing_model: 'CBP', meta_category: 'UTILITY', meta_type: '',
        meta_conversation_id: 'conv-h1', meta_origin_type: 'UTILITY', expires: '2024-09-03T00:00:00.000Z' },
      { message_id: 'h6', meta_status: 'sent', meta_billable: 0, meta_pricing_model: 'PMP', meta_category: 'SERVICE', meta_type: 'FREE_ENTRY_POINT',
        meta_conversation_id: '', meta_origin_type: '', expires: null },
      { message_id: 'h8', meta_status: 'delivered', meta_billable: 1, meta_pricing_model: 'PMP', meta_category: 'AUTHENTICATION_INTERNATIONAL', meta_type: '',
        meta_conversation_id: '', meta_origin_type: '', expires: null },
    ])
  })
})

describe('status lines accumulate', () => {
  it('duplicates, another order and other batches change no discrepancy', async () => {
    const wabas = tenants.map((x) => `waba-${x}`)
    const before = await list(wabas)
    expect(before).toHaveLength(9)
    // statuses before their messages, reversed, repeated, in three batches
    await ingest(t.session, renamed([...statuses].reverse(), 'zz9'))
    await ingest(t.session, renamed([...messages, ...statuses.slice(0, 5)], 'zz9'))
    await ingest(t.session, renamed([...statuses, ...statuses], 'zz9'))
    const again = wabas.map((w) => w.replace('waba-', 'waba-zz9'))
    expect(unprefixed(await list(again), 'zz9')).toEqual(before.map(withoutIds))
    expect(unprefixed(await list(again, 'api/reconcile_drift'), 'zz9')).toEqual(await list(wabas, 'api/reconcile_drift'))
    expect(unprefixed(await list(again, 'api/reconcile_summary'), 'zz9')).toEqual(await list(wabas, 'api/reconcile_summary'))
    // and the first copy is as it was
    expect(await list(wabas)).toEqual(before)
  }, 120_000)

  it('statuses that disagree at one instant are chosen by a rule, not by arrival', async () => {
    const lines = (id: string) => {
      const late = { ...messages[0], message_id: id, phone_number_id: `pn-${id}`, waba_id: `waba-${id}`, timestamp: '2024-10-15T00:00:00Z' }
      const [a, b, c] = [metaStatus(id, 'sent', 0, { category: 'marketing' }), metaStatus(id, 'delivered', 0, { category: 'utility' }),
        metaStatus(id, 'delivered', 0, { category: 'authentication' })]
      for (const x of [a, b, c]) x.timestamp = '2024-10-15T00:00:00Z'
      return { late, a, b, c }
    }
    const one = lines('tie1')
    await ingest(t.session, [one.late, one.c, one.b])
    await ingest(t.session, [one.a])
    const two = lines('tie2')
    await ingest(t.session, [two.a, two.late])
    await ingest(t.session, [two.b, two.c, two.b])
    const pick = async (id: string) => {
      const { message_id: _, ...rest } = (await metaRows(t.session.db)).find((r) => r.message_id === id)!
      return rest
    }
    // delivered beats sent at one instant; between two delivered ones, the greatest category
    expect(await pick('tie1')).toMatchObject({ meta_status: 'delivered', meta_category: 'UTILITY' })
    expect(await pick('tie2')).toEqual(await pick('tie1'))
  }, 120_000)
})

describe('routes', () => {
  it('a key sees only its WABAs', async () => {
    const mine = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}`, driftKey)
    expect(new Set(mine.map((r) => r.waba_id))).toEqual(new Set(['waba-drift']))
    expect(mine).toHaveLength(2)
    expect(await json<DriftRow[]>(t.app, `/api/reconcile/drift?${period}`, driftKey)).toHaveLength(1)
    expect((await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&latest=1`, driftKey)).map((r) => r.message_id)).toEqual(mine.slice(-1).map((r) => r.message_id))
    for (const path of ['reconcile?', 'reconcile?latest=10&', 'reconcile/summary?', 'reconcile/drift?']) {
      expect(await json(t.app, `/api/${path}${period}`, otherKey)).toEqual([])
      const refused = await get(t.app, `/api/${path}waba=waba-fep&format=json`, driftKey)
      expect(refused.statusCode).toBe(404)
      expect((await get(t.app, `/api/${path}format=json`, 'no-such-key-0123456789')).statusCode).toBe(401)
    }
  })

  it('drift lists the re-categorised template with its cost; CSV and Arrow answer the same rows', async () => {
    const drift = await json<DriftRow[]>(t.app, `/api/reconcile/drift?${period}&${fixtures}`)
    expect(drift).toEqual([{ waba_id: 'waba-drift', waba_name: '', template_name: 'order_update', template_category: 'UTILITY', meta_category: 'MARKETING',
      currency: 'USD', messages: 2, first_day: '2024-09-02', last_day: '2024-09-02', uncosted: 0, cost_difference: '0.0210' }])
    const csv = await get(t.app, `/api/reconcile?${period}&waba=waba-pmp&format=csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect((parse(csv.body, { columns: true }) as Record<string, string>[]).map((r) => [r.kind, r.message_id, r.cost_difference])).toEqual([
      ['FREE_BUT_CHARGED', 'p1', '-0.0040'], ['BILLED_BUT_FREE', 'p3', '0.0250']])
    const arrow = await get(t.app, `/api/reconcile?${period}`)
    expect(arrow.headers['content-type']).toContain('arrow')
  })

  // The dashboard read every discrepancy of the period (GET /api/reconcile) on each refresh to list
  // the latest 10: at scale, one re-categorised template's every message sent to the browser.
  it('latest=N: the list\'s last N rows (at most 1000), in its order; their number is the summary\'s', async () => {
    const all = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}`)
    expect(all.length).toBeGreaterThan(10)
    expect(await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&latest=10`)).toEqual(all.slice(-10))
    expect(await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&latest=3`)).toEqual(all.slice(-3))
    expect(await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&latest=1000`)).toEqual(all)
    for (const n of ['0', '1001', 'x']) expect((await get(t.app, `/api/reconcile?${period}&latest=${n}&format=json`)).statusCode).toBe(400)
    const summary = await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?${period}`)
    expect(summary.reduce((n, r) => n + r.discrepancies, 0)).toBe(all.length)
  })

  it('period: days outside it hold no discrepancy', async () => {
    expect(await json(t.app, '/api/reconcile?from=2024-08-01&to=2024-08-31')).toEqual([])
  })
})
