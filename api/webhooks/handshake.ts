// Meta's verification handshake (Webhooks > Configure: "Verify and save"): a GET with
// hub.mode=subscribe, the verify token typed into Meta's settings and a challenge to answer back.
// A refusal says which of the three was wrong: an operator setting the webhook up reads the log
// to find out (every refusal read "wrong_verify_token", also a missing challenge or mode:
// fresh-user trial). The token is never repeated, neither in the answer nor in the log.
import { tokenMatches } from './signature.ts'

/** What Meta sends in the handshake's query string. */
export interface Handshake { 'hub.mode'?: string; 'hub.verify_token'?: string; 'hub.challenge'?: string }

/** Why a handshake was refused, checked in this order. */
export type HandshakeRefusal = 'wrong_mode' | 'missing_verify_token' | 'wrong_verify_token' | 'missing_challenge' | 'challenge_too_long'

/**
 * The longest challenge answered back. Meta sends a number of about ten digits; the bound keeps
 * the server from echoing arbitrary large input (a longer one was a 400 in a schema's words,
 * unlike every other refusal: fresh-user trial).
 */
export const MAX_CHALLENGE = 200

/**
 * Why the handshake `q` is refused, or undefined when it passes: hub.mode must be `subscribe`,
 * hub.verify_token given and equal to `token` (constant-time compare), hub.challenge given and
 * at most MAX_CHALLENGE characters long.
 */
export function handshakeRefusal(q: Handshake, token: string): HandshakeRefusal | undefined {
  if (q['hub.mode'] !== 'subscribe') return 'wrong_mode'
  const given = q['hub.verify_token'] ?? ''
  if (given === '') return 'missing_verify_token'
  if (!tokenMatches(given, token)) return 'wrong_verify_token'
  if ((q['hub.challenge'] ?? '') === '') return 'missing_challenge'
  if (q['hub.challenge']!.length > MAX_CHALLENGE) return 'challenge_too_long'
  return undefined
}

/**
 * The refusal in an operator's words, for the 403 and the log line: what was wrong and what
 * Meta sends instead. Names no token's value (the answer is public).
 */
export function handshakeWords(reason: HandshakeRefusal, q: Handshake): string {
  switch (reason) {
    case 'wrong_mode':
      return q['hub.mode'] === undefined || q['hub.mode'] === ''
        ? 'hub.mode is missing: this is not Meta\'s verification request (Meta sends hub.mode=subscribe, hub.verify_token and hub.challenge).'
        : 'hub.mode is not subscribe: Meta\'s verification request sends hub.mode=subscribe.'
    case 'missing_verify_token':
      return 'hub.verify_token is missing: type the verify token in Meta\'s webhook settings (WhatsApp > Configuration > Webhook), the same string as the server\'s WACOST_WEBHOOK_VERIFY_TOKEN.'
    case 'wrong_verify_token':
      return 'hub.verify_token is not this server\'s verify token: type the same string in Meta\'s webhook settings (WhatsApp > Configuration > Webhook) as the server\'s WACOST_WEBHOOK_VERIFY_TOKEN.'
    case 'missing_challenge':
      return 'hub.challenge is missing: Meta sends a number for the server to answer back, and there is none to answer.'
    case 'challenge_too_long':
      return `hub.challenge is ${q['hub.challenge']?.length ?? 0} characters long, more than the ${MAX_CHALLENGE} this server answers back: `
        + 'Meta sends a number of about ten digits, so this request is not Meta\'s.'
  }
}
