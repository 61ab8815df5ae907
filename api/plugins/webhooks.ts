// Meta's webhook receiver as a plugin: app.webhooks accepts a verified delivery (spooled, on disk,
// before its 200: the engine is not on the request path), counts what was refused, and runs the
// micro-batcher from ready to close. On ready, before the server listens, it inserts what a
// stopped server left in the spool into webhook_deliveries (once: a delivery the engine already
// holds is skipped), then queues what is stored and never derived; on close it derives what still
// waits.
// Without a configured app secret and verify token app.webhooks is undefined and the routes
// answer 404.
import fp from 'fastify-plugin'
import type { Session } from '../../core/session.ts'
import { expireDeliveries, knownAmong, pendingDeliveries, storeDeliveries } from '../webhooks/deliveries.ts'
import { Spool } from '../webhooks/spool.ts'
import { MicroBatcher, type Ingest } from '../webhooks/batcher.ts'
import { deliveryId, type SignatureVerdict } from '../webhooks/signature.ts'
import type { HandshakeRefusal } from '../webhooks/handshake.ts'

/** The receiver's settings (core/config.ts WACOST_WEBHOOK_*). */
export interface WebhookConfig {
  appSecret: string
  verifyToken: string
  /** ms; a micro-batch starts at most this long after its oldest delivery arrived */
  batchMs: number
  /** deliveries; a micro-batch starts when this many wait, and takes at most this many */
  batchDeliveries: number
  /**
   * Directory of the spool (core/config.ts WACOST_WEBHOOK_SPOOL_DIR), this process's own: created
   * 0700 if missing; deliveries are durable there before their 200.
   */
  spoolDir: string
  /** bytes the waiting deliveries may hold in memory before new ones are refused (503); default 256 MiB */
  maxWaitingBytes?: number
  /** days a derived delivery's body is kept (at least 7: Meta retries for 7 days); undefined: for ever */
  keepDays?: number
  /** ms between two log lines about statuses for messages not stored; default a minute (set only by tests) */
  unmatchedEveryMs?: number
}

/** Why a request to the webhook was refused: a signature that is not the app secret's, a failed handshake (by what was wrong), or an engine behind. */
export type RefusalReason = Exclude<SignatureVerdict, 'ok'> | HandshakeRefusal | 'overloaded'

type Log = { warn(o: object, msg: string): void; error(o: object, msg: string): void }

const DAY_MS = 86_400_000
// Retention runs at start and then hourly: a day's bodies are forgotten within the hour they expire.
const EXPIRE_EVERY_MS = 3_600_000

export class WebhookReceiver {
  readonly refused: Record<RefusalReason, number> = {
    missing_signature: 0, malformed_signature: 0, forged_signature: 0,
    wrong_mode: 0, missing_verify_token: 0, wrong_verify_token: 0, missing_challenge: 0, challenge_too_long: 0, overloaded: 0,
  }
  /** Verified deliveries spooled since start (Meta's retries included). */
  stored = 0
  /** Deliveries a stopped server had stored or spooled and not derived, queued at start. */
  recovered = 0
  /** Deliveries read back from a stopped server's spool at start and inserted into webhook_deliveries. */
  respooled = 0
  /** Spool records skipped at start: cut short or damaged (a crash mid-append: never acknowledged). */
  tornRecords = 0
  /** Bodies of derived deliveries forgotten since start (older than keepDays). */
  expired = 0
  readonly spool: Spool

  constructor(readonly config: WebhookConfig, private readonly session: Session, readonly batcher: MicroBatcher, private readonly log: Log) {
    this.spool = new Spool(config.spoolDir, log)
    batcher.onStored = (ds) => { this.spool.released(ds) }
  }

  /** Spools a verified body (resolves once written and fsync'ed) and queues it; answers its id. */
  async accept(raw: Buffer): Promise<string> {
    const d = await this.spool.append({ id: deliveryId(raw), body: raw })
    this.stored++
    this.batcher.add([d], false)
    return d.id
  }

  refuse(reason: RefusalReason): void { this.refused[reason]++ }

  /**
   * Whether a body of `bytes` would take the waiting deliveries beyond the configured memory (one
   * delivery is always taken when nothing waits, whatever its size).
   */
  full(bytes: number): boolean {
    const held = this.batcher.heldBytes + this.spool.queuedBytes
    return held > 0 && held + bytes > (this.config.maxWaitingBytes ?? 256 * 1024 * 1024)
  }

  /**
   * Forgets the bodies of derived deliveries received more than keepDays days before `now`;
   * answers how many (0 when bodies are kept for ever).
   */
  async expire(now = new Date()): Promise<number> {
    if (this.config.keepDays === undefined) return 0
    const n = await expireDeliveries(this.session.db, new Date(now.getTime() - this.config.keepDays * DAY_MS))
    this.expired += n
    return n
  }

  /**
   * Before serving: opens the spool; inserts each leftover segment's deliveries the engine does not
   * hold yet (known ones, stored or derived, change nothing) and deletes the segment; skips a
   * record cut short or damaged (logged); then queues every stored delivery not derived.
   */
  async start(): Promise<void> {
    const db = this.session.db
    for (const left of await this.spool.open()) {
      if (left.damage) {
        this.tornRecords++
        this.log.warn({ segment: left.file, ...left.damage }, 'webhook spool: a record cut short or damaged (a crash while it was written, never acknowledged) and what follows it in its segment are skipped')
      }
      const known = await knownAmong(db, [...new Set(left.deliveries.map((d) => d.id))])
      const fresh = left.deliveries.filter((d) => !known.has(d.id))
      await this.session.exclusive(() => storeDeliveries(db, fresh))
      this.respooled += fresh.length
      await this.spool.discard([left])
    }
    const pending = await pendingDeliveries(db)
    this.recovered = pending.length
    this.batcher.add(pending, true)
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Meta's webhook receiver; undefined when the app secret and verify token are not configured. */
    webhooks: WebhookReceiver | undefined
  }
}

export const webhooksPlugin = fp<{ session: Session; config?: WebhookConfig; ingest?: Ingest }>(async (app, { session, config, ingest }) => {
  if (!config) { app.decorate('webhooks', undefined); return }
  if (!ingest) throw new Error('the webhook receiver needs the ingest (AppOptions.ingest)')
  const batcher = new MicroBatcher({ session, ingest, intervalMs: config.batchMs, maxDeliveries: config.batchDeliveries, log: app.log, unmatchedEveryMs: config.unmatchedEveryMs })
  const receiver = new WebhookReceiver(config, session, batcher, app.log)
  app.decorate('webhooks', receiver)
  let expiry: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await receiver.start()
    if (receiver.respooled > 0) app.log.warn({ deliveries: receiver.respooled }, 'webhook deliveries spooled before a stop and not in the engine: stored them')
    if (receiver.recovered > 0) app.log.warn({ deliveries: receiver.recovered }, 'webhook deliveries stored before a stop and not derived: deriving them now')
    if (config.keepDays !== undefined) {
      const expire = () => receiver.expire().then(
        (n) => { if (n > 0) app.log.info({ deliveries: n, keep_days: config.keepDays }, 'forgot the bodies of derived webhook deliveries past their retention') },
        (e: unknown) => { app.log.error({ err: e }, 'could not forget expired webhook deliveries; retrying within the hour') })
      await expire()
      expiry = setInterval(() => { void expire() }, EXPIRE_EVERY_MS)
      expiry.unref()
    }
  })
  // Runs before the database plugin's onClose (hooks run in reverse order): the session is still open.
  app.addHook('onClose', async () => {
    if (expiry) clearInterval(expiry)
    try { await batcher.stop() } finally { await receiver.spool.close() }
  })
})
