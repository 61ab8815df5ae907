// Whether a directory may be opened as the embedded database, told from what is in it before the
// engine opens it: the engine writes its folders (data/, metadata/, store/, tmp/, …) into whatever
// directory it is given, so `--db .` (break-it trial) filled the user's project with them. Used by
// core/session.ts (every persistent open: the CLI and `npm start`) and, before the engine is even
// loaded, by cli/database.ts.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from './errors.ts'
import { SERVER_LOCK } from '../server-lock.ts'
import { WEBHOOK_SPOOL } from '../config.ts'

/**
 * A place that cannot hold the embedded database (a file, a folder of other files; a path that
 * cannot be created, core/db/template.ts): a usage error, exit 2 for the CLI and npm start alike.
 */
export class DatabasePlaceError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DatabasePlaceError'
  }
}

// What may stand in a directory that holds no database yet without it being someone else's
// folder: wacost's own files (a server's lock file, the default webhook spool, both kept beside
// the database) and what a freshly made file system or a file manager puts in a new folder.
const harmless = new Set([SERVER_LOCK, WEBHOOK_SPOOL, 'lost+found', '.DS_Store'])

/**
 * Whether `dir` holds the chDB (ClickHouse) database `database`, or without one any: the engine
 * writes metadata/<database>.sql when it creates one.
 */
export function holdsDatabase(dir: string, database?: string): boolean {
  try {
    return readdirSync(join(dir, 'metadata')).some((name) => (database === undefined ? name.endsWith('.sql') : name === `${database}.sql`))
  } catch {
    return false
  }
}

/** "a, b, c and 9 more": what a directory holds, for the sentence (sorted, so the same every run). */
function described(names: string[]): string {
  const shown = [...names].sort().slice(0, 3)
  const rest = names.length - shown.length
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ')
}

/**
 * What opening `dir` as the embedded database would do: `'create'` when it is missing or empty (a
 * new database is made there), `'open'` when it holds a chDB database (wacost's, of any version)
 * or nothing but wacost's own files. Throws DatabasePlaceError, in one sentence naming what was
 * found and what to give instead, for a file, or a directory that holds other things (a
 * project, a home directory): the engine would write its folders among them.
 */
export function databasePlace(dir: string): 'create' | 'open' {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new DatabasePlaceError(`cannot open the database at ${dir}: it is a file, not a directory (use --db DIR or WACOST_DB for another place)`)
    names = readdirSync(dir)
  } catch (e) {
    if (e instanceof DatabasePlaceError) throw e
    // missing (or a file on the path, which creating it says in words): created; unreadable: the
    // engine's own error says so, as before
    return ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '') ? 'create' : 'open'
  }
  if (names.length === 0) return 'create'
  if (holdsDatabase(dir)) return 'open'
  const others = names.filter((name) => !harmless.has(name))
  if (others.length === 0) return 'open'
  throw new DatabasePlaceError(`cannot open the database at ${dir}: that directory is not empty and holds no wacost database `
    + `(it holds ${described(others)}), and the engine would write its own folders among those files; give a new or empty `
    + 'directory (e.g. --db ./wacost-data), or the directory of an existing wacost database (--db DIR or WACOST_DB)')
}

/**
 * A sentence of this module's (or core/db/errors.ts's) said by `npm start`, which takes no --db:
 * "--db DIR or WACOST_DB" is said as WACOST_DB alone (it told npm start's user to give --db).
 */
export function startWords(sentence: string): string {
  return sentence.replace(/--db DIR or WACOST_DB|--db or WACOST_DB/g, 'WACOST_DB=DIR').replace(/--db (\S+)\)/g, 'WACOST_DB=$1 npm start)')
}
