// The server's log never shows Meta's verify token (README: "The token given is never logged nor
// answered"): at WACOST_LOG_LEVEL=info every request's URL is logged, and the verification
// handshake carries the token in its query string (fresh-user trial: a right token and a wrong
// one both appeared in the log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { redactedUrl } from '../api/log-request.ts'
import type { Session } from './support/engine.ts'
import { openLoggedWebhookApp } from './support/webhook-app.ts'
import { verifyToken } from './support/webhook.ts'

let session: Session
let app: FastifyInstance
let logs: string[]

beforeAll(async () => { ({ session, app, logs } = await openLoggedWebhookApp('info', 'log')) }, 120_000)
afterAll(async () => { await app?.close(); await session?.close() })

describe('the request log at level info', () => {
  it('writes the handshake\'s URL without its verify token, right or wrong', async () => {
    for (const token of [verifyToken, 'a-wrong-token-typed-by-hand']) {
      const res = await app.inject({ method: 'GET', url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444` })
      expect(res.statusCode).toBe(token === verifyToken ? 200 : 403)
    }
    const urls = logs.map((l) => JSON.parse(l) as { req?: { url?: string } }).flatMap((l) => (l.req?.url ? [l.req.url] : []))
    expect(urls).toEqual([
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=%5Bredacted%5D&hub.challenge=1158201444',
      '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=%5Bredacted%5D&hub.challenge=1158201444',
    ])
    const all = logs.join('')
    expect(all).not.toContain(verifyToken)
    expect(all).not.toContain('a-wrong-token-typed-by-hand')
  })

  it('redacts a percent-encoded name too, and leaves other URLs as they are', () => {
    expect(redactedUrl('/webhooks/whatsapp?hub%2Everify_token=s3cret&hub.mode=subscribe')).toBe('/webhooks/whatsapp?hub.verify_token=%5Bredacted%5D&hub.mode=subscribe')
    expect(redactedUrl('/api/summary?from=2024-09-01&waba=1')).toBe('/api/summary?from=2024-09-01&waba=1')
    expect(redactedUrl('/health')).toBe('/health')
  })
})
