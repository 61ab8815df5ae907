// Who is opening an embedded database directory right now. The engine's own lock (the `status`
// file it locks inside the directory) is taken only once the engine opens it, and a new directory
// is made first (a copy of the template, renamed into place: core/db/template.ts). Two runs
// started together on one new `--db` both found it missing and both copied it: the second to
// rename was told "another process created it meanwhile: run the command again", or it found the
// first's copy before the engine's lock was in it, and the engine printed its own "Cannot lock
// file … status" on stderr (break-it trial). A run now holds this lock from before it looks at the
// directory until its engine holds the directory: a second run finds one lock or the other, and
// is told the one sentence for a database in use (heldMessage). The engine's lock still guards
// the data; this one only keeps the runs from racing to it, so where it cannot be taken (an
// unwritable temporary directory) the run goes on without it, as before.
import { createHash, randomBytes } from 'node:crypto'
import { linkSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { ownerAlive, processAlive, processStart } from '../process-alive.ts'
import { EngineError, heldMessage } from './errors.ts'

// `<tmp>/wacost-opening-<key>` (key: the directory's path), holding "<pid> <start>" of its owner
// (core/process-alive.ts; start `x` where it cannot be read). Made whole by a hard link from a
// file of the owner's own (`<lock>.<pid>-<random>`), so no run reads half of one.
const PREFIX = 'wacost-opening-'

/** The directory's absolute path, the symbolic links of its nearest existing ancestor resolved. */
function canonical(dir: string): string {
  const rest: string[] = []
  for (let head = resolve(dir); ;) {
    try { return join(realpathSync(head), ...rest) } catch {
      const up = dirname(head)
      if (up === head) return resolve(dir)
      rest.unshift(basename(head))
      head = up
    }
  }
}

/** The opening lock's file for the database directory `dir` (exported for the tests). */
export const lockFile = (dir: string): string => join(tmpdir(), `${PREFIX}${createHash('sha256').update(canonical(dir)).digest('hex').slice(0, 16)}`)

interface Owner { pid: number; start?: string; text: string }

/** The owner a lock file names; undefined when there is no such file. */
function readOwner(file: string): Owner | undefined {
  let text: string
  try { text = readFileSync(file, 'utf8') } catch { return undefined }
  const m = /^(\d+) (\d+|x)\n$/.exec(text)
  // not ours to read (never written so): its owner cannot be told, so it is taken for a dead one's
  return m ? { pid: Number(m[1]), start: m[2] === 'x' ? undefined : m[2], text } : { pid: 0, text }
}

const alive = (o: Owner) => o.pid > 0 && ownerAlive(o.pid, o.start)

/**
 * Removes the lock `file` of a dead owner that said `text`. Moved aside first and read again:
 * another run may have removed the same dead lock and taken its own meanwhile, which is then put
 * back rather than removed.
 */
function breakDead(file: string, text: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`
  try { renameSync(file, aside) } catch { return }
  try {
    if (readOwner(aside)?.text !== text) {
      try { linkSync(aside, file) } catch { /* a third run holds the place now */ }
    }
  } finally { rmSync(aside, { force: true }) }
}

/**
 * Takes the opening lock of the embedded database directory `dir` and returns the function that
 * gives it back (once the engine holds the directory, or the opening failed). Throws EngineError
 * with heldMessage when another live process holds it (exit 2 in the CLI, as for a directory the
 * engine of another process holds). A lock left by a process that died (kill -9) is removed.
 */
export function holdOpening(dir: string): () => void {
  const file = lockFile(dir)
  const text = `${process.pid} ${processStart('self') ?? 'x'}\n`
  const mine = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`
  const none = () => undefined
  try { writeFileSync(mine, text, { flag: 'wx', mode: 0o644 }) } catch { return none }
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(mine, file)
        return () => { if (readOwner(file)?.text === text) rmSync(file, { force: true }) }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return none
      }
      const owner = readOwner(file)
      if (owner === undefined) continue // given back meanwhile
      // this process opens it already (the engine allows it): nothing to race with
      if (owner.text === text) return none
      if (alive(owner)) throw new EngineError(heldMessage(dir, owner.pid))
      breakDead(file, owner.text)
    }
    return none // still taken and given back after several tries: the engine's own lock decides
  } finally { rmSync(mine, { force: true }) }
}

/**
 * Removes the opening locks (and their owners' own files) that processes killed while opening a
 * database left in the temporary directory `dir`; a live process's stay.
 */
export function removeDeadOpenings(dir = tmpdir()): void {
  let names: string[]
  try { names = readdirSync(dir) } catch { return }
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue
    const own = /^wacost-opening-[0-9a-f]{16}\.(?:stale-)?(\d+)-[0-9a-f]+$/.exec(name)
    if (own) {
      // (another user's cannot be removed from the shared temporary directory: it stays)
      if (!processAlive(Number(own[1]))) try { rmSync(join(dir, name), { force: true }) } catch { /* stays */ }
      continue
    }
    const owner = readOwner(join(dir, name))
    if (owner && !alive(owner)) breakDead(join(dir, name), owner.text)
  }
}
