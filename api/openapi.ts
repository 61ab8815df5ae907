// The OpenAPI document's view of the data routes' answers. Each route that takes `format`
// answers the same rows as an Arrow IPC stream (default), JSON or CSV; saying so in the document
// (and only there: Fastify's own serializer must not reshape the rows) lets the /docs page ask
// for JSON and show it, instead of Arrow bytes as text.
import type { FastifySchema } from 'fastify'
import { formats } from './results.ts'

interface RouteDoc { schema: FastifySchema; url: string; route?: { method: string | string[] } }
interface DataSchema { querystring?: { properties?: { format?: { enum?: readonly string[] } } }; response?: Record<string, unknown> }

const answers = {
  description: 'The rows described above, in the negotiated format: Arrow IPC stream by default, JSON or CSV with `Accept` or `?format=`. Times are UTC instants (local days as UTC midnights).',
  content: {
    'application/vnd.apache.arrow.stream': { schema: { type: 'string', format: 'binary' } },
    'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    'text/csv': { schema: { type: 'string', description: 'CSV with a header row' } },
  },
} as const

// POST /api/ingest reads its body as a stream (no parser, no schema: validating it would buffer
// it); the document alone says what the body is, in each content type the route lists.
const ingestBody = {
  type: 'string', format: 'binary',
  description: 'A message log as `wacost ingest` reads it: NDJSON (one record per line), JSON documents or webhook envelopes, '
    + 'optionally gzip with `Content-Encoding: gzip`. Any size: it is streamed.',
}

/**
 * @fastify/swagger `transform`: documents the 200 answer of every route with a `format` parameter,
 * and the body of POST /api/ingest.
 */
export function documentFormats({ schema, url, route }: RouteDoc): RouteDoc {
  if (url === '/api/ingest' && route?.method === 'POST') return { schema: { ...schema, body: ingestBody }, url }
  const s = (schema ?? {}) as DataSchema
  const format = s.querystring?.properties?.format
  if (!format || format.enum?.join() !== formats.join() || s.response?.['200']) return { schema, url }
  return { schema: { ...schema, response: { ...s.response, 200: answers } }, url }
}
