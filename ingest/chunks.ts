// Cuts a byte stream into runs of whole lines (~4 MB) without holding more than one run in
// memory. Lines are never split, so UTF-8 sequences stay intact; the engine numbers and parses
// the lines of each run (sql/pipeline/10_parse.sql). The shape of the input is told from its
// first line: NDJSON (the fast path, and anything that is not JSON at all: each line is judged
// on its own), or JSON documents over several lines (ingest/documents.ts puts each on one line).
import type { Readable } from 'node:stream'
import { readDocuments } from './documents.ts'

export interface Chunk {
  /** the lines, joined by \n; bytes as read (the engine refuses lines that are not UTF-8) */
  body: Buffer
  firstLine: number
  lines: number
  bytes: number
}

/** A line (or document) refused before it reaches the engine, kept with its reason. */
export interface LineReject {
  lineNo: number
  raw: string
  reason: string
}

const NL = 0x0a
/** A chunk is sent as one TabSeparated row; a line of up to MAX_LINE_BYTES may make it larger. */
export const CHUNK_BYTES = 4 * 1024 * 1024
export const MAX_LINE_BYTES = 8 * 1024 * 1024

function countNewlines(buf: Buffer): number {
  let n = 0
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++
  return n
}

/** Index of the first byte that is not white space (nor a UTF-8 byte order mark). */
function firstNonSpace(buf: Buffer): number {
  let i = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0a || buf[i] === 0x0d)) i++
  return i
}

/**
 * Whether the input holds JSON documents over several lines rather than one record per line:
 * its first non-blank line starts a JSON object or array that does not end on that line.
 * `head` must hold that whole line (or the input's end). A UTF-8 byte order mark is skipped.
 */
export function isMultilineJson(head: Buffer): boolean {
  const i = firstNonSpace(head)
  if (head[i] !== 0x7b && head[i] !== 0x5b) return false
  const end = head.indexOf(NL, i)
  try { JSON.parse(head.subarray(i, end === -1 ? head.length : end).toString('utf8')); return false } catch { return true }
}

/** Reads the input and yields its runs of lines; lines or documents refused on the way go to onReject. */
export async function* readChunks(input: Readable, onReject: (r: LineReject) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<Chunk> {
  const it = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  // read until the first non-blank line is whole, to tell the shape
  let head: Buffer = Buffer.alloc(0)
  for (;;) {
    if (head.indexOf(NL, firstNonSpace(head)) !== -1 || head.length > MAX_LINE_BYTES) break
    const next = await it.next()
    if (next.done) break
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value])
  }
  if (isMultilineJson(head)) yield* readDocuments(it, head, onReject, chunkBytes, MAX_LINE_BYTES)
  else yield* readLines(it, head, onReject, chunkBytes)
}

/** NDJSON (or any text): runs of whole lines; a line over MAX_LINE_BYTES is refused, not sent. */
async function* readLines(it: AsyncIterator<Buffer>, head: Buffer, onReject: (r: LineReject) => void, chunkBytes: number): AsyncGenerator<Chunk> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let nextLine = 1
  let skipping: { lineNo: number; head: string; bytes: number } | undefined
  const oversized = (l: { lineNo: number; head: string; bytes: number }) =>
    onReject({ lineNo: l.lineNo, raw: `${l.head}…`, reason: `line too long (${l.bytes} bytes; at most 8 MiB)` })

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
      if (nl === -1) { skipping.bytes += buf.length; continue }
      skipping.bytes += nl
      oversized(skipping)
      skipping = undefined
      nextLine++
      buf = buf.subarray(nl + 1)
    }
    pending.push(buf)
    pendingBytes += buf.length
    if (pendingBytes < chunkBytes) continue
    const all = Buffer.concat(pending)
    const last = all.lastIndexOf(NL)
    if (last === -1) {
      if (all.length > MAX_LINE_BYTES) {
        skipping = { lineNo: nextLine, head: all.subarray(0, 200).toString('utf8'), bytes: all.length }
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
  if (skipping) { oversized(skipping); return }
  if (pendingBytes > 0) {
    const all = Buffer.concat(pending)
    const body = all[all.length - 1] === NL ? all.subarray(0, all.length - 1) : all
    if (body.length > 0) yield emit(body)
  }
}
