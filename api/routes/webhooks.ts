// Meta's webhook for the WhatsApp Business Platform: the subscription handshake (GET) and the
// deliveries (POST) at /webhooks/whatsapp, public (Meta sends no API key) and authenticated by
// the verify token and the app secret's signature instead. GET /api/webhooks/status tells an
// operator what was received, refused and derived. Without the configured secret and token the
// webhook answers 404, exactly as a path that does not exist.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { markPublic } from '../plugins/auth.ts'
import { ApiError, errorSchema } from '../errors.ts'
import { checkSignature, deliveryId } from '../webhooks/signature.ts'
import { handshakeRefusal, handshakeWords, type Handshake } from '../webhooks/handshake.ts'
import { unmatchedTotals } from '../../core/reports.ts'
import { deliveryBody, TooLargeError } from '../request-encoding.ts'

// Meta's deliveries are small (a few KB; batched ones up to ~3 MB); anything larger is refused
// with 413 before it is read whole.
const BODY_LIMIT = 4 * 1024 * 1024

const notFound = (req: FastifyRequest) => new ApiError(404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`)

/**
 * A verified delivery's body decoded as its Content-Encoding `coding` says (api/request-encoding.ts
 * deliveryBody), at most BODY_LIMIT bytes once decoded: a larger one is a 413, one that does not
 * decode as it says a 400; nothing of either is stored. Gzip is told by its first bytes, with or
 * without a Content-Encoding, as POST /api/ingest reads a body: gzip sent without the header (a
 * test tool's, never Meta's; no JSON starts with 1f 8b) was stored and its records refused, in the
 * micro-batch, as not UTF-8. Its signature is still over the bytes as sent. Bytes after its gzip,
 * deflate or br data are ignored, as POST /api/ingest ignores them, and said as a warning on `log`
 * naming the delivery's id (what the 200 answers and the receiver's other lines name: the request
 * id alone was named, which nothing else about the delivery carries, break-it trial).
 */
async function decodedDelivery(raw: Buffer, coding: string | undefined, log: FastifyBaseLogger): Promise<Buffer> {
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b
  if ((coding === undefined || coding === 'identity') && !gzip) return raw
  const parts: Buffer[] = []
  // what the body gives notice of: bytes after its compressed data, ignored (they went unsaid,
  // where POST /api/ingest says them): one warning line of the server's log, the answer still 200
  const notices: string[] = []
  const tooLarge = () => new ApiError(413, 'BAD_REQUEST', `The delivery decompresses to more than this route takes (at most ${BODY_LIMIT / 1024 / 1024} MiB); nothing of it was stored.`)
  let bytes = 0
  try {
    for await (const part of deliveryBody(raw, coding, notices, BODY_LIMIT)) {
      bytes += part.length
      if (bytes > BODY_LIMIT) throw tooLarge()
      parts.push(part)
    }
  } catch (e) {
    if (e instanceof ApiError) throw e
    if (e instanceof TooLargeError) throw tooLarge()
    // the bytes are all here: whatever fails is their decoding
    const said = coding === undefined || coding === 'identity'
      ? 'The delivery starts as gzip data does (the bytes 1f 8b) but could not be decompressed'
      : `The delivery could not be decompressed as its Content-Encoding: ${coding} says`
    throw new ApiError(400, 'BAD_REQUEST', `${said} (${(e as Error).message}); nothing of it was stored.`)
  }
  const body = Buffer.concat(parts)
  if (notices.length > 0) {
    const delivery = deliveryId(body)
    log.warn({ delivery, notices }, `webhook delivery: ${notices.join('; ')} (delivery ${delivery})`)
  }
  return body
}

/**
 * Answers 408 a delivery whose body sends nothing for `idleMs` while more is expected (a
 * Content-Length larger than what comes), and closes its connection: without it the connection
 * stayed open for ever (Fastify sets no request timeout). Nothing of such a body was stored (a
 * delivery is spooled only once read whole); Meta sends an unanswered delivery again.
 */
function limitIdleBody(req: FastifyRequest, reply: FastifyReply, idleMs: number): void {
  // an injected request (app.inject) has no socket to time
  if (typeof req.raw.setTimeout !== 'function') return
  const stalled = () => {
    if (reply.sent) return
    const message = `The delivery's body stopped arriving: nothing came for ${idleMs / 1000} s (the server's limit, `
      + 'WACOST_BODY_IDLE_SECONDS) while more was expected. Nothing of it was stored; send it again (Meta retries an unanswered delivery).'
    req.log.warn({ reason: 'body_stalled', ip: req.ip }, message)
    void reply.code(408).header('connection', 'close').send({ error: { code: 'TIMEOUT', message } })
  }
  // on the request, not the socket: Node destroys a timed-out socket nobody listens for, before the answer
  req.raw.setTimeout(idleMs, stalled)
  // Once the body is read the limit is off. Once the answer is sent only the listener goes: Node
  // has just set the socket's keep-alive timeout, which must stay.
  req.raw.once('end', () => { req.raw.setTimeout(0); req.raw.off('timeout', stalled) })
  reply.raw.once('finish', () => { req.raw.off('timeout', stalled) })
}

export async function webhookRoutes(app: FastifyInstance, { idleMs }: { idleMs: number }): Promise<void> {
  await app.register(async (hook) => {
    markPublic(hook)
    // The signature covers the body's exact bytes as sent: every content type is kept as a Buffer,
    // never parsed, and not decoded before it is checked (the route's `decompress: false`).
    hook.removeAllContentTypeParsers()
    hook.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => { done(null, body) })
    // Before the body is read: an unconfigured receiver does not exist.
    hook.addHook('onRequest', async (req, reply) => {
      if (!app.webhooks) throw notFound(req)
      if (req.method === 'POST') limitIdleBody(req, reply, idleMs)
    })

    /**
     * Meta's verification handshake (Webhooks > Configure: "Verify and save"): with
     * hub.mode=subscribe, hub.verify_token equal to WACOST_WEBHOOK_VERIFY_TOKEN (constant-time
     * compare) and a hub.challenge of at most 200 characters, answers the challenge as
     * text/plain; otherwise 403, counted and logged by what was wrong (wrong_mode,
     * missing_verify_token, wrong_verify_token, missing_challenge, challenge_too_long), in words;
     * the token given is never logged nor answered, a refused challenge never repeated.
     */
    hook.get<{ Querystring: Handshake }>('/webhooks/whatsapp', {
      schema: {
        summary: 'Meta\'s webhook verification handshake', tags: ['webhooks'],
        querystring: { type: 'object', properties: { 'hub.mode': { type: 'string' }, 'hub.verify_token': { type: 'string' }, 'hub.challenge': { type: 'string' } } },
        response: { '4xx': errorSchema },
      },
    }, async (req, reply) => {
      const hooks = app.webhooks!
      const q = req.query
      const reason = handshakeRefusal(q, hooks.config.verifyToken)
      if (reason) {
        hooks.refuse(reason)
        const words = handshakeWords(reason, q)
        // the mode as given, cut short (it is the caller's text); never the token
        req.log.warn({ reason, mode: q['hub.mode']?.slice(0, 40), ip: req.ip }, `webhook handshake refused (${reason}): ${words}`)
        throw new ApiError(403, 'FORBIDDEN', `Verification refused: ${words}`)
      }
      return reply.type('text/plain; charset=utf-8').send(q['hub.challenge'] ?? '')
    })

    /**
     * One delivery from Meta (`{"object":"whatsapp_business_account","entry":[…]}`). Its
     * X-Hub-Signature-256 must be sha256=<HMAC-SHA256 of the raw body with
     * WACOST_WEBHOOK_APP_SECRET>: of its bytes as sent, before any Content-Encoding is undone (a
     * gzip body signed over its decompressed bytes was taken, break-it trial), checked before
     * anything reads the body: missing, malformed or forged is 401, counted by reason and logged,
     * never stored. A verified body is decoded as its Content-Encoding says, gzip also without
     * one (told by its first bytes, as POST /api/ingest) (at most 4 MiB once decoded: 413; 400
     * when it does not decode), appended so to the spool
     * (WACOST_WEBHOOK_SPOOL_DIR) and fsync'ed before the 200, which answers its id (SHA-256 of the
     * decoded body: a retry is the same delivery however it is compressed), without waiting for the engine; it is stored in webhook_deliveries, ingested
     * and derived within WACOST_WEBHOOK_BATCH_MS (plus the engine's time). While the deliveries
     * waiting for the engine hold more than WACOST_WEBHOOK_MAX_WAITING_MB, a new one is answered
     * 503 (Retry-After: 5), counted as overloaded and not spooled: Meta retries it. Records it holds that the ingest refuses are kept with their
     * reasons (`wacost rejected`), as for a file.
     */
    hook.post<{ Body: Buffer }>('/webhooks/whatsapp', {
      // also on the route (the parser's limit is what applies): the 413's sentence reads the
      // route's, which said the server's default 1 MiB for a 4 MiB limit (fresh-user trial)
      bodyLimit: BODY_LIMIT,
      // the signature is of the bytes as sent: decoded here once it is checked (decodedDelivery)
      decompress: false,
      schema: {
        summary: 'Receive a webhook delivery from Meta', tags: ['webhooks'],
        response: { 200: { type: 'object', properties: { id: { type: 'string' } } }, '4xx': errorSchema, '5xx': errorSchema },
      },
    }, async (req, reply) => {
      const hooks = app.webhooks!
      const sent = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
      const verdict = checkSignature(sent, req.headers['x-hub-signature-256'], hooks.config.appSecret)
      if (verdict !== 'ok') {
        hooks.refuse(verdict)
        req.log.warn({ reason: verdict, bytes: sent.length, ip: req.ip }, 'webhook delivery refused')
        throw new ApiError(401, 'UNAUTHORIZED', verdict === 'missing_signature'
          ? 'Send the X-Hub-Signature-256 header (sha256=<HMAC-SHA256 of the body with the app secret>).'
          : verdict === 'malformed_signature'
            ? 'X-Hub-Signature-256 must be sha256= followed by 64 hexadecimal digits.'
            : 'X-Hub-Signature-256 does not match the body signed with the app secret.')
      }
      const raw = await decodedDelivery(sent, req.headers['content-encoding'], req.log)
      if (raw.length === 0) throw new ApiError(400, 'BAD_REQUEST', 'The delivery is empty.')
      // The engine is behind: refused before it is spooled, so Meta sends it again later.
      if (hooks.full(raw.length)) {
        hooks.refuse('overloaded')
        req.log.warn({ reason: 'overloaded', bytes: raw.length, waiting: hooks.batcher.waiting }, 'webhook delivery refused: too much waiting')
        // Sent as it is (not through the error handler, which logs every 5xx as an internal error).
        return reply.code(503).header('retry-after', '5')
          .send({ error: { code: 'UNAVAILABLE', message: 'Too many deliveries wait for the engine; send this one again later.' } })
      }
      return { id: await hooks.accept(raw) }
    })
  })

  /**
   * The receiver since the server started: deliveries spooled (`stored`), refused by reason,
   * waiting, derived, skipped as already derived (Meta's retries), bodies forgotten past
   * `keep_days` (null: kept for ever), and the last micro-batch (`last_batch`: its batch,
   * deliveries, replayed, accepted and rejected records, `statuses_without_message`: its status
   * records naming a message no stored message line has, ms, finished_at), the batch being derived
   * now (`running`: deliveries, `recovered` of them a stopped server left, started_at; null: none); from the start: deliveries a
   * stopped server left (`recovered`), those of them read back from its spool (`respooled`) and
   * spool records skipped as cut short or damaged (`torn_records`); and the message ids that have
   * status records but no message line, whole database, with those records (`unmatched_statuses`,
   * `unmatched_status_records`: counted for this answer).
   * Needs a key that reads every WABA (deliveries are not per WABA).
   */
  app.get('/api/webhooks/status', {
    config: { role: 'admin', everyWaba: true },
    schema: { summary: 'Webhook receiver: received, refused, waiting, derived', tags: ['webhooks'], security: [{ apiKey: [] }], response: { '4xx': errorSchema } },
  }, async (req) => {
    if (!req.access.all) throw new ApiError(403, 'FORBIDDEN', 'The webhook status needs a key that reads every WABA.')
    const hooks = app.webhooks
    if (!hooks) return { configured: false }
    const b = hooks.batcher
    const unmatched = await unmatchedTotals(app.db)
    return {
      configured: true, stored: hooks.stored, recovered: hooks.recovered, respooled: hooks.respooled, torn_records: hooks.tornRecords, refused: hooks.refused,
      keep_days: hooks.config.keepDays ?? null, expired: hooks.expired,
      waiting: b.waiting, running: b.current ?? null, ...b.totals, last_batch: b.last ?? null, last_error: b.lastError ?? null,
      unmatched_statuses: unmatched.messageIds, unmatched_status_records: unmatched.records,
    }
  })
}
