// The reconciliation kept (table discrepancies, core/reconcile.ts, docs/reconcile.md "Kept"):
// brought up to date by the keys each batch marked, it equals view reconciliation after every
// batch of random cuts of logs whose discrepancies span keys (a free-tier re-rank by another
// customer, a Meta conversation named by two customers' messages, a late line that names another
// Meta conversation, a corrected template category, a message moved to another customer); after
// a crash before its marks were cleared; after a rebuild. The routes read it up to date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest, rebuild, type Line, type Session } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import { exec, rows } from '../core/db/sql.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { metaStatus } from './support/meta-log.ts'
import type { ReconcileSummaryRow } from '../api/routes/reconcile.ts'

type Rec = Record<string, unknown>
const BASE = Date.parse('2024-09-02T00:00:00Z')
const at = (h: number) => new Date(BASE + h * 3_600_000).toISOString()

/**
 * One tenant's log (ids prefixed by `p`: tenants share nothing), every line in one array: its
 * lines' order does not matter to the result (ingest is order-independent), so the test may cut
 * it anywhere. Free tier 1 per WABA-month.
 */
function tenantLog(p: string): Line[] {
  const key = (waba: string, wa: string) => ({ waba_id: `${p}w-${waba}`, phone_number_id: `${p}pn-${waba}`, wa_id: `1415555${wa}` })
  const tpl = (id: string, h: number, waba: string, wa: string, category: string, extra: Rec = {}): Rec =>
    ({ message_id: `${p}${id}`, timestamp: at(h), ...key(waba, wa), direction: 'outbound', template_category: category, template_name: `${category.toLowerCase()}_t`, status: 'sent', ...extra })
  const inbound = (id: string, h: number, waba: string, wa: string): Rec => ({ message_id: `${p}${id}`, timestamp: at(h), ...key(waba, wa), direction: 'inbound' })
  const reply = (id: string, h: number, waba: string, wa: string): Rec => ({ message_id: `${p}${id}`, timestamp: at(h), ...key(waba, wa), direction: 'outbound', status: 'sent' })
  const meta = (id: string, h: number, m: Parameters<typeof metaStatus>[3]) => metaStatus(`${p}${id}`, 'delivered', h, { ...m, conversation: m.conversation && `${p}${m.conversation}` })
  return [
    // Free tier: A's service conversation is the month's first until B's earlier one arrives; Meta
    // billed A's and not B's (A: billed but free while first, B: none once first).
    inbound('a-in', 10, 'free', '0101'), reply('a-re', 10.5, 'free', '0101'),
    meta('a-re', 10.6, { billable: true, category: 'service', conversation: 'm-a' }),
    inbound('b-in', 5, 'free', '0102'), reply('b-re', 5.5, 'free', '0102'),
    meta('b-re', 5.6, { billable: false, category: 'service', conversation: 'm-b' }),
    // One Meta conversation named by two customers' utility templates: a split, on the first's row.
    tpl('c1', 20, 'split', '0103', 'UTILITY'), meta('c1', 20.1, { category: 'utility', conversation: 'm-s' }),
    tpl('d1', 21, 'split', '0104', 'UTILITY'), meta('d1', 21.1, { category: 'utility', conversation: 'm-s' }),
    // E's message first in F's Meta conversation, then a later line of E's names its own.
    tpl('e1', 30, 'late', '0105', 'UTILITY'), meta('e1', 30.1, { category: 'utility', conversation: 'm-f' }),
    metaStatus(`${p}e1`, 'read', 31, { category: 'utility', conversation: `${p}m-e` }),
    tpl('f1', 29, 'late', '0106', 'UTILITY'), meta('f1', 29.1, { category: 'utility', conversation: 'm-f' }),
    // A utility template Meta billed as marketing, then the log corrected to marketing.
    tpl('g1', 40, 'drift', '0107', 'UTILITY'), meta('g1', 40.1, { category: 'marketing', conversation: 'm-g' }),
    tpl('g1', 40, 'drift', '0107', 'MARKETING', { status: 'delivered' }),
    tpl('g2', 41, 'drift', '0107', 'UTILITY'), meta('g2', 41.1, { category: 'marketing', conversation: 'm-g2' }),
    // A message moved to another customer by a later line (its mismatch moves with it).
    tpl('h1', 50, 'move', '0108', 'UTILITY'), meta('h1', 50.1, { category: 'marketing', conversation: 'm-h' }),
    tpl('h1', 50, 'move', '0109', 'UTILITY', { status: 'delivered' }),
  ]
}

// A small seeded generator (mulberry32): the same cuts on every run, different per seed.
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `lines` shuffled and cut into `n` batches (some may be empty). */
function cut(lines: Line[], n: number, seed: number): Line[][] {
  const r = random(seed)
  const shuffled = lines.map((l) => ({ l, k: r() })).sort((x, y) => x.k - y.k).map((x) => x.l)
  const batches: Line[][] = Array.from({ length: n }, () => [])
  for (const l of shuffled) batches[Math.floor(r() * n)]!.push(l)
  return batches
}

async function query<T>(db: Session['db'], sql: string): Promise<T[]> {
  const rs = await db.client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } })
  return rs.json<T>()
}

/** Rows of the view and of the table kept that the other lacks (as many times as they lack them), their counts, and rows kept more than once. */
async function compare(db: Session['db']) {
  const [r] = await query<{ view: number; kept: number; missing: number; extra: number; doubled: number }>(db,
    `SELECT (SELECT count() FROM reconciliation) AS view, (SELECT count() FROM reconciliation_kept) AS kept,
       (SELECT count() FROM (SELECT * FROM reconciliation EXCEPT ALL SELECT * FROM reconciliation_kept)) AS missing,
       (SELECT count() FROM (SELECT * FROM reconciliation_kept EXCEPT ALL SELECT * FROM reconciliation)) AS extra,
       (SELECT count() FROM (SELECT * EXCEPT sign, sum(sign) AS n FROM discrepancies GROUP BY ALL HAVING n NOT IN (0, 1))) AS doubled`)
  return r!
}

// One engine per test file (chDB): the routes' app runs on the session the other tests use.
let t: TestApp
let s: Session
beforeAll(async () => { t = await openApp({ freeTier: 1 }); s = t.session }, 120_000)
afterAll(async () => { await t?.app.close() })

describe('the reconciliation kept', () => {
  const seeds = [1, 2, 3, 4]
  it('equals the view after every batch of random cuts, brought up to date by keys', async () => {
    expect(await reconcileUpToDate(s.db)).toEqual({ done: 'whole' })
    // The tenants' n-th batches are ingested together (one ingest each: engine planning is most of it).
    const cuts = seeds.map((seed) => cut(tenantLog(`t${seed}-`), 4, seed))
    const seen = new Set<number>()
    for (let n = 0; n < 4; n++) {
      await ingest(s, cuts.flatMap((c) => c[n]!))
      const done = await reconcileUpToDate(s.db)
      expect(done.done).toBe('keys')
      const c = await compare(s.db)
      seen.add(c.view)
      expect({ ...c, view: undefined }).toEqual({ view: undefined, kept: c.view, missing: 0, extra: 0, doubled: 0 })
    }
    // Which line of a corrected message wins depends on the batches (the later one), so the
    // counts do: every tenant has a split and at least one mismatch.
    const kinds = await query<{ kind: string; n: number }>(s.db, 'SELECT kind, toUInt32(count()) AS n FROM reconciliation_kept GROUP BY kind ORDER BY kind')
    expect(kinds.map((k) => k.kind)).toEqual(['CATEGORY_MISMATCH', 'CONVERSATION_SPLIT'])
    expect(kinds[0]!.n).toBeGreaterThanOrEqual(seeds.length)
    expect(kinds[1]!.n).toBe(seeds.length)
    expect(seen.size).toBeGreaterThan(1)
  }, 240_000)

  it('stays equal after a crash between writing the difference and clearing the marks', async () => {
    await ingest(s, tenantLog('crash-'))
    // The catch-up's work up to before clearing its marks, as a crash there leaves it.
    const [k] = await rows<{ phones: string[]; wa_ids: string[] }>(s.db, 'reconcile/keys')
    expect(k!.phones.length).toBeGreaterThan(0)
    await exec(s.db, 'reconcile/diff', { key_phones: k!.phones, key_wa_ids: k!.wa_ids })
    expect(await reconcileUpToDate(s.db)).toEqual({ done: 'keys', keys: k!.phones.length })
    const c = await compare(s.db)
    expect(c).toEqual({ view: c.view, kept: c.view, missing: 0, extra: 0, doubled: 0 })
  }, 120_000)

  it('is filled whole again after a rebuild', async () => {
    const before = await compare(s.db)
    await rebuild(s)
    expect(await reconcileUpToDate(s.db)).toEqual({ done: 'whole' })
    expect(await reconcileUpToDate(s.db)).toEqual({ done: 'nothing' })
    expect(await compare(s.db)).toEqual(before)
  }, 120_000)
})

describe('the reconciliation routes', () => {
  const wabas = ['free', 'split', 'late', 'drift', 'move'].map((w) => `waba=api-w-${w}`).join('&')
  const summary = async () => Object.fromEntries((await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?from=2024-09-01&to=2024-09-30&${wabas}`)).map((r) => [r.kind, r.discrepancies]))

  it('read what each batch changed, without telling the page the data changed', async () => {
    const log = tenantLog('api-')
    const late = log.filter((l) => (l as Rec).message_id === 'api-d1')
    await ingest(t.session, log.filter((l) => !late.includes(l)))
    expect(await summary()).toEqual({ CATEGORY_MISMATCH: 2 })
    // d1's lines name c1's Meta conversation: c1's row (another key) now shows the split
    await ingest(t.session, late)
    const epoch = t.app.dataVersion.epoch
    expect(await summary()).toEqual({ CATEGORY_MISMATCH: 2, CONVERSATION_SPLIT: 1 })
    expect(t.app.dataVersion.epoch).toBe(epoch)
  }, 120_000)
})
