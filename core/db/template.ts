// A migrated embedded database with the shipped reference data and no messages, kept once per
// version of the migrations and of that data: a database that exists for one command (`ledger`,
// `verdicts`, `whatif`, each test file) starts as a copy of it instead of running every migration
// again (~260 files: 1–3 s even all in one call, most of a one-shot `ledger` on a small log) and
// loading the defaults. Same engine, same SQL: the copy is what migrating and loading would make.
import { createHash, randomBytes } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { openDb } from './client.ts'
import { DatabasePlaceError } from './place.ts'
import { listMigrations, migrateFresh } from './migrate.ts'
import { defaults, loadReference } from '../reference/load.ts'
import { processAlive } from '../process-alive.ts'

const READY = 'wacost-template-ready'

/**
 * Runs `build` on a fresh path beside `target` (`<target><tag><pid>-<random>`, so a half build is
 * never at `target`: `build` renames it into place when whole) and removes that path when `build`
 * ends, or on exit when the process stops meanwhile (a Ctrl-C'd `ledger`: core/session.ts).
 */
export async function buildBeside<T>(target: string, tag: string, build: (building: string) => Promise<T>): Promise<T> {
  const building = `${target}${tag}${process.pid}-${randomBytes(4).toString('hex')}`
  const removeBuilding = () => { rmSync(building, { recursive: true, force: true }) }
  process.on('exit', removeBuilding)
  try {
    return await build(building)
  } finally {
    removeBuilding()
    process.off('exit', removeBuilding)
  }
}

/** The engine's version: a database written by one chDB is not handed to another. */
function engineVersion(): string {
  const main = createRequire(import.meta.url).resolve('chdb')
  return (JSON.parse(readFileSync(join(dirname(main), 'package.json'), 'utf8')) as { version: string }).version
}

/** The shipped reference data's files (config/defaults/*.csv), each name with its bytes. */
function shippedReference(): { name: string; bytes: Buffer }[] {
  return readdirSync(defaults).filter((f) => f.endsWith('.csv')).sort().map((name) => ({ name, bytes: readFileSync(join(defaults, name)) }))
}

/**
 * The template's key: the database name, the engine's version, every migration's name and
 * checksum and the shipped reference data (an added or edited migration, or an edited default
 * rate card, market map or timeline, is a new template).
 */
export function templateKey(database: string, migrations = listMigrations(), reference = shippedReference()): string {
  const h = createHash('sha256').update(`${database}\n${engineVersion()}\n`)
  for (const m of migrations) h.update(`${m.name} ${m.checksum}\n`)
  for (const f of reference) h.update(`${f.name} `).update(f.bytes).update('\n')
  return h.digest('hex').slice(0, 16)
}

/**
 * The directory of the template for `database` under the system's temporary directory; built
 * (migrated, closed, then moved into place in one rename, so a reader never sees half of one)
 * when missing. Processes building it at once each build their own; the first rename wins.
 */
export async function migratedTemplate(database: string): Promise<string> {
  const dir = join(tmpdir(), `wacost-template-${templateKey(database)}`)
  if (existsSync(join(dir, READY))) return dir
  return buildBeside(dir, '.', async (building) => {
    const db = await openDb({ path: building, database })
    try {
      // at once: the template is built beside its place and moved there only when whole
      await migrateFresh(db)
      // and the shipped reference data, which every new database gets when it opens without its
      // own (~0.15 s of each one-command database, each test file, each CLI run of a test)
      await loadReference(db, {})
    } finally { await db.close() }
    writeFileSync(join(building, READY), '')
    try { renameSync(building, dir) } catch {
      // Another process put its template in place first; a directory without the mark (a build
      // moved half-way by a crash cannot be: the mark is written before the rename) is replaced.
      if (!existsSync(join(dir, READY))) { rmSync(dir, { recursive: true, force: true }); renameSync(building, dir) }
    }
    return dir
  })
}

/** Fills the empty directory `into` with a copy of the template for `database`. */
export async function copyTemplate(database: string, into: string): Promise<void> {
  // verbatimSymlinks: the engine's relative links (data/, metadata/ → store/) stay inside the copy.
  cpSync(await migratedTemplate(database), into, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith(READY) })
}


/**
 * Creates the embedded database directory `dir` (missing, or an empty directory) as a copy of the
 * template for `database`. The copy is made beside it (`<dir>.creating-<pid>-<random>`) and renamed
 * into place: a process killed while copying (kill -9) leaves `dir` as it was, never a half copy
 * that the next command would open as a database whose migrations all ran (it found no
 * `rate_card`, and every later command failed). Copies left by dead processes are removed here.
 * Throws DatabasePlaceError, in words, when the place cannot hold a database (a file on the path, no
 * permission, a read-only file system): npm start said it with exit 1, the CLI 2 (break-it trial).
 */
export async function createFromTemplate(database: string, dir: string): Promise<void> {
  const target = resolve(dir)
  const prefix = `${basename(target)}.creating-`
  try {
    try { mkdirSync(dirname(target), { recursive: true }) } catch (e) {
      // mkdir of a path through a file says EEXIST (the file exists), not ENOTDIR
      throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? Object.assign(new Error('a file on the path'), { code: 'ENOTDIR', cause: e }) : e
    }
    for (const name of readdirSync(dirname(target))) {
      const pid = Number(name.slice(prefix.length).split('-')[0])
      if (name.startsWith(prefix) && !processAlive(pid)) rmSync(join(dirname(target), name), { recursive: true, force: true })
    }
    await buildBeside(target, '.creating-', async (building) => {
      await copyTemplate(database, building)
      if (existsSync(target)) rmdirSync(target) // empty: the caller checked (rmdir refuses anything else)
      renameSync(building, target)
    })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === undefined || !['ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTEMPTY', 'ENOSPC'].includes(code)) throw e
    const why = code === 'ENOTDIR' ? 'a file is in the way on that path'
      : code === 'EACCES' || code === 'EPERM' ? 'no permission to write there'
        : code === 'EROFS' ? 'the file system is read-only'
          : code === 'ENOSPC' ? 'the disk is full'
            : code === 'ENOENT' ? 'the path cannot be created'
              : 'another process created it meanwhile: run the command again'
    throw new DatabasePlaceError(`cannot create the database at ${dir}: ${why} (use --db DIR or WACOST_DB for another place)`, { cause: e })
  }
}
