// Which Content-Encoding a request body may have: gzip, deflate, br, or none. Any other coding is
// refused in words naming it and the accepted ones: a body sent with an unknown coding was answered
// about gzip only (break-it trial), naming neither the coding sent nor what to send. Bodies are
// decoded by @fastify/compress (api/app.ts), except a log (POST /api/ingest: decodedBody, streamed)
// and a webhook delivery (deliveryBody, whole in memory), whose routes turn it off: the webhook's
// signature covers the bytes as sent, and zlib's gunzip refused a log with bytes after its gzip
// data whole (core/gzip-input.ts reads them as `gzip -d` does).
import type { Transform } from 'node:stream'
import { brotliDecompressSync, createBrotliDecompress, createInflate, inflateSync, type Zlib } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors.ts'
import { gunzipIfGzip, trailingNotice } from '../core/gzip-input.ts'
import type { GzipTrailer } from '../core/gzip-members.ts'

/** The request codings the API decodes, as @fastify/compress's `requestEncodings` takes them. */
export const requestEncodings: ('gzip' | 'deflate' | 'br' | 'identity')[] = ['gzip', 'deflate', 'br', 'identity']

// The codings a body may be compressed with, as the refusal and its Accept-Encoding name them.
const compressions = requestEncodings.filter((e) => e !== 'identity')

/**
 * A preParsing hook on every route (it runs before @fastify/compress's own, which each route
 * gets): the header read as HTTP says, case-insensitive and with `x-gzip` meaning gzip (RFC 9110
 * §8.4.1), and any coding but gzip, deflate, br or identity answered 415 BAD_REQUEST naming the
 * coding that came and the ones accepted, with `Accept-Encoding` listing them (RFC 9110
 * §15.5.16). Runs after the key is checked (onRequest); nothing of the body is read.
 */
export function registerRequestEncoding(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, reply, payload) => {
    const given = req.headers['content-encoding']
    if (given === undefined) return payload
    const coding = given.trim().toLowerCase()
    const normal = coding === 'x-gzip' ? 'gzip' : coding
    if ((requestEncodings as string[]).includes(normal)) {
      req.headers['content-encoding'] = normal
      return payload
    }
    reply.header('accept-encoding', compressions.join(', '))
    throw new ApiError(415, 'BAD_REQUEST', `Content-Encoding: ${given} is not accepted: send the body compressed with ${new Intl.ListFormat('en-GB', { type: 'disjunction' }).format(compressions)} `
      + '(e.g. Content-Encoding: gzip), or uncompressed without a Content-Encoding header (or with Content-Encoding: identity). '
      + 'Nothing of this request was read or stored.')
  })
}

/**
 * A log's `body` (a request's bytes as sent, POST /api/ingest) decoded as its Content-Encoding
 * `coding` says (normalised by the hook above), a piece at a time: gzip by core/gzip-input.ts
 * (NotGzipError when it is not gzip), deflate and br by streamed() below (bytes after their data
 * ignored and said in `notices`; their errors: Z_… and ERR__ERROR_… codes); then gunzipped when
 * what it holds is gzip itself (told by its first bytes, as without a Content-Encoding; `onGzip`
 * is told so). Errors of `body` pass through. A webhook delivery is decoded by deliveryBody.
 */
export function decodedBody(body: AsyncIterable<Buffer>, coding: string | undefined, notices: string[], onGzip?: () => void): AsyncIterable<Buffer> {
  const decoded = coding === 'gzip' ? gunzipIfGzip(body, { required: true, notices })
    : coding === 'deflate' ? streamed(body, createInflate, 'deflate', notices)
      : coding === 'br' ? streamed(body, createBrotliDecompress, 'brotli', notices)
        : body
  return gunzipIfGzip(decoded, { notices, onGzip })
}

/**
 * A log's `body` decompressed by the zlib stream `start` makes (deflate: zlib data, RFC 1950; or
 * brotli), a piece at a time. Bytes after the end of the data are ignored and said in `notices`,
 * in the words of bytes after gzip data (core/gzip-input.ts): zlib dropped them unsaid, where
 * gzip's were said. A second zlib stream is not read, and said. Throws zlib's errors (data cut
 * short: "unexpected end of file"); errors of `body` pass through.
 */
async function* streamed(body: AsyncIterable<Buffer>, start: () => Transform & Zlib, data: 'deflate' | 'brotli', notices: string[]): AsyncGenerator<Buffer> {
  const out: Buffer[] = []
  const z = start()
  z.on('data', (b: Buffer) => { out.push(b) })
  // resolves once zlib has done `act` (taken what it will of a piece, or ended), rejects with its error
  const step = (act: (settle: () => void) => void) => new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => { reject(notZlib(e)) }
    z.once('error', failed)
    act(() => { z.off('error', failed); resolve() })
  })
  // whether the data has ended (zlib left bytes of what it was given)
  let ended = false
  // the bytes after the data: how many, whether all zeros, and the first two (a zlib header?)
  const after = { bytes: 0, zeros: true, head: Buffer.alloc(0) }
  const ignored = (rest: Buffer) => {
    after.bytes += rest.length
    if (after.head.length < 2) after.head = Buffer.concat([after.head, rest.subarray(0, 2 - after.head.length)])
    if (after.zeros && rest.some((x) => x !== 0)) after.zeros = false
  }
  try {
    for await (const piece of body) {
      if (ended) { ignored(piece); continue }
      const before = z.bytesWritten
      await step((settle) => z.write(piece, (e) => { if (!e) settle() }))
      // zlib takes every byte it is given until its data ends: what it leaves came after the data
      const taken = z.bytesWritten - before
      ended = taken < piece.length
      ignored(piece.subarray(taken))
      yield* out.splice(0)
    }
    if (!z.readableEnded) await step((settle) => { z.once('end', settle).end() })
    yield* out.splice(0)
  } finally { z.close() }
  if (after.bytes > 0) notices.push(data === 'deflate' && zlibHeader(after.head) ? secondStream(after.bytes) : trailingNotice(after, data, 'lines'))
}

/** A delivery decompresses to more than the route takes (`limit` bytes). */
export class TooLargeError extends Error {
  constructor(readonly limit: number) { super(`decompresses to more than ${limit} bytes`) }
}

/**
 * A webhook delivery's `raw` bytes (whole in memory) decoded as its Content-Encoding `coding`
 * says: gzip by core/gzip-input.ts (every member), deflate every zlib stream in turn, br by zlib;
 * bytes after the data ignored and said in `notices`; then gunzipped when what it holds is gzip
 * itself (told by its first bytes). A delivery is one JSON document: one holding two (two
 * streams) is refused whole in its micro-batch and kept with its reason (a second stream was
 * dropped, said only in the server's log, break-it trial). Deflate and br decompressed to more
 * than `limit` bytes throw TooLargeError (gzip's parts are counted by the caller); zlib's errors
 * are thrown while iterating.
 */
export function deliveryBody(raw: Buffer, coding: string | undefined, notices: string[], limit: number): AsyncIterable<Buffer> {
  const decoded = coding === 'gzip' ? gunzipIfGzip(whole(() => raw), { required: true, notices, unit: 'delivery' })
    : coding === 'deflate' || coding === 'br' ? whole(() => unpacked(raw, coding, notices, limit))
      : whole(() => raw)
  return gunzipIfGzip(decoded, { notices, unit: 'delivery' })
}

async function* whole(bytes: () => Buffer): AsyncGenerator<Buffer> { yield bytes() }

/** `raw` decompressed as deflate (every zlib stream in turn) or brotli, at most `limit` bytes; see deliveryBody. */
function unpacked(raw: Buffer, coding: 'deflate' | 'br', notices: string[], limit: number): Buffer {
  const parts: Buffer[] = []
  let rest = raw
  let room = limit
  do {
    const options = { info: true, maxOutputLength: room + 1 }
    let r: { buffer: Buffer; engine: { bytesWritten: number } }
    try {
      r = (coding === 'deflate' ? inflateSync(rest, options) : brotliDecompressSync(rest, options)) as unknown as typeof r
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooLargeError(limit)
      throw notZlib(e as Error)
    }
    parts.push(r.buffer)
    room -= r.buffer.length
    if (room < 0) throw new TooLargeError(limit)
    rest = rest.subarray(r.engine.bytesWritten)
  } while (coding === 'deflate' && zlibHeader(rest))
  if (rest.length > 0) notices.push(trailingNotice(trailer(rest), coding === 'br' ? 'brotli' : 'deflate', 'delivery'))
  return Buffer.concat(parts)
}

/** How many bytes `rest` holds and whether all are zeros, for trailingNotice. */
const trailer = (rest: Buffer): GzipTrailer => ({ bytes: rest.length, zeros: rest.every((x) => x === 0) })

/** True when `b` starts as zlib data does (RFC 1950): 78, then 01, 5e, 9c or da (the levels zlib writes). */
const zlibHeader = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(b[1]!)

/**
 * The notice for a second zlib stream after the first in a log (two deflate bodies joined): its
 * lines were dropped and its bytes called "not deflate data" (break-it trial). Content-Encoding:
 * deflate is one zlib stream (RFC 9110 §8.4.1.2); gzip's members are all read.
 */
const secondStream = (bytes: number): string => `a second deflate stream (${bytes} byte(s)) came after the end of the first and was not read: `
  + 'Content-Encoding: deflate is one zlib stream; the lines of the first stream were read. Send one stream, or gzip, whose members are all read'

/**
 * zlib's "incorrect header check" said as what it means here: raw deflate (no zlib header), or
 * anything else, is not the zlib-wrapped deflate (RFC 1950) Content-Encoding: deflate requires.
 */
function notZlib(e: Error): Error {
  if (e.message === 'incorrect header check') e.message = 'incorrect header check: the body is not zlib-wrapped deflate data (RFC 1950), which Content-Encoding: deflate requires; raw deflate without the zlib header is not read'
  return e
}
