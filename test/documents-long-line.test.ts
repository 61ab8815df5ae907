// A line of JSON documents longer than a run (a one-line array of 60,000 records, ≥ 4 MiB) is
// read document by document and sent over several runs (ingest/documents.ts). Each run claimed
// the line as its own: `wacost ingest` said "4 lines, 120000 records accepted (60000 new, 60000
// already stored and unchanged)" for 1 line of 60,000 new records, a rejected document of it was
// counted twice, and a 200 MB line took 4.67 GB (break-it trial; now 38 s, 1.8 GB, as NDJSON).
// The runs are cut small here (chunkBytes, the same path as the 4 MiB runs) and each input is
// compared with its twin: the same documents as NDJSON, the long line's as one array read whole.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource, type BatchSummary, type IngestOptions } from '../ingest/pipeline.ts'
import { readChunks, type Chunk } from '../ingest/chunks.ts'
import { openEngine, type Session } from './support/engine.ts'
import { text } from '../core/db/sql.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

/** Ingests `body` read in pieces of `piece` bytes (the whole body in one piece by default). */
const feed = (body: string, opts: IngestOptions = {}, piece = body.length): Promise<BatchSummary> => {
  const pieces: Buffer[] = []
  for (let i = 0; i < body.length; i += piece) pieces.push(Buffer.from(body.slice(i, i + piece)))
  return ingestSource(s.db, Readable.from(pieces), 'long-line', undefined, opts)
}

const msg = (id: string, phone: string, minute: number, extra: Record<string, unknown> = {}) => ({
  message_id: id, timestamp: `2025-12-01T10:${String(minute % 60).padStart(2, '0')}:00Z`, waba_id: 'w1',
  phone_number_id: phone, wa_id: '14155550111', direction: 'inbound', ...extra,
})

/** 300 messages, then one given again as it was and one corrected (the later one wins). */
function records(tag: string, phone: string): Array<Record<string, unknown>> {
  const out = Array.from({ length: 300 }, (_, i) => msg(`${tag}-${i}`, phone, i))
  return [...out, out[5]!, { ...out[7]!, wa_id: '14155550222' }]
}

/** What the summary counts (the batch ids and notices aside). */
const counts = (b: BatchSummary) => ({
  lines: b.lines, blankLines: b.blankLines, accepted: b.accepted, rejected: b.rejected, newRecords: b.newRecords,
  unchangedRecords: b.unchangedRecords, correctedRecords: b.correctedRecords, rejections: b.rejections,
})

/** Stored messages of one phone number, ids without their tag: [id, wa_id, ts]. */
async function stored(phone: string): Promise<string[][]> {
  const rs = await s.db.client.query({
    query: 'SELECT message_id, wa_id, ts FROM messages FINAL WHERE phone_number_id = {p:String} AND deleted = 0 ORDER BY message_id',
    query_params: { p: phone }, format: 'JSONEachRow',
  })
  return (await rs.json<{ message_id: string; wa_id: string; ts: string }>()).map((m) => [m.message_id.replace(/^[a-z]+-/, ''), m.wa_id, m.ts])
}

async function rejected(batch: number): Promise<Array<[number, string]>> {
  const out = await text(s.db, 'queries/rejected', { batch }, 'JSONEachRow')
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { line_no: string; reason: string }).map((r) => [Number(r.line_no), r.reason])
}

const oneLine = (docs: unknown[]) => docs.map((d) => JSON.stringify(d)).join(',')

/**
 * JSON documents: `[` on line 1, the first document on line 2 (the input's shape is told from
 * these two lines, read whole first), the others all on line 3, read in pieces of 1 KB as a
 * file arrives and sent in runs of ~4 KB.
 */
const documents = (first: string, rest: unknown[]) => `[\n${first},\n${oneLine(rest)}\n]\n`
const runs = { chunkBytes: 4096 }

it('reads a line of documents over many runs as its twin on one line: each record once, the same stored, each document counted', async () => {
  // the twin: the first document on line 1, the others as an array on line 2, read whole (NDJSON)
  const [first, ...rest] = records('twin', 'p-twin')
  const twin = await feed(`${JSON.stringify(first)}\n[${oneLine(rest)}]\n`)
  expect(counts(twin)).toMatchObject({ lines: 2, accepted: 302, rejected: 0, newRecords: 300, unchangedRecords: 1, correctedRecords: 1 })
  // every run in one group, then one group each
  const body = (tag: string, phone: string) => { const [f, ...r] = records(tag, phone); return documents(JSON.stringify(f), r) }
  const grouped = await feed(body('grouped', 'p-grouped'), runs, 1024)
  const apart = await feed(body('apart', 'p-apart'), { ...runs, groupBytes: 4096 }, 1024)
  // counted in documents, as written: the 302 (their lines were counted, 2: break-it trial)
  expect(counts(grouped)).toEqual({ ...counts(twin), lines: 302 })
  expect(counts(apart)).toEqual({ ...counts(twin), lines: 302 })
  const kept = await stored('p-twin')
  expect(kept).toHaveLength(300)
  expect(kept.find((m) => m[0] === '7')?.[1]).toBe('14155550222')
  expect(await stored('p-grouped')).toEqual(kept)
  expect(await stored('p-apart')).toEqual(kept)
})

it('rejects a bad document of such a line once, with its line number, and counts each document once', async () => {
  const docs: unknown[] = Array.from({ length: 200 }, (_, i) => msg(`bad-${i}`, 'p-bad', i))
  docs[150] = { ...(docs[150] as object), wa_id: undefined } // valid JSON, no wa_id: the engine rejects it
  // line 3's first document does not parse: refused before the engine, as the line's record 0
  const body = `[\n${JSON.stringify(docs[0])},\n{"message_id": "bad-x", "timestamp": nope},${oneLine(docs.slice(1))}\n]\n`
  for (const opts of [runs, { ...runs, groupBytes: 4096 }]) {
    const sum = await feed(body, opts, 1024)
    // 201 documents: docs[0], bad-x and the 199 after it (it said 2, the lines)
    expect(sum).toMatchObject({ lines: 201, accepted: 199, rejected: 2 })
    expect(sum.rejections.map((r) => [r.lines, r.first_line])).toEqual([[1, 3], [1, 3]])
    const rows = await rejected(sum.batch)
    expect(rows.map((r) => r[0])).toEqual([3, 3])
    expect(rows.map((r) => r[1]).sort()).toEqual([expect.stringMatching(/wa_id/), expect.stringMatching(/^not valid JSON: .*\(line 3, column \d+\)$/)])
  }
})

it('sends such a line in runs of about chunkBytes, even when it comes in one piece, numbering each run from its place in the line', async () => {
  const docs = Array.from({ length: 400 }, (_, i) => msg(`run-${i}`, 'p-run', i))
  const doc = JSON.stringify(docs[0]).length
  const runs: Chunk[] = []
  for await (const c of readChunks(Readable.from([Buffer.from(`[\n${oneLine(docs)}\n]\n`)]), () => {}, 4096)) runs.push(c)
  expect(runs.length).toBeGreaterThan(10)
  for (const r of runs) {
    expect([r.firstLine, r.lines]).toEqual([2, 1])
    expect(r.body.length).toBeLessThan(4096 + 2 * doc)
  }
  // every document once, in order; a run's first record is placed at the bytes of the line's
  // documents before it, past every record of the runs before it (a document holds no more records than bytes)
  const docsOf = (r: Chunk) => { const v = JSON.parse(r.body.toString()) as unknown; return Array.isArray(v) ? v : [v] }
  expect(runs.flatMap(docsOf)).toEqual(docs)
  let at = 0
  const places = runs.map((r) => { const first = at; at += docsOf(r).reduce((n: number, d) => n + JSON.stringify(d).length, 0); return first })
  expect(runs.map((r) => r.firstRecord)).toEqual(places)
})

it('counts a line of more than 65,535 records once and keeps each of its rejected records (a record number was 16 bits)', async () => {
  // record 65,536 was numbered 0 again: read as another line, and its rejection as the first's
  const sum = await feed(`[${Array.from({ length: 70_000 }, () => '{}').join(',')}]\n`)
  expect(sum).toMatchObject({ lines: 1, accepted: 0, rejected: 70_000 })
  expect(await rejected(sum.batch)).toHaveLength(70_000)
})

// A document over 8 MiB (MAX_LINE_BYTES) in an array, indented or on one line with others: it is
// refused, and the documents after it are read. The reader resumed only at a line starting with
// `{`, so an indented array's elements and the rest of the line after it were lost unsaid ("1
// record accepted, 1 line rejected" for four documents, three of them whole: break-it trial).
it('refuses a document over 8 MiB alone and reads the documents after it, in a pretty array or on one line', async () => {
  const [a, b, c] = [msg('big-a', 'big1', 1), msg('big-b', 'big1', 2), msg('big-c', 'big1', 3)]
  const huge = msg('big-h', 'big1', 4, { note: 'x'.repeat(9 * 1024 * 1024) })
  const pretty = await feed(JSON.stringify([a, huge, b, c], null, 2), {}, 65_536)
  expect([pretty.accepted, pretty.rejected, pretty.newRecords]).toEqual([3, 1, 3])
  // its size and the limit, as a line too long is said ("not valid JSON: document longer than 8388608 bytes": fresh-user trial)
  const size = JSON.stringify([huge], null, 2).length - '[\n  \n]'.length
  expect(pretty.rejections.map((r) => r.reason)).toEqual([`document too long (${size} bytes; at most 8 MiB) (line 10, column 3)`])
  expect(await stored('big1')).toEqual([['a', '14155550111', '2025-12-01 10:01:00.000'], ['b', '14155550111', '2025-12-01 10:02:00.000'],
    ['c', '14155550111', '2025-12-01 10:03:00.000']])
  const [d, e, f] = [msg('big-d', 'big2', 1), msg('big-e', 'big2', 2), msg('big-f', 'big2', 3)]
  const line = await feed(`[\n${JSON.stringify(d)},\n${oneLine([{ ...huge, phone_number_id: 'big2' }, e, f])}\n]\n`, {}, 65_536)
  expect([line.accepted, line.rejected, line.newRecords]).toEqual([3, 1, 3])
  expect((await stored('big2')).map((m) => m[0])).toEqual(['d', 'e', 'f'])
})

// One valid record on a line over 8 MiB was "not valid JSON: document longer than 8388608 bytes
// (line 1, column 1)" (read as JSON documents, told from its first line), a line of other text
// "line too long (… bytes; at most 8 MiB)"; the text kept of either ended at 200 characters
// unsaid (fresh-user trial). Both: the line too long, its size and the limit, the text kept marked cut.
it('says a line over 8 MiB too long, JSON or not, and marks the text kept of it as cut', async () => {
  const record = JSON.stringify(msg('over', 'over1', 1, { note: 'x'.repeat(9 * 1024 * 1024) }))
  const other = 'y'.repeat(9 * 1024 * 1024)
  for (const line of [record, other]) {
    const got = await feed(`${line}\n`, {}, 65_536)
    const reason = `line too long (${line.length} bytes; at most 8 MiB)`
    expect([got.lines, got.rejected, got.rejections.map((r) => r.reason)]).toEqual([1, 1, [reason]])
    const raw = await text(s.db, 'queries/rejected', { batch: got.batch }, 'JSONEachRow')
    expect(JSON.parse(raw)).toMatchObject({ reason, raw: `${line.slice(0, 200)}… (${line.length - 200} more bytes not kept)` })
  }
})

// A document refused as not valid JSON keeps its first 200 characters and says how many more it had.
it('marks the text kept of a long refused document as cut, with how many characters were left out', async () => {
  const doc = JSON.stringify(msg('cutraw', 'cutraw1', 1, { note: 'é'.repeat(300) }), null, 2).replace(/\}$/, '')
  const got = await feed(`${doc}\n`)
  expect(got.rejected).toBe(1)
  const { raw } = JSON.parse(await text(s.db, 'queries/rejected', { batch: got.batch }, 'JSONEachRow')) as { raw: string }
  // (what was read of it: to the end of the input, its line break included)
  expect(raw).toBe(`${doc.slice(0, 200)}… (${doc.length + 1 - 200} more characters not kept)`)
})

// A document never closed inside a pretty-printed array (its `}` missing): the array's next
// elements are indented, so nothing after it was read, and the array was said never closed
// although its `]` was there (break-it trial).
it('goes on after a document never closed with the array\'s next indented element, the array still open', async () => {
  const [a, b, c] = [msg('open-a', 'open1', 1), msg('open-b', 'open1', 2), msg('open-c', 'open1', 3)]
  const body = `[\n  ${JSON.stringify(a)},\n  {"message_id":"open-x",\n  ${JSON.stringify(b)},\n  ${JSON.stringify(c)}\n]\n`
  const got = await feed(body)
  expect([got.accepted, got.rejected]).toEqual([3, 1])
  expect(got.rejections.map((r) => r.reason)).toEqual(['not valid JSON: Expected double-quoted property name (line 4, column 3)'])
  expect((await stored('open1')).map((m) => m[0])).toEqual(['a', 'b', 'c'])
})

// A document missing its `}` followed by more than 8 MiB of documents: the reader found no end
// to it, and read it as one document over 8 MiB, losing every document after it to the end of
// the input (a regression of the fix above, caught in review; before it, the reader resumed at
// the next document): refused where it broke, the documents after it read.
it('refuses a document missing its } that runs past 8 MiB where it broke, and reads the documents after it', async () => {
  const docs = Array.from({ length: 10 }, (_, i) => msg(`cut-${i}`, 'cut1', i + 1, { note: 'y'.repeat(1024 * 1024) }))
  const first = JSON.stringify(msg('cut-x', 'cut1', 0), null, 2).replace(/\}$/, '')
  const got = await feed([first, ...docs.map((d) => JSON.stringify(d, null, 2))].join('\n'), {}, 65_536)
  expect([got.accepted, got.rejected]).toEqual([10, 1])
  expect(got.rejections.map((r) => r.reason)).toEqual(["not valid JSON: Expected ',' or '}' after property value (line 9, column 1)"])
  expect((await stored('cut1')).length).toBe(10)
})
