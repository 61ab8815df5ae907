// Opens the database for a command: a given or temporary chDB directory (or a temporary database
// on a server), migrated, with reference data loaded and the work of a stopped run re-done
// (core/recovery.ts).
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { env } from './config.ts'
import { openDb, type Db } from './db/client.ts'
import { migrate } from './db/migrate.ts'
import { copyTemplate } from './db/template.ts'
import { planReference, type ReferenceOptions } from './reference/load.ts'
import { startBatch } from './batches.ts'
import { describeUnfinished, recover, unfinishedBatches } from './recovery.ts'

export interface Session {
  db: Db
  close(): Promise<void>
  /**
   * Runs `work` when every earlier exclusive work of this session has ended (a FIFO queue).
   * Everything that writes batches (an ingest through the API, the webhook micro-batcher, a
   * rebuild) goes through it: one writer at a time, as the CLI has always been.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  /**
   * Calls `listener` after each exclusive work has settled (succeeded or failed): the data may
   * have changed, so whoever serves derived figures (core/data-version.ts) looks again.
   * Returns the function that removes the listener.
   */
  onChange(listener: () => void): () => void
}

/** A FIFO of async work: each runs after the previous one settled (failed or not), then tells the listeners. */
function queue(): Pick<Session, 'exclusive' | 'onChange'> {
  let tail: Promise<unknown> = Promise.resolve()
  const listeners = new Set<() => void>()
  const notify = () => { for (const l of listeners) l() }
  return {
    exclusive: <T>(work: () => Promise<T>) => {
      const run = tail.then(work, work)
      tail = run.catch(() => undefined)
      // After the work settled, before the next one starts: listeners see this work's result.
      void run.then(notify, notify)
      return run
    },
    onChange: (listener) => {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
  }
}

/** A database that exists only for this command (`ledger`, `verdicts`, tests). */
export async function openScratch(ref: ReferenceOptions): Promise<Session> {
  if (env.CLICKHOUSE_URL) {
    const database = `wacost_tmp_${randomBytes(6).toString('hex')}`
    const db = await openDb({ database })
    await prepare(db, ref, false)
    return {
      db,
      ...queue(),
      close: async () => {
        await db.client.command({ query: `DROP DATABASE IF EXISTS ${database}` })
        await db.close()
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'wacost-'))
  // A copy of the migrated template: prepare() then finds every migration applied.
  await copyTemplate(env.WACOST_DATABASE, dir)
  const db = await openDb({ path: dir })
  await prepare(db, ref, false)
  return { db, ...queue(), close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }) } }
}

/** The persistent database (`--db DIR`, WACOST_DB, or the server). */
export async function openPersistent(path: string | undefined, ref: ReferenceOptions): Promise<Session> {
  // A new embedded database starts as the migrated template too (never over anything stored).
  const dir = path ?? env.WACOST_DB
  if (!env.CLICKHOUSE_URL && (!existsSync(dir) || readdirSync(dir).length === 0)) await copyTemplate(env.WACOST_DATABASE, dir)
  const db = await openDb({ path })
  await prepare(db, ref, true)
  return { db, ...queue(), close: () => db.close() }
}

async function prepare(db: Db, ref: ReferenceOptions, persistent: boolean): Promise<void> {
  // A migration that changes what is derived, or new prices, time zones or windows: everything
  // stored must be derived again. The rebuild's batch is recorded before the first such
  // migration runs (and before the reference data changes), so a crash from there on leaves it
  // unfinished and the next open rebuilds; recorded after, a crash in between lost the rebuild.
  let rebuildRun: { id: number; started: Date } | undefined
  const startRebuild = async () => {
    if (persistent && !rebuildRun && (await storesMessages(db))) rebuildRun = await startBatch(db, '(rebuild)')
  }
  await migrate(db, startRebuild)
  const plan = await planReference(db, ref)
  if (!persistent) return plan.apply()
  const unfinished = (await unfinishedBatches(db)).filter((b) => Number(b.batch_id) !== rebuildRun?.id)
  if (plan.changed) await startRebuild()
  await plan.apply()
  for (const b of await recover(db, unfinished, rebuildRun)) process.stderr.write(`${describeUnfinished(b)}\n`)
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
