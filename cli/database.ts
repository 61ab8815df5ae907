// Which embedded database a command opens, checked before the engine loads: a command that reads
// must find an existing one (opening a missing directory would create an empty database and
// answer from it, e.g. a header-only export with exit 0), and no command may open a directory
// another process holds, nor one that holds other files (core/db/place.ts).
import { quoted } from '../core/blanks.ts'
import { env } from '../core/config.ts'
import { dbDirValue } from '../core/env-rules.ts'
import { heldMessage, lockHolder } from '../core/db/errors.ts'
import type { ExportKind } from '../core/export-kinds.ts'
import { databasePlace, DatabasePlaceError, holdsDatabase } from '../core/db/place.ts'
import { CliError } from './failure.ts'

/**
 * The directory a command would open: --db, else WACOST_DB (default ./data). A --db with a blank
 * at an end is refused as WACOST_DB is (core/env-rules.ts): `--db '/tmp/db1 '` was told "no
 * database at /tmp/db1 " though /tmp/db1 held one, and ingest would create a new one beside it.
 */
export function databaseDir(db: string | undefined): string {
  const checked = db === undefined ? undefined : dbDirValue.safeParse(db)
  if (checked?.success === false) throw new CliError(`--db ${quoted(db!)}: ${checked.error.issues[0]!.message}`)
  return db ?? env.WACOST_DB
}

/** True when the embedded engine is in use (no CLICKHOUSE_URL): the checks below apply to it. */
const embedded = (): boolean => !env.CLICKHOUSE_URL

/**
 * A command that opens the database, as its refusal beside a running server names it: an export's
 * kind, reconcile's list, whether whatif was given another rate card.
 */
export type Opening =
  | { command: 'ingest' | 'batches' | 'rebuild' | 'rejected' | 'statuses' | 'ledger' | 'verdicts' }
  | { command: 'export'; kind: ExportKind }
  | { command: 'reconcile'; list: 'discrepancies' | 'summary' | 'drift' }
  | { command: 'whatif'; rateCard: boolean }

const orStop = 'or stop it (Ctrl-C) to run this here'
const stopFirst = 'stop it (Ctrl-C) first, then run this again'
const reconcileRoutes = { discrepancies: '/api/reconcile', summary: '/api/reconcile/summary', drift: '/api/reconcile/drift' } as const

/**
 * What a running server offers in place of `o` while it holds the database, or that it must be
 * stopped first (its API has no such route): the end of heldMessage's sentence. Every command was
 * listed the same routes, the reconciliation's, the exports' and the rejected lines', `wacost
 * rebuild` too, which has none (trial).
 */
export function serverInstead(o: Opening): string {
  switch (o.command) {
    case 'ingest': return 'while it runs, `wacost ingest` sends the logs through it (POST /api/ingest): run this again'
    case 'batches': return 'while it runs, `wacost batches` asks it (GET /api/batches): run this again'
    case 'rebuild': return `it cannot rebuild while it runs (no route of its API does): ${stopFirst}`
    case 'statuses': return `no route of its API lists unmatched statuses: ${stopFirst}`
    case 'rejected': return `while it runs, its API lists a batch's rejected lines (GET /api/rejected?batch=N, a key with the ingest role; README, API), ${orStop}`
    case 'export': return `while it runs, its API answers the same CSV (GET /api/exports/${o.kind}, the filters as query parameters; README, API), ${orStop}`
    case 'reconcile': return `while it runs, its API answers the same CSV (GET ${reconcileRoutes[o.list]}?format=csv; README, API), ${orStop}`
    case 'whatif': return o.rateCard ? `its API prices a what-if against its own rate card only (no --rate-card): ${stopFirst}`
      : 'while it runs, its API answers the what-if of a timeline as CSV (POST /api/whatif/timelines with the --pricing-models file, '
        + `then GET /api/whatif?scenario=upload-…&format=csv; README, API), ${orStop}`
    default: return `it serves that database: give ${o.command} another --db directory, or none (a temporary database)`
  }
}

/** Refuses a directory that another live process holds (a running server: what it offers in place of `o`). */
function checkNotHeld(dir: string, o: Opening): void {
  if (!embedded()) return
  const pid = lockHolder(dir)
  if (pid !== undefined) throw new CliError(heldMessage(dir, pid, serverInstead(o)))
}

/**
 * For commands that write a database there (ingest, ledger and verdicts with --db: `o`): refuses a
 * directory they cannot use, a file or a folder of other files (`--db .` in a project), or one
 * another live process holds; exit 2.
 */
export function checkWritable(dir: string, o: Opening): void {
  databaseDir(dir) // its blanks, for ledger's and verdicts' --db (WACOST_DB's were checked already)
  if (!embedded()) return
  try { databasePlace(dir) } catch (e) {
    throw e instanceof DatabasePlaceError ? new CliError(e.message) : e
  }
  checkNotHeld(dir, o)
}

/**
 * For commands that read what earlier runs stored (export, rejected, rebuild: `o`): the directory
 * must hold wacost's database already. Returns the directory to open.
 */
export function requireDatabase(db: string | undefined, o: Opening): string {
  const dir = databaseDir(db)
  if (!embedded()) return dir
  if (!holdsDatabase(dir, env.WACOST_DATABASE)) {
    // A directory given with --db: "give its directory with --db DIR" told the user to do what
    // they had done (kill trial: a run stopped before it created the database there).
    if (db !== undefined) {
      throw new CliError(`${dir} holds no wacost database: ingest a log into it first (wacost ingest FILE --db ${dir}), or check the path`)
    }
    // not "run from the project": a fresh user in the project, before npm start, read that as
    // a step already done (fresh-user trial)
    throw new CliError(`no database at ${dir} (give its directory with --db DIR or WACOST_DB; wacost ingest FILE or npm start creates one)`)
  }
  checkNotHeld(dir, o)
  return dir
}
