// An embedded database directory belongs to one process at a time (the engine locks its `status`
// file). Opening one that another process holds fails deep inside the engine with "Code: 76.
// DB::Exception: Cannot lock file …", and the engine prints that line itself; so a command asks
// first, from the file the engine leaves while it holds the directory, and says what to do.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The id of another live process that holds the embedded database in `dir`, if any. */
export function lockHolder(dir: string): number | undefined {
  let status: string
  try {
    status = readFileSync(join(dir, 'status'), 'utf8')
  } catch {
    return undefined // no status file: nobody holds it (the engine removes it on a clean close)
  }
  const pid = Number(/^PID: (\d+)$/m.exec(status)?.[1])
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined
  try {
    process.kill(pid, 0) // signal 0 only asks whether the process exists
    return pid
  } catch (e) {
    // EPERM: it exists but belongs to someone else; ESRCH: a crash left the file behind.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}

/** True for the engine's own error when the directory is locked (the check above lost a race). */
export function isLockError(e: unknown): boolean {
  const text = e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e)
  return /Code: 76\.|Cannot lock file|Another server instance in same directory/.test(text)
}

/** The one sentence for a held directory, naming the directory as the user gave it. */
export function lockedMessage(dir: string, pid?: number): string {
  return `another wacost process (the server?${pid ? ` pid ${pid}` : ''}) holds ${dir}: stop it, or use --db DIR`
}
