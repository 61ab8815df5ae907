// Cuts a byte stream into runs of whole lines (~4 MB) without holding more than one run in
// memory. Lines are never split, so UTF-8 sequences stay intact; the engine numbers and parses
// the lines of each run (sql/pipeline/10_parse.sql). The shape of the input is told from its
// first lines: NDJSON (the fast path, and anything that is not JSON at all: each line is judged
// on its own), or JSON documents over several lines (ingest/documents.ts puts each on one line).
import type { Readable } from 'node:stream'
import type { DocumentDefect } from './document-defects.ts'
import { readDocuments } from './documents.ts'
import { HEAD_CHARS, headOfBytes, tooLong } from './raw-head.ts'

export interface Chunk {
  /** the lines, joined by \n; bytes as read (the engine refuses lines that are not UTF-8) */
  body: Buffer
  firstLine: number
  lines: number
  bytes: number
  /** JSON documents over several lines (ingest/documents.ts): each document counts as one line */
  documents?: true
  /**
   * The place in its line of the first line's first record (ingest/documents.ts Doc.rec): 0, but
   * for a run that carries on a line of documents begun in an earlier run; the engine numbers
   * that line's records from it (sql/pipeline/10_parse.sql), so the line counts once.
   */
  firstRecord?: number
}

/**
 * What JSON documents over several lines hold besides their runs (ingest/documents.ts): the blank
 * lines between them, and the documents, as the user wrote them: two on one line count two, a
 * stray comma or bracket none (the lines were counted: "3 JSON documents" of 2 and a `,` line
 * between them, break-it trial).
 */
export interface DocumentCounts { blankLines: number; documents: number }

/** A line (or document) refused before it reaches the engine, kept with its reason. */
export interface LineReject {
  lineNo: number
  /** its place in the line (staged_records.rec_no): 0 for a whole line, a document's Doc.rec */
  recNo?: number
  raw: string
  reason: string
  /** a JSON document JSON.parse refused: its defect, to be said in NDJSON's words (ingest/document-defects.ts) */
  document?: DocumentDefect
}

const NL = 0x0a
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
/** A chunk is sent as one value (sql/pipeline/05_chunk.sql); a line of up to MAX_LINE_BYTES may make it larger. */
export const CHUNK_BYTES = 4 * 1024 * 1024
export const MAX_LINE_BYTES = 8 * 1024 * 1024

function countNewlines(buf: Buffer): number {
  // indexOf (memchr) from one newline to the next: a byte loop in JavaScript took ~0.5 s of CPU
  // per million lines. Where lines are short (runs of blank lines: a call per byte), the next
  // 4 KiB are counted byte by byte instead.
  let n = 0
  for (let i = 0; i < buf.length;) {
    const j = buf.indexOf(NL, i)
    if (j === -1) break
    const short = j - i < 16
    n++
    i = j + 1
    if (short) {
      const end = Math.min(buf.length, i + 4096)
      for (; i < end; i++) if (buf[i] === NL) n++
    }
  }
  return n
}

/**
 * Whether every line of `body` is blank as sql/pipeline/10_parse judges it: spaces, tabs and `\r`
 * (a CRLF file's empty line) only. Anything else goes to the engine.
 */
export function onlyBlankLines(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const b = body[i]
    if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) return false
  }
  return true
}

/** Index of the first byte from `from` on that is not white space (nor a UTF-8 byte order mark). */
function firstNonSpace(buf: Buffer, from = 0): number {
  let i = from === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : from
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0a || buf[i] === 0x0d)) i++
  return i
}

/** The first `n` non-blank lines of `buf` that end in it (a last line without \n only at the end). */
function firstLines(buf: Buffer, n: number, atEnd: boolean, from = 0): Buffer[] {
  const out: Buffer[] = []
  for (let i = firstNonSpace(buf, from); i < buf.length && out.length < n;) {
    const end = buf.indexOf(NL, i)
    if (end === -1 && !atEnd) break
    const line = buf.subarray(i, end === -1 ? buf.length : end)
    if (firstNonSpace(line) < line.length) out.push(line)
    if (end === -1) break
    // blank lines skipped byte by byte: an indexOf per line was a call per byte on a run of them
    // (a line, then 100 MB of blank lines, held the reading for ~35 s)
    i = firstNonSpace(buf, end + 1)
  }
  return out
}

const parses = (line: Buffer | undefined) => {
  if (line === undefined) return false
  try { JSON.parse(line.toString('utf8')); return true } catch { return false }
}

/**
 * Where the object or array that `line` starts with stands at the line's end: still open (its
 * brackets outside strings never get back to where they started), and whether what comes next may
 * be a value (its last byte outside strings a `:`, a `[`, or an array's `,`), so that a `{` or
 * `[` may follow it in the same document; and whether that is the next element of the array the
 * line starts (`[`, `[{…},`: the line opens an array of documents and holds nothing else open).
 */
function endOf(line: Buffer): { open: boolean; awaitsValue: boolean; awaitsElement: boolean } {
  const stack: number[] = []
  let inStr = false
  let esc = false
  let last = 0
  for (const b of line) {
    if (inStr) {
      if (esc) esc = false
      else if (b === 0x5c) esc = true
      else if (b === 0x22) inStr = false
      continue
    }
    if (b === 0x20 || b === 0x09 || b === 0x0d) continue
    last = b
    if (b === 0x22) inStr = true
    else if (b === 0x7b || b === 0x5b) stack.push(b)
    else if ((b === 0x7d || b === 0x5d) && (stack.pop(), stack.length === 0)) return { open: false, awaitsValue: false, awaitsElement: false }
  }
  const awaitsValue = last === 0x3a || last === 0x5b || (last === 0x2c && stack.at(-1) === 0x5b)
  return { open: true, awaitsValue, awaitsElement: awaitsValue && stack.length === 1 && stack[0] === 0x5b }
}

/**
 * Whether the input holds JSON documents over several lines rather than one record per line:
 * its first non-blank line starts a JSON object or array that does not end on that line, and
 * the next one is no JSON value by itself either (else it is NDJSON with a broken first line) nor
 * an object or array that cannot continue the first line's (the first line was cut short).
 * A first line whose object or array ends on it, followed by more (`[{…}] ]`, `{…},`), is a
 * broken NDJSON line, refused whole as on any other line (read as documents, its records were
 * stored and the rest refused, so a line counted as accepted and rejected: break-it trial).
 * `head` must hold those two lines (or the input's end). A UTF-8 byte order mark is skipped.
 */
export function isMultilineJson(head: Buffer, atEnd: boolean): boolean {
  const i = firstNonSpace(head)
  if (head[i] !== 0x7b && head[i] !== 0x5b) return false
  const [first, second] = firstLines(head, 2, atEnd)
  // (a first line longer than head holds is read as documents: a one-line array of 200 MB)
  if (first === undefined) return true
  const end = endOf(first)
  // a second line that starts an object or array where the first cannot take one (after a whole
  // value, or a key still to come) is a record of its own: the first line was cut short. Read as
  // one document they were told "Expected ',' or '}' after property value (line 2, column 1)"
  // for line 1, and a line of several documents after them counted as records (fresh-user trial)
  const next = second === undefined ? -1 : second[firstNonSpace(second)]
  if (!end.awaitsValue && (next === 0x7b || next === 0x5b)) return false
  // an array of documents with one on each line (`[`, then `{…}` whole, then `]`): the second line
  // is a JSON value by itself, and the file was read as NDJSON, its `[`, `,` and `]` lines
  // rejected (break-it trial). A line cut after a key (`{"a":`) before a whole record stays NDJSON.
  const element = end.awaitsElement && (next === 0x7b || next === 0x5b)
  return !parses(first) && end.open && (element || !parses(second))
}

/**
 * Reads the input and yields its runs of lines; lines or documents refused on the way go to
 * onReject. JSON documents return how many blank lines were between them (their runs' other
 * lines are no blank lines of the input) and how many documents there were (DocumentCounts).
 */
export async function* readChunks(input: Readable, onReject: (r: LineReject) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<Chunk, DocumentCounts | void> {
  const it = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  // read until the first non-blank line is whole, to tell the shape
  let head: Buffer = Buffer.alloc(0)
  let atEnd = false
  // head[0, blank) is white space: looked at once, not again as head grows (a long run of blank lines)
  let blank = 0
  while ((blank = firstNonSpace(head, blank)) === head.length || firstLines(head, 2, false, blank).length < 2) {
    if (head.length > MAX_LINE_BYTES) break
    const next = await it.next()
    if (next.done) { atEnd = true; break }
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
  }
  if (isMultilineJson(head, atEnd)) return yield* readDocuments(it, head, onReject, chunkBytes, MAX_LINE_BYTES)
  else if (head.subarray(0, 3).equals(BOM)) {
    // A byte-order mark (Windows editors write one) is no part of line 1: a line holding only it
    // is blank (it was refused as "not valid JSON", and a file of nothing else read as a bad line).
    const rest = head.subarray(3)
    if (rest.length === 0 && atEnd) yield { body: Buffer.alloc(0), firstLine: 1, lines: 1, bytes: 3 }
    else yield* readLines(it, rest, onReject, chunkBytes)
  } else yield* readLines(it, head, onReject, chunkBytes)
}

/**
 * NDJSON (or any text): runs of whole lines; a line over MAX_LINE_BYTES is refused, not sent,
 * unless it is blank: blank lines of any length are skipped (one of 9 MiB of spaces was refused
 * as "line too long": break-it trial); it is yielded as an empty line, so it counts as one.
 */
async function* readLines(it: AsyncIterator<Buffer>, head: Buffer, onReject: (r: LineReject) => void, chunkBytes: number): AsyncGenerator<Chunk> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let nextLine = 1
  let skipping: { lineNo: number; head: Buffer; bytes: number; blank: boolean } | undefined
  const oversized = (l: { lineNo: number; head: Buffer; bytes: number }) =>
    onReject({ lineNo: l.lineNo, raw: headOfBytes(l.head, l.bytes), reason: tooLong('line', l.bytes, MAX_LINE_BYTES) })

  const emit = (body: Buffer): Chunk => {
    const lines = countNewlines(body) + 1
    const chunk = { body, firstLine: nextLine, lines, bytes: body.length + 1 }
    nextLine += lines
    return chunk
  }

  for (let first = true; ; first = false) {
    let buf: Buffer
    if (first && head.length > 0) buf = head
    else {
      const next = await it.next()
      if (next.done) break
      buf = next.value
    }
    if (skipping) {
      // Inside a line too long to send: drop bytes up to its end, keep its reason.
      const nl = buf.indexOf(NL)
      if (nl === -1) { skipping.bytes += buf.length; skipping.blank &&= onlyBlankLines(buf); continue }
      skipping.bytes += nl
      if (skipping.blank && onlyBlankLines(buf.subarray(0, nl))) yield emit(Buffer.alloc(0))
      else { oversized(skipping); nextLine++ }
      skipping = undefined
      buf = buf.subarray(nl + 1)
    }
    pending.push(buf)
    pendingBytes += buf.length
    if (pendingBytes < chunkBytes) continue
    const all = Buffer.concat(pending)
    const last = all.lastIndexOf(NL)
    if (last === -1) {
      if (all.length > MAX_LINE_BYTES) {
        skipping = { lineNo: nextLine, head: Buffer.from(all.subarray(0, 4 * HEAD_CHARS)), bytes: all.length, blank: onlyBlankLines(all) }
        pending = []
        pendingBytes = 0
      }
      continue
    }
    yield emit(all.subarray(0, last))
    const rest = all.subarray(last + 1)
    pending = rest.length > 0 ? [rest] : []
    pendingBytes = rest.length
  }
  if (skipping) {
    if (skipping.blank) yield emit(Buffer.alloc(0))
    else oversized(skipping)
    return
  }
  if (pendingBytes > 0) {
    const all = Buffer.concat(pending)
    const body = all[all.length - 1] === NL ? all.subarray(0, all.length - 1) : all
    if (body.length > 0) yield emit(body)
  }
}
