// Which request bodies POST /api/ingest reads as a log: any Content-Type, streamed as it arrives,
// except multipart/form-data. A form upload (`curl -F f=@log`) wraps the log in boundary and part
// header lines: it was read as the log itself, and answered 200 with those lines rejected as "not
// valid JSON" (break-it trial), the log's own lines stored beside them. Refused before anything is
// read, in words saying how to send the log. application/x-www-form-urlencoded is read as a log:
// it is what `curl --data-binary @log.ndjson` sends unless told another type, and its body is then
// the log as it is.
import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors.ts'

/** The refusal of a multipart/form-data body: 415, as a Content-Type a route does not take is answered. */
export const formRefusal = 'A multipart/form-data body (a form upload, `curl -F`) is not read as a log: send the log itself as the '
  + 'request body, e.g. `curl --data-binary @log.ndjson -H \'Content-Type: application/x-ndjson\'` (gzip too: '
  + 'add -H \'Content-Encoding: gzip\' for a .gz). Nothing of this request was read or stored.'

/**
 * Sets the body parsers of the plugin `app` (POST /api/ingest's, encapsulated: other routes keep
 * theirs): no parser reads the body (nor applies bodyLimit), the request stream is handed to the
 * route as `req.body`; a multipart/form-data body is answered 415 BAD_REQUEST (formRefusal) before
 * any of it is read (after the key is checked and the Content-Encoding: api/request-encoding.ts).
 */
export function registerLogBodyTypes(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', (_req, payload, done) => { done(null, payload) })
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => { done(new ApiError(415, 'BAD_REQUEST', formRefusal)) })
}
