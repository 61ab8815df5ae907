// npm run bench:keys [-- --messages N --heavy H --second S --reps K --single M]: does a heavy
// conversation key cost more than its share? Generates two logs with the same number of
// messages and the traffic mix of generate.ts, over the same days:
//   spread  customers with ~10 messages each;
//   heavy   one customer with H messages, one with S, and spread traffic filling up to N.
// Then times `wacost ledger --input LOG` on each, as a user runs it (the real bin, a fresh
// temporary database per run, output read and counted), K times each, alternating, and keeps
// the median. With --single M, also derives one key of M messages the same way and reports the
// peak RSS of that process. Figures go to stderr, the summary line last to stdout.
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { customerNumber, logLines, writeLines, type GenOptions } from './generate.ts'

const opts = new Command('bench:keys')
  .option('--messages <n>', 'messages in each log', '50000')
  .option('--heavy <n>', 'messages of the heaviest customer', '20000')
  .option('--second <n>', 'messages of the second heavy customer', '5000')
  .option('--per-customer <n>', 'average messages of the other customers', '10')
  .option('--days <n>', 'days each log spans', '30')
  .option('--reps <n>', 'timed runs per log (the median is reported)', '3')
  .option('--single <n>', 'also derive one key with this many messages and report its peak RSS (0: skip)', '0')
  .option('--dir <dir>', 'work directory (log files)', 'bench/out-keys')
  .parse(process.argv)
  .opts<{ messages: string; heavy: string; second: string; perCustomer: string; days: string; reps: string; single: string; dir: string }>()

const N = Number(opts.messages)
const heavy = Number(opts.heavy)
const second = Number(opts.second)
const perCustomer = Number(opts.perCustomer)
const reps = Math.max(1, Number(opts.reps))
const single = Number(opts.single)
const dir = resolve(opts.dir)
if (heavy + second > N) throw new Error(`--heavy + --second (${heavy + second}) exceed --messages (${N})`)
const base = { days: Number(opts.days), start: Date.parse('2025-11-01T00:00:00Z') }
const log = (s: string) => process.stderr.write(`${s}\n`)
const secs = (ms: number) => (ms / 1000).toFixed(2)

/** Several generated logs merged in time order, as one log file (streamed). */
async function writeLog(file: string, parts: GenOptions[]): Promise<number> {
  const streams = parts.filter((p) => p.messages > 0).map((p) => logLines(p))
  const pull = (g: Generator<{ t: number; line: string }>) => { const r = g.next(); return r.done ? undefined : r.value }
  const heads = streams.map(pull)
  function* merged(): Generator<string> {
    for (;;) {
      let k = -1
      heads.forEach((h, i) => { if (h && (k < 0 || h.t < heads[k]!.t)) k = i })
      if (k < 0) return
      yield heads[k]!.line
      heads[k] = pull(streams[k]!)
    }
  }
  return writeLines(file, merged())
}

// Customer numbers: spread customers from 0; heavy ones far above, so never the same.
const spreadPart = (messages: number, seed: number, idPrefix: string): GenOptions =>
  ({ ...base, messages, customers: Math.max(1, Math.round(messages / perCustomer)), seed, idPrefix })
const oneKey = (messages: number, customer: number, seed: number, idPrefix: string): GenOptions =>
  ({ ...base, messages, customers: 1, firstCustomer: customer, seed, idPrefix })
const HEAVY = 10_000_000

interface Run { ms: number; conversations: number; rssMb: number }

const bin = fileURLToPath(new URL('../bin/wacost.mjs', import.meta.url))
// Reports the process's own peak RSS (getrusage: every thread, the embedded engine included).
const rssHook = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nwacost-bench-maxrss-kb='+process.resourceUsage().maxRSS+'\\n'))`

/** `wacost ledger --input file` in a child process with a fresh temporary database. */
function ledger(file: string): Promise<Run> {
  return new Promise((done, fail) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--import', rssHook, bin, 'ledger', '--input', file], {
      env: { ...process.env, CLICKHOUSE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let conversations = 0
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => { for (const c of b) if (c === 10) conversations++ })
    child.stderr.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000) })
    child.on('error', fail)
    child.on('close', (code) => {
      const ms = Date.now() - started
      const kb = Number(/wacost-bench-maxrss-kb=(\d+)/.exec(stderr)?.[1] ?? NaN)
      if (code !== 0) fail(new Error(`ledger --input ${file} exited ${code} after ${secs(ms)} s:\n${stderr.replace(/\n?wacost-bench-maxrss-kb=\d+\n/, '').trim()}`))
      else done({ ms, conversations, rssMb: Math.round(kb / 1024) })
    })
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const files = { spread: `${dir}/spread.ndjson`, heavy: `${dir}/heavy.ndjson`, tiny: `${dir}/one-message.ndjson` }
let t = Date.now()
await writeLog(files.spread, [spreadPart(N, 1, 's')])
await writeLog(files.heavy, [oneKey(heavy, HEAVY, 2, 'h'), oneKey(second, HEAVY + 1, 3, 'g'), spreadPart(N - heavy - second, 4, 's')])
await writeLog(files.tiny, [spreadPart(1, 5, 't')])
log(`generated 2 × ${N} messages in ${secs(Date.now() - t)} s: spread (~${perCustomer} a customer), heavy (` +
  `${customerNumber(HEAVY)}: ${heavy}, ${customerNumber(HEAVY + 1)}: ${second}, ${N - heavy - second} spread)`)

const start = await ledger(files.tiny)
log(`ledger of a one-message log (process start, migrations): ${secs(start.ms)} s, peak RSS ${start.rssMb} MB`)

const runs: Record<'spread' | 'heavy', Run[]> = { spread: [], heavy: [] }
for (let r = 0; r < reps; r++) {
  for (const which of ['spread', 'heavy'] as const) {
    const x = await ledger(files[which])
    runs[which].push(x)
    log(`ledger ${which} #${r + 1}: ${secs(x.ms)} s, ${x.conversations} conversations, peak RSS ${x.rssMb} MB`)
  }
}
const spreadMs = median(runs.spread.map((x) => x.ms))
const heavyMs = median(runs.heavy.map((x) => x.ms))

let failed = false
if (single > 0) {
  const file = `${dir}/single.ndjson`
  t = Date.now()
  await writeLog(file, [oneKey(single, HEAVY + 2, 6, 'k')])
  log(`generated one key (${customerNumber(HEAVY + 2)}) with ${single} messages in ${secs(Date.now() - t)} s`)
  try {
    const x = await ledger(file)
    log(`single key: messages=${single} ledger_s=${secs(x.ms)} conversations=${x.conversations} peak_rss_mb=${x.rssMb}`)
  } catch (e) {
    failed = true
    log(`single key: messages=${single} FAILED: ${(e as Error).message}`)
  }
}

process.stdout.write(`bench-keys: heavy_messages=${heavy} spread_s=${secs(spreadMs)} heavy_s=${secs(heavyMs)} ratio=${(heavyMs / spreadMs).toFixed(2)}\n`)
if (failed) process.exitCode = 1
