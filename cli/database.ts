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

/** Refuses a directory that another live process holds (naming the route of `exportKind`, if any). */
function checkNotHeld(dir: string, exportKind?: ExportKind): void {
  if (!embedded()) return
  const pid = lockHolder(dir)
  if (pid !== undefined) throw new CliError(heldMessage(dir, pid, exportKind))
}

/**
 * For commands that write a database there (ingest, ledger and verdicts with --db): refuses a
 * directory they cannot use, a file or a folder of other files (`--db .` in a project), or one
 * another live process holds; exit 2.
 */
export function checkWritable(dir: string): void {
  databaseDir(dir) // its blanks, for ledger's and verdicts' --db (WACOST_DB's were checked already)
  if (!embedded()) return
  try { databasePlace(dir) } catch (e) {
    throw e instanceof DatabasePlaceError ? new CliError(e.message) : e
  }
  checkNotHeld(dir)
}

/**
 * For commands that read what earlier runs stored (export, rejected, rebuild): the directory must
 * hold wacost's database already. Returns the directory to open. `exportKind`: the export asked
 * for, whose API route a running server's refusal names.
 */
export function requireDatabase(db: string | undefined, exportKind?: ExportKind): string {
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
  checkNotHeld(dir, exportKind)
  return dir
}
