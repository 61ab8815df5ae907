// The directories of the temporary databases (`wacost ledger`, `verdicts`, tests): named after
// the process that owns one, so that what a killed process left is told from one in use. A
// process ended by SIGKILL (or the OOM killer) runs no handler and leaves its directory in the
// system's temporary directory, as large as the log it was reading (break-it trial: repeated
// `kill -9` of a `ledger` piled them up); the next run that opens a database removes them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ownerAlive, processStart } from './process-alive.ts'

// `wacost-scratch-<pid>-<start>-XXXXXX`: <start> is the process's start (core/process-alive.ts),
// `x` where it cannot be read, so a later process given the same pid does not keep it.
const PREFIX = 'wacost-scratch-'
const named = /^wacost-scratch-(\d+)-(\d+|x)-/
// and the migrated template's half build (core/db/template.ts buildBeside), of a run killed while
// it built it (the first run after the migrations changed): `wacost-template-<key>.<pid>-<random>`
const halfTemplate = /^wacost-template-[0-9a-f]{16}\.(\d+)-[0-9a-f]{8}$/

/** A new directory for this process's temporary database, named after it (see above). */
export function makeScratchDir(): string {
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-${processStart('self') ?? 'x'}-`))
}

/**
 * Removes the temporary databases' directories (and half-built templates) under `dir` (the system's temporary directory)
 * whose process is gone (a live process's, this one's or another user's, is kept; one whose pid
 * a later process was given is not).
 * Returns the paths removed. A directory it cannot remove (another user's) stays, silently.
 */
export function removeLeftScratchDirs(dir = tmpdir()): string[] {
  const removed: string[] = []
  let names: string[]
  try { names = readdirSync(dir) } catch { return removed }
  for (const name of names) {
    const m = named.exec(name) ?? halfTemplate.exec(name)
    if (!m || ownerAlive(Number(m[1]), m[2] === 'x' ? undefined : m[2])) continue
    try {
      rmSync(join(dir, name), { recursive: true, force: true })
      removed.push(join(dir, name))
    } catch { /* another user's, or removed by another run meanwhile */ }
  }
  return removed
}
