// The `wacost` command line (interfaces.md §3). Output for machines goes to stdout, everything
// for people to stderr. It drives ingest/ and core/ and never the API (docs/architecture.md).
import { createReadStream, createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Argument, Command, Option } from 'commander'
import { Readable } from 'node:stream'
import { openPersistent, openScratch, type Session } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rebuild } from '../core/derive.ts'
import { rows, text } from '../core/db/sql.ts'
import { describeBatch, progressBar } from '../ingest/report.ts'
import type { ReferenceOptions } from '../core/reference/load.ts'
import { ConfigError } from '../core/reference/csv.ts'
import { exportCsv, exportKinds, type ExportKind } from '../core/exports.ts'
import { checkPeriod, unknownWabas } from '../core/scope.ts'
import { checkStrict, describeReport, runReport, StrictError, type UnmatchedStatus } from '../core/reports.ts'

interface RefFlags { rateCard?: string; marketMap?: string; wabas?: string; settings?: string; freeTier?: number }

function withReference(cmd: Command): Command {
  return cmd
    .option('--rate-card <file>', 'rate card CSV (market,category,price,currency,effective_from)')
    .option('--market-map <file>', 'country-to-market CSV (country,market)')
    .option('--wabas <file>', 'WABA CSV (waba_id,name,timezone)')
    .option('--settings <file>', 'billing settings CSV (window lengths and free tier by effective date)')
    .addOption(new Option('--free-tier <n>', 'free service conversations per WABA and month (default 1000)').argParser(wholeNumber))
    .option('--strict', 'exit 3 when a charged conversation has no rate-card price (instead of a warning)')
}

/** Warns about unpriced conversations and unmatched statuses; with --strict, unpriced is an error. */
async function report(session: Session, strict: boolean | undefined): Promise<void> {
  const r = await runReport(session.db)
  for (const line of describeReport(r)) process.stderr.write(`${line}\n`)
  checkStrict(r, strict)
}

function wholeNumber(v: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`expected a whole number, got ${v}`)
  return Number(v)
}

function open(name: string): Readable {
  return name === '-' ? process.stdin : createReadStream(name)
}

async function ingestAll(session: Session, inputs: string[], showProgress: boolean): Promise<void> {
  for (const input of inputs) {
    const bar = progressBar(input, showProgress)
    const summary = await ingestSource(session.db, open(input), input === '-' ? '(stdin)' : input, (p) => bar.update(p))
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
    .requiredOption('--input <file>', 'message log (NDJSON); repeatable, each its own batch; - for stdin', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--db <dir>', 'keep the embedded database in this directory instead of a temporary one')
    .action(async (opts: RefFlags & { input: string[]; db?: string; strict?: boolean }) => {
      const session = opts.db ? await openPersistent(opts.db, opts as ReferenceOptions) : await openScratch(opts as ReferenceOptions)
      try {
        await ingestAll(session, opts.input, false)
        await report(session, opts.strict)
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
  .description('ingest NDJSON message logs (files, or - for stdin) into the database and derive them')
  .argument('<files...>', 'message logs; each is one batch')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .option('--no-progress', 'no progress display even on a terminal')
  .action(async (files: string[], opts: RefFlags & { db?: string; progress: boolean; strict?: boolean }) => {
    const session = await openPersistent(opts.db, opts)
    try {
      await ingestAll(session, files, opts.progress && Boolean(process.stderr.isTTY))
      await report(session, opts.strict)
    } finally { await session.close() }
  }))

program.addCommand(withReference(new Command('rebuild'))
  .description('re-derive every conversation, verdict and rollup from the stored messages')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .action(async (opts: RefFlags & { db?: string; strict?: boolean }) => {
    const session = await openPersistent(opts.db, opts)
    try {
      const started = Date.now()
      await rebuild(session.db)
      process.stderr.write(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
      await report(session, opts.strict)
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

program.addCommand(new Command('batches')
  .description('list batches (NDJSON: batch, source, started_at, finished_at, state, lines, accepted, rejected); state interrupted = the run stopped before finishing')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .action(async (opts: { db?: string }) => {
    const session = await openPersistent(opts.db, {})
    try { process.stdout.write(await text(session.db, 'queries/batches', {}, 'JSONEachRow')) } finally { await session.close() }
  }))

program.addCommand(new Command('statuses')
  .description('list status records whose message never arrived (NDJSON: message_id, records, statuses, first_at, last_at)')
  .requiredOption('--unmatched', 'only status records with no message line (the one listing so far)')
  .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
  .action(async (opts: { db?: string }) => {
    const session = await openPersistent(opts.db, {})
    try {
      const list = await rows<UnmatchedStatus>(session.db, 'queries/unmatched_statuses', { limit: 0 })
      process.stdout.write(list.map(({ total: _, ...r }) => `${JSON.stringify(r)}\n`).join(''))
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
  .option('--strict', 'exit 3 without writing when a charged conversation has no rate-card price')
  .action(async (kind: ExportKind, opts: { from?: string; to?: string; waba: string[]; bom?: boolean; out?: string; db?: string; strict?: boolean }) => {
    const { from, to } = checkPeriod(opts.from, opts.to)
    const session = await openPersistent(opts.db, {})
    try {
      const unknown = await unknownWabas(session.db, opts.waba)
      if (unknown.length > 0) throw new Error(`unknown WABA ${unknown.join(', ')}`)
      await report(session, opts.strict)
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
  process.exitCode = err instanceof StrictError ? 3 : 2
}
