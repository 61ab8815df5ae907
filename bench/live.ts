// npm run bench:live [-- --messages N --rate R --seconds S]: Meta's webhooks into a running
// server. Loads N generated messages (default 10M, reused when the database in --dir already
// holds them), serves the real app with the webhook receiver on a local port, then for --seconds
// posts signed deliveries (--per-delivery events each: inbound messages and statuses of the
// business's messages sent seconds before, whose send log goes through POST /api/ingest every
// --sends-ms, see envelopes.ts) at --rate events per second, while every dashboard panel is fired with the page's
// concurrency (one request in flight per panel). Measures the sustained rate of acknowledged
// events, for every delivery the time from the POST's 200 to its messages being visible (its
// micro-batch's derive committed; a sample is looked up through GET /api/messages/:id), the
// panels' p95, and the posted messages never visible at the end. The posts and the panels'
// requests come from another process (bench/live-load.ts), as Meta's and the browsers' do.
import { createReadStream, existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { generate } from './generate.ts'
import type { LoadFigures, LoadMessage, LoadOptions } from './live-load.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rows } from '../core/db/sql.ts'
import { buildApp } from '../api/app.ts'
import { env } from '../core/config.ts'
import { yielding } from '../core/db/yielding.ts'
import { parseKeys } from '../api/plugins/auth.ts'

const opts = new Command('bench:live')
  .option('--messages <n>', 'messages in the database before the load', '10000000')
  .option('--days <n>', 'days the generated log spans', '60')
  .option('--rate <n>', 'target events (messages and statuses) per second', '20000')
  .option('--seconds <n>', 'duration of the load', '60')
  .option('--per-delivery <n>', 'events per webhook delivery', '100')
  .option('--statuses <share>', 'share of events that are statuses', '0.4')
  .option('--sends-ms <n>', 'the business\'s send log (the outbound messages the statuses name) is posted through POST /api/ingest every n ms', '1000')
  .option('--in-flight <n>', 'deliveries posted at once at most', '64')
  .option('--sample-every <n>', 'one message of every n-th delivery is looked up through the API once derived (each look-up takes the engine ~0.5–1 s from the derive it measures)', '500')
  .option('--batch-ms <n>', 'WACOST_WEBHOOK_BATCH_MS of the server', '200')
  .option('--batch-deliveries <n>', 'WACOST_WEBHOOK_BATCH_DELIVERIES of the server', '500')
  .option('--no-panels', 'post only: no dashboard load (tells the ingest\'s share from the panels\')')
  .option('--dir <dir>', 'work directory (log file, database)', 'bench/out-live')
  .option('--gap-days <n>', 'days from the latest stored message\'s day to the live traffic\'s (1: the next day, where an earlier run\'s customers still have 24 h windows open; 4: every window closed)', '1')
  .parse(process.argv)
  .opts<Record<'messages' | 'days' | 'rate' | 'seconds' | 'perDelivery' | 'statuses' | 'sendsMs' | 'inFlight' | 'sampleEvery' | 'batchMs' | 'batchDeliveries' | 'dir' | 'gapDays', string> & { panels: boolean }>()

const N = Number(opts.messages)
const rate = Number(opts.rate)
const seconds = Number(opts.seconds)
const perDelivery = Number(opts.perDelivery)
const dir = resolve(opts.dir)
if (!/^[1-9]\d*$/.test(opts.gapDays)) { process.stderr.write(`bench:live: --gap-days takes a whole number of days from 1 (got ${opts.gapDays})\n`); process.exit(2) }
const log = (s: string) => process.stderr.write(`${s}\n`)
const key = 'bench-key-0123456789abcdef'
const secret = randomBytes(16).toString('hex')
const start = Date.parse('2025-11-01T00:00:00Z')
const gen = { messages: N, customers: Math.round(N / 10), days: Number(opts.days), start, seed: 3, idPrefix: 'a' }

mkdirSync(dir, { recursive: true })
const session = await openPersistent(`${dir}/db`, {})
const [{ n }] = (await rows<{ n: string }>(session.db, 'bench/message_count')) as [{ n: string }]
if (Number(n) < N) {
  const file = `${dir}/log.ndjson`
  if (!existsSync(file)) { log(`generating ${N} messages …`); await generate(file, gen) }
  const t = Date.now()
  const s = await ingestSource(session.db, createReadStream(file), 'bench-live')
  log(`loaded ${s.accepted} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`)
} else log(`reusing ${n} stored messages in ${dir}/db`)

const app = await buildApp({
  // as bin/start.ts: the ingests at WACOST_WRITE_NICE
  session, keys: parseKeys(`${key}=*`), ingest: (db, ...rest) => ingestSource(yielding(db, env.WACOST_WRITE_NICE), ...rest),
  webhooks: { appSecret: secret, verifyToken: 'bench', spoolDir: `${dir}/db/webhook-spool`, batchMs: Number(opts.batchMs), batchDeliveries: Number(opts.batchDeliveries) },
})
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const headers = { authorization: `Bearer ${key}` }
const run = randomBytes(3).toString('hex')
const prefix = `wamid.live${run}.`
const outPrefix = `wamid.out${run}.`
// Live traffic comes after everything stored: the day after the latest stored message (the log's
// period, and each earlier run's traffic on a database reused). A random day within 300 days after
// the log (as before) put a run's messages before an earlier run's for about half its customers:
// late messages mid-history, each re-deriving its customer whole, which live traffic never is.
const [latest] = await rows<{ ms: string }>(session.db, 'bench/latest_message')
// --gap-days 1 by default: on a database reused, the customers of the run before (~70 % of them)
// still have windows open, and the new server's tail cache is empty, so their first message of this
// run re-reads their stored rows, as after a restart in the middle of traffic; a larger gap
// measures traffic without that.
const liveStart = Math.max(start + (gen.days + 1) * 86_400_000, (Math.floor(Number(latest?.ms ?? 0) / 86_400_000) + Number(opts.gapDays)) * 86_400_000)

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const clock = () => performance.timeOrigin + performance.now()

// Freshness: a delivery's messages are visible to every reader once its micro-batch's derive has
// committed; the batcher says when (onDerived), which costs the engine nothing (polling the API
// for every sample would take the engine's time from the ingest it measures: the embedded engine
// runs one statement at a time). Every --sample-every-th delivery is then looked up once through
// GET /api/messages/:id to prove it is visible there. The load tells each 200 over IPC, which
// can arrive after its derive (then the times meet in whichever order they came).
const ackedAt = new Map<string, number>()
const derivedAt = new Map<string, number>()
const fresh: number[] = []
const sampledMessage = new Map<string, string>() // delivery id → one of its message ids
const checks: string[] = []
let notVisible = 0
let acked = 0
let ackedMessages = 0
app.webhooks!.batcher.onDerived = (ids) => {
  const now = clock()
  for (const id of ids) {
    const t = ackedAt.get(id)
    if (t !== undefined) { fresh.push(Math.max(0, now - t)); ackedAt.delete(id) } else derivedAt.set(id, now)
  }
}
const visible = async (id: string) => {
  const res = await fetch(`${base}/api/messages/${encodeURIComponent(id)}?format=json`, { headers })
  if (res.status !== 200) { await res.arrayBuffer(); return false }
  const rows = await res.json() as { verdict: string }[]
  return rows.length > 0 && rows[0]!.verdict !== ''
}
let polling = true
const poller = (async () => {
  while (polling || checks.length > 0) {
    const id = checks[0]
    if (id && (!ackedAt.has(id) || !polling)) { if (!(await visible(sampledMessage.get(id)!))) notVisible++; checks.shift(); continue }
    await sleep(100)
  }
})()

// The load from processes of their own (posts; panels), as Meta and the browsers are; this process
// only serves. Its event loop's delay is a floor under every answer's latency.
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()
const loadOptions = (role: LoadOptions['role']): LoadOptions => ({
  base, key, secret, rate, seconds, perDelivery, statusShare: Number(opts.statuses), inFlight: Number(opts.inFlight),
  sampleEvery: Number(opts.sampleEvery), sendsMs: Number(opts.sendsMs), gen, prefix, outPrefix, liveStart, role,
})
const load = (role: LoadOptions['role']) => fork(fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url)), [fileURLToPath(new URL('./live-load.ts', import.meta.url)), JSON.stringify(loadOptions(role))])
const figuresOf = (child: ChildProcess, started = () => {}) => new Promise<LoadFigures>((resolve, reject) => {
  child.on('message', (m: LoadMessage) => {
    if ('done' in m) { resolve(m.done); return }
    if ('started' in m) { started(); return }
    const a = m.acked
    acked += a.records
    ackedMessages += a.messages
    const d = derivedAt.get(a.id)
    if (d !== undefined) { fresh.push(Math.max(0, d - a.at)); derivedAt.delete(a.id) } else ackedAt.set(a.id, a.at)
    if (a.sample) { sampledMessage.set(a.id, a.sample); checks.push(a.id) }
  })
  child.on('exit', (code) => reject(new Error(`a load process exited (${code}) before its figures`)))
})
const panelsChild = opts.panels ? load('panels') : undefined
const panelFigures = panelsChild ? figuresOf(panelsChild) : Promise.resolve(undefined)
const figures = await figuresOf(load('posts'), () => panelsChild?.send('go'))
panelsChild?.send('stop')
const panelsDone = await panelFigures
loopDelay.disable()
const { sent, failed, loadS, postMs, endedAt, sendLines, sendLinesAcked, sendPosts, sendMs } = figures
log(`load: ${sent} deliveries in ${loadS.toFixed(1)} s, ${failed} failed; POST→200 p50 ${percentile(postMs, 50).toFixed(0)} ms, p95 ${percentile(postMs, 95).toFixed(0)} ms`)
log(`send log: ${sendLines} outbound lines in ${sendPosts} POST /api/ingest, ${sendLinesAcked} answered 200; POST→200 p50 ${percentile(sendMs, 50).toFixed(0)} ms, max ${Math.max(0, ...sendMs).toFixed(0)} ms`)
log(`the server's event loop delay during the load: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`)
for (const [from, xs] of Object.entries(panelsDone?.bySource ?? {})) log(`panels answered from ${from.padEnd(6)} requests=${String(xs.length).padStart(6)} p50_ms=${percentile(xs, 50).toFixed(1).padStart(7)} p95_ms=${percentile(xs, 95).toFixed(1).padStart(7)}`)
const panelMs = new Map(Object.entries(panelsDone?.panelMs ?? {}))
log('waiting for the micro-batches to derive what was posted …')
await app.webhooks!.batcher.settled()
polling = false
await poller
log(`drained ${((clock() - endedAt) / 1000).toFixed(1)} s after the load ended`)

const [v] = await rows<{ n: string }>(session.db, 'bench/live_visible', { prefix })
const lost = ackedMessages - Number(v?.n ?? 0)
const st = (await (await fetch(`${base}/api/webhooks/status`, { headers })).json()) as { batches: number; derived: number; replayed: number; failures: number }
log(`micro-batches: ${st.batches} (${(st.derived / Math.max(1, st.batches)).toFixed(1)} deliveries each), failures ${st.failures}`)
const allPanels = [...panelMs.values()].flat()
for (const [p, xs] of panelMs) log(`${p.padEnd(42)} requests=${String(xs.length).padStart(5)} p50_ms=${percentile(xs, 50).toFixed(1).padStart(7)} p95_ms=${percentile(xs, 95).toFixed(1).padStart(7)}`)
log(`messages=${Math.max(Number(n), N)} target_rate=${rate} posted_events=${acked} posted_messages=${ackedMessages} deliveries_timed=${fresh.length} fresh_p50_ms=${percentile(fresh, 50).toFixed(0)} api_checked=${sampledMessage.size} api_not_visible=${notVisible}`)
await app.close()
process.stdout.write(`bench-live: rate_per_s=${Math.round(acked / loadS)} fresh_p95_ms=${percentile(fresh, 95).toFixed(0)} panels_p95_ms=${percentile(allPanels, 95).toFixed(0)} lost=${lost}\n`)
