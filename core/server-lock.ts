// The file a running server (`npm start`) leaves in its embedded database's directory, naming the
// URL it listens on, so `wacost ingest` on the same directory sends through it instead of failing
// on the engine's lock. It may carry the key the server generated (when WACOST_API_KEYS is
// unset): hence mode 0600, inside the data directory, never in the repository. A file left by a
// server that died is stale: the reader checks that its process lives (and the CLI that the
// server answers /health). It names the directory it was written in: a copy of a data directory
// (`cp -a data backup` while the server runs) carries the file, and `wacost ingest --db backup`
// sent its log into the running server's database (break-it trial).
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { processAlive } from './process-alive.ts'

/**
 * What the lock file says: where the server listens, its process, its generated key if any, and
 * whether it is stopping (signalled, finishing its batch before it closes the database).
 */
export interface ServerLock { url: string; pid: number; key?: string; stopping?: boolean }

/** The directory's real path (symbolic links resolved), or undefined when it cannot be read. */
const realDir = (dir: string): string | undefined => {
  try { return realpathSync(dir) } catch { return undefined }
}

export const SERVER_LOCK = 'wacost-server.json'

const path = (dir: string) => join(dir, SERVER_LOCK)

/** Writes the lock file (replacing one left by an earlier server), readable by its owner only. */
export function writeServerLock(dir: string, lock: ServerLock): void {
  rmSync(path(dir), { force: true })
  writeFileSync(path(dir), `${JSON.stringify({ ...lock, dir: realDir(dir) })}\n`, { mode: 0o600, flag: 'wx' })
}

/**
 * Marks this process's lock file as stopping: from the signal to the engine's close, the server no
 * longer answers (its listener is closed first) but still holds the database, and a second
 * `npm start` or a `wacost` command was told to stop a server that was stopping (break-it trial).
 */
export function markServerStopping(dir: string): void {
  const lock = readServerLock(dir)
  if (lock?.pid !== process.pid || lock.stopping) return
  writeServerLock(dir, { ...lock, stopping: true })
}

/** Removes the lock file if it is this process's (a newer server may have replaced it). */
export function removeServerLock(dir: string, pid = process.pid): void {
  if (readServerLock(dir)?.pid === pid) rmSync(path(dir), { force: true })
}


/**
 * The lock file of a live server on `dir`, or undefined (none, unreadable, its process is gone, or
 * written in another directory: a copy of the one the server holds).
 */
export function readServerLock(dir: string): ServerLock | undefined {
  let lock: Partial<ServerLock> & { dir?: unknown }
  try {
    lock = JSON.parse(readFileSync(path(dir), 'utf8')) as Partial<ServerLock> & { dir?: unknown }
  } catch {
    return undefined
  }
  if (typeof lock.url !== 'string' || typeof lock.pid !== 'number' || !processAlive(lock.pid)) return undefined
  if (lock.dir !== undefined && lock.dir !== realDir(dir)) return undefined
  return { url: lock.url, pid: lock.pid, ...(typeof lock.key === 'string' ? { key: lock.key } : {}), ...(lock.stopping === true ? { stopping: true } : {}) }
}
