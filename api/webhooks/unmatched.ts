// Statuses for messages the product never stored ("unmatched statuses"), said while the server
// runs: Meta sends statuses also for messages the business sent through other tools, and their
// cost cannot be derived without the message line, yet `npm start` said them only at its next
// start (fresh-user trial). SQL counts them (sql/queries/unmatched_totals.sql, after every batch:
// BatchSummary); this only decides when to say it. A line is logged when the total of unmatched
// message ids has grown since the last line (or since start, whose total `npm start` printed), at
// most once a minute: a growth within the minute is said once the minute is over, with everything
// that came since the last line, so a steady stream of such statuses makes one line a minute and
// a quiet one none.
import type { UnmatchedTotals } from '../../core/reports.ts'

/** Default: at most one line a minute. */
export const UNMATCHED_EVERY_MS = 60_000

type Log = { warn(o: object, msg: string): void }

const every = (ms: number) => (ms === 60_000 ? 'a minute' : `every ${ms / 1000} s`)
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export class UnmatchedNotice {
  /** The totals after the last batch (webhooks or POST /api/ingest), or at start; undefined before start. */
  current: UnmatchedTotals | undefined
  /** The totals as of the last line (at start: the totals then); lowered when message lines match some. */
  private said: UnmatchedTotals | undefined
  private saidAt = Number.NEGATIVE_INFINITY
  /** The webhook batch that last brought some, named in the line. */
  private batch: number | undefined
  private timer: NodeJS.Timeout | undefined

  /**
   * `served`: the server holds the embedded database, so `wacost statuses` can run only once it
   * is stopped (as core/reports.ts describeReport says it at start).
   */
  constructor(private readonly log: Log, private readonly everyMs: number, private readonly served: boolean) {}

  /** The totals when the receiver starts: already said by `npm start`, so only what grows from them is news. */
  begin(t: UnmatchedTotals): void {
    this.current = t
    this.said = t
  }

  /** After a webhook batch: its totals; says a growth now, or once the minute since the last line is over. */
  afterBatch(batch: number, t: UnmatchedTotals): void {
    const base = this.said ?? { messageIds: 0, records: 0 }
    // message lines ingested meanwhile matched some: what grows from the lower total is new
    this.said = { messageIds: Math.min(base.messageIds, t.messageIds), records: Math.min(base.records, t.records) }
    if (t.messageIds > this.said.messageIds) this.batch = batch
    this.current = t
    this.sayIfGrown(Date.now())
  }

  /**
   * After a POST /api/ingest: its totals. Its caller was told of them in the answer's warnings, so
   * what that batch changed is not webhook news: the last line's totals move by as much.
   */
  absorb(t: UnmatchedTotals): void {
    const cur = this.current ?? t
    const base = this.said ?? cur
    this.said = { messageIds: Math.max(0, base.messageIds + t.messageIds - cur.messageIds), records: Math.max(0, base.records + t.records - cur.records) }
    this.current = t
  }

  /** Stops the timer; a growth still waiting for its minute is said now (the server is stopping). */
  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.grown()) this.say()
  }

  private grown(): boolean {
    return this.current !== undefined && this.said !== undefined && this.current.messageIds > this.said.messageIds
  }

  private sayIfGrown(now: number): void {
    if (!this.grown()) return
    const wait = this.saidAt + this.everyMs - now
    if (wait <= 0) { this.say(); return }
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.grown()) this.say()
    }, wait)
    // a line still to come must not keep a stopping process alive (stop() says it)
    this.timer.unref()
  }

  private say(): void {
    const t = this.current!
    const base = this.said!
    const ids = t.messageIds - base.messageIds
    const records = Math.max(ids, t.records - base.records)
    const since = this.saidAt === Number.NEGATIVE_INFINITY ? 'since the server started' : 'since the last such line'
    const list = this.served
      ? '`npx wacost statuses --unmatched` lists them once the server is stopped (it holds the database; no route lists them)'
      : '`npx wacost statuses --unmatched` lists them'
    this.log.warn({
      reason: 'unmatched_statuses', batch: this.batch ?? null, status_records: records, message_ids: ids,
      unmatched_message_ids: t.messageIds, unmatched_status_records: t.records,
    }, `webhook statuses for messages this server has not stored: ${count(records, 'status record')} for `
      + `${count(ids, 'message id')} with no message line came ${since}; ${count(t.messageIds, 'message id')} `
      + `(${count(t.records, 'status record')}) now have statuses but no message line. Meta also sends statuses for messages `
      + 'the business sent through other tools; the cost of these messages cannot be derived until their message lines are '
      + 'ingested: `npx wacost ingest FILE` of the business\'s message log (through this server), or POST /api/ingest. '
      + `${list}. Said when that total grows, at most once ${every(this.everyMs)}.`)
    this.said = t
    this.saidAt = Date.now()
  }
}
