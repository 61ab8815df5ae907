// What-if re-pricing (issue 13, item 5): the stored traffic priced under another pricing-model
// timeline (and optionally another rate card), by the product's own derive SQL, beside the
// current pricing. The alternative lives in a second database of the same engine session
// (`<database>_whatif_<key>`): migrated by the same files (all in one call: migrateFresh),
// filled with a copy of the stored messages and reference data, given the other timeline through
// the same loader, and rebuilt by core/derive.ts `rebuild` (bounded memory, slice by slice).
// sql/whatif/compare.sql then joins the two databases' spend rollups. The current database is
// only read. A what-if database is kept (a cache) while the stored data and both files stay the
// same (its name carries their fingerprint), and dropped once the stored data changed.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { openDb, type Db } from './db/client.ts'
import { migrateFresh } from './db/migrate.ts'
import { exec, rows } from './db/sql.ts'
import { loadReference, planReference } from './reference/load.ts'
import { rebuild } from './derive.ts'
import { runReport, type RunReport } from './reports.ts'

/** The alternative: a timeline CSV (pricing-models.md §1) and, optionally, a rate card CSV. */
export interface Scenario { pricingModels: string; rateCard?: string }

/** A what-if database: its name, and whether it is computed (else `whatif` must run first). */
export interface WhatifState { database: string; ready: boolean }

export interface WhatifOptions {
  /** Runs the copy of the stored tables (e.g. Session.exclusive, so no ingest writes meanwhile). */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>
  /** What-if databases kept per state of the stored data (the newest first); default 4. */
  keep?: number
}

// Tables the derive reads (sql/derive/*.sql and the views it writes through); everything else of
// the what-if database is derived there by `rebuild`. pricing_models is copied and then replaced
// by the scenario's (rate_card too when the scenario has one).
const copied = [
  'messages', 'status_facts', 'rate_card', 'market_map', 'wabas', 'tz_offsets', 'billing_settings',
  'pricing_models', 'auth_international', 'phone_numbers',
] as const

const name = /^[A-Za-z_][A-Za-z0-9_]*$/

/** The state of the current database that figures depend on (sql/whatif/version.sql). */
async function dataVersion(db: Db): Promise<string> {
  const [r] = await rows<{ version: string }>(db, 'whatif/version')
  return r?.version ?? ''
}

/**
 * The what-if database for `scenario` over the data stored now, and whether it is computed.
 * Reads the scenario's files (their bytes enter the name); throws when a file cannot be read.
 */
export async function whatifState(db: Db, scenario: Scenario): Promise<WhatifState> {
  const hash = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')
  const version = hash(await dataVersion(db)).slice(0, 12)
  const files = hash([scenario.pricingModels, scenario.rateCard].map((f) => (f === undefined ? '-' : hash(readFileSync(f)))).join(','))
  const database = `${db.database}_whatif_${version}_${files.slice(0, 12)}`
  if (!name.test(database)) throw new Error(`not a database name: ${database}`)
  return { database, ready: await isReady(db, database) }
}

async function isReady(db: Db, database: string): Promise<boolean> {
  const exists = await rows<{ name: string }>(db, 'whatif/cached', { prefix: database })
  if (!exists.some((r) => r.name === database)) return false
  try {
    const [r] = await rows<{ ready: number }>(db, 'whatif/ready', { database })
    return Boolean(r?.ready)
  } catch {
    // A database created by a process stopped before migrating it: not ready, computed again.
    return false
  }
}

// One computation at a time per process (each is a whole rebuild), and one per database: a second
// caller of the same what-if waits for the first.
let tail: Promise<unknown> = Promise.resolve()
const running = new Map<string, Promise<WhatifState>>()
// Current databases being closed: their computations stop at the next step (settleWhatifs).
const closing = new WeakSet<Db>()

/**
 * A what-if stopped because its database is being closed (a server stopping): not a failure, so
 * the server logs it as information (it logged a level-50 error with a stack: break-it trial).
 */
export class WhatifStopped extends Error {
  constructor() { super('stopped: the database is being closed') }
}

/**
 * Stops the what-if computations over `db` at their next step and waits for them to end (their
 * half-made databases dropped): call before closing `db`, whose directory they write in.
 */
export async function settleWhatifs(db: Db): Promise<void> {
  closing.add(db)
  await Promise.allSettled([...running.values()])
}

/**
 * Makes sure the what-if of `scenario` is computed, and returns its database. A bad timeline or
 * rate card throws the loader's ConfigError (core/reference/csv.ts) and leaves nothing behind.
 * Time: a migration of a new database (~1–3 s) plus a rebuild of every stored message.
 */
export async function computeWhatif(db: Db, scenario: Scenario, opts: WhatifOptions = {}): Promise<WhatifState> {
  const state = await whatifState(db, scenario)
  if (state.ready) return state
  // The loader reads and checks the files against the stored reference data (nothing is written
  // without apply()): a bad file fails here, before a database is created.
  await planReference(db, { pricingModels: scenario.pricingModels, rateCard: scenario.rateCard })
  const pending = running.get(state.database)
  if (pending) return pending
  const run = tail.then(() => build(db, state.database, scenario, opts)).finally(() => running.delete(state.database))
  tail = run.catch(() => undefined)
  running.set(state.database, run)
  return run
}

async function build(db: Db, database: string, scenario: Scenario, opts: WhatifOptions): Promise<WhatifState> {
  if (await isReady(db, database)) return { database, ready: true }
  // Left half-done by a stopped process: start again from nothing.
  await db.client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` })
  const stop = () => { if (closing.has(db)) throw new WhatifStopped() }
  stop()
  const alt = await openDb({ path: db.path, database })
  try {
    await migrateFresh(alt)
    const copy = async () => {
      for (const table of copied) {
        stop()
        await alt.client.command({ query: `TRUNCATE TABLE ${table}` })
        await exec(alt, 'whatif/copy', { table, source: db.database })
      }
    }
    await (opts.exclusive ? opts.exclusive(copy) : copy())
    stop()
    await loadReference(alt, { pricingModels: scenario.pricingModels, rateCard: scenario.rateCard })
    stop()
    await rebuild(alt)
  } catch (e) {
    await alt.close()
    await db.client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` })
    throw e
  }
  await alt.close()
  await dropStale(db, database, opts.keep ?? 4)
  return { database, ready: true }
}

/**
 * Drops the what-if databases computed over another state of the stored data, and those of the
 * same state beyond `keep` (never `current`).
 */
async function dropStale(db: Db, current: string, keep: number): Promise<void> {
  const prefix = `${db.database}_whatif_`
  const version = current.slice(prefix.length).split('_')[0]
  const all = (await rows<{ name: string }>(db, 'whatif/cached', { prefix })).map((r) => r.name).filter((n) => n !== current && name.test(n))
  const same = all.filter((n) => n.slice(prefix.length).split('_')[0] === version)
  const stale = [...all.filter((n) => !same.includes(n)), ...same.slice(Math.max(0, keep - 1))]
  for (const n of stale) await db.client.command({ query: `DROP DATABASE IF EXISTS ${n} SYNC` })
}

/**
 * Drops every what-if database of `db` (tests; a user freeing disk), once the computations running
 * have ended: one still building created a table in the database being dropped (DATABASE_NOT_EMPTY,
 * whatif-browser's teardown on CI).
 */
export async function dropWhatifs(db: Db): Promise<void> {
  await Promise.allSettled([...running.values()])
  for (const { name: n } of await rows<{ name: string }>(db, 'whatif/cached', { prefix: `${db.database}_whatif_` })) {
    if (name.test(n)) await db.client.command({ query: `DROP DATABASE IF EXISTS ${n} SYNC` })
  }
}

/** The run report (unpriced charges, unmatched statuses) of a computed what-if's alternative pricing. */
export async function whatifReport(db: Db, state: WhatifState): Promise<RunReport> {
  const alt = await openDb({ path: db.path, database: state.database })
  try { return await runReport(alt) } finally { await alt.close() }
}

/** Bound parameters of sql/whatif/compare.sql for a computed what-if. */
export interface CompareParams { wabas: string[]; from: string; to: string; byWaba: boolean }

export function compareParams(db: Db, state: WhatifState, p: CompareParams): Record<string, unknown> {
  return { current: db.database, alternative: state.database, wabas: p.wabas, from: p.from, to: p.to, by_waba: p.byWaba ? 1 : 0 }
}

/** One row of sql/whatif/compare.sql (costs are exact decimal strings in `currency`; null: unpriced). */
export interface WhatifRow {
  row_type: 'item' | 'category' | 'total'; waba_id: string; waba_name: string; category: string; pricing_type: string
  unit: string; currency: string; current_count: number; current_cost: string | null; alternative_count: number
  alternative_cost: string | null; count_difference: number; difference: string | null
}
