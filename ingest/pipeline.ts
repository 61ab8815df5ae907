// Ingests one source (a file or stdin) as one batch: bytes go to the engine in runs of whole
// lines, a group of runs at a time is parsed and routed by the SQL of sql/pipeline/, and the
// touched keys are re-derived once at the end.
import { Readable } from 'node:stream'
import type { Db } from '../core/db/client.ts'
import { exec, execAll, execWithRows, rows, traced } from '../core/db/sql.ts'
import { GROUP_BYTES, recordBatch, startBatch, type BatchSummary, type IngestOptions, type Progress, type RecordNews, type Rejection } from '../core/batches.ts'
import { onlyBlankLines, readChunks, type Chunk, type DocumentCounts, type LineReject } from './chunks.ts'
import { nameDocumentDefects } from './document-defects.ts'
import { resolveNumbers, storeCountries, unresolvedNumbers } from './countries.ts'
import { deriveBatch } from '../core/derive.ts'
import { unmatchedTotals } from '../core/reports.ts'
import { binaryKind, notUtf8Notices } from './not-utf8.ts'
import { parseGroup, type ParseScope } from './parse-group.ts'
import { noticeWords, notices, type Dated, type OtherWaba, type Tally } from './notices.ts'

export type { BatchSummary, IngestOptions, Progress, Rejection } from '../core/batches.ts'

/** Runs in flight to the engine at once (each is parsed into the buffer on its own thread). */
const IN_FLIGHT = 2

/** Appends one run to ingest_chunk_buffer, its bytes as they are (sql/pipeline/05_chunk.sql). */
async function send(db: Db, chunk: Chunk, firstByte: number): Promise<void> {
  await execWithRows(db, 'pipeline/05_chunk', { first_line: chunk.firstLine, first_byte: firstByte, first_rec: chunk.firstRecord ?? 0 }, chunk.body)
}

interface Totals {
  lines: number; accepted: number; rejected: number; news: RecordNews; rejections: Map<string, Rejection>
  /** accepted status lines naming a message id with no message line when stored (sql/pipeline/33_record_news.sql) */
  statusesWithoutMessage: number
  blankEdgedIds: Tally; oddWaIds: Tally; otherWaba: OtherWaba; early: Dated; ahead: Dated
  /** WABAs of accepted records the WABA register does not list (sql/pipeline/70_group_summary.sql) */
  unregistered: Set<string>
  /** the batch's ids with delivery facts to write at its end (pipeline/60_fact_ids): none, pipeline/80_status_facts is not run */
  factIds: number
}

interface OtherWabaRow { lines: string; first_line: string; phone: string; waba: string; owner: string; registered: number | string; pairs: string }

interface NewsRow {
  new_records: string; unchanged_records: string; corrected_records: string; statuses_without_message: string; repeated_records: string
  /** the group's ids pipeline/45_tombstones and pipeline/60_fact_ids would write (none: not run) */
  moved_ids: string; fact_ids: string
  /** the group's ids whose lines pipeline/34_repeated_news and 35_status_news compare (none: not run) */
  repeated_ids: string; status_repeated_ids: string
}

/** What sql/pipeline/34_repeated_news.sql and 35_status_news.sql add to 33_record_news's counts. */
type MoreNewsRow = Partial<Pick<NewsRow, 'new_records' | 'unchanged_records' | 'corrected_records' | 'repeated_records'>>

interface GroupRow {
  reason: string; records: string; statuses: string; first_line: string; lines: string; total: number
  blank_edged_ids: string; blank_edged_first: string; odd_wa_ids: string; odd_wa_first: string
  early_dated: string; early_first: string; early_at: string; ahead_dated: string; ahead_first: string; ahead_at: string
  unregistered_wabas: string[]
}

export type Limits = IngestOptions

/**
 * Ingests `input` as one batch named `source` and derives it (core/batches.ts `IngestSource`):
 * rejected lines are stored with their reason, never dropped; lines already stored change nothing.
 */
export async function ingestSource(db: Db, input: Readable, source: string, onProgress?: (p: Progress) => void, limits: IngestOptions = {}): Promise<BatchSummary> {
  const groupLimit = limits.groupBytes ?? GROUP_BYTES
  const { id: batch, started } = await startBatch(db, source)
  await limits.started?.()
  // whatever a crashed run left in the working tables
  await execAll(db, 'pipeline/clear_all', ['pipeline/11_clear_chunks', ...groupTables, 'pipeline/92_clear_fact_ids'])

  const totals: Totals = {
    lines: 0, accepted: 0, rejected: 0, news: { newRecords: 0, unchangedRecords: 0, correctedRecords: 0, repeatedRecords: 0 }, rejections: new Map(), statusesWithoutMessage: 0,
    blankEdgedIds: { lines: 0, first_line: 0 }, oddWaIds: { lines: 0, first_line: 0 },
    otherWaba: { lines: 0, first_line: 0, phone: '', waba: '', owner: '', registered: false, mixed: false },
    early: { lines: 0, first_line: 0, at: '' }, ahead: { lines: 0, first_line: 0, at: '' }, unregistered: new Set(), factIds: 0,
  }
  const refused: LineReject[] = []
  const progress: Progress = { lines: 0, bytes: 0 }
  // the input's lines, for the blank ones (line-per-record input); JSON documents count those
  // between them, and the documents (readChunks' value: a document over several lines counts as
  // one, its other lines are no blank lines of the input; blank lines between a pretty array's
  // documents went uncounted)
  let read = 0
  let documents: DocumentCounts | undefined
  let head: Buffer | undefined // the first run's first bytes, to tell a binary file (not-utf8.ts)
  const chunks = readChunks(input, (l) => refused.push(l), limits.chunkBytes)
  for (let more = true; more;) {
    // Reads and sends runs until a group is full or the input ends.
    let groupBytes = 0
    more = await traced('pipeline/chunks', async () => {
      const inFlight = new Set<Promise<void>>()
      try {
        for (;;) {
          const next = await chunks.next()
          if (next.done) { documents = next.value ?? undefined; return false }
          const chunk = next.value
          head ??= chunk.documents ? Buffer.alloc(0) : Buffer.from(chunk.body.subarray(0, 8192))
          // A run of blank lines only carries no record: not sent (100 MB of them took the engine
          // 83 s and 1.8 GB, holding the only writer: break-it trial); its lines still count.
          if (!onlyBlankLines(chunk.body)) {
            if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
            // the run's position orders the batch's records (staged_records.seq); starts at 1
            const sent: Promise<void> = send(db, chunk, progress.bytes + 1).then(() => { inFlight.delete(sent) })
            sent.catch(() => {}) // awaited below; a failure must not go unhandled meanwhile
            inFlight.add(sent)
            groupBytes += chunk.bytes
          }
          progress.lines = chunk.firstLine + chunk.lines - 1
          read = Math.max(read, progress.lines)
          progress.bytes += chunk.bytes
          onProgress?.(progress)
          if (groupBytes >= groupLimit) return true
        }
      } finally {
        await Promise.all(inFlight)
      }
    })
    for (const r of refused) read = Math.max(read, r.lineNo)
    if (groupBytes > 0 || refused.length > 0) {
      await routeGroup(db, batch, source, { waba: limits.waba ?? '', wabas: limits.wabas ?? [], webhooks: limits.webhooks ? 1 : 0 }, refused.splice(0), totals)
      // another group follows: what is stored so far, for `wacost batches` should the run stop
      // (an interrupted batch read "lines: 0, accepted: 0" after storing whole groups: break-it
      // trial). A batch of one group (a webhook delivery, most files) pays no statement for it.
      if (more) await recordBatch(db, batch, source, started, totals, 'so far')
    }
  }

  // of JSON documents, the documents as written (DocumentCounts), not the lines they start on
  const summary = { lines: documents?.documents ?? totals.lines, accepted: totals.accepted, rejected: totals.rejected, ...totals.news }
  // Every line is stored: a run stopped from here on is listed, and warned of, with its whole
  // counts (it read as its earlier groups' lines, or null, "lines missing": break-it trial). Only
  // after a group was routed; none for a webhook micro-batch (its deliveries are ingested again).
  if (totals.lines > 0 && !limits.webhooks) await recordBatch(db, batch, source, started, summary, 'stored')
  // (batch_fact_ids was emptied at the start: no group wrote to it, no status facts to write)
  if (totals.factIds > 0) await exec(db, 'pipeline/80_status_facts', { batch })
  await exec(db, 'pipeline/92_clear_fact_ids')
  // no status facts written: the derive skips its reads of them (core/derive.ts)
  const derived = await deriveBatch(db, batch, { facts: totals.factIds > 0 })
  limits.onDerived?.(derived)
  await recordBatch(db, batch, source, started, summary)
  const unmatched = limits.unmatchedTotals ? await unmatchedTotals(db) : undefined
  const blankLines = documents?.blankLines ?? Math.max(0, read - totals.lines)
  return {
    // readChunks tells blank lines between JSON documents only: then lines count documents
    batch, source, ...summary, unit: documents === undefined ? 'line' : 'document', blankLines, rejections: sortRejections([...totals.rejections.values()]), unmatchedStatuses: unmatched?.messageIds,
    unmatchedStatusRecords: unmatched?.records,
    // a webhook micro-batch's (one group): in a file of several groups a status whose message
    // line comes in a later group would count, so a batch's figure would depend on its cuts
    statusesWithoutMessage: limits.webhooks ? totals.statusesWithoutMessage : undefined,
    // (a webhook delivery is UTF-8 JSON that Meta signed: no file of the operator's to convert)
    // (a file may be no log at all: a PNG image, said as one, even were a line of it accepted)
    notices: [...notices(totals, noticeWords(limits.deliveries)), ...(limits.webhooks ? []
      : notUtf8Notices(totals.rejections.values(), head && binaryKind(head, totals.accepted)))], unregisteredWabas: [...totals.unregistered].sort(),
  }
}

/** Adds a group's count of records of one kind (a rejection reason, a notice) and its first line to the batch's. */
function tally(into: Tally, records: string, first: string): void {
  if (Number(records) === 0) return
  into.first_line = into.lines === 0 ? Number(first) : Math.min(into.first_line, Number(first))
  into.lines += Number(records)
}

/** `tally`, keeping the first line's instant: groups are routed in line order, the earliest group's first line comes first. */
function tallyDated(into: Dated, records: string, first: string, at: string): void {
  if (Number(records) > 0 && into.lines === 0) into.at = at
  tally(into, records, first)
}

/** Adds a group's lines of sql/pipeline/71_phone_wabas.sql to the batch's. */
function tallyOtherWaba(into: OtherWaba, r: OtherWabaRow | undefined): void {
  if (!r || Number(r.lines) === 0) return
  const earlier = into.lines > 0
  into.mixed ||= Number(r.pairs) > 1 || (earlier && (into.phone !== r.phone || into.waba !== r.waba || into.owner !== r.owner))
  // groups are routed in line order: an earlier group's first line comes first
  if (!earlier) Object.assign(into, { phone: r.phone, waba: r.waba, owner: r.owner, registered: Number(r.registered) === 1 })
  tally(into, r.lines, r.first_line)
}

/** Parses the buffered runs and routes their records: everything but the derive. */
async function routeGroup(db: Db, batch: number, source: string, scope: ParseScope, refused: LineReject[], totals: Totals): Promise<void> {
  await parseGroup(db, batch, scope)
  // A batch limited to some WABAs: the lines of a message id stored under another WABA are
  // rejected whatever WABA they name (13_foreign_ids); the earlier keys are looked up first, once.
  const restricted = scope.wabas.length > 0
  if (restricted) {
    await exec(db, 'pipeline/31_old_keys')
    await exec(db, 'pipeline/13_foreign_ids', { wabas: scope.wabas })
    await exec(db, 'pipeline/14_foreign_rejects', { wabas: scope.wabas })
    await exec(db, 'pipeline/16_foreign_drop')
  }
  if (refused.length > 0) {
    await nameDocumentDefects(db, refused)
    await db.client.insert({
      table: 'staged_records',
      format: 'JSONEachRow',
      values: refused.map((l) => ({ line_no: l.lineNo, rec_no: l.recNo ?? 0, kind: 'reject', raw: l.raw, reason: l.reason })),
      clickhouse_settings: { log_comment: 'wacost:pipeline/oversized' },
    })
  }
  let accepted = 0
  let acceptedStatuses = 0
  let rejected = 0
  let statuses = 0
  for (const r of await rows<GroupRow>(db, 'pipeline/70_group_summary')) {
    if (Number(r.total) === 1) {
      totals.lines += Number(r.lines)
      statuses = Number(r.statuses)
      tally(totals.blankEdgedIds, r.blank_edged_ids, r.blank_edged_first)
      tally(totals.oddWaIds, r.odd_wa_ids, r.odd_wa_first)
      tallyDated(totals.early, r.early_dated, r.early_first, r.early_at)
      tallyDated(totals.ahead, r.ahead_dated, r.ahead_first, r.ahead_at)
      for (const w of r.unregistered_wabas) totals.unregistered.add(w)
      continue
    }
    if (r.reason === '') { accepted = Number(r.records); acceptedStatuses = Number(r.statuses); continue }
    rejected += Number(r.records)
    const seen = totals.rejections.get(r.reason) ?? { reason: r.reason, lines: 0, first_line: 0 }
    totals.rejections.set(r.reason, seen)
    tally(seen, r.records, r.first_line)
  }
  totals.accepted += accepted
  totals.rejected += rejected

  if (rejected > 0) await exec(db, 'pipeline/15_rejects', { batch, source })
  if (accepted === 0) return clearGroup(db)
  // A group whose accepted records are all status lines (most webhook micro-batches of a business
  // that mostly sends) has no message line: none to check for another WABA's phone number, no
  // customer number to resolve, no message row to store; those statements (~70 ms of planning
  // such a group) are not run.
  const messageLines = accepted - acceptedStatuses
  // before the group's message lines are stored (40_messages): compared with what was stored
  const [other] = messageLines > 0 ? await rows<OtherWabaRow>(db, 'pipeline/71_phone_wabas') : []
  tallyOtherWaba(totals.otherWaba, other)
  const params = { batch }
  // Everything but the message rows needs no country: the engine routes it while JavaScript
  // resolves the group's new customer numbers; then the message rows are stored with theirs.
  const fresh = messageLines > 0 ? await unresolvedNumbers(db) : []
  const routed = (async () => {
    if (!restricted) await exec(db, 'pipeline/31_old_keys')
    // A group of new messages alone (no status line, no id repeated or known before: most groups
    // of a log) is written without 32_batch_ids' merging of ids; a group of status lines alone
    // (no line to take as it is: every id merged) without its first part (~30 ms of planning).
    const [merged] = statuses > 0 ? [] : await rows<{ n: string }>(db, 'pipeline/32_merged_count')
    const ids = messageLines === 0 ? 'pipeline/32_status_ids' : Number(merged?.n ?? 1) > 0 ? 'pipeline/32_batch_ids' : 'pipeline/32_new_ids'
    await exec(db, ids, { batch, wabas: scope.wabas })
    // before the group writes any row: what its records change, compared with what was stored
    const [news] = await rows<NewsRow>(db, 'pipeline/33_record_news', { wabas: scope.wabas })
    // the ids compared line by line, in the groups that have any
    const more: MoreNewsRow[] = [
      ...Number(news?.repeated_ids ?? 1) > 0 ? await rows<MoreNewsRow>(db, 'pipeline/34_repeated_news') : [],
      ...Number(news?.status_repeated_ids ?? 1) > 0 ? await rows<MoreNewsRow>(db, 'pipeline/35_status_news', { wabas: scope.wabas }) : [],
    ]
    for (const n of [news, ...more]) {
      totals.news.newRecords += Number(n?.new_records ?? 0)
      totals.news.unchangedRecords += Number(n?.unchanged_records ?? 0)
      totals.news.correctedRecords += Number(n?.corrected_records ?? 0)
      totals.news.repeatedRecords! += Number(n?.repeated_records ?? 0)
    }
    totals.statusesWithoutMessage += Number(news?.statuses_without_message ?? 0)
    const factIds = Number(news?.fact_ids ?? 1)
    totals.factIds += factIds
    // The keys to re-derive are queued (durably) before any row changes, so a crash after any
    // statement leaves them for the next open to re-derive, and the ids recorded (message_keys)
    // for it to mark again for the reconciliation kept (pipeline/62_recover_marks).
    await exec(db, 'pipeline/50_derive_queue', params)
    await exec(db, 'pipeline/51_derive_appends', params)
    // A statement whose ids the group lacks (33_record_news counted them) would write nothing: not run.
    if (Number(news?.moved_ids ?? 1) > 0) await exec(db, 'pipeline/45_tombstones')
    await exec(db, 'pipeline/55_message_keys')
    if (factIds > 0) await exec(db, 'pipeline/60_fact_ids')
    if (statuses > 0) await exec(db, 'pipeline/20_statuses', { wabas: scope.wabas })
  })()
  routed.catch(() => {}) // awaited just below; a failure must not go unhandled meanwhile
  const resolved = await resolveNumbers(fresh)
  await routed
  await storeCountries(db, resolved)
  if (messageLines > 0) await exec(db, 'pipeline/40_messages', params)
  await clearGroup(db)
}

// The working tables of one group, emptied once it is routed.
const groupTables = ['pipeline/90_clear_staged', 'pipeline/91_clear_batch_ids', 'pipeline/93_clear_old_keys', 'pipeline/94_clear_foreign_ids', 'pipeline/95_clear_expansions',
  'pipeline/96_clear_group_countries'] as const

async function clearGroup(db: Db): Promise<void> {
  await execAll(db, 'pipeline/clear_group', groupTables)
}

/** Most frequent reason first, then by reason in byte order (the engine's string order). */
function sortRejections(list: Rejection[]): Rejection[] {
  return list.sort((a, b) => b.lines - a.lines || Buffer.compare(Buffer.from(a.reason), Buffer.from(b.reason)))
}
