// Status lines equal in (message_id, status, ts) but not in what Meta said. statuses is a
// ReplacingMergeTree without a version, and error_code, error_title and recipient_id (migration
// 123) were never in its sort key: of two failed lines at one instant that differ only in Meta's
// error title, a merge kept the one it read last, so the support page's failure text depended on
// the order of ingest and merges (interfaces.md §1: status lines accumulate; ingest is order-free).
// Migrations 610–614 sort the table by every column; sql/api/customer_messages.sql shows the
// least text of the earliest failed lines. Each case is ingested in both orders, in one batch and
// in two, under its own ids, and read before and after OPTIMIZE … FINAL. The last test upgrades a
// database whose statuses table has the old shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest, openEngine, type Line, type Session } from './support/engine.ts'
import { rows } from '../core/db/sql.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { listMigrations, migrate } from '../core/db/migrate.ts'

const at = (h: number) => new Date(Date.parse('2025-12-01T00:00:00Z') + h * 3_600_000).toISOString()
const unix = (h: number) => String(Math.floor(Date.parse(at(h)) / 1000))

type Rec = Record<string, unknown>
const template = (p: string, id: string, h: number, category: string): Rec => ({
  message_id: id, timestamp: at(h), waba_id: `w-${p}`, phone_number_id: `pn-${p}`, wa_id: '14155550100',
  direction: 'outbound', template_category: category, template_name: 'promo', status: 'sent',
})
/** Meta's webhook delivery of one status of phone number pn-{p} (its errors, its pricing). */
const delivery = (p: string, st: Rec) => JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{ id: `w-${p}`, changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: `pn-${p}` }, statuses: [st] } }] }],
})
const failed = (p: string, title: string) => delivery(p, { id: `${p}.m`, status: 'failed', timestamp: unix(1), recipient_id: '14155550100',
  errors: [{ code: 131047, title, message: title }] })
const priced = (p: string, category: string) => delivery(p, { id: `${p}.m`, status: 'delivered', timestamp: unix(1), recipient_id: '14155550100',
  pricing: { billable: true, pricing_model: 'CBP', category }, conversation: { id: `${p}.conv`, origin: { type: category } } })

const TITLES = ['Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number']

/** The two lines as [first batch, second batch] (one batch: the second is empty). */
const orders: Array<[string, (a: string, b: string) => string[][]]> = [
  ['one batch, a then b', (a, b) => [[a, b]]],
  ['one batch, b then a', (a, b) => [[b, a]]],
  ['two batches, a then b', (a, b) => [[a], [b]]],
  ['two batches, b then a', (a, b) => [[b], [a]]],
]

/**
 * Each tenant's batches, in its order, the tenants side by side: the n-th batch of every tenant
 * that has one is ingested as one batch (the tenants share nothing: their own WABAs, numbers and
 * ids; each keeps its lines' order inside a batch and its batches' order). The same batches one
 * tenant after the other took 10 ingests of ~1–2 s of engine planning each instead of 3.
 */
async function ingestTogether(batches: Line[][][]): Promise<void> {
  for (let n = 0; batches.some((b) => n < b.length); n++) await ingest(s, batches.flatMap((b) => b[n] ?? []))
}

let s: Session
beforeAll(async () => { s = await openEngine() }, 120_000)
afterAll(async () => { await s?.close() })

const messagesOf = (db: Session['db'], p: string) => rows<{ message_id: string; verdict: string; failure: string; meta_category: string | null }>(db,
  'api/customer_messages', { key_phones: [`pn-${p}`], key_wa_ids: ['14155550100'], wabas: [], from: '2025-12-01', to: '2025-12-31', message: '' })
// The API's query reads the reconciliation kept: brought up to date first, as the route does.
const reconcileOf = async (db: Session['db'], p: string) => {
  await reconcileUpToDate(db)
  return rows<Rec>(db, 'api/reconcile', { wabas: [`w-${p}`], phones: [], from: '2025-12-01', to: '2025-12-31', latest: 0 })
}
/** A row without its tenant's ids and the hash-derived conversation id, to compare tenants. */
const plain = (p: string, r: Rec[]) => JSON.parse(JSON.stringify(r.map(({ conversation_id: _, ...x }) => x)).split(p).join('')) as unknown

async function optimize(db: Session['db']): Promise<void> {
  await db.client.command({ query: 'OPTIMIZE TABLE statuses FINAL' })
}

async function query<T>(db: Session['db'], sql: string, query_params: Rec = {}): Promise<T[]> {
  return (await db.client.query({ query: sql, query_params, format: 'JSONEachRow' })).json<T>()
}
/** How many lines statuses keeps for the message of tenant p (without FINAL: what a reader sees). */
const linesOf = async (db: Session['db'], p: string) =>
  (await query<{ n: number }>(db, 'SELECT toUInt32(count()) AS n FROM statuses WHERE message_id = {id:String}', { id: `${p}.m` }))[0]!.n

describe('two failed lines at one instant that differ only in the error title', () => {
  const shown = async (p: string) => (await messagesOf(s.db, p)).map((m) => [m.message_id.slice(p.length), m.verdict, m.failure])
  // the least text of the earliest failed lines ('M' < 'R')
  const expected = [['.m', 'NOT_DELIVERED', `131047: ${TITLES[1]}`]]

  it('show the same failure text in every order and batching, before and after the lines are merged', async () => {
    const tenants = orders.map(([name, split], i) => ({ name, p: `err${i}`, split }))
    await ingestTogether(tenants.map((t) => [[template(t.p, `${t.p}.m`, 0, 'MARKETING')], ...t.split(failed(t.p, TITLES[0]!), failed(t.p, TITLES[1]!))]))
    const all = async () => Promise.all(tenants.map(async (t) => ({ order: t.name, shown: await shown(t.p), lines: await linesOf(s.db, t.p) })))
    const want = tenants.map((t) => ({ order: t.name, shown: expected, lines: 2 }))
    expect(await all()).toEqual(want)
    await optimize(s.db)
    // both lines are kept (status lines accumulate), and the choice between them is the same
    expect(await all()).toEqual(want)
    // an identical repeat still collapses
    await ingest(s, [failed('err0', TITLES[0]!)])
    await optimize(s.db)
    expect(await linesOf(s.db, 'err0')).toBe(2)
  }, 120_000)
})

describe('two delivered lines at one instant that differ only in the pricing category', () => {
  it('give the same Meta category and the same reconciliation in every order and batching', async () => {
    const tenants = orders.map(([name, split], i) => ({ name, p: `cat${i}`, split }))
    await ingestTogether(tenants.map((t) => [[template(t.p, `${t.p}.m`, 0, 'MARKETING')], ...t.split(priced(t.p, 'marketing'), priced(t.p, 'utility'))]))
    const all = async () => Promise.all(tenants.map(async (t) => ({
      order: t.name,
      category: (await messagesOf(s.db, t.p)).map((m) => m.meta_category),
      reconcile: plain(t.p, await reconcileOf(s.db, t.p)),
      lines: await linesOf(s.db, t.p),
    })))
    const before = await all()
    // view meta_pricing's rule (migration 323): the greatest values at one instant: UTILITY, which
    // the rules priced as MARKETING: a category mismatch
    expect(before[0]).toMatchObject({ category: ['UTILITY'], lines: 2,
      reconcile: [expect.objectContaining({ kind: 'CATEGORY_MISMATCH', message_id: '.m', meta_category: 'UTILITY', template_category: 'MARKETING' })] })
    expect(before).toEqual(tenants.map((t) => ({ ...before[0], order: t.name })))
    await optimize(s.db)
    expect(await all()).toEqual(before)
  }, 120_000)
})

describe('a database stored before migration 610 (statuses sorted by part of its columns)', () => {
  const sorted = ['610_statuses_sorted.sql', '611_statuses_sorted_copy.sql', '612_statuses_unsorted.sql', '613_statuses_in_place.sql',
    '614_drop_statuses_unsorted.sql']
  const shape = async () => (await query<{ sorting_key: string; primary_key: string }>(s.db,
    "SELECT sorting_key, primary_key FROM system.tables WHERE database = currentDatabase() AND name = 'statuses'"))[0]!
  const everything = () => query<Rec>(s.db, "SELECT * FROM statuses WHERE message_id = 'up.m' ORDER BY ALL")

  it('keeps every status line, and its readers and the ingest use the new table', async () => {
    // the table as migrations 010, 123, 321, 540 and 541 made it
    const old = listMigrations().filter((m) => /^(010|123|321|540|541)_/.test(m.name))
    expect(old.length).toBe(5)
    await s.db.client.command({ query: 'DROP TABLE statuses SYNC' })
    for (const m of old) await s.db.client.command({ query: m.sql })
    expect((await shape()).sorting_key).not.toContain('error_title')
    await ingest(s, [template('up', 'up.m', 0, 'MARKETING')])
    await ingest(s, [failed('up', TITLES[0]!), priced('up', 'marketing')])
    await ingest(s, [failed('up', TITLES[1]!)])
    const before = await everything()
    // the two failed lines are still in two parts (nothing merged them yet): both are copied
    expect(before.length).toBe(3)

    await s.db.client.command({ query: 'DELETE FROM schema_migrations WHERE name IN {names:Array(String)}', query_params: { names: sorted } })
    // applied, and none of them calls for a rebuild (`-- derived data: unchanged`: nothing derived reads this table)
    expect(await migrate(s.db)).toEqual([])
    expect((await (await s.db.client.query({ query: 'SELECT name FROM schema_migrations WHERE name IN {n:Array(String)} ORDER BY name', query_params: { n: sorted }, format: 'JSONEachRow' })).json<{ name: string }>()).map((r) => r.name)).toEqual(sorted)
    expect(await everything()).toEqual(before)
    expect(await shape()).toEqual({ primary_key: 'message_id, status, ts', sorting_key: expect.stringContaining('error_title') })
    expect(await query(s.db, "SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, 'statuses_')")).toEqual([])

    // the readers (views meta_pricing, meta_pricing_parts, unmatched_statuses; the customer's messages) read it
    expect((await messagesOf(s.db, 'up')).map((m) => [m.failure, m.meta_category])).toEqual([[`131047: ${TITLES[1]}`, 'MARKETING']])
    expect(await query(s.db, "SELECT meta_category FROM meta_pricing WHERE message_id = 'up.m'")).toEqual([{ meta_category: 'MARKETING' }])
    await ingest(s, [failed('up-ghost', TITLES[0]!)])
    expect(await query(s.db, "SELECT message_id FROM unmatched_statuses WHERE startsWith(message_id, 'up')")).toEqual([{ message_id: 'up-ghost.m' }])
    // the ingest writes into it; an identical repeat collapses
    await ingest(s, [failed('up', TITLES[0]!)])
    await optimize(s.db)
    expect(await everything()).toEqual(before)
  }, 120_000)
})
