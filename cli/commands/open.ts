// Opens the session a command works on. An engine error the engine module already put in words
// (core/db/errors.ts: a directory another process took after cli/database.ts looked, a server
// that is not there) is a command that could not start: its sentence, exit status 2.
import { openPersistent, openScratch, type OpenOptions, type Session } from '../../core/session.ts'
import { EngineError } from '../../core/db/errors.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { CliError } from '../failure.ts'

/** The database in `dir` (or WACOST_DB, or the server); a temporary one when `dir` is undefined and `scratch`. */
export async function openSession(dir: string | undefined, ref: ReferenceOptions, scratch = false, opts: OpenOptions = {}): Promise<Session> {
  try {
    return scratch && dir === undefined ? await openScratch(ref) : await openPersistent(dir, ref, opts)
  } catch (e) {
    throw e instanceof EngineError ? new CliError(e.message) : e
  }
}
