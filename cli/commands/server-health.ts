// Whether a wacost server answers at a URL (GET /health), and when it does not, why in words.
// `--server https://127.0.0.1:3000` against `npm start` (plain HTTP) said only "GET /health
// failed" (break-it trial): the TLS handshake met plain HTTP. Said now: that address does not
// speak TLS, try http://…; and the reverse, an http:// URL at a port that speaks TLS, found by one
// TLS handshake tried there after the plain request failed without an HTTP answer.
import { connect } from 'node:tls'

/** `path` under the server's base URL (which may have a path of its own, behind a proxy). */
export const endpoint = (base: string, path: string): URL => new URL(path, base.endsWith('/') ? base : `${base}/`)

/** How long GET /health may take: a server busy with a large batch answers late. */
const healthMs = 15_000
/** How long the TLS handshake tried at an http:// URL may take. */
const probeMs = 3_000

/** Node's codes (and OpenSSL's words) for a TLS handshake answered by something that is not TLS. */
const notTlsCodes = new Set(['EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST'])
const notTlsWords = /wrong version number|packet length too long|http request|unknown protocol/i
/** Failures that say nothing listens, or nothing is there: no handshake is worth trying. */
const nothingThere = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

interface Cause { code?: string; message?: string }

/** The low-level cause of a failed fetch (fetch wraps it: "fetch failed"). */
function causeOf(e: unknown): Cause {
  const cause = (e as { cause?: unknown }).cause
  return (typeof cause === 'object' && cause !== null ? cause : e) as Cause
}

/** True when a TLS handshake at the URL's host and port completes (any certificate: only whether TLS is spoken). */
function speaksTls(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const socket = connect({ host, port: Number(url.port || 80), rejectUnauthorized: false, servername: /^[\d.:]+$/.test(host) ? undefined : host })
    const done = (tls: boolean) => { socket.destroy(); resolve(tls) }
    socket.setTimeout(probeMs, () => { done(false) })
    socket.once('secureConnect', () => { done(true) })
    socket.once('error', () => { done(false) })
  })
}

/** A failure's cause in words: the common ones said plainly, Node's own message kept beside them. */
function said(failure: Cause, url: URL): string {
  const raw = failure.message ?? failure.code ?? 'no answer'
  if (failure.code === 'ECONNREFUSED') return `nothing listens on that port (${raw}): is the server running, on that port?`
  if (failure.code === 'ENOTFOUND') return `no host has that name (${raw})`
  // undici gives up on a connection (for https://, its TLS handshake too) after 10 s, before the
  // 15 s of GET /health: "Connect Timeout Error (attempted address …)" at a TLS port that accepted
  // and never answered, where an http:// URL read "no answer within 15 s" (break-it trial)
  if (failure.code === 'UND_ERR_CONNECT_TIMEOUT') {
    const ms = Number(/timeout: (\d+)ms/.exec(raw)?.[1] ?? 10_000)
    return `no answer within ${ms / 1000} s (${url.protocol === 'https:' ? 'the connection or its TLS handshake' : 'the connection'} got no reply)`
  }
  if (url.protocol === 'https:' && /CERT|SELF_SIGNED|UNABLE_TO_/.test(failure.code ?? '')) {
    return `its TLS certificate was not accepted (${raw}): for a certificate of your own authority, give its file in NODE_EXTRA_CA_CERTS`
  }
  // fetch never connects to the ports browsers block (9, 6000, 6667, …)
  if (raw === 'bad port') return `fetch refuses port ${url.port}, one of the ports browsers block: run the server on another port`
  return raw
}

/**
 * What an HTTP status other than 200 at /health says (the wacost server answers it 200, without a
 * key): a 4xx, that no wacost server is at that address, or a path is in front of it; a URL with a
 * path (`--server http://host:3000/api`) answered 401 or 404 is told to give the base URL.
 */
function answered(status: number, server: string): string {
  if (status < 400 || status >= 500) return `it answered ${status}`
  const base = new URL(server)
  const path = base.pathname.replace(/\/+$/, '')
  const pathSaid = path !== '' && (status === 401 || status === 404)
    ? `; the URL has a path, ${path}: give the server's base URL, e.g. ${base.origin}` : ''
  return `it answered ${status}: not a wacost server at that address (or a path in front of it)${pathSaid}`
}

/** The same URL with the other scheme, as the user wrote it otherwise. */
const otherScheme = (server: string): string => server.replace(/^(https?)(?=:)/i, (s) => (s.toLowerCase() === 'https' ? 'http' : 'https'))

/**
 * Undefined when `server` answers GET /health with 200 within 15 s; else why not, in words
 * (without the URL): "GET /health failed: …", and, when the scheme is the wrong one, what to try.
 */
export async function healthFailure(server: string): Promise<string | undefined> {
  const url = endpoint(server, 'health')
  let failure: Cause
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(healthMs) })
    await res.arrayBuffer()
    if (res.ok) return undefined
    // an HTTP status: it speaks HTTP, no TLS handshake is worth trying (one was, and a proxy's 404
    // at an http:// URL was said to be TLS: break-it trial)
    return `GET /health failed: ${answered(res.status, server)}`
  } catch (e) {
    failure = causeOf(e)
    if ((e as Error).name === 'TimeoutError') failure = { code: 'timeout', message: `no answer within ${healthMs / 1000} s` }
  }
  const why = `GET /health failed: ${said(failure, url)}`
  if (url.protocol === 'https:' && (notTlsCodes.has(failure.code ?? '') || notTlsWords.test(failure.message ?? ''))) {
    return `the server at that address does not speak TLS (https:// sent a TLS handshake and it answered in another protocol: ${failure.code ?? failure.message}); `
      + `npm start serves plain HTTP (TLS only through a proxy in front of it): try ${otherScheme(server)}`
  }
  if (url.protocol === 'http:' && failure.code !== 'timeout' && !nothingThere.has(failure.code ?? '') && await speaksTls(url)) {
    return `the server at that address speaks TLS (HTTPS), not plain HTTP (${why}): try ${otherScheme(server)}`
  }
  return why
}
