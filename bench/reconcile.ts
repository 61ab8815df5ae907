// npm run bench:reconcile [-- --dir bench/out]: the reconciliation with Meta's pricing on every
// delivered message, as a live deployment has it. Copies the database `npm run bench` left in
// --dir (to <dir>/reconcile-db, kept for later runs), gives each delivered outbound message a
// priced 'delivered' status line (sql/bench/priced_statuses.sql: agreeing with the rules except
// ~1 % re-categorised), then times the dashboard's reconciliation summary (sql/api/
// reconcile_summary.sql: it computes the whole reconciliation, as each of the panel's three
// requests does) and support's answer for one customer and for --customers customers together
// (view reconciliation_of). Baseline from the same run: one pass over the priced status lines
// (sql/bench/priced_lines.sql). The summary line last:
// `bench-reconcile: priced_messages=N discrepancies=D baseline_ms=B summary_ms=S ratio=R customer_ms=C customers_ms=K peak_rss_mb=M`
// (ratio = S / B: how many passes over the priced lines the panel's one request costs).
import { cpSync, existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { openPersistent } from '../core/session.ts'
import { exec, rows } from '../core/db/sql.ts'

const opts = new Command('bench:reconcile')
  .option('--dir <dir>', 'the directory of `npm run bench` (its db/)', 'bench/out')
  .option('--customers <n>', 'customers asked for together', '100')
  .parse(process.argv)
  .opts<{ dir: string; customers: string }>()

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
const [summary, summaryMs] = await timed('the dashboard\'s reconciliation summary (the whole reconciliation)', () => rows<{ discrepancies: number }>(db, 'api/reconcile_summary', all))
const discrepancies = summary.reduce((n, r) => n + Number(r.discrepancies), 0)
const keys = await rows<{ phone_number_id: string; wa_id: string }>(db, 'bench/sample_keys', { n: Number(opts.customers) })
const keyed = (ks: typeof keys) => ({ key_phones: ks.map((k) => k.phone_number_id), key_wa_ids: ks.map((k) => k.wa_id) })
const [, customerMs] = await timed('support\'s answer, one customer', () => rows(db, 'api/customer_summary', { ...all, ...keyed(keys.slice(0, 1)) }))
const [, customersMs] = await timed(`the reconciliation of ${keys.length} customers (view reconciliation_of)`, () => rows(db, 'bench/reconciliation_of', keyed(keys)))
const peak = Math.round(process.resourceUsage().maxRSS / 1024)
await session.close()
process.stdout.write(`bench-reconcile: priced_messages=${base!.messages} discrepancies=${discrepancies} baseline_ms=${baselineMs} summary_ms=${summaryMs} `
  + `ratio=${(summaryMs / Math.max(1, baselineMs)).toFixed(0)} customer_ms=${customerMs} customers_ms=${customersMs} peak_rss_mb=${peak}\n`)
