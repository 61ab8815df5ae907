// What POST /api/ingest answers of a batch its body made: the shapes of its answers (the batch
// summary, 200; a body cut short or stalled, 400/408, with what was stored; nothing to derive,
// 422, beside the summary) and why nothing was derived, in the CLI's words. The route
// (api/routes/ingest.ts) reads the body and runs the batch; what it says when the body itself
// fails is api/body-errors.ts.
import type { BatchSummary } from '../core/batches.ts'
import { errorSchema } from './errors.ts'

/**
 * The batch summary POST /api/ingest answers (200): core/batches.ts BatchSummary, with where its
 * rejected lines are listed and, for a key for every WABA, what the whole database lacks.
 */
export const summarySchema = {
  type: 'object',
  properties: {
    batch: { type: 'integer', description: 'the batch number (`wacost batches`)' },
    source: { type: 'string' },
    lines: { type: 'integer', description: 'non-blank input lines read; of JSON documents over several lines (unit `document`), the documents as written (those that share a line count one each; a stray comma or bracket none)' },
    unit: { type: 'string', enum: ['line', 'document'], description: 'what `lines` counts: `document` when the body was read as JSON documents over several lines (a pretty-printed array of 2 documents: lines 2, as `wacost ingest` says "2 JSON documents"), else `line`' },
    blankLines: { type: 'integer', description: 'blank input lines skipped: of a line-per-record log, lines + blankLines are its lines; of JSON documents, those before, between and after documents (the other lines a document spans are neither)' },
    accepted: { type: 'integer', description: 'records stored (an envelope line may hold several)' },
    newRecords: { type: 'integer', description: 'of the accepted records: message or status lines not stored before' },
    unchangedRecords: { type: 'integer', description: 'of the accepted records: lines that repeat, field for field, what was already stored (or an earlier line of the body), so they changed nothing; all of them when the same log is sent again' },
    repeatedRecords: { type: 'integer', description: 'of the unchanged records: lines that repeat the line before them for the same message id in the body (an identical status line: any but the first), not a stored row' },
    correctedRecords: { type: 'integer', description: 'of the accepted records: message lines for a message id already stored (or earlier in the body) whose fields differ, replacing it (the last line wins)' },
    rejected: { type: 'integer', description: 'records refused, each kept with its reason' },
    rejections: {
      type: 'array',
      items: { type: 'object', properties: { reason: { type: 'string' }, lines: { type: 'integer' }, first_line: { type: 'integer' } } },
      description: 'one entry per reason, most frequent first; first_line is the first input line with it',
    },
    unmatchedStatuses: { type: 'integer', description: 'message ids named only by status records so far (whole database); absent with report=none, and for a key limited to some WABAs' },
    rejected_lines: { type: ['string', 'null'], description: 'where the rejected lines are listed: GET /api/rejected?batch=N (null when none, or for a key limited to some WABAs, which that route refuses)' },
    unpriced: { type: ['integer', 'null'], description: 'charged conversations without a rate-card price, whole database (their cost is null); null for a key limited to some WABAs, or with report=none' },
    warnings: { type: 'array', items: { type: 'string' }, description: 'what `wacost ingest` would warn about after this batch (none for a key limited to some WABAs, or with report=none)' },
    notices: { type: 'array', items: { type: 'string' }, description: 'accepted records of this batch kept as given that are likely mistakes of the log (a message_id with blanks at its ends, a wa_id that is no international number, a phone number given under another WABA than it is stored under, a message dated before 2018-08-01 or more than a day after the ingest, records of WABAs the WABA register does not list), one sentence each; they are counted by the rules as given; and, once, how to convert a body whose lines were rejected as not valid UTF-8 (another encoding, e.g. Latin-1); and how many bytes after the end of the body\'s gzip, deflate or br data were ignored (as `gzip -d` ignores them)' },
    unregisteredWabas: { type: 'array', items: { type: 'string' }, description: 'WABA ids of accepted records that the WABA register (`--wabas`) does not list (empty when no register is loaded): counted in UTC and shown by id, with no name; a notice says how to add them' },
  },
} as const

/**
 * A body cut short or that could not be decompressed (400), or that stopped arriving (408): the
 * error, and the batch with the lines it stored (the whole groups read before the cut), which
 * `wacost ingest` repeats.
 */
export const cutSchema = {
  type: 'object',
  properties: {
    ...errorSchema.properties,
    batch: { type: 'integer', description: 'the batch the body made, marked interrupted (`wacost batches`); of a body refused whole (UTF-16/UTF-32, a tar archive), marked refused' },
    stored_lines: { type: 'integer', description: 'the lines of it stored: those of the groups (~64 MB) read whole before the cut, or before the body stopped arriving (408); 0 when none was' },
  },
} as const

/**
 * The answer when nothing could be derived: the error (code NOTHING_TO_DERIVE) beside the batch
 * summary, so a client sees which lines were rejected and why, as `wacost ingest` prints them.
 */
export const nothingSchema = {
  type: 'object',
  description: 'Nothing to derive: the body held no line (or no JSON document), only blank lines, or every line (every JSON document) was rejected (`wacost ingest` exits 4). '
    + 'The batch is recorded and its rejected lines kept, as after `wacost ingest`; the summary says why.',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string', enum: ['NOTHING_TO_DERIVE'] }, message: { type: 'string' } }, required: ['code', 'message'] },
    ...summarySchema.properties,
  },
} as const

/**
 * Why a batch that accepted no record gave nothing to derive, in the CLI's terms (cli/failure.ts
 * nothingDerived). `listed`: the key may list the rejected lines (GET /api/rejected needs a key
 * for every WABA).
 */
export function nothingToDerive(s: BatchSummary, listed: boolean): string {
  const documents = s.unit === 'document'
  // an empty array of JSON documents (`[`, `]`) holds lines, but no document
  if (s.lines === 0 && documents) return 'Nothing to derive: the body holds no JSON document; no record was stored.'
  if (s.lines === 0) return `Nothing to derive: the body holds ${s.blankLines > 0 ? `only blank lines (${s.blankLines})` : 'no lines'}; no record was stored.`
  const where = listed ? `; GET /api/rejected?batch=${s.batch} lists ${s.lines === 1 ? 'it' : 'them'}` : ''
  // a pretty-printed document of 20 lines is one JSON document, as the summary counts it
  const one = documents ? 'JSON document' : 'line'
  if (s.lines === 1) return `Nothing to derive: the one ${one} was rejected (reason in rejections${where}).`
  return `Nothing to derive: all ${s.lines} ${one}s were rejected (reasons in rejections${where}).`
}
