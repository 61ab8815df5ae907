// Sends one named query's result in the format the caller asked for: an Arrow IPC stream by
// default (the dashboard hands it to Plot as is), JSON or CSV via `?format=` or `Accept`.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { rows, stream, streamCsv, type Params } from '../core/db/sql.ts'
import type { Db } from '../core/db/client.ts'
import { ApiError } from './errors.ts'
import { resultKey } from './results-cache.ts'

export const formats = ['arrow', 'json', 'csv'] as const
export type Format = (typeof formats)[number]

const mime: Record<Format, string> = {
  arrow: 'application/vnd.apache.arrow.stream',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

function negotiate(req: FastifyRequest): Format {
  const asked = (req.query as { format?: Format }).format
  if (asked) return asked
  const accept = req.headers.accept
  if (!accept) return 'arrow'
  const choice = req.accepts().type(['application/vnd.apache.arrow.stream', 'application/json', 'text/csv'])
  if (choice === 'application/json') return 'json'
  if (choice === 'text/csv') return 'csv'
  if (choice === 'application/vnd.apache.arrow.stream') return 'arrow'
  throw new ApiError(406, 'NOT_ACCEPTABLE', `Cannot answer with ${accept}; ask for ${Object.values(mime).map((m) => m.split(';')[0]).join(', ')} (or ?format=arrow|json|csv).`)
}

// Plot and JSON readers want plain numbers and UTF-8 strings.
const settings = {
  // Times in JSON and CSV as ISO 8601 with their zone ("2024-09-01T00:00:00.000Z"): UTC instants.
  date_time_output_format: 'iso',
  output_format_arrow_string_as_string: 1,
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_decimals: 0,
  output_format_json_escape_forward_slashes: 0,
  // A null in CSV as an empty cell, as the finance exports and `wacost reconcile` write it: the
  // reconciliation's Download all wrote \N for a split's cost and currency, which a spreadsheet shows.
  format_csv_null_representation: '',
  // CSV lines end in CRLF (RFC 4180), as the finance exports and `wacost reconcile` write them:
  // the reconciliation's CSV from the API ended in LF, from the CLI in CRLF (fresh-user trial).
  output_format_csv_crlf_end_of_line: 1,
}

async function collect(out: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of out) chunks.push(typeof c === 'string' ? Buffer.from(c) : c)
  return Buffer.concat(chunks)
}

/** The whole answer of sql/<name>.sql in one format. */
async function produce(db: Db, format: Format, name: string, params: Params): Promise<Buffer> {
  if (format === 'json') return Buffer.from(JSON.stringify(await rows(db, name, params, settings)))
  // ClickHouse writes the Arrow IPC stream and the CSV itself; the bytes pass through untouched.
  // CSV is opened in spreadsheets: its text cells are neutralized against formula injection.
  return collect(format === 'arrow' ? await stream(db, name, params, 'ArrowStream', settings) : await streamCsv(db, name, params, 'CSVWithNames', settings))
}

/**
 * How sendQuery answers: `fileName`, a CSV answer is a download of that name (Content-Disposition);
 * `prepare`, runs before the query when it runs (not for a kept answer), given the answer's
 * format, e.g. bringing the table it reads up to date; `uncached`, the query runs for every request, outside the results cache:
 * for what a batch may change without moving the data epoch (its refused lines: a batch of them
 * alone changes no figure, core/data-version.ts).
 */
export interface SendOptions { fileName?: () => Promise<string>; prepare?: (format: Format) => Promise<void>; uncached?: boolean }

/**
 * Runs sql/<name>.sql with bound params and sends the result. Results go through the results
 * cache (api/results-cache.ts) keyed by query name, format and the bound parameters (which hold
 * the WABAs the key may read), within the current data epoch: a repeated or concurrent identical
 * request reuses one query's bytes; after a batch the query runs again.
 */
export async function sendQuery(req: FastifyRequest, reply: FastifyReply, name: string, params: Params, opts: SendOptions = {}): Promise<FastifyReply> {
  const { fileName, prepare } = opts
  const format = negotiate(req)
  const db = req.server.db
  const started = performance.now()
  const run = async () => {
    await prepare?.(format)
    return produce(db, format, name, params)
  }
  const { body, from } = opts.uncached ? { body: await run(), from: 'run' as const } : await req.server.results.get(resultKey([name, format], params), run)
  if (format === 'csv' && fileName) reply.header('content-disposition', `attachment; filename="${await fileName()}"`)
  // Server-Timing (shown by a browser's developer tools, read by bench:live): whether the
  // answer was a kept result, an identical request's, or a query of its own, and the wait for it
  return reply.type(mime[format]).header('vary', 'accept')
    .header('server-timing', `cache;desc=${from};dur=${(performance.now() - started).toFixed(1)}`).send(body)
}

/**
 * Rows of sql/<name>.sql through the results cache: the small look-ups a route makes before its
 * query (is this WABA, phone number or customer known?) would otherwise queue behind the engine
 * on every request, cached or not.
 */
export async function cachedRows<T>(req: FastifyRequest, name: string, params: Params): Promise<T[]> {
  const db = req.server.db
  const { body } = await req.server.results.get(resultKey([name, 'rows'], params), async () => Buffer.from(JSON.stringify(await rows<T>(db, name, params))))
  return JSON.parse(body.toString('utf8')) as T[]
}
