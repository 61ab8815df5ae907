// Which Content-Encoding a request body may have: gzip, deflate, br, or none. Any other coding is
// refused in words naming it and the accepted ones: a body sent with an unknown coding was answered
// about gzip only (break-it trial), naming neither the coding sent nor what to send. Bodies are
// decoded by @fastify/compress (api/app.ts), except a log (POST /api/ingest) and a webhook
// delivery, whose routes turn it off and decode them with decodedBody: the webhook's signature
// covers the bytes as sent, and zlib's gunzip refused a log with bytes after its gzip data whole
// (core/gzip-input.ts reads them as `gzip -d` does).
import { pipeline } from 'node:stream'
import { createBrotliDecompress, createInflate } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors.ts'
import { gunzipIfGzip, trailingNotice, type ReadUnit } from '../core/gzip-input.ts'

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
 * `body` (a request's bytes as sent) decoded as its Content-Encoding `coding` says (normalised by
 * the hook above): gzip by core/gzip-input.ts (NotGzipError when it is not gzip), deflate by
 * inflated() below (bytes after the gzip or deflate data ignored and said in `notices`), br by
 * zlib (its errors: Z_… and ERR__ERROR_… codes); then gunzipped when what it holds is gzip itself
 * (told by its first bytes, as without a Content-Encoding; `onGzip` is told so). Errors of `body` pass through.
 */
export function decodedBody(body: AsyncIterable<Buffer>, coding: string | undefined, notices: string[], onGzip?: () => void, unit: ReadUnit = 'lines'): AsyncIterable<Buffer> {
  const through = (z: NodeJS.ReadWriteStream) => { pipeline(body, z, () => {}); return z as unknown as AsyncIterable<Buffer> }
  const decoded = coding === 'gzip' ? gunzipIfGzip(body, { required: true, notices, unit })
    : coding === 'deflate' ? inflated(body, notices, unit)
      : coding === 'br' ? through(createBrotliDecompress())
        : body
  return gunzipIfGzip(decoded, { notices, onGzip, unit })
}

/**
 * `body` inflated as Content-Encoding: deflate says (zlib data, RFC 1950), a piece at a time.
 * Bytes after the end of the deflate data are ignored and said in `notices`, in the words of bytes
 * after gzip data (core/gzip-input.ts): zlib dropped them unsaid, where gzip's were said. A log's
 * (`unit` 'lines') second zlib stream is not read, and said; a delivery's every stream is read, as
 * gzip's every member: a delivery is one JSON document, and one holding two is then refused whole
 * in its micro-batch and kept with its reason (its second was dropped, said only in the server's
 * log, break-it trial). Throws zlib's errors (Z_… codes; data cut short: "unexpected end of
 * file"); errors of `body` pass through.
 */
async function* inflated(body: AsyncIterable<Buffer>, notices: string[], unit: ReadUnit): AsyncGenerator<Buffer> {
  const every = unit === 'delivery'
  const out: Buffer[] = []
  const started = () => createInflate().on('data', (b: Buffer) => { out.push(b) })
  let inflater = started()
  // whether the stream being read has ended (zlib left bytes of what it was given)
  let ended = false
  // resolves once zlib has done `act` (taken what it will of a piece, or ended), rejects with its error
  const step = (act: (settle: () => void) => void) => new Promise<void>((resolve, reject) => {
    const failed = (e: Error) => { reject(notZlib(e)) }
    inflater.once('error', failed)
    act(() => { inflater.off('error', failed); resolve() })
  })
  // the bytes after the data: how many, whether all zeros, and the first two (a zlib header?)
  const after = { bytes: 0, zeros: true, head: Buffer.alloc(0) }
  const ignored = (rest: Buffer) => {
    after.bytes += rest.length
    if (after.head.length < 2) after.head = Buffer.concat([after.head, rest.subarray(0, 2 - after.head.length)])
    if (after.zeros && rest.some((x) => x !== 0)) after.zeros = false
  }
  // a delivery's byte after the end of a stream, too few to tell whether another stream starts
  let held: Buffer = Buffer.alloc(0)
  try {
    for await (const piece of body) {
      let rest: Buffer = piece
      while (after.bytes === 0 && rest.length > 0) {
        if (ended) {
          if (!every) break
          rest = Buffer.concat([held, rest])
          held = Buffer.alloc(0)
          if (rest.length < 2) { [held, rest] = [rest, Buffer.alloc(0)]; break }
          if (!zlibHeader(rest.subarray(0, 2))) break
          inflater.close()
          inflater = started()
          ended = false
        }
        const before = inflater.bytesWritten
        const given = rest
        await step((settle) => inflater.write(given, (e) => { if (!e) settle() }))
        // zlib takes every byte it is given until its data ends: what it leaves came after the data
        const taken = inflater.bytesWritten - before
        ended ||= taken < rest.length
        rest = rest.subarray(taken)
        yield* out.splice(0)
      }
      ignored(rest)
    }
    ignored(held)
    if (!inflater.readableEnded) await step((settle) => { inflater.once('end', settle).end() })
    yield* out.splice(0)
  } finally { inflater.close() }
  if (after.bytes > 0) notices.push(zlibHeader(after.head) ? secondStream(after.bytes) : trailingNotice(after, 'deflate', unit))
}

/** True when `b` starts as zlib data does (RFC 1950): 78, then 01, 5e, 9c or da (the levels zlib writes). */
const zlibHeader = (b: Buffer): boolean => b.length === 2 && b[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(b[1]!)

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
