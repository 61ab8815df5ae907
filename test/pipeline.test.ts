// The ingest routes a batch group by group (ingest/pipeline.ts): what it stores must not depend
// on where the runs and groups are cut. The same random batches (corrections that move messages
// between keys, duplicates, status lines before and after their messages, webhook envelopes,
// bad lines) are ingested once in one group and once in runs of ~150 bytes and groups of
// ~500, fed in 37-byte reads, under two tenants; the stored rows, the summaries, the ledger and
// the verdicts must be the same. The batches of the two seeds go in together, line by line in
// turn (their tenants share nothing): runs of ~300 bytes and groups of ~1000 hold ~150 and ~500
// of each seed's, cut as often as each seed's alone was, in half the groups (~1 s of statements
// each, the file's whole cost).
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource, type Limits } from '../ingest/pipeline.ts'
import { ledger, openEngine, verdicts } from './support/engine.ts'
import type { Session } from '../core/session.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

function generator(seed: number) {
  let x = seed
  const rnd = () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648 }
  const pick = <T,>(a: T[]): T => a[Math.floor(rnd() * a.length)]!
  const base = Date.parse('2025-12-01T00:00:00Z')
  const ts = () => { const t = base + Math.floor(rnd() * 3 * 86400) * 1000; return rnd() < 0.3 ? String(t / 1000) : new Date(t).toISOString() }
  const customers = ['14155550101', '919812345678', '5511987654321']
  // T stands for the tenant; the same lines are ingested under two tenants.
  return (): string => {
    const id = `T.m${Math.floor(rnd() * 10)}`
    const pn = `T.p${Math.floor(rnd() * 2)}`
    const r = rnd()
    if (r < 0.55) {
      const inbound = rnd() < 0.5
      return JSON.stringify({
        message_id: id, timestamp: ts(), waba_id: 'T.w', phone_number_id: pn, wa_id: pick(customers), direction: inbound ? 'inbound' : 'outbound',
        ...(!inbound && rnd() < 0.6 && { template_category: pick(['MARKETING', 'UTILITY', 'AUTHENTICATION']) }),
        ...(inbound && rnd() < 0.2 && { entry_point: 'ctwa', ad_id: 'ad1' }),
        ...(rnd() < 0.3 && { status: pick(['sent', 'delivered', 'read', 'failed']) }),
      })
    }
    if (r < 0.85) return JSON.stringify({ kind: 'status', message_id: id, status: pick(['sent', 'delivered', 'read', 'failed']), timestamp: ts() })
    if (r < 0.93) {
      return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'T.w', changes: [{ field: 'messages', value: {
        metadata: { phone_number_id: pn },
        messages: rnd() < 0.8 ? [{ from: pick(customers), id, timestamp: String(Math.floor(Date.parse(ts()) / 1000)), type: 'text' }] : [],
        statuses: rnd() < 0.5 ? [{ id: `T.m${Math.floor(rnd() * 10)}`, status: 'delivered', timestamp: String(Math.floor(Date.parse(ts()) / 1000)) }] : [],
      } }] }] })
    }
    return pick(['', 'not json', '[1]', `{"message_id":"${id}"}`, '\r'])
  }
}

/** Line by line in turn: each seed's lines under its tenant (`T.` → `<prefix><seed>.`). */
const together = (prefix: string, bySeed: [number, string[]][]): string => {
  const most = Math.max(...bySeed.map(([, lines]) => lines.length))
  return Array.from({ length: most }, (_, i) => bySeed.flatMap(([seed, lines]) => (i < lines.length ? [lines[i]!.replaceAll('T.', `${prefix}${seed}.`)] : []))).flat().join('\n')
}

async function run(prefix: string, seeds: number[], batches: string[], limits: Limits, slice: number) {
  const summaries = []
  for (const body of batches) {
    const bytes = Buffer.from(body)
    const parts = []
    for (let i = 0; i < bytes.length; i += slice) parts.push(bytes.subarray(i, i + slice))
    const { batch: _, source: __, ...summary } = await ingestSource(s.db, Readable.from(parts), 'pipeline-test', undefined, limits)
    summaries.push(summary)
  }
  const tenants: Record<number, object> = {}
  for (const seed of seeds) {
    const tenant = `${prefix}${seed}`
    const q = async (query: string) => {
      const rs = await s.db.client.query({ query, query_params: { p: `${tenant}.` }, format: 'JSONEachRow' })
      return JSON.stringify(await rs.json()).replaceAll(`${tenant}.`, 'T.')
    }
    const phones = [`${tenant}.p0`, `${tenant}.p1`]
    const ids = Array.from({ length: 10 }, (_, i) => `${tenant}.m${i}`)
    const strip = (rows: object[]) => JSON.stringify(rows).replaceAll(`${tenant}.`, 'T.').replace(/"conversation_id":"[^"]*"/g, '')
    tenants[seed] = {
      // versions hold batch numbers (each tenant has its own batches), and a tombstone's may be
      // that of the group that moved the message rather than of the batch
      messages: await q(`SELECT * EXCEPT (bucket, version) FROM messages FINAL
                         WHERE startsWith(message_id, {p:String}) ORDER BY phone_number_id, wa_id, message_id`),
      facts: await q(`SELECT phone_number_id, wa_id, message_id, st_delivered, st_failed FROM status_facts FINAL
                      WHERE startsWith(message_id, {p:String}) ORDER BY ALL`),
      keys: await q(`SELECT message_id, argMax((phone_number_id, wa_id, st_delivered, st_failed, own_kind, own_delivery), version) AS k FROM message_keys
                     WHERE startsWith(message_id, {p:String}) GROUP BY message_id ORDER BY message_id`),
      statuses: await q('SELECT * FROM statuses FINAL WHERE startsWith(message_id, {p:String}) ORDER BY ALL'),
      ledger: strip((await Promise.all(phones.map((p) => ledger(s, p)))).flat()),
      verdicts: strip([...(await verdicts(s, ids)).values()]),
    }
  }
  return { summaries, tenants }
}

it('stores the same whatever the runs and groups a batch is cut into', async () => {
  const seeds = [3, 17]
  const lines = seeds.map((seed) => { const line = generator(seed); return [seed, Array.from({ length: 3 }, () => Array.from({ length: 25 }, line))] as const })
  const batches = (prefix: string) => [0, 1, 2].map((b) => together(prefix, lines.map(([seed, bs]) => [seed, bs[b]!])))
  const whole = await run('one', seeds, batches('one'), {}, 1 << 20)
  const cut = await run('cut', seeds, batches('cut'), { chunkBytes: 300, groupBytes: 1000 }, 37)
  expect(cut).toEqual(whole)
  expect(whole.summaries.reduce((n, x) => n + x.rejected, 0)).toBeGreaterThan(0)
  for (const seed of seeds) expect((whole.tenants[seed] as { messages: string }).messages).toContain('"deleted":1')
})
