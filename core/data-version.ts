// The data version: which state of the derived data a reader sees. It is the id of the last
// finished batch that stored or changed something (sql/queries/data_version.sql), read again after each exclusive work of the
// session (API ingest, webhook micro-batches, rebuild: core/session.ts) and, while someone
// listens or when another process may write (a ClickHouse server), every pollMs.
import type { Session } from './session.ts'
import { rows } from './db/sql.ts'

/** How often the version is read again while anyone listens (ms). */
export const POLL_MS = 1000

export interface DataVersion {
  /** The last version read: the id of the last finished batch that changed something, 0 when there is none. */
  readonly version: number
  /**
   * A counter that moves on every change known to this process: an exclusive work settled (even
   * one that failed half-way) or the version moved. Results may be reused only within one epoch.
   */
  readonly epoch: number
  /** Calls `listener(version)` whenever the version moves; returns the function that removes it. */
  subscribe(listener: (version: number) => void): () => void
  /** Reads the version now (one small query) and tells the listeners if it moved. */
  check(): Promise<number>
  /** How many listeners are subscribed (open event streams). */
  readonly listening: number
  /** Stops polling and forgets the listeners; resolves once no read of the version runs (the session itself stays open). */
  close(): Promise<void>
}

/** The id of the last finished batch on this database that stored or changed something (0 when none). */
export async function readDataVersion(session: Pick<Session, 'db'>): Promise<number> {
  const [r] = await rows<{ version: number | string }>(session.db, 'queries/data_version')
  return Number(r?.version ?? 0)
}

/**
 * Watches the data version of `session`. `alwaysPoll`: poll even without listeners (a database
 * other processes may write to, so cached results notice their changes within pollMs).
 */
export async function watchDataVersion(session: Session, opts: { pollMs?: number; alwaysPoll?: boolean } = {}): Promise<DataVersion> {
  const pollMs = opts.pollMs ?? POLL_MS
  const othersWrite = opts.alwaysPoll === true
  const listeners = new Set<(version: number) => void>()
  let version = await readDataVersion(session)
  let epoch = 0
  let closed = false
  let timer: NodeJS.Timeout | undefined
  // One read at a time. A check asked for while a read runs gets the next read (which starts
  // after the running one, so it sees every batch finished before the check was asked for);
  // checks asked for meanwhile share that next read.
  let running: Promise<number> | undefined
  let queued: Promise<number> | undefined
  let queuedMoves = false

  const readOnce = (moves: boolean): Promise<number> => readDataVersion(session).then((v) => {
    if (v !== version && !closed) {
      version = v
      if (moves) epoch += 1
      for (const l of listeners) l(v)
    }
    return version
  }, () => version)

  const start = (moves: boolean): Promise<number> => {
    running = readOnce(moves).finally(() => { running = undefined })
    return running
  }

  /** `moves`: a version move found by this read starts a new epoch (not yet done by onChange). */
  const check = (moves = true): Promise<number> => {
    if (!running) return start(moves)
    queuedMoves ||= moves
    queued ??= running.then(() => {
      const m = queuedMoves
      queued = undefined
      queuedMoves = false
      return start(m)
    })
    return queued
  }

  const poll = () => {
    const wanted = !closed && (othersWrite || listeners.size > 0)
    if (wanted && !timer) {
      timer = setInterval(() => { void check() }, pollMs)
      timer.unref()
    } else if (!wanted && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }

  // The epoch moves at once (synchronously, before whoever awaited the work goes on), so no
  // result of the state before the work is served after it; the version follows one read later.
  // That read's move needs no second epoch unless another process may have written meanwhile.
  const stop = session.onChange(() => { epoch += 1; void check(othersWrite) })
  poll()

  return {
    get version() { return version },
    get epoch() { return epoch },
    get listening() { return listeners.size },
    subscribe(listener) {
      listeners.add(listener)
      poll()
      return () => { listeners.delete(listener); poll() }
    },
    check: () => check(),
    async close() {
      closed = true
      stop()
      listeners.clear()
      poll()
      // A read still running would outlive the session's close (core/db/client.ts).
      await (queued ?? running)
    },
  }
}
