// npm run bench [-- --messages N]: generates a synthetic log and measures, in one run and on one
// database, (a) bulk ingest + derive, (b) the engine's own raw JSONEachRow parse of the same
// file (the physical reference), (c) rebuild, (d) incremental 10k-message batches on top of
// everything stored, (e) peak RSS. Prints figures, then the summary line last.
import { createReadStream, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { Readable } from 'node:stream'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { generate } from './generate.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rebuild } from '../core/derive.ts'
import { exec } from '../core/db/sql.ts'

const opts = new Command('bench')
  .option('--messages <n>', 'messages in the bulk log', '10000000')
  .option('--customers <n>', 'distinct customers (default messages / 10)')
  .option('--days <n>', 'days the bulk log spans', '30')
  .option('--batches <n>', 'incremental 10k-message batches to time', '20')
  .option('--dir <dir>', 'work directory (log files, database)', 'bench/out')
  .parse(process.argv)
  .opts<{ messages: string; customers?: string; days: string; batches: string; dir: string }>()

const N = Number(opts.messages)
const customers = Number(opts.customers ?? Math.max(1, Math.round(N / 10)))
const days = Number(opts.days)
const batches = Number(opts.batches)
const dir = resolve(opts.dir)
const start = Date.parse('2025-11-01T00:00:00Z')
const log = (s: string) => process.stderr.write(`${s}\n`)
const secs = (ms: number) => (ms / 1000).toFixed(1)

rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const bulk = `${dir}/bulk.ndjson`
const inc = `${dir}/incremental.ndjson`
let t = Date.now()
const bytes = await generate(bulk, { messages: N, customers, days, start, seed: 1, idPrefix: 'b' })
await generate(inc, { messages: batches * 10_000, customers, days: 1, start: start + days * 86_400_000, seed: 2, idPrefix: 'i' })
log(`generated ${N} messages (${(bytes / 1e6).toFixed(0)} MB, ${customers} customers) in ${secs(Date.now() - t)} s`)

const session = await openPersistent(`${dir}/db`, {})
const { db } = session

t = Date.now()
await exec(db, 'bench/raw_table')
await exec(db, 'bench/raw_parse', { path: bulk })
const rawMs = Date.now() - t
log(`(b) raw JSONEachRow parse: ${secs(rawMs)} s`)

t = Date.now()
const summary = await ingestSource(db, createReadStream(bulk), 'bulk.ndjson')
const ingestMs = Date.now() - t
log(`(a) ingest + derive: ${secs(ingestMs)} s (${summary.accepted} accepted, ${summary.rejected} rejected)`)

t = Date.now()
await rebuild(db)
const rebuildMs = Date.now() - t
log(`(c) rebuild: ${secs(rebuildMs)} s`)

const lines = readFileSync(inc, 'utf8').trimEnd().split('\n')
const times: number[] = []
const keys = { keys: 0, continued: 0, fromTail: 0 }
for (let b = 0; b < batches; b++) {
  const body = lines.slice(b * 10_000, (b + 1) * 10_000).join('\n')
  t = Date.now()
  await ingestSource(db, Readable.from([Buffer.from(body)]), `incremental-${b}`, undefined,
    { onDerived: (d) => { keys.keys += d.keys; keys.continued += d.continued; keys.fromTail += d.fromTail } })
  times.push(Date.now() - t)
}
times.sort((x, y) => x - y)
const median = times[Math.floor(times.length / 2)] ?? 0
log(`(d) incremental 10k batches: median ${median} ms, min ${times[0]} ms, max ${times[times.length - 1]} ms; ` +
  `keys continued from their reach: ${keys.continued}, from their cached tail: ${keys.fromTail}, of ${keys.keys}`)
await session.close()

const peak = Math.round(process.resourceUsage().maxRSS / 1024)
const rate = (ms: number) => Math.round(N / (ms / 1000))
log(`(e) peak RSS: ${peak} MB`)
process.stdout.write(`bench: messages=${N} ingest_derive_per_s=${rate(ingestMs)} raw_parse_per_s=${rate(rawMs)} ratio=${(rawMs / ingestMs).toFixed(2)} rebuild_per_s=${rate(rebuildMs)} batch10k_ms=${median} peak_rss_mb=${peak}\n`)
