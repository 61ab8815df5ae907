// What POST /api/ingest answers when the body itself fails, not its data: it is not the gzip,
// deflate or br its Content-Encoding says, it is UTF-16, it ended early (400), or it stopped
// arriving (408), each in words that say what was wrong and what to do (api/routes/ingest.ts adds
// what of it was stored).
import { GROUP_BYTES } from '../core/batches.ts'
import { CorruptGzipError, NotGzipError } from '../core/gzip-input.ts'
import { RefusedInputError } from '../core/refused-input.ts'
import { ApiError, resendClause, resendSentence } from './errors.ts'
import type { BodyStalledError } from './body-idle.ts'

/** The first 16 bytes of a body (of up to 17 read), as a person can read them: quoted text, else their hex. */
function shownHead(head: Buffer): string {
  const [shown, more] = [head.subarray(0, 16), head.length > 16 ? '…' : '']
  const text = shown.toString('utf8')
  return /^[\x20-\x7e]+$/.test(text) ? JSON.stringify(`${text}${more}`) : `the bytes ${shown.toString('hex').replace(/(..)(?!$)/g, '$1 ')}${more && ' …'}`
}

/**
 * An error of the body's transport or encoding, not of the data, in words that say what to do:
 * a body that is not gzip although its Content-Encoding says gzip (NotGzipError, with its first
 * bytes), gzip that cannot be decompressed (corrupt or cut short), a body that is not the deflate
 * or br its `coding` (the request's Content-Encoding) says, UTF-16 text (logs are UTF-8), or a
 * body that ended early (a client that went away). `stored`: what of the body was stored, in a
 * sentence (the route knows it once the batch is recovered), said instead of "lines … may have
 * been stored" (both were said: "may have been stored … nothing was stored", break-it trial);
 * without it the stored lines are not known and the message says they may be. `goneWaiting`:
 * the client went away before the batch's turn came (a body that had come whole is read all the
 * same: api/app.ts), said as such.
 */
export function bodyError(e: unknown, coding: string | undefined, stored?: string, goneWaiting = false): ApiError | undefined {
  const resend = stored ?? resendSentence
  const code = (e as NodeJS.ErrnoException).code ?? ''
  // (zlib said "incorrect header check", or @fastify/compress "Could not decompress the request
  // payload using the provided encoding": the break-it trial was left to guess what was wrong)
  if (e instanceof NotGzipError) {
    return new ApiError(400, 'BAD_REQUEST', `The body is not gzip data, although its Content-Encoding says gzip: gzip data starts with the `
      + `bytes 1f 8b, this body with ${shownHead(e.head)}. Send it compressed with gzip, or as it is without the Content-Encoding header.${stored ? ` ${stored}` : ''}`)
  }
  // Z_…: zlib's (deflate); ERR__ERROR_…: its brotli decoder's (e.g. ERR__ERROR_FORMAT_PADDING_2)
  if (e instanceof CorruptGzipError || code.startsWith('Z_') || code.startsWith('ERR__ERROR_')) {
    const detail = e instanceof CorruptGzipError ? e.detail : (e as Error).message
    if (!(e instanceof CorruptGzipError) && (coding === 'deflate' || coding === 'br')) {
      return new ApiError(400, 'BAD_REQUEST', `The body could not be decompressed as its Content-Encoding: ${coding} says (${detail}): `
        + `send it whole, compressed with ${coding}, or uncompressed without a Content-Encoding header. ${resend}`)
    }
    return new ApiError(400, 'BAD_REQUEST', `The body's gzip data is corrupt or cut short (${detail}): gzip must come whole: send `
      + `the whole log again (with or without Content-Encoding: gzip: gzip is told by its first bytes). ${resend}`)
  }
  if (e instanceof RefusedInputError) return new ApiError(400, 'BAD_REQUEST', `The body could not be read: ${e.message}.`)
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || (e as Error).message === 'aborted') {
    // (a client gone while its batch waited behind another read as a body cut short: break-it trial)
    if (goneWaiting) {
      return new ApiError(400, 'BAD_REQUEST', `The client went away while this batch waited its turn behind another, before its body came whole (${(e as Error).message}): `
        + `send the whole log again${stored ? `. ${stored}` : `; ${resendClause}`}`)
    }
    return new ApiError(400, 'BAD_REQUEST', `The body ended before its end (${(e as Error).message}): send the whole log again${stored ? `. ${stored}` : `; ${resendClause}`}`)
  }
  return undefined
}

/**
 * The 408 for a body that stopped arriving (api/body-idle.ts): how much came, for how long nothing
 * did, what of it was stored (`lines`, counted in the batch once recovered: the lines of the
 * groups read whole; unknown when the recovery failed, and then nothing before the first group is
 * read whole; the batch is recorded as interrupted either way), and to send the whole log again.
 */
export function stalledError(e: BodyStalledError, contentLength: string | undefined, encoded: boolean, batch: string | undefined, lines: number | undefined): ApiError {
  const of = contentLength !== undefined && !encoded ? ` of the ${contentLength} its Content-Length announced` : ''
  const recorded = batch === undefined ? '' : `batch ${batch} is recorded as interrupted (\`wacost batches\`)`
  const stored = lines === 0 || (lines === undefined && e.bytes < GROUP_BYTES)
    ? `Nothing of it was stored${recorded ? `: ${recorded}, with no lines` : ''}.`
    : `The ${lines === undefined ? 'lines' : `${lines} line(s)`} of the whole groups (~64 MB each) read before it stopped were stored and derived${recorded ? `; ${recorded}` : ''}.`
  return new ApiError(408, 'TIMEOUT', `The request body stopped arriving: ${e.bytes} bytes came${of}, then nothing for `
    + `${e.idleMs / 1000} s (the server's limit, WACOST_BODY_IDLE_SECONDS). ${stored} Send the whole log again; `
    + 'ingest is idempotent: lines already stored are not counted twice.')
}
