// npm run bench:live [-- --messages N --rate R --seconds S]: Meta's webhooks into a running
// server. Loads N generated messages (default 10M, reused when the database in --dir already
// holds them), serves the real app with the webhook receiver on a local port, then for --seconds
// posts signed deliveries (--per-delivery events each: inbound messages and statuses, see
// envelopes.ts) at --rate events per second, while every dashboard panel is fired with the page's
// concurrency (one request in flight per panel). Measures the sustained rate of acknowledged
// events, for every delivery the time from the POST's 200 to its messages being visible (its
// micro-batch's derive committed; a sample is looked up through GET /api/messages/:id), the
// panels' p95, and the posted messages never visible at the end.
import { createReadStream, existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Command } from 'commander'
import { generate } from './generate.ts'
import { deliveries, outboundOf } from './envelopes.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rows } from '../core/db/sql.ts'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { sign } from '../api/webhooks/signature.ts'

const opts = new Command('bench:live')
  .option('--messages <n>', 'messages in the database before the load', '10000000')
  .option('--days <n>', 'days the generated log spans', '60')
  .option('--rate <n>', 'target events (messages and statuses) per second', '20000')
  .option('--seconds <n>', 'duration of the load', '60')
  .option('--per-delivery <n>', 'events per webhook delivery', '100')
  .option('--statuses <share>', 'share of events that are statuses', '0.4')
  .option('--in-flight <n>', 'deliveries posted at once at most', '64')
  .option('--sample-every <n>', 'one message of every n-th delivery is looked up through the API once derived', '50')
  .option('--batch-ms <n>', 'WACOST_WEBHOOK_BATCH_MS of the server', '200')
  .option('--batch-deliveries <n>', 'WACOST_WEBHOOK_BATCH_DELIVERIES of the server', '500')
  .option('--no-panels', 'post only: no dashboard load (tells the ingest\'s share from the panels\')')
  .option('--dir <dir>', 'work directory (log file, database)', 'bench/out-live')
  .parse(process.argv)
  .opts<Record<'messages' | 'days' | 'rate' | 'seconds' | 'perDelivery' | 'statuses' | 'inFlight' | 'sampleEvery' | 'batchMs' | 'batchDeliveries' | 'dir', string> & { panels: boolean }>()

const N = Number(opts.messages)
const rate = Number(opts.rate)
const seconds = Number(opts.seconds)
const perDelivery = Number(opts.perDelivery)
const dir = resolve(opts.dir)
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
  session, keys: parseKeys(`${key}=*`), ingest: (db, input, source) => ingestSource(db, input, source),
  webhooks: { appSecret: secret, verifyToken: 'bench', spoolDir: `${dir}/db/webhook-spool`, batchMs: Number(opts.batchMs), batchDeliveries: Number(opts.batchDeliveries) },
})
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const headers = { authorization: `Bearer ${key}` }
const run = randomBytes(3).toString('hex')
const prefix = `wamid.live${run}.`
// Times continue after the log's period (and after earlier runs' traffic: one day per run).
const liveStart = start + (gen.days + 1) * 86_400_000 + Number.parseInt(run, 16) % 300 * 86_400_000
const next = deliveries({ customers: gen.customers, perDelivery, statusShare: Number(opts.statuses), prefix, start: liveStart, sent: outboundOf(gen, 200_000), seed: Date.now() % 100_000 })

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// The dashboard's panels (as bench:api fires them): one request in flight per panel, in a loop.
const panels = ['/api/filters', '/api/headline', '/api/spend?granularity=day&split=category', '/api/spend?granularity=total&split=market',
  '/api/free-tier', '/api/ctwa/daily', '/api/ctwa/ads', '/api/guardrail']
const panelMs = new Map<string, number[]>(panels.map((p) => [p, []]))
let loading = true
const panelLoops = (opts.panels ? panels : []).map(async (p) => {
  while (loading) {
    const t = performance.now()
    const res = await fetch(base + p, { headers: { ...headers, accept: 'application/vnd.apache.arrow.stream' } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`)
    panelMs.get(p)!.push(performance.now() - t)
  }
})

// Freshness: a delivery's messages are visible to every reader once its micro-batch's derive has
// committed; the batcher says when (onDerived), which costs the engine nothing (polling the API
// for every sample would take the engine's time from the ingest it measures: the embedded engine
// runs one statement at a time). Every --sample-every-th delivery is then looked up once through
// GET /api/messages/:id to prove it is visible there.
const ackedAt = new Map<string, number>()
const fresh: number[] = []
const derivedIds = new Set<string>()
const sampledMessage = new Map<string, string>() // delivery id → one of its message ids
const checks: string[] = []
let notVisible = 0
app.webhooks!.batcher.onDerived = (ids) => {
  const now = performance.now()
  for (const id of ids) {
    derivedIds.add(id)
    const t = ackedAt.get(id)
    if (t !== undefined) { fresh.push(now - t); ackedAt.delete(id) }
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
    if (id && (derivedIds.has(id) || !polling)) { if (!(await visible(sampledMessage.get(id)!))) notVisible++; checks.shift(); continue }
    await sleep(100)
  }
})()

// The load: deliveries due at the target rate, at most --in-flight posted at once.
const postMs: number[] = []
let acked = 0
let ackedMessages = 0
let failed = 0
let inFlight = 0
let sent = 0
const t0 = performance.now()
const perSecond = rate / perDelivery
while (performance.now() - t0 < seconds * 1000) {
  const due = Math.floor(((performance.now() - t0) / 1000) * perSecond)
  if (sent >= due || inFlight >= Number(opts.inFlight)) { await sleep(1); continue }
  const d = next(performance.now() - t0)
  const sampled = sent % Number(opts.sampleEvery) === 0 && d.messages.length > 0
  sent++
  inFlight++
  const t = performance.now()
  void fetch(`${base}/webhooks/whatsapp`, { method: 'POST', body: d.body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(d.body, secret) } })
    .then(async (res) => {
      if (res.status !== 200) { await res.arrayBuffer(); failed++; return }
      const { id } = await res.json() as { id: string }
      const now = performance.now()
      ackedAt.set(id, now)
      postMs.push(now - t)
      acked += d.records
      ackedMessages += d.messages.length
      if (sampled) { sampledMessage.set(id, d.messages[0]!); checks.push(id) }
    }, () => { failed++ })
    .finally(() => { inFlight-- })
}
while (inFlight > 0) await sleep(5)
const loadS = (performance.now() - t0) / 1000
loading = false
await Promise.all(panelLoops)
log(`load: ${sent} deliveries in ${loadS.toFixed(1)} s, ${failed} failed; POST→200 p50 ${percentile(postMs, 50).toFixed(0)} ms, p95 ${percentile(postMs, 95).toFixed(0)} ms`)
log('waiting for the micro-batches to derive what was posted …')
const tWait = performance.now()
await app.webhooks!.batcher.settled()
polling = false
await poller
log(`drained ${((performance.now() - tWait) / 1000).toFixed(1)} s after the load ended`)

const [v] = await rows<{ n: string }>(session.db, 'bench/live_visible', { prefix })
const lost = ackedMessages - Number(v?.n ?? 0)
const st = (await (await fetch(`${base}/api/webhooks/status`, { headers })).json()) as { batches: number; derived: number; replayed: number; failures: number }
log(`micro-batches: ${st.batches} (${(st.derived / Math.max(1, st.batches)).toFixed(1)} deliveries each), failures ${st.failures}`)
const allPanels = [...panelMs.values()].flat()
for (const [p, xs] of panelMs) log(`${p.padEnd(42)} requests=${String(xs.length).padStart(5)} p50_ms=${percentile(xs, 50).toFixed(1).padStart(7)} p95_ms=${percentile(xs, 95).toFixed(1).padStart(7)}`)
log(`messages=${Math.max(Number(n), N)} target_rate=${rate} posted_events=${acked} posted_messages=${ackedMessages} deliveries_timed=${fresh.length} fresh_p50_ms=${percentile(fresh, 50).toFixed(0)} api_checked=${sampledMessage.size} api_not_visible=${notVisible}`)
await app.close()
process.stdout.write(`bench-live: rate_per_s=${Math.round(acked / loadS)} fresh_p95_ms=${percentile(fresh, 95).toFixed(0)} panels_p95_ms=${percentile(allPanels, 95).toFixed(0)} lost=${lost}\n`)
