// Statuses for messages the product never stored ("unmatched statuses"), said while the server
// runs: Meta sends statuses also for messages the business sent through other tools, and their
// cost cannot be derived without the message line, yet `npm start` said them only at its next
// start (fresh-user trial). SQL counts them: each webhook batch its own status records naming no
// stored message (sql/pipeline/33_record_news.sql, BatchSummary.statusesWithoutMessage), and the
// whole database's totals (sql/queries/unmatched_totals.sql) only when a line is said: counted
// after every micro-batch they took 0.3–1 s of each at 10M messages stored. This decides when to
// say it: a line when webhook batches brought such records since the last line (or since start,
// whose totals `npm start` printed), at most once a minute: what comes within the minute is said
// once the minute is over, all of it, so a steady stream of such statuses makes one line a
// minute and a quiet one none. Status records brought by POST /api/ingest are said in its answer.
import type { UnmatchedTotals } from '../../core/reports.ts'

/** Default: at most one line a minute. */
export const UNMATCHED_EVERY_MS = 60_000

type Log = { warn(o: object, msg: string): void }

const every = (ms: number) => (ms === 60_000 ? 'a minute' : `every ${ms / 1000} s`)
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export class UnmatchedNotice {
  /** Webhook status records naming no stored message since the last line, and the last batch that brought some. */
  private came = 0
  private batch: number | undefined
  private lines = 0
  private saidAt = Number.NEGATIVE_INFINITY
  private timer: NodeJS.Timeout | undefined
  private saying: Promise<void> | undefined

  /**
   * `served`: the server holds the embedded database, so `wacost statuses` can run only once it
   * is stopped (as core/reports.ts describeReport says it at start). `totals`: the whole
   * database's, read when a line is said.
   */
  constructor(private readonly log: Log, private readonly everyMs: number, private readonly served: boolean,
    private readonly totals: () => Promise<UnmatchedTotals>) {}

  /** After a webhook batch: its status records naming no stored message; said now, or once the minute since the last line is over. */
  afterBatch(batch: number, statusesWithoutMessage: number): void {
    if (statusesWithoutMessage === 0) return
    this.came += statusesWithoutMessage
    this.batch = batch
    this.schedule()
  }

  /** Stops the timer; what still waits for its minute is said now (the server is stopping). */
  async stop(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    await this.saying
    if (this.came > 0) await this.say()
  }

  private schedule(): void {
    if (this.timer || this.saying || this.came === 0) return
    const wait = this.saidAt + this.everyMs - Date.now()
    if (wait > 0) {
      this.timer = setTimeout(() => { this.timer = undefined; this.schedule() }, wait)
      // a line still to come must not keep a stopping process alive (stop() says it)
      this.timer.unref()
      return
    }
    // what comes while the totals are read waits for the next minute
    this.saying = this.say().finally(() => { this.saying = undefined; this.schedule() })
  }

  private async say(): Promise<void> {
    const records = this.came
    const batch = this.batch
    this.came = 0
    this.saidAt = Date.now()
    let t: UnmatchedTotals
    try {
      t = await this.totals()
    } catch (e) {
      // the engine refused the count (a server stopping): said with the next line
      this.came += records
      this.log.warn({ reason: 'unmatched_statuses', err: e }, 'webhook statuses for messages this server has not stored: '
        + `could not count them now (${e instanceof Error ? e.message : String(e)}); said again within ${every(this.everyMs)}`)
      return
    }
    const since = this.lines === 0 ? 'since the server started' : 'since the last such line'
    const list = this.served
      ? '`npx wacost statuses --unmatched` lists them once the server is stopped (it holds the database; no route lists them)'
      : '`npx wacost statuses --unmatched` lists them'
    this.log.warn({
      reason: 'unmatched_statuses', batch: batch ?? null, status_records: records,
      unmatched_message_ids: t.messageIds, unmatched_status_records: t.records,
    }, `webhook statuses for messages this server has not stored: ${count(records, 'status record')} with no message line `
      + `came ${since}; ${count(t.messageIds, 'message id')} `
      + `(${count(t.records, 'status record')}) now have statuses but no message line. Meta also sends statuses for messages `
      + 'the business sent through other tools; the cost of these messages cannot be derived until their message lines are '
      + 'ingested: `npx wacost ingest FILE` of the business\'s message log (through this server), or POST /api/ingest. '
      + `${list}. Said when more come, at most once ${every(this.everyMs)}.`)
    this.lines += 1
  }
}
