// Whether a process id names a live process: the lock files (the server's, the webhook spool's),
// the engine's directory lock, half-built database copies and temporary databases name their
// writer's pid, and a file left by a process that died (kill -9, a crash) must not hold anything.
import { readFileSync } from 'node:fs'

/** True when `pid` is a live process (one of another user's counts: EPERM). */
export function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}

/**
 * When the process `pid` started, as Linux's /proc/<pid>/stat says (clock ticks since boot, as
 * text), or undefined where it cannot be read (no /proc: not Linux; the process is gone). With
 * the pid it names one process for good: a pid is reused, the pair is not.
 */
export function processStart(pid: number | 'self'): string | undefined {
  let stat: string
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8') } catch { return undefined }
  // "pid (comm) state ppid …": comm may hold spaces and ')', so count the fields after its last ')';
  // starttime is field 22, the 20th after comm
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  return start && /^\d+$/.test(start) ? start : undefined
}

/**
 * True when the process that wrote `pid` and `start` (its processStart then, undefined when it
 * could not tell) still runs: alive, and not a later process given the same pid. When the start
 * cannot be compared, a live pid counts as the owner (a live owner's file is never taken for a
 * dead one's).
 */
export function ownerAlive(pid: number, start: string | undefined): boolean {
  if (!processAlive(pid)) return false
  if (start === undefined) return true
  const now = processStart(pid)
  return now === undefined || now === start
}
