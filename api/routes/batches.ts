// GET /api/batches: every batch with its state, the rows `wacost batches` prints (the same query,
// sql/queries/batches.sql), so that while the server holds the database a user can see whether a
// batch finished: `wacost batches` could not open the database then and the route did not exist
// (fresh-user trial: a CLI killed mid-ingest, the server finishing the batch unseen).
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { ApiError, errorSchema } from '../errors.ts'
import { formats, sendQuery } from '../results.ts'

/** What the server's log says of a POST /api/ingest batch (batchLog): its counts, or what it stored when it failed. */
export interface BatchLine {
  batch: number; source: string
  /**
   * `interrupted`: it failed and what it stored was derived (`wacost batches` says so); `failed`: that failed too (the next start does it);
   * `refused`: its body was refused whole (UTF-16/UTF-32, a tar archive), nothing of it stored (GET /api/batches lists it `refused`)
   */
  state: 'finished' | 'interrupted' | 'failed' | 'refused'
  lines?: number; accepted?: number; rejected?: number
  /** what `lines` counts (BatchSummary.unit): JSON documents over several lines, or lines */
  unit?: 'line' | 'document'
  /** of a batch that did not finish: the lines it stored (undefined: not known) */
  stored_lines?: number
}

/**
 * One line of the server's log per POST /api/ingest batch, when it finishes or fails, with the
 * batch, its source, its counts and its state as fields (fresh-user trial: a CLI killed while the
 * server went on and finished its batch; the log said nothing, and `wacost batches` refused while
 * the server ran). A finished batch is logged at level info, yet shown at the default level
 * (WACOST_LOG_LEVEL=warn) too: the level says what it is, and it is the line a user looks for;
 * `error` or `silent` leave it out. One that failed, or was refused whole, is a warning, `why` saying what happened.
 */
export function batchLog(log: FastifyBaseLogger, line: BatchLine, why = ''): void {
  const named = `batch ${line.batch} (${line.source})`
  // `why`: the refusal itself, in the words of GET /api/rejected's Wacost-Notice (it was said as a batch interrupted: break-it trial)
  if (line.state === 'refused') {
    log.warn(line, `${named} was refused whole: ${why}`)
    return
  }
  if (line.state !== 'finished') {
    const stored = line.stored_lines === undefined ? '' : ` (${line.stored_lines} line${line.stored_lines === 1 ? '' : 's'} stored)`
    log.warn(line, `${named} did not finish${stored}, marked ${line.state === 'interrupted' ? 'interrupted' : 'unfinished: the next start finishes it'}: ${why}`)
    return
  }
  const shown = log.level === 'warn' ? log.child({}, { level: 'info' }) : log
  const unit = line.unit === 'document' ? 'JSON document' : 'line'
  shown.info(line, `${named} finished: ${line.lines} ${unit}${line.lines === 1 ? '' : 's'}, ${line.accepted} record${line.accepted === 1 ? '' : 's'} accepted, ${line.rejected} rejected`)
}

/**
 * `GET /api/batches`, role `ingest` (the ingest's own report, as GET /api/rejected; admin implies
 * it). A batch is no WABA's (one log may hold many WABAs' records, and its source names the file):
 * a key limited to some WABAs is refused with a 403 saying so, as GET /api/rejected refuses it.
 * Outside the results cache: a batch changes its state (running, then finished) and a batch of
 * refused lines alone moves no data epoch.
 */
export async function batchRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { format?: string } }>('/api/batches', {
    config: { role: 'ingest', action: 'list the batches (GET /api/batches, a report of the ingest)', everyWaba: true },
    schema: {
      summary: 'Batches and their states',
      description: 'Every batch (each `wacost ingest` input, each POST /api/ingest body, each webhook micro-batch, each rebuild run) '
        + 'in batch order, as `wacost batches` lists them: batch, source, started_at, finished_at (null while not finished), '
        + 'state (`finished`; `running`: started, not finished yet; `refused`: its input was refused whole, a UTF-16 or UTF-32 log or a tar archive, '
        + 'nothing of it stored; `interrupted`: the run stopped before finishing), '
        + 'lines, accepted, rejected (null for a batch not finished that stored no group of lines whole), '
        + 'new_records, unchanged_records, corrected_records (of the accepted records; null for rebuilds, runs stopped before '
        + 'storing every line and batches recorded before these counts), refused_because (of a `refused` batch, why: `it is a tar archive, '
        + 'not a message log: …`; else null). Needs the ingest role and a key for every WABA '
        + '(a batch may hold records of any WABA).',
      tags: ['ingest'],
      security: [{ apiKey: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { format: { type: 'string', enum: formats } },
      },
      response: { '4xx': errorSchema },
    },
  }, async (req, reply) => {
    if (!req.access.all) {
      throw new ApiError(403, 'FORBIDDEN', 'This API key is limited to some WABAs; a batch may hold records of any WABA, and its source names the file: use a key for every WABA.')
    }
    return sendQuery(req, reply, 'queries/batches', {}, { uncached: true })
  })
}
