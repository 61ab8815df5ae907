// Every error the API returns has the same JSON shape: { error: { code, message, param? } }, so
// the dashboard and scripts can branch on a stable code and show the message to people. That
// includes what Fastify and Node answer before a route runs (malformed URL, over-long parameter,
// headers too large). A 5xx is logged with its request id, and the id is in the body
// (`request_id`), so a person reporting it points at the exact log line.
import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ScopeError } from '../core/scope.ts'

export type ErrorCode =
  | 'BAD_PARAMETER' | 'BAD_DATE' | 'PERIOD_REVERSED' | 'UNKNOWN_WABA' | 'BAD_REQUEST'
  | 'UNKNOWN_PHONE_NUMBER' | 'UNKNOWN_MARKET' | 'UNKNOWN_CATEGORY' | 'UNKNOWN_COUNTRY' | 'UNKNOWN_CUSTOMER'
  | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_ACCEPTABLE' | 'NOT_FOUND' | 'TIMEOUT' | 'INTERNAL' | 'UNAVAILABLE'
  | 'NOTHING_TO_DERIVE'

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: ErrorCode, message: string, readonly param?: string) {
    super(message)
  }
}

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, param: { type: 'string' }, request_id: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
} as const

type Validation = NonNullable<FastifyError['validation']>[number] & {
  parentSchema?: { properties?: Record<string, unknown>; description?: string }
  data?: unknown
}

// What a POST /api/ingest body cut short (or undecodable) may have left, in the middle of a
// sentence and as one of its own: the ingest stores a group of lines (up to ~64 MB) only once it
// has read it whole, and a line already stored is not counted twice (api/routes/ingest.ts).
const notTwice = 'already stored are not counted twice when sent again.'
const resendRest = `read before the failure may have been stored (a group of up to ~64 MB is stored once read whole); lines ${notTwice}`
export const resendClause = `lines ${resendRest}`
export const resendSentence = `Lines ${resendRest}`
/** Said after how many lines were stored (once the route knows it, instead of resendSentence). */
export const notCountedTwice = `Lines ${notTwice}`

/** An empty string parameter, in words; `description`: what the parameter is (its schema's description). */
export const emptyMessage = (param: string, description?: string): string =>
  `${param}: empty; give a value${description ? ` (expected: ${description})` : ''} or leave the parameter out.`

/** Where the parameter was given, as a person says it (Fastify's validationContext). */
const places: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' }

/** A value as given, quoted as JSON (a string in its quotes), cut short past 60 characters. */
function given(data: unknown): string {
  const text = JSON.stringify(data) ?? String(data)
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

const kinds: Record<string, string> = { integer: 'a whole number', number: 'a number', boolean: 'true or false', string: 'text', array: 'a list', object: 'an object' }

/**
 * A parameter's value outside its schema (length, form, type, bounds) in a sentence: ajv's own
 * text ("must be integer", "must be >= 1") named no value and no cause (break-it trial).
 */
function valueMessage(param: string, v: Validation): string | undefined {
  const limit = (v.params as { limit?: number }).limit
  const what = v.parentSchema?.description ? ` (expected: ${v.parentSchema.description})` : ''
  if (v.keyword === 'minLength' && v.data === '') return emptyMessage(param, v.parentSchema?.description as string | undefined)
  if (v.keyword === 'minLength') return `${param}: too short, at least ${limit} characters${what}.`
  if (v.keyword === 'maxLength') return `${param}: too long, at most ${limit} characters${what}.`
  if (v.keyword === 'pattern' || v.keyword === 'format') return `${param}: ${given(v.data)} is not of the expected form${what}.`
  // `?from=…&from=…` reaches the schema as an array: "must be string" named no cause (break-it trial)
  if (v.keyword === 'type' && Array.isArray(v.data)) return `${param}: given ${v.data.length} times; it takes one value.`
  if (v.keyword === 'type') {
    const type = String((v.params as { type?: string }).type)
    return `${param}: ${given(v.data)} is not ${kinds[type] ?? type}${what}.`
  }
  if (v.keyword === 'minimum' || v.keyword === 'exclusiveMinimum') {
    return `${param}: ${given(v.data)} is too small; ${v.keyword === 'minimum' ? 'at least' : 'more than'} ${limit}${what}.`
  }
  if (v.keyword === 'maximum' || v.keyword === 'exclusiveMaximum') {
    return `${param}: ${given(v.data)} is too large; ${v.keyword === 'maximum' ? 'at most' : 'less than'} ${limit}${what}.`
  }
  if (v.keyword === 'maxItems') return `${param}: given ${Array.isArray(v.data) ? v.data.length : 'too many'} times; it takes at most ${limit} values.`
  return undefined
}

/**
 * A schema violation in words that name the parameter as the caller wrote it: an unknown one with
 * the parameters the route takes, a missing one with what it is, a value outside a list with the
 * values allowed, an empty, too long, ill-formed, mistyped or out-of-bounds value with what the
 * parameter is (never the validator's own text: "customer: must have required property
 * 'customer'" reached people: break-it trial). `context`: where it was given (Fastify's validationContext).
 */
function validationMessage(v: Validation | undefined, context?: string): { param?: string; message: string } {
  const params = (v?.params ?? {}) as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] }
  const place = places[context ?? ''] ?? 'parameter'
  if (params.additionalProperty !== undefined) {
    const known = Object.keys(v?.parentSchema?.properties ?? {})
    return {
      param: params.additionalProperty,
      message: `${params.additionalProperty}: not a parameter of this route${known.length ? `; it takes ${known.join(', ')}` : ''}.`,
    }
  }
  if (params.missingProperty !== undefined) {
    const param = params.missingProperty
    const schema = v?.parentSchema?.properties?.[param] as { description?: string } | undefined
    return { param, message: `${param}: missing; this route needs the ${place} ${param}${schema?.description ? ` (${schema.description})` : ''}.` }
  }
  const param = (v?.instancePath ?? '').replace(/^\//, '').split('/')[0] || undefined
  if (params.allowedValues) {
    return { param, message: `${param ?? place}: must be one of ${params.allowedValues.join(', ')}.` }
  }
  const sentence = v && param ? valueMessage(param, v) : undefined
  if (sentence) return { param, message: sentence }
  // a keyword none of the routes uses yet: still the value and the parameter, in words
  return { param, message: param ? `${param}: ${given(v?.data)} is not a value this ${place} takes.` : `The request's ${place}s are not valid for this route.` }
}

function serverError(err: Error, status: number, req: FastifyRequest, reply: FastifyReply) {
  // The child logger already carries reqId.
  req.log.error({ err, url: req.url }, 'request failed')
  return reply.code(status).send({
    error: { code: 'INTERNAL', message: `Internal error; the server log has the details (request ${req.id}).`, request_id: req.id },
  })
}

const size = (bytes: number) => bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`

/**
 * Fastify's own 4xx, raised before a route runs (a body over the route's limit, a body its
 * parser cannot read): the request, not a query parameter, is at fault, so BAD_REQUEST, in words
 * (Fastify said "Request body is too large" under BAD_PARAMETER, a code the API keeps for parameters).
 */
function bodyMessage(err: FastifyError, req: FastifyRequest): string {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return `The request body is larger than this route takes (at most ${size(req.routeOptions.bodyLimit)}); nothing of it was read or stored.`
  }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'The request body is not valid JSON, yet its Content-Type says application/json.'
  return err.message
}

/**
 * The error and not-found handlers: ApiError/ScopeError as themselves, schema failures as
 * BAD_PARAMETER (400) naming the parameter, Fastify's other 4xx as BAD_REQUEST, anything else as INTERNAL
 * (its status if 5xx, else 500) with a request id, logged at error level with the details.
 */
export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | ScopeError, req, reply) => {
    if (err instanceof ApiError || err instanceof ScopeError) {
      const status = err instanceof ApiError ? err.statusCode : 400
      if (status >= 500) return serverError(err, status, req, reply)
      return reply.code(status).send({ error: { code: err.code, message: err.message, param: err.param } })
    }
    if (err.validation) {
      const { param, message } = validationMessage(err.validation[0], err.validationContext)
      return reply.code(400).send({ error: { code: 'BAD_PARAMETER', message, param } })
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'BAD_REQUEST', message: bodyMessage(err, req) } })
    }
    return serverError(err, err.statusCode && err.statusCode >= 500 ? err.statusCode : 500, req, reply)
  })
  app.setNotFoundHandler((req, reply) => {
    // a route may have set its own type before it found nothing (@fastify/static's page while
    // a rebuild rewrites it: text/html), under which the JSON could not be sent (a 500)
    reply.code(404).type('application/json; charset=utf-8').send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } })
  })
}

/** Fastify's `frameworkErrors` option: a URL the router cannot decode, a parameter too long for it. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400
  const message = status === 414
    ? 'A path parameter is too long.'
    : 'The URL is malformed (a "%" must start a valid percent-encoded UTF-8 sequence).'
  void reply.code(status).send({ error: { code: 'BAD_REQUEST', message } })
}

// HPE_INVALID_EOF_STATE: the client ended its side of the connection (a half-close) while Node's
// parser still expected bytes. Node's error says no more than "Invalid EOF state": the body may
// have been shorter than its Content-Length (or a chunked body without its last chunk), or the
// headers themselves cut short; one sentence covers all three. Meanwhile the route may have read
// part of the body: for POST /api/ingest, some lines may have been stored.
const cutShort = 'The request ended before its end: the connection was closed while its body was still expected '
  + '(fewer bytes than its Content-Length, or a chunked body without its last chunk; or its headers were cut short). '
  + `Send the request again whole. For POST /api/ingest, ${resendClause}`

// Node's limit for a request's headers (headersTimeout, 60 s; the server sets no limit for the
// whole request: a body that stops arriving is the ingest route's to time, api/body-idle.ts).
const headersLate = 'The request did not arrive in time: its headers were still incomplete after the server\'s limit '
  + '(60 s), so nothing of it was read or stored. Send the request again whole.'

/**
 * Fastify's `clientErrorHandler` option: Node refuses the request before Fastify sees it
 * (headers over 16 KiB, unparsable HTTP, timeout, a request cut short); the answer still has the
 * common error shape.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  // Node's parser counts the request line with the headers against its one limit and says no
  // more than "Header overflow" for either (its error holds only the piece of input being parsed
  // then), so an over-long URL cannot be told apart to answer 414 (break-it trial): the 431 names both.
  const [status, message] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'The request\'s URL and headers are too large: 16 KiB at most, the two together (a URL this long: send the parameters in fewer, shorter values).']
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, headersLate]
      : err.code === 'HPE_INVALID_EOF_STATE' ? [400, cutShort] : [400, 'The request is not valid HTTP.']
  const code: ErrorCode = status === 408 ? 'TIMEOUT' : 'BAD_REQUEST'
  const body = JSON.stringify({ error: { code, message } })
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(err)
}
