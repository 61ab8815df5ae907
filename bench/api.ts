// npm run bench:api [-- --messages N]: the dashboard's queries under a page's concurrency on a
// large embedded database. Loads N generated messages (default 10M, reused when the database
// in --dir already holds them), serves the real app on a local port, and for --seconds fires
// every panel route at once, each from its own autocannon client (a page load, repeated),
// then times a cold page load (all routes at once, once). Baseline from the same run: /health,
// a route that only runs SELECT 1. Prints p50/p95 per route, the summary line last. Results are
// cached per data version (api/results-cache.ts): the load measures a page refreshed without a
// change; "after a change" times the page once more right after an (empty) exclusive work,
// which drops the cache as a finished batch does, then each route alone after a change.
import { existsSync, mkdirSync } from 'node:fs'
import { createReadStream } from 'node:fs'
import { resolve } from 'node:path'
import { Command } from 'commander'
import autocannon from 'autocannon'
import { generate } from './generate.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rows } from '../core/db/sql.ts'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { dashboardPanels } from './panels.ts'

const opts = new Command('bench:api')
  .option('--messages <n>', 'messages in the database', '10000000')
  .option('--days <n>', 'days the generated log spans', '60')
  .option('--seconds <n>', 'duration of the concurrent load', '15')
  .option('--connections <n>', 'concurrent requests per route', '1')
  .option('--dir <dir>', 'work directory (log file, database)', 'bench/out-api')
  .parse(process.argv)
  .opts<{ messages: string; days: string; seconds: string; connections: string; dir: string }>()

const N = Number(opts.messages)
const dir = resolve(opts.dir)
const log = (s: string) => process.stderr.write(`${s}\n`)
const key = 'bench-key-0123456789abcdef'

mkdirSync(dir, { recursive: true })
const session = await openPersistent(`${dir}/db`, {})
const [{ n }] = (await rows<{ n: string }>(session.db, 'bench/message_count')) as [{ n: string }]
if (Number(n) < N) {
  const file = `${dir}/log.ndjson`
  if (!existsSync(file)) {
    log(`generating ${N} messages …`)
    await generate(file, { messages: N, customers: Math.round(N / 10), days: Number(opts.days), start: Date.parse('2025-11-01T00:00:00Z'), seed: 3, idPrefix: 'a' })
  }
  const t = Date.now()
  const s = await ingestSource(session.db, createReadStream(file), 'bench-api')
  log(`loaded ${s.accepted} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`)
} else {
  log(`reusing ${n} stored messages in ${dir}/db`)
}

const app = await buildApp({ session, keys: parseKeys(`${key}=*`) })
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const [waba] = (await rows<{ waba_id: string }>(session.db, 'bench/first_waba')) as [{ waba_id: string }]

// The page's queries: the default view, and the same panels filtered to one WABA and a month.
const f = `waba=${waba.waba_id}&from=2025-11-01&to=2025-11-30`
const routes: [string, string][] = [
  ['health (baseline)', '/health'],
  ...dashboardPanels,
  ['headline (filtered)', `/api/headline?${f}`],
  ['spend week×phone (filtered)', `/api/spend?granularity=week&split=phone&${f}`],
]
const headers = { authorization: `Bearer ${key}`, accept: 'application/vnd.apache.arrow.stream' }

// Cold page: every panel request at once, as the browser sends them.
let t0 = performance.now()
await Promise.all(routes.map(([, url]) => fetch(base + url, { headers }).then((r) => r.arrayBuffer())))
const pageMs = performance.now() - t0

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

const latencies = new Map<string, number[]>(routes.map(([name]) => [name, []]))
t0 = performance.now()
await Promise.all(routes.map(([name, url]) => new Promise<void>((done, fail) => {
  const instance = autocannon({ url: base + url, headers, connections: Number(opts.connections), duration: Number(opts.seconds) }, (err) => (err ? fail(err) : done()))
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status !== 200) fail(new Error(`${url}: HTTP ${status}`))
    latencies.get(name)!.push(ms)
  })
})))

let worst = 0
let baseline = 0
for (const [name] of routes) {
  const xs = latencies.get(name)!
  const p50 = percentile(xs, 50)
  const p95 = percentile(xs, 95)
  if (name.startsWith('health')) baseline = p95
  else worst = Math.max(worst, p95)
  log(`${name.padEnd(30)} requests=${String(xs.length).padStart(6)} p50_ms=${p50.toFixed(1).padStart(7)} p95_ms=${p95.toFixed(1).padStart(7)}`)
}
log(`cold page (all ${routes.length} requests at once): ${pageMs.toFixed(0)} ms; load window ${((performance.now() - t0) / 1000).toFixed(0)} s`)
const stats = app.results.stats()
log(`results cache: hits=${stats.hits} shared=${stats.shared} misses=${stats.misses} entries=${stats.entries} bytes=${stats.bytes}`)
await session.exclusive(async () => {})
t0 = performance.now()
await Promise.all(routes.map(([, url]) => fetch(base + url, { headers }).then((r) => r.arrayBuffer())))
const changedMs = performance.now() - t0
log(`page after a change (cache dropped, all ${routes.length} requests at once): ${changedMs.toFixed(0)} ms`)
// where that time goes: each route alone after a change (the engine runs one statement at a time,
// so the page after a change takes about their sum)
const alone: [string, number][] = []
for (const [name, url] of routes) {
  await session.exclusive(async () => {})
  const t = performance.now()
  await fetch(base + url, { headers }).then((r) => r.arrayBuffer())
  alone.push([name, performance.now() - t])
}
log(`each route alone after a change, slowest first: ${alone.sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ')}`)
await app.close()
log(`messages=${Math.max(Number(n), N)} page_ms=${pageMs.toFixed(0)} changed_page_ms=${changedMs.toFixed(0)} baseline_p95_ms=${baseline.toFixed(1)} ratio=${(worst / baseline).toFixed(1)}`)
process.stdout.write(`bench-api: routes=${routes.length - 1} worst_p95_ms=${worst.toFixed(1)}\n`)
