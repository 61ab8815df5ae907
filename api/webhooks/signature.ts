// Who sent a webhook: Meta signs every delivery with the app secret (X-Hub-Signature-256:
// sha256=<hex of HMAC-SHA256 of the raw body>) and answers the subscription handshake with the
// verify token typed into its settings. Both comparisons take the same time whatever the guess,
// so a forger learns nothing from how long a refusal takes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** Why a delivery was refused; `ok` when its signature is the app secret's. */
export type SignatureVerdict = 'ok' | 'missing_signature' | 'malformed_signature' | 'forged_signature'

const shape = /^sha256=([0-9a-f]{64})$/i

/**
 * Checks `header` (the X-Hub-Signature-256 value) against the HMAC-SHA256 of `raw` (the body's
 * bytes exactly as received, before any parse) keyed with `appSecret`. Meta's documentation:
 * "Validating payloads", Webhooks for WhatsApp Business Platform.
 */
export function checkSignature(raw: Buffer, header: string | string[] | undefined, appSecret: string): SignatureVerdict {
  if (header === undefined || header === '') return 'missing_signature'
  const m = typeof header === 'string' ? shape.exec(header.trim()) : null
  if (!m) return 'malformed_signature'
  const expected = createHmac('sha256', appSecret).update(raw).digest()
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex')) ? 'ok' : 'forged_signature'
}

/** The signature header Meta would send for `raw` (tests, the benchmark). */
export function sign(raw: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`
}

/** Whether `given` equals the configured verify token, compared in constant time (both hashed: equal lengths). */
export function tokenMatches(given: string, token: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(h(given), h(token))
}

/** A delivery's id: the SHA-256 of its body (hex), the same for each of Meta's retries. */
export function deliveryId(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex')
}
