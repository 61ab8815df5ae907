// Whether a process id names a live process: the lock files (the server's, the webhook spool's),
// the engine's directory lock and half-built database copies name their writer's pid, and a file
// left by a process that died (kill -9, a crash) must not hold anything.

/** True when `pid` is a live process (one of another user's counts: EPERM). */
export function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}
