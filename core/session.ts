// Opens the database for a command: a given or temporary chDB directory (or a temporary database
// on a server), migrated, with reference data loaded and the work of a stopped run re-done
// (core/recovery.ts).
import { cpSync, rmSync } from 'node:fs'
import { constants } from 'node:os'
import { randomBytes } from 'node:crypto'
import { env } from './config.ts'
import { openDb, type Db } from './db/client.ts'
import { databasePlace } from './db/place.ts'
import { migrate } from './db/migrate.ts'
import { copyTemplate, createFromTemplate } from './db/template.ts'
import { holdOpening, removeDeadOpenings } from './db/open-lock.ts'
import { makeScratchDir, removeLeftScratchDirs } from './scratch-dir.ts'
import { planReference, type ReferenceOptions } from './reference/load.ts'
import { startBatch, upgradeSource, type Run } from './batches.ts'
import { describeRecovery, describeUnfinished, recover, unfinishedBatches, type UnfinishedBatch } from './recovery.ts'

export interface Session {
  db: Db
  close(): Promise<void>
  /**
   * Runs `work` when every earlier exclusive work of this session has ended (a FIFO queue).
   * Everything that writes batches (an ingest through the API, the webhook micro-batcher, a
   * rebuild) goes through it: one writer at a time, as the CLI has always been. `quiet`: the
   * listeners are not told (work that changes nothing another reader sees: bringing the
   * reconciliation kept up to date, which only its own readers read, after doing it).
   * `changed`: told only when it says the work's result changed what readers see (a webhook
   * micro-batch of replays, duplicates or refused records only: every open page refreshed for
   * nothing, fresh-user trial); a work that failed is always told (it may have changed some).
   */
  exclusive<T>(work: () => Promise<T>, opts?: { quiet?: boolean; changed?: (result: T) => boolean }): Promise<T>
  /**
   * How many exclusive works that tell the listeners (batches, rebuilds: not `quiet` ones) are
   * queued or running now: a reader's own upkeep may wait while it is above 0 (the
   * reconciliation's catch-up, api/routes/reconcile.ts), so fresh messages are derived first.
   */
  writers(): number
  /**
   * Calls `listener` after each exclusive work has settled (succeeded or failed): the data may
   * have changed, so whoever serves derived figures (core/data-version.ts) looks again.
   * Returns the function that removes the listener.
   */
  onChange(listener: () => void): () => void
}

/** A FIFO of async work: each runs after the previous one settled (failed or not), then tells the listeners. */
function queue(): Pick<Session, 'exclusive' | 'onChange' | 'writers'> {
  let tail: Promise<unknown> = Promise.resolve()
  let writers = 0
  const listeners = new Set<() => void>()
  const notify = () => { for (const l of listeners) l() }
  return {
    exclusive: <T>(work: () => Promise<T>, opts?: { quiet?: boolean; changed?: (result: T) => boolean }) => {
      const run = tail.then(work, work)
      // After the work settled, before the next one starts: listeners see this work's result,
      // and no longer count it as waiting.
      if (!opts?.quiet) {
        writers += 1
        void run.then((r) => { writers -= 1; if (opts?.changed?.(r) ?? true) notify() }, () => { writers -= 1; notify() })
      }
      tail = run.catch(() => undefined)
      return run
    },
    writers: () => writers,
    onChange: (listener) => {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
  }
}

/**
 * A database that exists only for this command (`ledger`, `verdicts`, tests). `from`: a closed
 * embedded database directory to start from (a copy of it) instead of the migrated template —
 * the tests' demo database, ingested once per version of the code (test/support/demo.ts); it is
 * migrated and given `ref` like any other. Not with a server (CLICKHOUSE_URL): an error.
 */
export async function openScratch(ref: ReferenceOptions, from?: string): Promise<Session> {
  if (env.CLICKHOUSE_URL) {
    if (from) throw new Error('openScratch: a database directory to start from needs the embedded engine')
    const database = `wacost_tmp_${randomBytes(6).toString('hex')}`
    const db = await openDb({ database })
    const close = removedWhenProcessEnds(undefined, async () => {
      try { await db.client.command({ query: `DROP DATABASE IF EXISTS ${database}` }) } finally { await db.close() }
    })
    try { await prepare(db, ref, false) } catch (e) { await close(); throw e }
    return { db, ...queue(), close }
  }
  removeLeftovers()
  const dir = makeScratchDir()
  let db: Db | undefined
  // A signal during the opening (building the template can take seconds) closes once it has
  // settled: the engine is never left running a statement at exit.
  let opening: Promise<void> = Promise.resolve()
  const close = removedWhenProcessEnds(dir, async () => { await opening.catch(() => undefined); await db?.close() })
  opening = (async () => {
    // A copy of the migrated template (or of `from`): prepare() then finds every migration applied.
    if (from) cpSync(from, dir, { recursive: true, verbatimSymlinks: true })
    else await copyTemplate(env.WACOST_DATABASE, dir)
    db = await openDb({ path: dir })
    await prepare(db, ref, false)
  })()
  try { await opening } catch (e) { await close(); throw e }
  return { db: db!, ...queue(), close }
}

/**
 * A scratch database can hold GBs (a `ledger` of a big log): it must not outlive its process.
 * Until `close` (returned, idempotent) has run: SIGINT or SIGTERM (Ctrl-C, a stopped service)
 * closes the engine, waiting for the statement it runs (chDB cannot interrupt one, and a
 * process.exit() while one runs can hang in the engine's teardown: core/db/client.ts), removes
 * the directory and exits 128 + the signal's number, 130 or 143, as a shell reports a process the
 * signal killed (README, exit statuses); a process that exits without closing (an uncaught
 * error, process.exit) has the directory removed synchronously on 'exit'. A second signal while
 * closing is ignored. SIGKILL still ends the process, and then nothing of it can remove the
 * directory: the next run that opens a database does (its name says whose it is: core/scratch-dir.ts).
 * Without a scratch session the signals keep their default (a persistent database recovers a
 * stopped run on its next open: core/recovery.ts).
 */
function removedWhenProcessEnds(dir: string | undefined, closeEngine: () => Promise<void>): () => Promise<void> {
  const removeNow = () => { if (dir) rmSync(dir, { recursive: true, force: true }) }
  let closing: Promise<void> | undefined
  let signalled = false
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (signalled) return
    signalled = true
    process.stderr.write(`wacost: interrupted (${signal}): removing the temporary database\n`)
    const exit = () => process.exit(128 + constants.signals[signal])
    // Attached before the command's own `await close()`: this exit runs first, so the command's
    // failure (its statements refused by the closed engine) is not reported as one.
    close().then(exit, exit)
  }
  const close = () => {
    closing ??= (async () => {
      try { await closeEngine() } finally {
        removeNow()
        process.off('exit', removeNow)
        // After a signal they stay: a repeated Ctrl-C while closing is ignored, not a default kill.
        if (!signalled) for (const s of signals) process.off(s, onSignal)
      }
    })()
    return closing
  }
  const signals = ['SIGINT', 'SIGTERM'] as const
  process.on('exit', removeNow)
  for (const s of signals) process.on(s, onSignal)
  return close
}

/**
 * What opening a persistent database does beyond the reference data: `saysItself`, the batches
 * found unfinished whose warning the caller says in its own words (npm start: the demo load's,
 * which it finishes), so that no second line says the same; `ingests`, the caller is an ingest
 * (its warnings say what it changes: core/recovery.ts describeUnfinished).
 */
export interface OpenOptions { saysItself?: (b: UnfinishedBatch) => boolean; ingests?: boolean }

/** The persistent database (`--db DIR`, WACOST_DB, or the server). */
export async function openPersistent(path: string | undefined, ref: ReferenceOptions, opts: OpenOptions = {}): Promise<Session> {
  // A new embedded database starts as the migrated template too (never over anything stored); a
  // directory of other files is refused before the engine writes into it (core/db/place.ts).
  const dir = path ?? env.WACOST_DB
  let db: Db
  if (env.CLICKHOUSE_URL) db = await openDb({ path })
  else {
    removeLeftovers()
    // Held from before the directory is looked at until the engine holds it: a run started at
    // the same instant is told the database is in use (core/db/open-lock.ts), not the engine's
    // own lock error, nor that the directory was "created meanwhile".
    const release = holdOpening(dir)
    try {
      if (databasePlace(dir) === 'create') await createFromTemplate(env.WACOST_DATABASE, dir)
      db = await openDb({ path })
    } finally { release() }
  }
  await prepare(db, ref, true, opts)
  return { db, ...queue(), close: () => db.close() }
}

/** What processes killed by SIGKILL left in the temporary directory: temporary databases, opening locks. */
function removeLeftovers(): void {
  removeLeftScratchDirs()
  removeDeadOpenings()
}

async function prepare(db: Db, ref: ReferenceOptions, persistent: boolean, opts: OpenOptions = {}): Promise<void> {
  // A migration that changes what is derived, or new prices, time zones or windows: everything
  // stored must be derived again. The rebuild's batch is recorded before the first such
  // migration runs (and before the reference data changes), so a crash from there on leaves it
  // unfinished and the next open rebuilds; recorded after, a crash in between lost the rebuild.
  let rebuildRun: Run | undefined
  const startRebuild = async () => {
    if (persistent && !rebuildRun && (await storesMessages(db))) rebuildRun = await startBatch(db, upgradeSource)
  }
  await migrate(db, startRebuild)
  const plan = await planReference(db, ref)
  if (!persistent) return plan.apply()
  const unfinished = (await unfinishedBatches(db)).filter((b) => Number(b.batch_id) !== rebuildRun?.id)
  if (plan.changed) await startRebuild()
  await plan.apply()
  // said before the work, which takes as long as the stopped batches' derive: a run stopped during
  // another's recovery had printed nothing at all (trial)
  const told = unfinished.filter((b) => !opts.saysItself?.(b))
  if (told.length > 0) process.stderr.write(`${describeRecovery(told)}\n`)
  for (const b of await recover(db, unfinished, rebuildRun)) if (!opts.saysItself?.(b)) process.stderr.write(`${describeUnfinished(b, { ingests: opts.ingests })}\n`)
}

/** Whether the messages table exists (a database older than it has none) and holds a message. */
async function storesMessages(db: Db): Promise<boolean> {
  const rs = await db.client.query({ query: 'EXISTS TABLE messages', format: 'JSONEachRow' })
  const [r] = await rs.json<{ result: number }>()
  return Boolean(r?.result) && hasMessages(db)
}

export async function hasMessages(db: Db): Promise<boolean> {
  const rs = await db.client.query({ query: 'SELECT count() > 0 AS any FROM messages', format: 'JSONEachRow' })
  const [r] = await rs.json<{ any: number }>()
  return Boolean(r?.any)
}
