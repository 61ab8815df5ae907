// npm run bench:reconcile [-- --dir bench/out]: the reconciliation with Meta's pricing on every
// delivered message, as a live deployment has it. Copies the database `npm run bench` left in
// --dir (to <dir>/reconcile-db, kept for later runs), gives each delivered outbound message a
// priced 'delivered' status line (sql/bench/priced_statuses.sql: agreeing with the rules except
// ~1 % re-categorised), then times: filling the reconciliation kept whole (table discrepancies,
// core/reconcile.ts: what the first read after an upgrade or a rebuild does); one batch of
// --batch new template messages to as many existing customers, each with a priced status (1 in
// 10 re-categorised), ingested, then the catch-up before the next read (the keys it marked); the
// dashboard's reconciliation summary read after it (sql/api/reconcile_summary.sql, each of the
// panel's three requests is such a read); support's answer for one customer and for --customers
// customers together (view reconciliation_of). Baseline from the same run: one pass over the
// priced status lines (sql/bench/priced_lines.sql). The summary line last:
// `bench-reconcile: priced_messages=N discrepancies=D baseline_ms=B fill_ms=F batch_messages=K catchup_ms=C ratio=R summary_ms=S customer_ms=U customers_ms=V peak_rss_mb=M`
// (ratio = C / B: how many passes over the priced lines a batch's catch-up costs).
import { cpSync, existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { Readable } from 'node:stream'
import { openPersistent } from '../core/session.ts'
import { commandAll, exec, rows } from '../core/db/sql.ts'
import { reconcileUpToDate } from '../core/reconcile.ts'
import { ingestSource } from '../ingest/pipeline.ts'

const opts = new Command('bench:reconcile')
  .option('--dir <dir>', 'the directory of `npm run bench` (its db/)', 'bench/out')
  .option('--customers <n>', 'customers asked for together', '100')
  .option('--batch <n>', 'messages (to as many customers) in the batch reconciled', '1000')
  .parse(process.argv)
  .opts<{ dir: string; customers: string; batch: string }>()

const dir = resolve(opts.dir)
const log = (s: string) => process.stderr.write(`${s}\n`)
const copy = `${dir}/reconcile-db`
if (!existsSync(`${dir}/db`)) throw new Error(`no database in ${dir}/db: run npm run bench first (or give --dir)`)
if (!existsSync(`${copy}/priced`)) {
  log(`copying ${dir}/db to ${copy} …`)
  cpSync(`${dir}/db`, copy, { recursive: true })
}
const session = await openPersistent(copy, {})
const db = session.db
const timed = async <T>(what: string, f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now()
  const r = await f()
  const ms = Math.round(performance.now() - t)
  log(`${what}: ${ms} ms`)
  return [r, ms]
}
if (!existsSync(`${copy}/priced`)) {
  await timed('priced status lines written', () => exec(db, 'bench/priced_statuses'))
  writeFileSync(`${copy}/priced`, new Date().toISOString())
}

const all = { wabas: [], phones: [], from: '1970-01-01', to: '2148-12-31' }
const [[base], baselineMs] = await timed('baseline: one pass over the priced lines', () => rows<{ lines: string; messages: string }>(db, 'bench/priced_lines'))
// The first read after an upgrade or a rebuild: the table filled whole from the view.
await commandAll(db, 'bench/reconcile_unfilled', ['TRUNCATE TABLE discrepancies_ready'])
const [, fillMs] = await timed('the reconciliation kept filled whole (view reconciliation)', () => reconcileUpToDate(db))
const batchSize = Number(opts.batch)
const keys = await rows<{ phone_number_id: string; wa_id: string; waba_id: string }>(db, 'bench/sample_keys', { n: Math.max(Number(opts.customers), batchSize) })
const [latest] = await rows<{ ms: string }>(db, 'bench/latest_message')
const run = Date.now()
const lines = keys.slice(0, batchSize).flatMap((k, i) => {
  const id = `wamid.bench-reconcile.${run}.${i}`
  const timestamp = new Date(Number(latest!.ms) + 3_600_000 + i).toISOString()
  return [
    { message_id: id, timestamp, waba_id: k.waba_id, phone_number_id: k.phone_number_id, wa_id: k.wa_id, direction: 'outbound', template_category: 'UTILITY', template_name: 'bench_update', status: 'sent' },
    { kind: 'status', message_id: id, status: 'delivered', timestamp, pricing: { billable: true, pricing_model: 'PMP', category: i % 10 === 0 ? 'marketing' : 'utility', type: 'regular' },
      conversation: { id: `bench-mc-${run}-${i}`, origin: { type: 'utility' } } },
  ]
})
await timed(`a batch of ${batchSize} messages with priced statuses ingested`, () =>
  session.exclusive(() => ingestSource(db, Readable.from([Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'))]), 'bench:reconcile')))
const [caught, catchupMs] = await timed('the catch-up before the next read (the batch\'s keys)', () => reconcileUpToDate(db))
log(`  ${JSON.stringify(caught)}`)
const [summary, summaryMs] = await timed('the dashboard\'s reconciliation summary (the reconciliation kept)', () => rows<{ discrepancies: number }>(db, 'api/reconcile_summary', all))
const discrepancies = summary.reduce((n, r) => n + Number(r.discrepancies), 0)
const keyed = (ks: typeof keys) => ({ key_phones: ks.map((k) => k.phone_number_id), key_wa_ids: ks.map((k) => k.wa_id) })
const [, customerMs] = await timed('support\'s answer, one customer', () => rows(db, 'api/customer_summary', { ...all, ...keyed(keys.slice(0, 1)) }))
const customers = keys.slice(0, Number(opts.customers))
const [, customersMs] = await timed(`the reconciliation of ${customers.length} customers (view reconciliation_of)`, () => rows(db, 'bench/reconciliation_of', keyed(customers)))
const peak = Math.round(process.resourceUsage().maxRSS / 1024)
await session.close()
process.stdout.write(`bench-reconcile: priced_messages=${base!.messages} discrepancies=${discrepancies} baseline_ms=${baselineMs} fill_ms=${fillMs} `
  + `batch_messages=${batchSize} catchup_ms=${catchupMs} ratio=${(catchupMs / Math.max(1, baselineMs)).toFixed(2)} summary_ms=${summaryMs} `
  + `customer_ms=${customerMs} customers_ms=${customersMs} peak_rss_mb=${peak}\n`)
