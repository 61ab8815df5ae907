// Opens the session a command works on, turning the engine's failure to lock a directory that
// another process took meanwhile (after cli/database.ts looked) into the same one sentence.
import { openPersistent, openScratch, type Session } from '../../core/session.ts'
import { isLockError, lockHolder, lockedMessage } from '../../core/db/lock.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { CliError } from '../failure.ts'

/** The database in `dir` (or WACOST_DB, or the server); a temporary one when `dir` is undefined and `scratch`. */
export async function openSession(dir: string | undefined, ref: ReferenceOptions, scratch = false): Promise<Session> {
  try {
    return scratch && dir === undefined ? await openScratch(ref) : await openPersistent(dir, ref)
  } catch (e) {
    if (dir !== undefined && (lockHolder(dir) !== undefined || isLockError(e))) throw new CliError(lockedMessage(dir, lockHolder(dir)))
    throw e
  }
}
