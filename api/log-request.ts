// How the server's log writes a request (Fastify's `req` serializer): its usual fields, with the
// value of Meta's `hub.verify_token` replaced. At `WACOST_LOG_LEVEL=info` every request's URL is
// logged, and the verification handshake carries the verify token in its query string: the log
// showed it, a right one and a wrong one (fresh-user trial), where the README says the token
// given is never logged.
import type { FastifyRequest } from 'fastify'

const SECRET_PARAMS = ['hub.verify_token']

/** `url` with the value of each secret query parameter replaced by `[redacted]` (percent-encoded names too). */
export function redactedUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  if (!SECRET_PARAMS.some((p) => params.has(p))) return url
  for (const p of SECRET_PARAMS) if (params.has(p)) params.set(p, '[redacted]')
  return `${url.slice(0, q + 1)}${params.toString()}`
}

/** The fields Fastify logs of a request by default (method, url, host, remote address and port), the URL redacted. */
export function requestForLog(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactedUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }
}
