// POST /api/ingest: a message log in the request body becomes one batch, exactly as `wacost
// ingest FILE` makes it (same validation, rejections kept with their reason, lines already stored
// change nothing). The body is never buffered: this route has no body parser of its own, the
// request stream (decoded on the way as its Content-Encoding says: api/request-encoding.ts
// decodedBody) is handed to the ingest, which reads it a run of lines at a time, so any size
// takes the same memory.
// Batches never overlap: each runs inside session.exclusive, after the ones before it.
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { recordRefusal, storedBeforeCut, storedLines, unknownBatch, type IngestSource } from '../../core/batches.ts'
import { batchRow, rejectedBatchesNote, rejectedNote, type RejectedBatch } from '../../core/rejected-note.ts'
import { rows } from '../../core/db/sql.ts'
import type { Session } from '../../core/session.ts'
import { RefusedInputError, refuseUnreadable } from '../../core/refused-input.ts'
import { headerSafe } from '../../core/printable.ts'
import { apiIngestSource } from '../../core/unnamed-sources.ts'
import { describeReport, runReport } from '../../core/reports.ts'
import { recover, unfinishedBatches } from '../../core/recovery.ts'
import { LOAD_THROUGH_SERVER, unlistedWabasSentence } from '../../core/unlisted-wabas.ts'
import { ApiError, errorSchema, notCountedTwice, type ErrorCode } from '../errors.ts'
import { bodyError, stalledError } from '../body-errors.ts'
import { cutSchema, nothingSchema, nothingToDerive, summarySchema } from '../ingest-answer.ts'
import { formats, sendQuery } from '../results.ts'
import { BodyStalledError, idleLimited } from '../body-idle.ts'
import { decodedBody } from '../request-encoding.ts'
import { registerLogBodyTypes } from '../log-body-types.ts'
import { keyWabasSchema } from './dashboard.ts'
import { batchLog } from './batches.ts'
import { wabaIdForm, wabaIdSchema } from '../../core/waba-id.ts'

export interface IngestRouteOptions {
  /** ingest/pipeline.ts ingestSource, given by the composition root (api/ never imports ingest/). */
  ingest: IngestSource
  exclusive: Session['exclusive']
  /** How long a body may send nothing while the ingest waits for it (WACOST_BODY_IDLE_SECONDS), ms. */
  idleMs: number
}

interface IngestQuery { waba?: string; source?: string; report?: 'whole' | 'none' }

/** A rejected input line (sql/api/rejected.sql). */
export interface RejectedLineRow { batch_id: number; source: string; line_no: number; reason: string; raw: string }

/**
 * The batches of the first `limit` rejected lines, in the order sql/api/rejected.sql lists them
 * (by batch), the last one's `lines` cut to those listed: the sentence counts what the answer holds.
 */
function listedBatches(batches: readonly RejectedBatch[], limit: number): RejectedBatch[] {
  let left = limit
  return batches.flatMap((b) => {
    const lines = Math.min(Number(b.lines), left)
    left -= lines
    return lines > 0 ? [{ ...b, lines }] : []
  })
}

/**
 * `POST /api/ingest[?waba=ID][&source=NAME]`, role `ingest`. Body: a message log (NDJSON, JSON
 * documents, webhook envelopes; interfaces.md §1), optionally `Content-Encoding: gzip`. Answers
 * 200 with the batch summary (counts of lines, accepted and rejected records, reasons) even when
 * lines were rejected; a key limited to some WABAs gets every record of another WABA rejected
 * with a reason naming it. Gzip is told by its first bytes (Content-Encoding: gzip or not); any
 * other Content-Encoding is a 415 naming it, before the body is read (api/request-encoding.ts), as is a multipart/form-data
 * body (api/log-body-types.ts). A body cut short, or gzip that cannot be decompressed, is a 400 saying so: what was stored of it
 * (whole groups of lines read before) is derived; sending it again is safe (idempotent). A body
 * that sends nothing for `idleMs` while more is expected is a 408 TIMEOUT saying how much came and
 * what was stored (api/body-idle.ts; the batch and stored_lines as the 400's), and the connection is closed.
 *
 * A body from which no record was accepted (empty, blank lines only, every line rejected) answers
 * 422 NOTHING_TO_DERIVE with the same summary: `wacost ingest` exits 4 for that input, and a 200
 * let `curl --fail` and scripts take it for stored data. 422 (Unprocessable Content, RFC 9110
 * §15.5.21) because the request itself was sound: its content type understood and the whole body
 * read (a body cut short or a corrupt gzip stream stays a 400, a key without the role a 403), but
 * its content held nothing to process. Not a 2xx, though the batch is recorded: it and its
 * rejected lines are kept, as after the CLI's exit 4. Status lines alone are accepted (they wait
 * for their message): 200, as the CLI exits 0.
 */
export async function ingestRoutes(app: FastifyInstance, { ingest, exclusive, idleMs }: IngestRouteOptions): Promise<void> {
  // No parser reads the body: the stream goes to the ingest as it arrives (a form upload is refused)
  registerLogBodyTypes(app)

  app.post<{ Querystring: IngestQuery }>('/api/ingest', {
    config: { role: 'ingest' },
    // decoded here (decodedBody), not by @fastify/compress: zlib's gunzip refused bytes after the gzip data
    decompress: false,
    schema: {
      summary: 'Ingest a message log (one batch)',
      description: 'The body is a message log as `wacost ingest` reads it: NDJSON, JSON documents or webhook envelopes, '
        + 'optionally compressed (`Content-Encoding: gzip`, `deflate` or `br`; another Content-Encoding is a 415 naming it), streamed: any size; a multipart/form-data body (`curl -F`) is a 415 saying to send the log itself. One batch, the same validation, rejections and '
        + 'idempotency as the CLI. Needs a key with the ingest role; a key limited to some WABAs may write only theirs '
        + '(records of another WABA are rejected with a reason naming it).',
      tags: ['ingest'],
      security: [{ apiKey: [] }],
      consumes: ['application/x-ndjson', 'application/json', 'text/plain', 'application/octet-stream'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          waba: { ...wabaIdSchema, description: `WABA id of webhook \`value\` objects sent without their envelope (like \`wacost ingest --waba\`): ${wabaIdForm}` },
          source: { type: 'string', minLength: 1, maxLength: 200, description: 'name of the batch in `wacost batches` (default: "POST /api/ingest")' },
          report: {
            type: 'string', enum: ['whole', 'none'], default: 'whole',
            description: '`whole` (default): the answer also says what the whole database holds that is not whole (unmatchedStatuses, unpriced, warnings: '
              + 'three queries over every stored conversation and status, ~3 s of engine time a batch at 15M messages); `none`: only the batch\'s '
              + 'own summary (unmatchedStatuses absent, unpriced null, warnings empty), for a client that posts every second or so',
          },
        },
      },
      response: { 200: summarySchema, 400: cutSchema, 408: cutSchema, 422: nothingSchema, '4xx': errorSchema },
    },
  }, async (req, reply) => {
    // gzip is told by its first bytes, as `wacost ingest` reads a file (also after a Content-Encoding
    // is undone); what the body itself gives notice of (bytes after its gzip data) is said with the summary
    const notices: string[] = []
    const coding = req.headers['content-encoding']
    // a body that is itself gzip (a .gz sent as it is, not a Content-Encoding): a UTF-16 one is unpacked before it is converted
    let gzipped = false
    const body = decodedBody(idleLimited((req.body as Readable | undefined) ?? req.raw, idleMs), coding, notices, () => { gzipped = true })
    const input = Readable.from(refuseUnreadable(body, () => gzipped), { objectMode: false })
    const source = req.query.source ?? apiIngestSource
    const wabas = req.access.all ? [] : req.access.wabas
    const db = app.db
    // (a send log posted every second paid ~3.4 s of engine CPU a batch for these at 15M stored,
    // more than its derive: bench:live)
    const whole = req.query.report !== 'none'
    // the client gone, its body not whole, while the batch waits behind another (a body that came
    // whole is read all the same: api/app.ts), said as such rather than as a body cut short
    let goneWaiting = false
    const gone = () => { goneWaiting = !req.raw.complete }
    req.raw.once('close', gone)
    return exclusive(async () => {
      req.raw.off('close', gone)
      let summary
      try {
        summary = await ingest(db, input, source, undefined, { waba: req.query.waba, wabas, unmatchedTotals: whole && req.access.all }) // (that count spans every WABA)
      } catch (e) {
        // The batch stopped half-way: derive what it stored and mark it interrupted, now rather
        // than at the next start, so the next batch and every reader see consistent figures.
        // Should that fail too (the engine is gone), the next start re-does it; the answer is
        // about the batch's own failure.
        const unfinished = await unfinishedBatches(db).catch(() => [])
        const batch = unfinished.at(-1)?.batch_id
        // refused whole (UTF-16/UTF-32, a tar archive): why, recorded with its batch (GET /api/batches, GET /api/rejected)
        if (e instanceof RefusedInputError && batch !== undefined) await recordRefusal(db, Number(batch), e.message).catch((r: unknown) => { req.log.error({ err: r }, 'recording why a batch was refused failed') })
        const recovered = await recover(db, unfinished).then(() => true, (r: unknown) => { req.log.error({ err: r }, 'recovery after a failed batch failed'); return false })
        // what it stored (lines are stored a group at a time: those of a group not read whole
        // before the failure are not), said in the answer and the server's log (batchLog)
        const lines = recovered && batch !== undefined ? await storedLines(db, Number(batch)).catch(() => undefined) : undefined
        const logged = (why: string) => batchLog(req.log, { batch: Number(batch), source, state: recovered ? 'interrupted' : 'failed', stored_lines: lines }, why)
        // refused whole: logged as the refusal GET /api/batches lists (`refused`), not as a batch interrupted
        const refused = e instanceof RefusedInputError && recovered
        if (refused) batchLog(req.log, { batch: Number(batch), source, state: 'refused', stored_lines: lines }, e.message)
        if (e instanceof BodyStalledError) {
          // the rest of the body will not be read: the connection closes after the answer
          reply.header('connection', 'close')
          // what it stored, as the 400 for a cut body says it (the batch and its lines)
          const err = stalledError(e, req.headers['content-length'], req.headers['content-encoding'] !== undefined, batch, lines)
          if (batch === undefined) req.log.warn(err.message); else logged(err.message)
          if (lines === undefined) throw err
          return reply.code(408).send({ error: { code: err.code, message: err.message }, batch: Number(batch), stored_lines: lines })
        }
        // cut short or not decompressed: what of it was stored, in the CLI's words (fresh-user
        // trial), said instead of what may have been
        // (a UTF-16/UTF-32 body's answer had no batch, a tar's had: both are recorded, GET /api/rejected?batch=N says why)
        const said = lines === undefined ? undefined : storedBeforeCut(batch!, lines)
        const err = bodyError(e, coding,
          said && `${said.charAt(0).toUpperCase()}${said.slice(1)}.${lines! > 0 ? ` ${notCountedTwice}` : ''}`, goneWaiting)
        if (batch !== undefined && !refused) logged((err ?? (e as Error)).message)
        if (!err || said === undefined) throw err ?? e
        return reply.code(400).send({ error: { code: err.code, message: err.message }, batch: Number(batch), stored_lines: lines })
      }
      batchLog(req.log, { batch: summary.batch, source, state: 'finished', lines: summary.lines, unit: summary.unit, accepted: summary.accepted, rejected: summary.rejected })
      // The warnings name conversations of every WABA: only for a key that may read them all.
      // (Also after a 422: the CLI through a server prints the last answer's warnings, which
      // are about the whole database, as the local CLI prints them after all its inputs.)
      const report = req.access.all && whole ? await runReport(db) : undefined
      const unlisted = summary.unregisteredWabas ?? []
      const answer = {
        ...summary,
        notices: [...(summary.notices ?? []), ...notices, ...(unlisted.length > 0 ? [unlistedWabasSentence('records', unlisted, LOAD_THROUGH_SERVER)] : [])],
        // GET /api/rejected needs a key for every WABA: not pointed at for a limited one
        rejected_lines: summary.rejected > 0 && req.access.all ? `/api/rejected?batch=${summary.batch}` : null,
        unpriced: report?.unpriced ?? null,
        warnings: report ? describeReport(report, { served: db.embedded }) : [],
      }
      if (summary.accepted > 0) return answer
      const code: ErrorCode = 'NOTHING_TO_DERIVE'
      return reply.code(422).send({ error: { code, message: nothingToDerive(summary, req.access.all) }, ...answer })
    })
  })

  app.get('/api/ingest', {
    config: { role: 'ingest' },
    schema: {
      summary: 'What this key may ingest',
      description: 'Answers 200 with the WABAs a key with the ingest role may write (`*`: every WABA), else the 401 or 403 a POST '
        + 'would get: `wacost ingest` asks it before streaming a log, since a server that refuses a request mid-upload may close '
        + 'the connection before the client reads why.',
      tags: ['ingest'],
      security: [{ apiKey: [] }],
      response: { 200: keyWabasSchema, '4xx': errorSchema },
    },
  }, async (req) => ({ wabas: req.access.all ? '*' : req.access.wabas }))

  app.get<{ Querystring: { batch: number; limit: number; format?: string } }>('/api/rejected', {
    // the ingest's own report (README: Roles), so a read key does not list it
    config: { role: 'ingest', action: 'list the lines an ingest rejected (GET /api/rejected, a report of the ingest)', everyWaba: true },
    schema: {
      summary: 'Rejected input lines',
      description: 'The input lines a batch refused (batch 0: every batch), each with its reason and its text as received: '
        + 'what `wacost rejected` lists. Needs the ingest role and a key for every WABA (a line that could not be read '
        + 'names no WABA it could be checked against). 404 NOT_FOUND when batch N does not exist (the answer names the last one). '
        + 'A batch whose input was refused whole (a UTF-16 or UTF-32 log, a tar archive: state `refused` in GET /api/batches) lists no line, '
        + 'and its answer has a header Wacost-Notice saying why: `batch 7 (x.log) was refused whole: it is a tar archive, …`. '
        + 'Of a batch that stopped (state `interrupted`) or is still running, Wacost-Notice says what `wacost rejected --batch N` says of it: '
        + 'what it stored, that lines it had not stored are missing and how to send them again. '
        + 'Of every batch (batch 0), lines of several batches or of one that stopped: Wacost-Notice says what `wacost rejected` says before them, '
        + 'how many lines come from how many batches, which stopped and which of those were ingested again (a line both runs stored is listed once for each).',
      tags: ['ingest'],
      security: [{ apiKey: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          batch: { type: 'integer', minimum: 0, maximum: 999_999_999, default: 0, description: 'the batch (POST /api/ingest answers it); 0 = every batch' },
          limit: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 10_000, description: 'at most this many lines' },
          format: { type: 'string', enum: formats },
        },
      },
      response: { '4xx': errorSchema },
    },
  }, async (req, reply) => {
    if (!req.access.all) {
      throw new ApiError(403, 'FORBIDDEN', 'This API key is limited to some WABAs; rejected lines may belong to any WABA (or none): use a key for every WABA.')
    }
    // a batch that does not exist is said, not listed as empty (as `wacost rejected --batch N`)
    const there = req.query.batch === 0 ? null : await unknownBatch(req.server.db, req.query.batch)
    if (there) throw new ApiError(404, 'NOT_FOUND', `No batch ${req.query.batch}: ${there}.`, 'batch')
    // what the list cannot say (refused whole, stopped: core/rejected-note.ts) is said in a header, as the CLI says it on stderr
    const row = req.query.batch === 0 ? undefined : await batchRow(req.server.db, req.query.batch)
    const note = row ? rejectedNote(row, Number(row.rejected ?? 0) > 0) : null
    if (note !== null && row!.state !== 'finished') reply.header('wacost-notice', headerSafe(note))
    // every batch's lines: from which batches, which stopped and were sent again, as `wacost rejected`
    // says before them (the header said nothing, though the rows of an input stopped and sent again
    // are listed once for each run and cannot be told apart)
    const from = req.query.batch === 0 ? rejectedBatchesNote(listedBatches(await rows<RejectedBatch>(req.server.db, 'queries/rejected_batches'), req.query.limit)) : null
    if (from !== null) reply.header('wacost-notice', headerSafe(from))
    // outside the results cache: a batch whose records were all refused moves no data epoch
    return sendQuery(req, reply, 'api/rejected', { batch: req.query.batch, limit: req.query.limit }, { uncached: true })
  })
}
