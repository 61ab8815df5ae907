// Whether a process id names a live process: the lock files (the server's, the webhook spool's),
// the engine's directory lock, half-built database copies and temporary databases name their
// writer's pid, and a file left by a process that died (kill -9, a crash) must not hold anything.
// A process killed is not gone at once: it exits (its memory given back, its files closed: the
// engine's lock on its `status` file released), then stays a zombie until its parent reaps it;
// here about a second when `npm start` was killed with npm, its parent (the machine's init
// reaps it). `process.kill(pid, 0)` answers for a zombie too, so `wacost batches` run then was
// told the dead server held the database, and the same command a second later worked.
import { readdirSync, readFileSync } from 'node:fs'

/** The fields of /proc/<pid>/stat after the command name (state first), undefined where unreadable. */
function statFields(path: string): string[] | undefined {
  let stat: string
  try { stat = readFileSync(path, 'utf8') } catch { return undefined }
  // "pid (comm) state ppid …": comm may hold spaces and ')', so count the fields after its last ')'
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

// the kernel's flag of a task that has begun to exit (include/linux/sched.h): field 9 of stat
const PF_EXITING = 0x4
const exiting = (fields: string[] | undefined): boolean => fields !== undefined && (Number(fields[6]) & PF_EXITING) !== 0

/**
 * Where the process `pid` is in its life, as /proc tells on Linux: 'live'; 'dying' (killed, its
 * threads still exiting: it may hold its files yet); 'gone' (no such process, or a zombie, all
 * its threads ended: nothing of it holds anything). Without /proc, a pid that exists is 'live'.
 */
function phase(pid: number): 'live' | 'dying' | 'gone' {
  try { process.kill(pid, 0) } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EPERM') return 'gone' }
  const fields = statFields(`/proc/${pid}/stat`)
  if (fields === undefined) return 'live'
  if (fields[0] === 'Z' || fields[0] === 'X') {
    // a zombie main thread, the others still running (or exiting), is a process that lives on
    // (or is still dying) with them
    let others: string[]
    try { others = readdirSync(`/proc/${pid}/task`).filter((tid) => tid !== String(pid)) } catch { return 'gone' }
    if (others.length === 0) return 'gone'
    const running = others.map((tid) => statFields(`/proc/${pid}/task/${tid}/stat`)).filter((f) => f !== undefined)
    if (running.length === 0) return 'gone'
    return running.every(exiting) ? 'dying' : 'live'
  }
  return exiting(fields) ? 'dying' : 'live'
}

/** Blocks this thread for `ms` milliseconds. */
const pause = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) }

/**
 * True when `pid` is a live process (one of another user's counts: EPERM); a zombie is not. A
 * process that is exiting is waited for, up to `waitMs` (it is gone after a fraction of a second
 * as a rule): still exiting then, it counts as live, as it may still hold what it held.
 */
export function processAlive(pid: number, waitMs = 3000): boolean {
  for (const until = Date.now() + waitMs; ;) {
    const now = phase(pid)
    if (now !== 'dying') return now === 'live'
    if (Date.now() >= until) return true
    pause(10)
  }
}

/**
 * When the process `pid` started, as Linux's /proc/<pid>/stat says (clock ticks since boot, as
 * text), or undefined where it cannot be read (no /proc: not Linux; the process is gone). With
 * the pid it names one process for good: a pid is reused, the pair is not.
 */
export function processStart(pid: number | 'self'): string | undefined {
  // starttime is field 22, the 20th after comm
  const start = statFields(`/proc/${pid}/stat`)?.[19]
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
