// Which Content-Encoding a request body may have: gzip, deflate, br, or none (the HTTP codings
// @fastify/compress undoes on the way, api/app.ts; the ingest also tells gzip by its first bytes,
// core/gzip-input.ts). Any other coding is refused in words naming it and the accepted ones: a body
// sent with an unknown coding was answered about gzip only (break-it trial), naming neither the
// coding sent nor what to send. The first bytes of a body said to be gzip are noted as they came,
// so that one that is not gzip is said to be so (encodedHead).
import { pipeline, Transform } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from './errors.ts'

/** The request codings the API decodes, as @fastify/compress's `requestEncodings` takes them. */
export const requestEncodings: ('gzip' | 'deflate' | 'br' | 'identity')[] = ['gzip', 'deflate', 'br', 'identity']

// The codings a body may be compressed with, as the refusal and its Accept-Encoding name them.
const compressions = requestEncodings.filter((e) => e !== 'identity')

const heads = new WeakMap<FastifyRequest, Buffer>()

/** The first bytes (up to 17) of a body sent with Content-Encoding: gzip, before it is decoded; undefined for any other. */
export const encodedHead = (req: FastifyRequest): Buffer | undefined => heads.get(req)

/** `payload` as it is, its first bytes noted for encodedHead; its errors pass on (pipeline). */
function notingHead(req: FastifyRequest, payload: NodeJS.ReadableStream): Transform {
  heads.set(req, Buffer.alloc(0))
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const head = heads.get(req)!
      if (head.length <= 16) heads.set(req, Buffer.concat([head, chunk]).subarray(0, 17))
      done(null, chunk)
    },
  })
  pipeline(payload, through, () => {})
  return through
}

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
      return normal === 'gzip' ? notingHead(req, payload) : payload
    }
    reply.header('accept-encoding', compressions.join(', '))
    throw new ApiError(415, 'BAD_REQUEST', `Content-Encoding: ${given} is not accepted: send the body compressed with ${compressions.slice(0, -1).join(', ')} or ${compressions.at(-1)} `
      + '(e.g. Content-Encoding: gzip), or uncompressed without a Content-Encoding header (or with Content-Encoding: identity). '
      + 'Nothing of this request was read or stored.')
  })
}
