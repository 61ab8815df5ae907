// Spooled deliveries become batches: every few hundred milliseconds (or as soon as enough wait)
// the waiting deliveries are inserted into webhook_deliveries (then the spool may forget them),
// and go through the same ingest and incremental derive as `wacost ingest`, as NDJSON lines of
// one batch, inside session.exclusive so no other writer runs meanwhile. A delivery is marked
// derived only after its batch ended; one already marked (Meta's retry of a delivery derived
// before) is skipped.
import { Readable } from 'node:stream'
import type { Session } from '../../core/session.ts'
import type { IngestSource } from '../../core/batches.ts'
import { unmatchedTotals } from '../../core/reports.ts'
import { recover, unfinishedBatches } from '../../core/recovery.ts'
import { LOAD_THROUGH_SERVER, unlistedWabasSentence } from '../../core/unlisted-wabas.ts'
import { derivedAmong, markDerived, storeDeliveries, type Delivery } from './deliveries.ts'
import { UNMATCHED_EVERY_MS, UnmatchedNotice } from './unmatched.ts'

/** The ingest of one source as one batch (ingest/pipeline.ts ingestSource), given by the composition root. */
export type Ingest = IngestSource

export interface BatcherOptions {
  session: Session
  ingest: Ingest
  /** A batch starts at most this long (ms) after its oldest delivery arrived … */
  intervalMs: number
  /** … or when this many deliveries wait; a batch takes at most this many. */
  maxDeliveries: number
  log: { warn(o: object, msg: string): void; error(o: object, msg: string): void }
  /** Statuses for messages not stored are logged at most this often (ms; default a minute: tests shorten it). */
  unmatchedEveryMs?: number
}

/**
 * The last batch: its id, deliveries ingested and skipped as already derived, records, of its
 * accepted status records those naming a message no stored message line has (when stored:
 * Meta's for messages sent through other tools; the log says them at most once a minute,
 * api/webhooks/unmatched.ts), duration (ms).
 */
export interface BatchReport {
  batch: number; deliveries: number; replayed: number; accepted: number; rejected: number
  statuses_without_message: number; ms: number; finished_at: string
}

const NL = Buffer.from('\n')
// A failed batch (the engine refused a statement) is tried again after this long (ms).
const RETRY_MS = 1000
/** How pipeline/10_parse_reasons begins the reason of a delivery of another field than messages (account_update, …). */
const OTHER_FIELD = 'a webhook delivery of the field'

/** One NDJSON line per delivery: a line break in valid JSON is white space, so it becomes a space. */
function lines(ds: Delivery[]): Buffer {
  return Buffer.concat(ds.flatMap((d, i) => {
    const one = Buffer.from(d.body)
    for (let k = 0; k < one.length; k++) if (one[k] === 0x0a || one[k] === 0x0d) one[k] = 0x20
    return i === 0 ? [one] : [NL, one]
  }))
}

export class MicroBatcher {
  /** inEngine: in webhook_deliveries already (replayed from it, or stored by a batch that failed later). */
  /** recovered: stored by a stopped server and not derived, queued at start. */
  private queue: { d: Delivery; at: number; inEngine: boolean; recovered: boolean }[] = []
  /** Bytes of the bodies waiting or in the running batch: what the receiver holds in memory. */
  private held = 0
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private retryAt = 0
  private stopped = false
  private idle: (() => void)[] = []
  /** WABAs the register does not list that the log was told of (each once while the server runs). */
  private readonly unlisted = new Set<string>()
  /** Totals since start, for the status route. */
  readonly totals = { batches: 0, derived: 0, replayed: 0, failures: 0 }
  /** Statuses for messages not stored: their totals (the status route's) and when the log says them. */
  readonly unmatched: UnmatchedNotice
  last: BatchReport | undefined
  /**
   * The batch being stored and derived now (undefined: none), for the status route: its deliveries
   * left `waiting`, so after a restart it said waiting 0, batches 0 while the recovery's derive ran
   * and lookups answered nothing yet (webhook trial). `recovered`: how many of them a stopped
   * server left; `started_at`: when it was taken (it may first wait for the writer).
   */
  current: { deliveries: number; recovered: number; started_at: string } | undefined
  lastError: string | undefined
  /** Called with the ids of each batch's deliveries once they are derived (visible to every reader): the benchmark's clock. */
  onDerived: ((ids: string[]) => void) | undefined
  /** Called with spooled deliveries once they are in webhook_deliveries (the spool may then delete them). */
  onStored: ((ds: Delivery[]) => void) | undefined

  constructor(private readonly o: BatcherOptions) {
    this.unmatched = new UnmatchedNotice(o.log, o.unmatchedEveryMs ?? UNMATCHED_EVERY_MS, o.session.db.embedded, () => unmatchedTotals(o.session.db))
  }

  /** Deliveries waiting for a batch. */
  get waiting(): number { return this.queue.length }

  /** Bytes of the deliveries waiting or being ingested. */
  get heldBytes(): number { return this.held }

  /**
   * Queues deliveries (in arrival order) for the next batch: spooled ones (`inEngine` false: the
   * batch inserts them into webhook_deliveries first), or ones already stored there (a stopped
   * server's, queued at start: counted as recovered while their batch runs).
   */
  add(ds: Delivery[], inEngine: boolean): void {
    const now = Date.now()
    for (const d of ds) { this.queue.push({ d, at: now, inEngine, recovered: inEngine }); this.held += d.body.length }
    this.schedule()
  }

  /** Resolves when nothing waits and no batch runs (tests, the benchmark). */
  settled(): Promise<void> {
    if (this.queue.length === 0 && !this.running) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Stops the timer and runs batches for every delivery still waiting (a failing engine: they stay spooled or stored). */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
    while (this.queue.length > 0) if (!(await this.runOnce())) break
    await this.unmatched.stop()
    for (const resolve of this.idle.splice(0)) resolve()
  }

  private schedule(): void {
    if (this.running || this.stopped) return
    if (this.queue.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve()
      return
    }
    const full = this.queue.length >= this.o.maxDeliveries
    if (this.timer && !full) return
    clearTimeout(this.timer)
    const due = Math.max(full ? 0 : this.queue[0]!.at + this.o.intervalMs, this.retryAt)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.running = this.runOnce().then(() => { this.running = undefined; this.schedule() })
    }, Math.max(0, due - Date.now()))
  }

  /** One batch of up to maxDeliveries; false when it failed (its deliveries wait again). */
  private async runOnce(): Promise<boolean> {
    const taken = this.queue.splice(0, this.o.maxDeliveries)
    const started = performance.now()
    this.current = { deliveries: taken.length, recovered: taken.filter((t) => t.recovered).length, started_at: new Date().toISOString() }
    try {
      // Readers are told (a new data epoch; open pages refresh) only when the batch stored or
      // changed something: Meta's retries, deliveries whose records were all refused or all
      // already stored made every open panel refresh for nothing (fresh-user trial). Storing the
      // deliveries themselves changes nothing a reader sees.
      await this.o.session.exclusive(async () => {
        const spooled = taken.filter((t) => !t.inEngine)
        if (spooled.length > 0) {
          await storeDeliveries(this.o.session.db, spooled.map((t) => t.d))
          for (const t of spooled) t.inEngine = true
          this.onStored?.(spooled.map((t) => t.d))
        }
        return this.ingest(taken.map((t) => t.d), started).catch(async (e: unknown) => { await this.recoverFailed(); throw e })
      }, { changed: (changed) => changed })
      this.retryAt = 0
      for (const t of taken) this.held -= t.d.body.length
      return true
    } catch (e) {
      this.queue.unshift(...taken)
      this.totals.failures++
      this.lastError = (e as Error).message
      this.retryAt = Date.now() + RETRY_MS
      this.o.log.error({ err: e, deliveries: taken.length }, 'webhook batch failed; its deliveries stay spooled or stored and are tried again')
      return false
    } finally {
      this.current = undefined
    }
  }

  /**
   * After a batch the engine failed: what it stored is derived and the batch is marked interrupted
   * now (core/recovery.ts: everything derived again when its derive had started, which a cut
   * statement may have left half-written), as POST /api/ingest does, so readers do not see such
   * totals until the next start. Its deliveries are then tried again as a new batch. Should this
   * fail too, it is logged and the next start re-does it.
   */
  private async recoverFailed(): Promise<void> {
    const db = this.o.session.db
    try {
      await recover(db, await unfinishedBatches(db))
    } catch (e) {
      this.o.log.error({ err: e }, 'recovery after a failed webhook batch failed; the next start re-does it')
    }
  }

  /**
   * Logs, once per WABA while the server runs, a WABA of the batch that the WABA register does not
   * list while it lists others (sql/pipeline/70_group_summary.sql decides): its deliveries were
   * stored and derived unsaid, and the dashboard then showed "999000111222333 (UTC)" (fresh-user
   * trial). Its data are kept as Meta sent them.
   */
  private tellUnlisted(batch: number, wabas: string[]): void {
    for (const waba of wabas) {
      if (this.unlisted.has(waba)) continue
      this.unlisted.add(waba)
      this.o.log.warn({ batch, waba, reason: 'waba_not_in_register' },
        `${unlistedWabasSentence('webhook deliveries', [waba], LOAD_THROUGH_SERVER)} Said once per WABA while the server runs.`)
    }
  }

  /** Derives the deliveries not derived before as one batch; whether it stored or changed a record. */
  private async ingest(taken: Delivery[], started: number): Promise<boolean> {
    const db = this.o.session.db
    const done = await derivedAmong(db, [...new Set(taken.map((d) => d.id))])
    const todo: Delivery[] = []
    for (const d of taken) if (!done.has(d.id)) { done.add(d.id); todo.push(d) }
    const replayed = taken.length - todo.length
    this.totals.replayed += replayed
    // A pass of Meta's retries alone derived nothing: the last batch stays the one that did
    // (counted in totals.replayed; the status showed `batch: null` as the last batch meanwhile).
    if (todo.length === 0) return false
    const s = await this.o.ingest(db, Readable.from([lines(todo)]), `webhooks (${todo.length} ${todo.length === 1 ? 'delivery' : 'deliveries'})`, undefined, { webhooks: true, deliveries: todo.map((d) => d.id) })
    await markDerived(db, todo.map((d) => d.id), s.batch)
    this.onDerived?.(todo.map((d) => d.id))
    this.totals.batches++
    this.totals.derived += todo.length
    // Refused records are stored with their reasons (`wacost rejected --batch`); said here too,
    // each reason with how many records it refused and the id of the first one's delivery (a
    // batch's line N is its Nth delivery), the `id` its POST was answered with (the log said
    // "lines" and a line number: trial). `records`, not `deliveries`: a delivery holds several
    // records, and one with two refused records counted as two deliveries.
    // A delivery of a field other than `messages` (account_update, …: Meta sends them on the same
    // webhook) is kept with its reason too, but said apart and not as refused: it read as an error
    // (webhook trial). Its reason's words are pipeline/10_parse_reasons' (code 2).
    if (s.rejected > 0) {
      const all = s.rejections.map((r) => ({ reason: r.reason, records: r.lines, first_delivery: todo[r.first_line - 1]?.id ?? null }))
      const rejections = all.filter((r) => !r.reason.startsWith(OTHER_FIELD))
      const others = all.filter((r) => r.reason.startsWith(OTHER_FIELD))
      if (rejections.length > 0) this.o.log.warn({ batch: s.batch, rejections }, 'webhook records refused')
      if (others.length > 0) {
        this.o.log.warn({ batch: s.batch, deliveries: others },
          'webhook deliveries of fields other than messages kept with their reason (not an error: they carry no messages or statuses, '
          + 'and costs need only the messages field; subscribe the webhook to messages alone)')
      }
    }
    // and what `wacost ingest` points out of accepted lines (a delivery dated days ahead, a phone
    // number under a second WABA): stored as given, unsaid by the server (trial); each names its
    // first delivery by id (`deliveries`: it said "first at line N", the batch's Nth delivery)
    if (s.notices && s.notices.length > 0) this.o.log.warn({ batch: s.batch, notices: s.notices }, 'webhook records accepted with notices')
    this.tellUnlisted(s.batch, s.unregisteredWabas ?? [])
    // statuses for messages never stored (Meta's for messages sent through other tools): said
    // while the server runs, not only at its next start (fresh-user trial)
    this.unmatched.afterBatch(s.batch, s.statusesWithoutMessage ?? 0)
    this.last = {
      batch: s.batch, deliveries: todo.length, replayed, accepted: s.accepted, rejected: s.rejected,
      statuses_without_message: s.statusesWithoutMessage ?? 0,
      ms: Math.round(performance.now() - started), finished_at: new Date().toISOString(),
    }
    return s.newRecords + s.correctedRecords > 0
  }
}
