// Meta's webhook receiver as a plugin: app.webhooks accepts a verified delivery (stored before its
// 200), counts what was refused, and runs the micro-batcher from ready to close. On ready it first
// queues what a stopped server stored and never derived; on close it derives what still waits.
// Without a configured app secret and verify token app.webhooks is undefined and the routes
// answer 404.
import fp from 'fastify-plugin'
import type { Session } from '../../core/session.ts'
import { DeliveryStore, expireDeliveries, pendingDeliveries } from '../webhooks/deliveries.ts'
import { MicroBatcher, type Ingest } from '../webhooks/batcher.ts'
import { deliveryId, type SignatureVerdict } from '../webhooks/signature.ts'

/** The receiver's settings (core/config.ts WACOST_WEBHOOK_*). */
export interface WebhookConfig {
  appSecret: string
  verifyToken: string
  /** ms; a micro-batch starts at most this long after its oldest delivery arrived */
  batchMs: number
  /** deliveries; a micro-batch starts when this many wait, and takes at most this many */
  batchDeliveries: number
  /** bytes the waiting deliveries may hold in memory before new ones are refused (503); default 256 MiB */
  maxWaitingBytes?: number
  /** days a derived delivery's body is kept (at least 7: Meta retries for 7 days); undefined: for ever */
  keepDays?: number
}

/** Why a request to the webhook was refused: a signature that is not the app secret's, or a failed handshake. */
export type RefusalReason = Exclude<SignatureVerdict, 'ok'> | 'wrong_verify_token' | 'overloaded'

const DAY_MS = 86_400_000
// Retention runs at start and then hourly: a day's bodies are forgotten within the hour they expire.
const EXPIRE_EVERY_MS = 3_600_000

export class WebhookReceiver {
  readonly refused: Record<RefusalReason, number> = { missing_signature: 0, malformed_signature: 0, forged_signature: 0, wrong_verify_token: 0, overloaded: 0 }
  /** Verified deliveries stored since start (Meta's retries included). */
  stored = 0
  /** Deliveries a stopped server had stored and not derived, queued at start. */
  recovered = 0
  /** Bodies of derived deliveries forgotten since start (older than keepDays). */
  expired = 0
  private readonly store: DeliveryStore

  constructor(readonly config: WebhookConfig, private readonly session: Session, readonly batcher: MicroBatcher) {
    this.store = new DeliveryStore(session.db)
  }

  /** Stores a verified body (resolves once on disk) and queues it; answers its id. */
  async accept(raw: Buffer): Promise<string> {
    const d = { id: deliveryId(raw), body: raw }
    await this.store.store(d)
    this.stored++
    this.batcher.add([d])
    return d.id
  }

  refuse(reason: RefusalReason): void { this.refused[reason]++ }

  /**
   * Whether a body of `bytes` would take the waiting deliveries beyond the configured memory (one
   * delivery is always taken when nothing waits, whatever its size).
   */
  full(bytes: number): boolean {
    const held = this.batcher.heldBytes
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

  async start(): Promise<void> {
    const pending = await pendingDeliveries(this.session.db)
    this.recovered = pending.length
    this.batcher.add(pending)
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
  const batcher = new MicroBatcher({ session, ingest, intervalMs: config.batchMs, maxDeliveries: config.batchDeliveries, log: app.log })
  const receiver = new WebhookReceiver(config, session, batcher)
  app.decorate('webhooks', receiver)
  let expiry: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await receiver.start()
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
  app.addHook('onClose', async () => { if (expiry) clearInterval(expiry); await batcher.stop() })
})
