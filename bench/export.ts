// npm run bench:export [-- --messages N]: generates a synthetic log, ingests it, then writes the
// finance exports to files and reports their speed and the memory they need. The ledger runs
// twice: paged (as shipped) and as one single page (the baseline: the whole result materialized
// at once), each in a fresh process; peak RSS growth over the RSS before the export is the
// figure. Prints the summary line last.
import { createReadStream, createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { resolve } from 'node:path'
import { Command } from 'commander'
import { generate } from './generate.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { execFileSync } from 'node:child_process'
import { exportCsv, ledgerPages, type ExportKind, type ExportOptions } from '../core/exports.ts'

const opts = new Command('bench-export')
  .option('--messages <n>', 'messages in the log', '3000000')
  .option('--days <n>', 'days the log spans', '30')
  .option('--dir <dir>', 'work directory (log, database, exports)', 'bench/out-export')
  .option('--reuse', 'keep the database of an earlier run (skip generate + ingest)')
  .option('--only <run>', '(internal) one measurement in this process: ledger, ledger-one-page, invoice, daily')
  .parse(process.argv)
  .opts<{ messages: string; days: string; dir: string; reuse?: boolean; only?: string }>()

const N = Number(opts.messages)
const dir = resolve(opts.dir)
const log = (s: string) => process.stderr.write(`${s}\n`)
const mb = (b: number) => (b / 1024 / 1024).toFixed(0)

interface Figures { ms: number; bytes: number; rows: number; rssBefore: number; peakBefore: number; peak: number }

// Peak RSS never goes down in a process, so every measurement runs in a fresh one.
async function measure(only: string): Promise<Figures> {
  const session = await openPersistent(`${dir}/db`, {})
  const all = { wabas: [], from: '1970-01-01', to: '2148-12-31' }
  const kind = (only === 'ledger-one-page' ? 'ledger' : only) as ExportKind
  const o: ExportOptions = only === 'ledger-one-page' ? { pageRows: Number.MAX_SAFE_INTEGER } : {}
  if (kind === 'ledger') log(`${only}: ${(await ledgerPages(session.db, all, o.pageRows ?? 50_000)).length} pages`)
  global.gc?.()
  const rssBefore = process.memoryUsage().rss
  const peakBefore = process.resourceUsage().maxRSS * 1024
  const t = performance.now()
  const path = `${dir}/${only}.csv`
  let rows = -1
  const counted = async function* () {
    for await (const chunk of exportCsv(session.db, kind, all, o)) {
      for (const b of chunk) if (b === 10) rows++
      yield chunk
    }
  }
  await pipeline(Readable.from(counted()), createWriteStream(path))
  const ms = performance.now() - t
  await session.close()
  return { ms, bytes: statSync(path).size, rows, rssBefore, peakBefore, peak: process.resourceUsage().maxRSS * 1024 }
}

if (opts.only) {
  process.stdout.write(JSON.stringify(await measure(opts.only)))
  process.exit(0)
}

if (!opts.reuse) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const file = `${dir}/log.ndjson`
  await generate(file, { messages: N, customers: Math.round(N / 10), days: Number(opts.days), start: Date.parse('2025-11-01T00:00:00Z'), seed: 3, idPrefix: 'x' })
  const s = await openPersistent(`${dir}/db`, {})
  const t = Date.now()
  await ingestSource(s.db, createReadStream(file, { highWaterMark: 1 << 20 }) as unknown as Readable, file)
  log(`ingested ${N} messages in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  await s.close()
}

const child = (only: string) => execFileSync(process.execPath, ['--expose-gc', 'bin/run-ts.mjs', 'bench/export.ts', '--dir', dir, '--only', only], { stdio: ['ignore', 'pipe', 'inherit'] })
// The first open after a bulk load runs the engine's background merges (GBs of RSS for a while):
// a discarded warm-up run takes them, so the figures are the exports' own.
if (!opts.reuse) child('daily')
const runs: Record<string, Figures> = {}
for (const only of ['ledger', 'invoice', 'daily', 'ledger-one-page']) {
  const out = child(only)
  const f = JSON.parse(out.toString()) as Figures
  runs[only] = f
  log(`${only}: ${(f.ms / 1000).toFixed(1)} s, ${f.rows} rows, ${mb(f.bytes)} MB; RSS before ${mb(f.rssBefore)} MB (peak so far ${mb(f.peakBefore)} MB), peak after ${mb(f.peak)} MB`)
}
const paged = runs.ledger!
const single = runs['ledger-one-page']!
const growth = (f: Figures) => Math.max(1, f.peak - f.rssBefore)
process.stdout.write(`ledger_rows=${paged.rows} ledger_s=${(paged.ms / 1000).toFixed(1)} ledger_mb=${mb(paged.bytes)} invoice_ms=${runs.invoice!.ms.toFixed(0)} daily_ms=${runs.daily!.ms.toFixed(0)} one_page_s=${(single.ms / 1000).toFixed(1)}\n`)
process.stdout.write(`bench-export: conversations=${paged.rows} paged_peak_growth_mb=${mb(growth(paged))} one_page_peak_growth_mb=${mb(growth(single))} ratio=${(growth(single) / growth(paged)).toFixed(1)}\n`)
