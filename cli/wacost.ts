// The `wacost` command line (interfaces.md §3). Output for machines goes to stdout, everything
// for people to stderr. It drives ingest/ and core/ and never the API (docs/architecture.md).
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Argument, Command, Option } from 'commander'
import { Readable } from 'node:stream'
import { openPersistent, openScratch, type Session } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rebuild } from '../core/derive.ts'
import { text } from '../core/db/sql.ts'
import { describeBatch, progressBar } from '../ingest/report.ts'
import type { ReferenceOptions } from '../core/reference/load.ts'
import { ConfigError } from '../core/reference/csv.ts'
import { exportCsv, exportKinds, type ExportKind } from '../core/exports.ts'
import { checkPeriod, unknownWabas } from '../core/scope.ts'

interface RefFlags { rateCard?: string; marketMap?: string; wabas?: string; settings?: string; freeTier?: number }

function withReference(cmd: Command): Command {
  return cmd
    .option('--rate-card <file>', 'rate card CSV (market,category,price,currency,effective_from)')
    .option('--market-map <file>', 'country-to-market CSV (country,market)')
    .option('--wabas <file>', 'WABA CSV (waba_id,name,timezone)')
    .option('--settings <file>', 'billing settings CSV (window lengths and free tier by effective date)')
    .addOption(new Option('--free-tier <n>', 'free service conversations per WABA and month (default 1000)').argParser(wholeNumber))
}

function wholeNumber(v: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`expected a whole number, got ${v}`)
  return Number(v)
}

function open(name: string): Readable {
  return name === '-' ? process.stdin : createReadStream(name)
}

/** `--waba`: the WABA id of webhook `value` objects sent without their envelope. */
const wabaOption = () => new Option('--waba <id>', 'WABA id of webhook value objects that come without their envelope (entry[].id)')

async function ingestAll(session: Session, inputs: string[], showProgress: boolean, waba?: string): Promise<void> {
  for (const input of inputs) {
    const bar = progressBar(input, showProgress)
    const summary = await ingestSource(session.db, open(input), input === '-' ? '(stdin)' : input, (p) => bar.update(p), { waba })
    bar.stop()
    process.stderr.write(`${describeBatch(summary)}\n`)
  }
}

async function printQuery(session: Session, name: 'queries/ledger' | 'queries/verdicts'): Promise<void> {
  const out = await text(session.db, name, {}, 'JSONEachRow')
  await new Promise<void>((resolve, reject) => process.stdout.write(out, (e) => (e ? reject(e) : resolve())))
}

function scratchCommand(name: 'ledger' | 'verdicts', query: 'queries/ledger' | 'queries/verdicts', description: string): Command {
  return withReference(new Command(name).description(description))
    .requiredOption('--input <file>', 'message log (NDJSON, or JSON documents); repeatable, each its own batch; - for stdin', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--db <dir>', 'keep the embedded database in this directory instead of a temporary one')
    .addOption(wabaOption())
    .action(async (opts: RefFlags & { input: string[]; db?: string; waba?: string }) => {
      const session = opts.db ? await openPersistent(opts.db, opts as ReferenceOptions) : await openScratch(opts as ReferenceOptions)
      try {
        await ingestAll(session, opts.input, false, opts.waba)
        await printQuery(session, query)
      } finally {
        await session.close()
      }
    })
}

const program = new Command('wacost')
  .description('WhatsApp Business conversation costs: ingest message logs, derive every billable conversation in ClickHouse')
  .showHelpAfterError()

program.addCommand(withReference(new Command('ingest'))
  .description('ingest message logs (NDJSON or JSON documents; files, or - for stdin) into the database and derive them')
  .argument('<files...>', 'message logs; each is one batch')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .option('--no-progress', 'no progress display even on a terminal')
  .addOption(wabaOption())
  .action(async (files: string[], opts: RefFlags & { db?: string; progress: boolean; waba?: string }) => {
    const session = await openPersistent(opts.db, opts)
    try { await ingestAll(session, files, opts.progress && Boolean(process.stderr.isTTY), opts.waba) } finally { await session.close() }
  }))

program.addCommand(withReference(new Command('rebuild'))
  .description('re-derive every conversation, verdict and rollup from the stored messages')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .action(async (opts: RefFlags & { db?: string }) => {
    const session = await openPersistent(opts.db, opts)
    try {
      const started = Date.now()
      await rebuild(session.db)
      process.stderr.write(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    } finally { await session.close() }
  }))

program.addCommand(new Command('rejected')
  .description('list rejected input lines (NDJSON: batch, source, line, reason, raw)')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .addOption(new Option('--batch <n>', 'only this batch').argParser(wholeNumber))
  .action(async (opts: { db?: string; batch?: number }) => {
    const session = await openPersistent(opts.db, {})
    try {
      const out = await text(session.db, 'queries/rejected', { batch: opts.batch ?? 0 }, 'JSONEachRow')
      process.stdout.write(out)
    } finally { await session.close() }
  }))

program.addCommand(new Command('export')
  .description('write a finance export as CSV (docs/exports.md): ledger, invoice or daily')
  .addArgument(new Argument('<kind>', 'which export').choices(exportKinds))
  .option('--from <day>', 'first local day (YYYY-MM-DD, in each WABA\'s time zone)')
  .option('--to <day>', 'last local day (YYYY-MM-DD, inclusive)')
  .option('--waba <id>', 'only this WABA; repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[])
  .option('--bom', 'start with a UTF-8 byte-order mark (for Excel)')
  .option('--out <file>', 'write to this file instead of standard output')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .action(async (kind: ExportKind, opts: { from?: string; to?: string; waba: string[]; bom?: boolean; out?: string; db?: string }) => {
    const { from, to } = checkPeriod(opts.from, opts.to)
    const session = await openPersistent(opts.db, {})
    try {
      const unknown = await unknownWabas(session.db, opts.waba)
      if (unknown.length > 0) throw new Error(`unknown WABA ${unknown.join(', ')}`)
      const source = Readable.from(exportCsv(session.db, kind, { wabas: opts.waba, from, to }, { bom: opts.bom }))
      await pipeline(source, opts.out ? createWriteStream(opts.out) : process.stdout)
    } finally { await session.close() }
  }))

program.addCommand(scratchCommand('ledger', 'queries/ledger', 'print the conversation ledger (NDJSON) of the given logs'))
program.addCommand(scratchCommand('verdicts', 'queries/verdicts', 'print one verdict per message (NDJSON) of the given logs'))

try {
  await program.parseAsync(process.argv)
} catch (e) {
  const err = e as Error
  process.stderr.write(`wacost: ${err instanceof ConfigError ? 'configuration error: ' : ''}${err.message}\n`)
  process.exitCode = 2
}
