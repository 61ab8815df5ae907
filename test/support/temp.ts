// Temporary directories of a test file, removed when the file ends: a run of the suite must leave
// nothing under the OS temporary directory (it once held 31 GB after ~15 runs).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const made = new Set<string>()
const children = new Set<number>()

// Registered while the test file imports this module (each file runs in a process of its own).
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
  // A child killed by SIGKILL (the crash tests) runs no exit handler: the files it kept in the
  // temporary directory under its pid (core/db/embedded-insert.ts, core/whatif-scenarios.ts).
  const mine = new RegExp(`^wacost-(rows|whatif)-(${[...children].join('|')})(-|$)`)
  if (children.size > 0) for (const f of readdirSync(tmpdir())) if (mine.test(f)) rmSync(join(tmpdir(), f), { recursive: true, force: true })
})

/** A new directory `<tmpdir>/<prefix>XXXXXX`, removed (recursively) after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.add(dir)
  return dir
}

/** A child process whose pid-named temporary files are removed with the directories above. */
export function childPid(pid: number | undefined): void {
  if (pid !== undefined) children.add(pid)
}
