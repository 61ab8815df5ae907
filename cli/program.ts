// The `wacost` commands and their options (interfaces.md §3). Only argument handling lives here:
// each command checks what it can without the engine (input files, the database directory) and
// then loads its module from cli/commands/, so `--help` and a wrong argument never wait for
// chDB to load and never create a database directory. Nor do they load core/config.ts (zod) or
// anything that reads it: those are imported by the actions.
import { Argument, Command, Option } from 'commander'
import { exportKinds, filteredKinds, invoiceUnfiltered, type ExportKind } from '../core/export-kinds.ts'
import { CliError, exitStatus } from './failure.ts'
import { checkFiles, checkWritable } from './inputs.ts'
import { checkReadable, collect, givenOnce, referenceFlags, wabaOption, wholeNumber, withReference, type RefFlags } from './options.ts'

/**
 * The sentence for an error of core/ that is the user's to fix (a configuration file), else
 * undefined. Asked only after a failure, so the module is loaded only then (csv-parse).
 */
export async function knownError(e: unknown): Promise<string | undefined> {
  const { ConfigError } = await import('../core/reference/csv.ts')
  return e instanceof ConfigError ? `configuration error: ${e.message}` : undefined
}

// The database checks read the environment (core/config.ts): loaded by the actions that need them.
const database = () => import('./database.ts')

/**
 * `--server URL` checked, then the server `ingest` and `batches` go through: that URL (it must
 * answer), else the live server whose lock file is in the database directory, else none.
 */
async function throughServer(opts: { db?: string; server?: string }) {
  const remote = await import('./commands/remote.ts')
  if (opts.server !== undefined) remote.checkServerUrl(opts.server, opts.db)
  return { remote, server: await remote.findServer((await database()).databaseDir(opts.db), opts.server) }
}

/** The period of `export` and `reconcile`, checked before the engine loads; a bad date is the user's to fix. */
async function period(from: string | undefined, to: string | undefined): Promise<{ from: string; to: string }> {
  const { checkPeriod, ScopeError } = await import('../core/scope.ts')
  try {
    return checkPeriod(from, to)
  } catch (e) {
    throw e instanceof ScopeError ? new CliError(e.message) : e
  }
}

/**
 * `wacost --help` as a pipe receives it (80 columns): bin/wacost.mjs answers `--help` from
 * cli/help.txt, written from this by `npm run cli:help` and kept equal by test/cli-help.test.ts.
 */
export const helpText = (): string => buildProgram().configureHelp({ helpWidth: 80 }).helpInformation()

interface ExportFlags {
  from?: string; to?: string; waba: string[]; phone: string[]; market: string[]; category: string[]; country: string[]
  bom?: boolean; excel?: boolean; out?: string; db?: string; strict?: boolean
}

/** Builds the command line; actions load the engine only once their arguments are checked. */
export function buildProgram(): Command {
  const program = new Command('wacost')
    .description('WhatsApp Business conversation costs: ingest message logs, derive every billable conversation in ClickHouse')
    // Errors end in the caller's catch (cli/wacost.ts), which decides the exit status.
    .exitOverride()
    .showHelpAfterError()

  const ingest = withReference(program.command('ingest'))
  // none given: the product's sentence and the usage, as ledger's (commander's own words were
  // "error: missing required argument 'files'": fresh-user trial)
  Object.assign(ingest, { missingArgument: () => {
    throw new CliError('ingest needs the logs to read: FILE … (one or more; - for standard input)', exitStatus.cannotStart, ingest.helpInformation())
  } })
  ingest
    .description('ingest message logs (NDJSON or JSON documents; files, or - for stdin) into the database and derive them; through the server running on it, if any')
    .argument('<files...>', 'message logs; each is one batch')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .option('--no-progress', 'no progress display even on a terminal')
    .addOption(wabaOption())
    .option('--server <url>', 'send through the wacost server at this URL (POST /api/ingest); by default through the server running on the database, if any')
    .action(async (files: string[], opts: RefFlags & { db?: string; progress: boolean; waba?: string; server?: string }) => {
      checkReadable(files, opts)
      // A server on the same database holds it: the log goes through the server instead.
      const { remote, server } = await throughServer(opts)
      if (server) {
        const given = referenceFlags.filter(([flag]) => opts[flag] !== undefined).map(([, name]) => name)
        if (given.length > 0) throw new CliError(`${given.join(', ')}: the server at ${server.url} keeps its own reference data; stop it to ingest with other files, or leave these out`)
        return remote.ingestThrough(server, files, opts)
      }
      const { checkWritable, databaseDir } = await database()
      checkWritable(databaseDir(opts.db), { command: 'ingest' })
      await (await import('./commands/ingest.ts')).ingest(files, opts)
    })

  withReference(program.command('rebuild'))
    .description('re-derive every conversation, verdict and rollup from the stored messages')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .action(async (opts: RefFlags & { db?: string }) => {
      checkReadable([], opts)
      const dir = (await database()).requireDatabase(opts.db, { command: 'rebuild' })
      await (await import('./commands/stored.ts')).rebuildAll(dir, opts)
    })

  program.command('rejected')
    .description('list rejected input lines (NDJSON: batch, source, line, reason, raw)')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .addOption(new Option('--batch <n>', 'only this batch').argParser(wholeNumber))
    .action(async (opts: { db?: string; batch?: number }) => {
      const dir = (await database()).requireDatabase(opts.db, { command: 'rejected' })
      await (await import('./commands/stored.ts')).listRejected(dir, opts.batch)
    })

  program.command('batches')
    .description('list batches (NDJSON: batch, source, started_at, finished_at, state, lines, accepted, rejected, new_records, unchanged_records, corrected_records, refused_because); state refused = its input was refused whole (a UTF-16 or UTF-32 log, a tar archive: refused_because says why), interrupted = the run stopped before finishing; unchanged_records = already stored (a log ingested again); null = none or not known (never a 0 that is not true): finished_at of a batch not finished; lines, accepted and rejected of one that stored no group whole; the record counts (new, unchanged, corrected) of rebuilds, runs stopped before storing every line and older batches; refused_because of a batch not refused')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .option('--server <url>', 'ask the wacost server at this URL (GET /api/batches); by default the server running on the database, if any')
    .action(async (opts: { db?: string; server?: string }) => {
      // a server on the database holds it: it lists them (fresh-user trial: refused while it ran)
      const { remote, server } = await throughServer(opts)
      if (server) return remote.batchesThrough(server)
      const dir = (await database()).requireDatabase(opts.db, { command: 'batches' })
      await (await import('./commands/stored.ts')).listBatches(dir)
    })

  program.command('statuses')
    .description('list status records whose message never arrived (NDJSON: message_id, records, statuses, first_at, last_at)')
    .requiredOption('--unmatched', 'only status records with no message line (the one listing so far)')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .action(async (opts: { db?: string }) => {
      const dir = (await database()).requireDatabase(opts.db, { command: 'statuses' })
      await (await import('./commands/stored.ts')).listUnmatched(dir)
    })

  const exportCommand = program.command('export')
    .description('write a finance export as CSV (docs/exports.md): ledger, invoice or daily')
    .addArgument(new Argument('<kind>', 'which export').choices(exportKinds))
    .option('--from <day>', 'first local day (YYYY-MM-DD, in each WABA\'s time zone)')
    .option('--to <day>', 'last local day (YYYY-MM-DD, inclusive)')
    .option('--waba <id>', 'only this WABA; repeatable', collect, [] as string[])
    .option('--phone <id>', 'ledger, daily: only this phone number (phone_number_id); repeatable', collect, [] as string[])
    .option('--market <code>', 'ledger, daily: only this market (country code, market group or OTHER); repeatable', collect, [] as string[])
    .option('--category <name>', 'ledger, daily: only this pricing category (e.g. MARKETING, any case); repeatable', collect, [] as string[])
    .option('--country <code>', 'ledger, daily: only customers of this country (ISO 3166 code, e.g. US, any case; unknown: numbers of no known country); repeatable', collect, [] as string[])
    .option('--bom', 'start with a UTF-8 byte-order mark (Excel reads accented names)')
    .option('--excel', 'for Excel: a byte-order mark, and ids of digits only written as ="…" so every digit is kept')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .option('--strict', 'exit 3 without writing when a charged conversation has no rate-card price')
  // the filters in the order the command line gave them (they were named in a fixed order), as
  // GET /api/exports/invoice names them in the order of its query
  const given: ('phone' | 'market' | 'category' | 'country')[] = []
  for (const f of ['phone', 'market', 'category', 'country'] as const) exportCommand.on(`option:${f}`, () => { if (!given.includes(f)) given.push(f) })
  exportCommand
    .action(async (kind: ExportKind, opts: ExportFlags) => {
      // refused, never ignored: an invoice of one phone number would not be the total billed
      if (given.length > 0 && !filteredKinds.includes(kind)) {
        throw new CliError(`export invoice does not take ${given.map((f) => `--${f}`).join(', ')}: ${invoiceUnfiltered}`)
      }
      const days = await period(opts.from, opts.to)
      checkWritable(opts.out)
      const dir = (await database()).requireDatabase(opts.db, { command: 'export', kind })
      await (await import('./commands/stored.ts')).exportTo(dir, kind, { ...opts, ...days })
    })

  ratesCommand(program)
  program.command('reconcile')
    .description('list where Meta\'s pricing (status lines) and the rules differ, as CSV (docs/reconcile.md)')
    .option('--from <day>', 'first local day (YYYY-MM-DD, in each WABA\'s time zone)')
    .option('--to <day>', 'last local day (YYYY-MM-DD, inclusive)')
    .option('--waba <id>', 'only this WABA; repeatable', collect, [] as string[])
    .addOption(new Option('--list <name>', 'which list').choices(['discrepancies', 'summary', 'drift']).default('discrepancies'))
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .action(async (opts: { from?: string; to?: string; waba: string[]; list: 'discrepancies' | 'summary' | 'drift'; db?: string }) => {
      const days = await period(opts.from, opts.to)
      const dir = (await database()).requireDatabase(opts.db, { command: 'reconcile', list: opts.list })
      await (await import('./commands/stored.ts')).reconcileTo(dir, opts.list, { waba: opts.waba, ...days })
    })

  program.command('whatif')
    .description('the stored traffic priced under another pricing-model timeline (and rate card) beside the current pricing, as CSV per WABA, pricing category, pricing type and unit (docs/whatif.md)')
    .requiredOption('--pricing-models <file>', 'the alternative pricing-model timeline CSV (effective_from,model,service,free_tier,utility_in_service_window)')
    .option('--rate-card <file>', 'an alternative rate card CSV; default: the stored one')
    .option('--from <day>', 'first local day (YYYY-MM-DD, in each WABA\'s time zone)')
    .option('--to <day>', 'last local day (YYYY-MM-DD, inclusive)')
    .option('--waba <id>', 'only this WABA; repeatable', collect, [] as string[])
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--strict', 'exit 3 when a charge has no rate-card price under either pricing (instead of a warning)')
    .option('--db <dir>', 'embedded database directory (default WACOST_DB or ./data)')
    .action(async (opts: { pricingModels: string; rateCard?: string; from?: string; to?: string; waba: string[]; out?: string; strict?: boolean; db?: string }) => {
      const days = await period(opts.from, opts.to)
      checkFiles([opts.pricingModels, opts.rateCard])
      checkWritable(opts.out)
      const dir = (await database()).requireDatabase(opts.db, { command: 'whatif', rateCard: opts.rateCard !== undefined })
      await (await import('./commands/whatif.ts')).printWhatif(dir, { ...opts, ...days })
    })

  scratch(program, 'ledger', 'print the conversation ledger (NDJSON) of the given logs')
  scratch(program, 'verdicts', 'print one verdict per message (NDJSON) of the given logs')
  givenOnce(program)
  return program
}

function scratch(program: Command, name: 'ledger' | 'verdicts', description: string): void {
  withReference(program.command(name).description(description))
    .option('--input <file>', 'message log (NDJSON, or JSON documents); repeatable, each its own batch; - for stdin', collect, [] as string[])
    .option('--db <dir>', 'keep the embedded database in this directory instead of a temporary one')
    .addOption(wabaOption())
    .action(async function (this: Command, opts: RefFlags & { input: string[]; db?: string; waba?: string }) {
      // a usage error, so its usage follows as after commander's own (README, exit statuses; trial)
      if (opts.input.length === 0) throw new CliError(`${name} needs the log to read: --input FILE (repeatable; --input - for standard input)`, exitStatus.cannotStart, this.helpInformation())
      checkReadable(opts.input, opts)
      if (opts.db) (await database()).checkWritable(opts.db, { command: name })
      await (await import('./commands/scratch.ts')).printDerived(name, opts)
    })
}

/** `wacost rates import`: arguments checked here, files read by cli/commands/rates.ts (no engine). */
function ratesCommand(program: Command): void {
  program.command('rates')
    .description('rate cards as Meta publishes them (see `wacost rates import --help`)')
    .command('import')
    .description('write the rate card CSV of Meta\'s Pricing.csv (and Tier Pricing.csv) of one date and currency')
    .requiredOption('--pricing <file>', 'Meta\'s Pricing.csv (one row per market)')
    .option('--tiers <file>', 'Meta\'s Tier Pricing.csv (volume tiers of utility and authentication)')
    .requiredOption('--effective-from <day>', 'the date the rates apply from (YYYY-MM-DD)')
    .requiredOption('--currency <code>', 'the currency of the files (ISO 4217, e.g. USD)')
    .option('--market-map <file>', 'country-to-market CSV whose groups name Meta\'s grouped markets (default: the shipped one)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: { pricing: string; tiers?: string; effectiveFrom: string; currency: string; marketMap?: string; out?: string }) => {
      const t = Date.parse(`${opts.effectiveFrom}T00:00:00Z`)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.effectiveFrom) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== opts.effectiveFrom) {
        throw new CliError((await import('../core/scope.ts')).notADate('--effective-from', opts.effectiveFrom))
      }
      if (!/^[A-Za-z]{3}$/.test(opts.currency)) throw new CliError(`--currency ${opts.currency}: expected an ISO 4217 code such as USD`)
      checkFiles([opts.pricing, opts.tiers, opts.marketMap])
      checkWritable(opts.out)
      await (await import('./commands/rates.ts')).importRates({ ...opts, currency: opts.currency.toUpperCase() })
    })
}
