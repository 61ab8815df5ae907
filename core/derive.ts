// Runs the rules (sql/derive/*.sql) over the keys a batch touched, or over every key for a
// rebuild, slice by slice of key buckets so memory stays bounded whatever the data size.
import type { Db } from './db/client.ts'
import { commandAll, exec, rows, type Params } from './db/sql.ts'
import { rebuildSource, recordBatch, startBatch, type DeriveCounts, type Run } from './batches.ts'
import { env } from './config.ts'

// Work per slice, bounding the derive's scratch tables (Memory) and window sorts: ~500k messages
// (a batch is cut by keys: ~10 messages each in ordinary traffic).
const MESSAGES_PER_SLICE = 500_000
const KEYS_PER_SLICE = 50_000

// A slice: buckets lo..hi, cut so that each holds about `budget` of the work (derive/plan_batch:
// its queued keys; derive/plan_all: its messages), n of it
interface Slice { lo: number; hi: number; n: number }

// A slice of at most this many keys reads their reach and tail marks by the keys themselves
// (derive/05_keys {few}): the primary key then skips the granules of other keys. With more, nearly
// every granule holds one of them and the exact set costs more than it saves (even at ~100 keys).
const FEW_KEYS = 64

function slices(perBucket: { bucket: number; n: string }[], budget: number): Slice[] {
  const out: Slice[] = []
  let lo = 0
  let acc = 0
  const counts = new Map(perBucket.map((b) => [Number(b.bucket), Number(b.n)]))
  for (let b = 0; b < 256; b++) {
    const n = counts.get(b) ?? 0
    if (acc > 0 && acc + n > budget) {
      out.push({ lo, hi: b - 1, n: acc })
      lo = b
      acc = 0
    }
    acc += n
  }
  out.push({ lo, hi: 255, n: acc })
  return out
}

// Scratch tables of one slice (Memory engine): emptied before and after each use.
const scratch = ['derive_keys', 'derive_input', 'derive_restarts', 'derive_feps', 'derive_ctx', 'derive_fep_convs', 'derive_openers', 'derive_events', 'derive_convs', 'derive_vds'] as const

// The tail cache's bound (issue 12): the newest partitions of its tables (migrations 846-849: 4
// runs each) are kept while their input rows (key_tail_input; as many verdict rows, fewer ledger
// rows) add up to at most `rows` and they number at most `partitions`; older ones are dropped
// whole, the newest never. Bounded by rows because a run's tails range from a few rows (a small
// micro-batch) to ~50k (bench:live at 20k events/s: ~29k keys with open windows each), and run ids
// are batch ids, not time; by partitions too because a partition of small batches is a few parts
// every read of the cache opens. 2M rows: ~40 micro-batches of live traffic at 20k events/s.
export interface TailBound { rows: number; partitions: number }
export const TAIL_BOUND: TailBound = { rows: 2_000_000, partitions: 128 }

// The tail cache's tables: which runs' tails are whole first, then their input rows and live
// rows. The cache outlives the process, so its partitions are dropped in this order: a stop
// between two of them leaves marks removed before their tails, never a mark naming a tail that is
// gone (the rows left without a mark are dropped by the next prune: derive/tails_partitions).
const tailTables = ['key_tails_ready', 'key_tail_input', 'key_tail_verdicts', 'key_tail_conversations'] as const

/**
 * The statements that prune the tail cache to `bound` (derive/tails_partitions), one per table
 * with partitions to drop, in tailTables' order: `ALTER TABLE t DROP PARTITION ID '..', ...`
 * (metadata only: their cost does not grow with the cache nor key_reach). Empty within the bound.
 */
export async function tailDrops(db: Db, bound: TailBound = TAIL_BOUND): Promise<string[]> {
  const found = await rows<{ table: string; partition: string }>(db, 'derive/tails_partitions', { rows: bound.rows, partitions: bound.partitions })
  return tailTables.flatMap((t) => {
    const ids = found.filter((r) => r.table === t).map((r) => r.partition)
    // partition ids of intDiv(run, 4): digits only, quoted as such
    if (ids.some((id) => !/^\d+$/.test(id))) throw new Error(`unexpected partition id of ${t}: ${ids.join(', ')}`)
    return ids.length ? [`ALTER TABLE ${t} ${ids.map((id) => `DROP PARTITION ID '${id}'`).join(', ')}`] : []
  })
}

/** Prunes the tail cache to `bound`: each table's statement of `tailDrops` on its own (traced as derive/tails_drop). */
export async function pruneTails(db: Db, bound: TailBound = TAIL_BOUND): Promise<void> {
  for (const drop of await tailDrops(db, bound)) await commandAll(db, 'derive/tails_drop', [drop])
}

async function clearScratch(db: Db): Promise<void> {
  await commandAll(db, 'derive/clear_scratch', scratch.map((t) => `TRUNCATE TABLE ${t}`))
}

// Crash safety: every step's input is durable until the step has finished: a batch's queued keys
// (derive_queue) until its whole derive ends, the WABA-months to re-rank (free_tier_dirty) until
// derive/40_free_tier ends, the volume-tier counts (tier_dirty) until derive/50_volume_tiers ends. Each step writes the difference between what it computes and the
// live rows, so doing a step again after a crash changes nothing it already wrote.
// facts: whether status_facts may hold rows of run's versions (pipeline/80_status_facts ran for it).
// Without any, derive/05_keys and 10_events read none (their {facts} = 0: those reads are off, and
// so is their planning); a rebuild reads by bucket, never by a batch's versions.
async function deriveSlices(db: Db, run: number, all: boolean, plan: Slice[], beforeViews: () => Promise<void> = async () => {}, facts = true): Promise<DeriveCounts> {
  const counts: DeriveCounts = { keys: 0, continued: 0, fromTail: 0 }
  // A rebuild's slices (500k messages each) with the engine's JIT compilation, which the session
  // turns off for everything else (core/db/client.ts): there it pays for itself (~17 % faster).
  const jit = all && db.embedded ? { compile_expressions: 1, compile_aggregate_expressions: 1, compile_sort_description: 1 } : undefined
  const step = (name: string, params: Params) => exec(db, name, params, jit)
  for (const { lo, hi, n } of plan) {
    const params = { batch: run, run, all: all ? 1 : 0, lo, hi, facts: !all && facts ? 1 : 0 }
    await clearScratch(db)
    // Which keys were derived before (their live rows are compared), and which are continued
    // (only new messages after their reach: read and written without their history; or after
    // their last restart point: read from their cached tail, only its rows compared).
    let compare = 0
    // The tail cache is pruned before the slice picks the keys it continues from their tail,
    // never between that pick and 20/30's compare with their cached rows: emptied in between
    // (bench:live, 10M), those keys' rows were compared with nothing and written twice.
    await pruneTails(db)
    if (!all) {
      await exec(db, 'derive/05_keys', { ...params, few: n <= FEW_KEYS ? 1 : 0 })
      const [k] = await rows<{ compare: string; full: string; n_continued: string; n_tails: string }>(db, 'derive/keys_plan')
      compare = Number(k?.compare ?? 1)
      counts.keys += Number(k?.full ?? 0) + Number(k?.n_continued ?? 0) + Number(k?.n_tails ?? 0)
      counts.continued += Number(k?.n_continued ?? 0)
      counts.fromTail += Number(k?.n_tails ?? 0)
      // which path the slice's keys take (whole, from their reach, from their tail), for bench:live's profile
      if (env.WACOST_TRACE === '1') process.stderr.write(`[trace] derive/keys whole=${k?.full ?? 0} continued=${k?.n_continued ?? 0} tail=${k?.n_tails ?? 0}\n`)
    }
    await step('derive/10_events', params)
    await step('derive/11_restarts', params)
    await step('derive/13_keep_tails', params)
    // A step whose input the slice lacks would write nothing (its scratch table stays empty, as
    // the next steps then read it): it is not run.
    const [work] = await rows<{ entries: string; openers: string; kept: string }>(db, 'derive/slice_work')
    const entries = Number(work?.entries ?? 1) > 0
    if (entries) await step('derive/12_free_entry_points', params)
    await step('derive/14_context', params)
    await commandAll(db, 'derive/clear_input', ['TRUNCATE TABLE derive_input'])
    if (entries) await step('derive/15_fep_conversations', params)
    if (Number(work?.openers ?? 1) > 0) await step('derive/16_category_openers', params)
    await step('derive/18_judgements', params)
    await commandAll(db, 'derive/clear_ctx', ['TRUNCATE TABLE derive_ctx'])
    // Keys never derived before and continued keys have no live rows to compare with: a rebuild
    // (everything emptied), a slice of new customers only (a bulk load) or of keys only appended
    // to writes its rows as they are. The reach is written first (derive/remember_keys).
    await step('derive/remember_keys', params)
    // the slice's ledger rows and verdicts, made once for the writes and the kept tails below
    await step('derive/19_new_conversations', params)
    await step('derive/19_new_verdicts', params)
    const writeAll = all || compare === 0
    await beforeViews()
    await step(writeAll ? 'derive/20_conversations_all' : 'derive/20_conversations', params)
    await step(writeAll ? 'derive/30_verdicts_all' : 'derive/30_verdicts', params)
    // The kept tails' live rows, then the mark that their cache is whole.
    if (Number(work?.kept ?? 1) > 0) {
      await step('derive/33_keep_tail_conversations', params)
      await step('derive/34_keep_tail_verdicts', params)
      await step('derive/37_tails_ready', params)
    }
  }
  await clearScratch(db)
  // A step with no marks to read (none written by this run's slices, none left by a crash)
  // writes nothing: it and the clearing of its marks are not run.
  const [marks] = await rows<{ free_tier: string; tiers: string }>(db, 'derive/dirty')
  if (Number(marks?.free_tier ?? 1) > 0) {
    await beforeViews()
    await step('derive/40_free_tier', { run })
    await exec(db, 'derive/45_clear_free_tier_dirty')
  }
  if (Number(marks?.tiers ?? 1) > 0) {
    await beforeViews()
    await step('derive/50_volume_tiers', {})
    await exec(db, 'derive/55_clear_tier_dirty')
  }
  return counts
}


/**
 * Re-derives the keys queued by batch `batch`, then forgets the queue entry (what the groups
 * appended first: a crash in between leaves the keys queued and derived in full). Returns how
 * many keys were derived, how many of them continued from their reach, and how many from their
 * cached tail. `facts: false` only from the caller that ingested the batch and knows it wrote no
 * status facts (pipeline/80_status_facts not run): its reads of them are skipped; by default
 * (a batch derived again after a crash, say) they are read.
 */
export async function deriveBatch(db: Db, batch: number, { facts = true }: { facts?: boolean } = {}): Promise<DeriveCounts> {
  // Marked before the first statement that feeds materialized views (conversation_changes,
  // verdicts, free_tier, volume_tiers): a stop from there on may cut one between its targets,
  // which only a rebuild repairs (core/recovery.ts). A stop before it (most of a derive's time is
  // in the scratch steps) re-derives the batch's keys alone.
  let marked = false
  const mark = async () => {
    if (!marked) await exec(db, 'derive/mark_started', { batch })
    marked = true
  }
  const sizes = await rows<{ bucket: number; n: string; others: string }>(db, 'derive/plan_batch', { batch })
  // A batch that queued no key (status lines of messages not stored yet, or that change no
  // delivery: pipeline/50_derive_queue) has no slice: an empty one ran every derive statement
  // over no key for nothing (~0.65 s of CPU a status-only micro-batch, 200k stored). The marks
  // a crash may have left (free_tier_dirty, tier_dirty) are still read after the slices.
  const queued = sizes.some((s) => Number(s.n) > 0)
  const counts = await deriveSlices(db, batch, false, queued ? slices(sizes, KEYS_PER_SLICE) : [], mark, facts)
  const alone = sizes.every((s) => Number(s.others) === 0)
  await exec(db, alone ? 'derive/forget_appends_all' : 'derive/forget_appends_batch', { batch })
  await exec(db, alone ? 'derive/forget_all' : 'derive/forget_batch', { batch })
  // No batch is queued any more, so no mark names a derive still running. (Stopped just before
  // this, the batch reads as cut in its derive: a rebuild for nothing, never a wrong figure.)
  if (alone) await exec(db, 'derive/forget_started')
  return counts
}

/** Re-derives batches whose derive did not finish (a crash between ingest and derive). */
export async function derivePending(db: Db): Promise<number[]> {
  const pending = (await rows<{ batch_id: string }>(db, 'derive/pending_batches')).map((r) => Number(r.batch_id))
  for (const b of pending) await deriveBatch(db, b)
  return pending
}

const derivedTables = [
  'conversations', 'verdicts', 'service_conversations', 'free_tier', 'free_tier_dirty',
  'spend_daily', 'free_tier_monthly', 'fep_daily', 'verdict_daily', 'entry_daily', 'derive_queue',
  'derive_appends', 'derive_started', 'key_reach', ...tailTables, 'tiered_charges', 'tier_hours', 'tier_dirty', 'volume_tiers',
  // the reconciliation kept: filled whole on its next read (core/reconcile.ts)
  'discrepancies_ready', 'discrepancies', 'reconcile_dirty',
] as const

/**
 * Drops everything derived and derives it again from the stored messages in one pass. `run`: the
 * rebuild run the caller recorded before changing what the derive reads (a crash before this ends
 * leaves it unfinished, and the next open rebuilds again), else a `(rebuild)` recorded now.
 */
export async function rebuild(db: Db, run_?: Run): Promise<void> {
  const { id: run, started, source } = run_ ?? await startBatch(db, rebuildSource)
  await commandAll(db, 'derive/clear_derived', derivedTables.map((t) => `TRUNCATE TABLE ${t}`))
  const sizes = await rows<{ bucket: number; n: string }>(db, 'derive/plan_all')
  await deriveSlices(db, run, true, slices(sizes, MESSAGES_PER_SLICE))
  await recordBatch(db, run, source, started, { lines: 0, accepted: 0, rejected: 0 })
}
