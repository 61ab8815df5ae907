// The documents ingest/documents.ts found, as the runs (Chunk) sql/pipeline/10_parse reads like
// NDJSON: each document on the line where it starts (the lines it spanned left blank), those that
// start on the same line as one JSON array, which the engine expands; a run says where in its
// first line its first record is (Chunk.firstRecord), so a line sent over several runs keeps its
// records' numbers apart. The splitter finds the boundaries; this writes what the engine reads.
import type { Chunk } from './chunks.ts'

const NL = 0x0a
const OPEN_ARR = 0x5b
const OPEN = Buffer.from('[')
const SEP = Buffer.from(',')
const CLOSE = Buffer.from(']')

/**
 * A document and the line it starts on; rec: its place in the line, the bytes of the line's
 * documents before it (0 for the first). A document holds no more records than bytes (an
 * envelope's records are objects of 2 bytes or more), so numbering a run's records of a line from
 * the place of its first document keeps them apart from the records of the line's other runs.
 */
export interface Doc { line: number; rec: number; bytes: Buffer }

/** One run of documents: those starting on one line as one array, the lines between blank. */
function run(docs: Doc[]): Chunk {
  const parts: Buffer[] = []
  const firstLine = docs[0]!.line
  let line = firstLine
  for (let i = 0; i < docs.length;) {
    let j = i + 1
    while (j < docs.length && docs[j]!.line === docs[i]!.line) j++
    if (docs[i]!.line > line) parts.push(Buffer.alloc(docs[i]!.line - line, NL))
    line = docs[i]!.line
    // a document alone goes as the line; an array (an element that is an array) inside one, as the
    // element it is: alone, the engine read its elements as documents (break-it trial)
    if (j - i === 1 && docs[i]!.bytes[0] !== OPEN_ARR) parts.push(docs[i]!.bytes)
    else {
      parts.push(OPEN, docs[i]!.bytes)
      for (let k = i + 1; k < j; k++) parts.push(SEP, docs[k]!.bytes)
      parts.push(CLOSE)
    }
    i = j
  }
  const body = Buffer.concat(parts)
  return { body, firstLine, lines: line - firstLine + 1, bytes: body.length + 1, documents: true, firstRecord: docs[0]!.rec }
}

/**
 * `docs` (in input order, line breaks inside them already spaces) as runs. A run tells the place
 * of its first line's first record only: a line whose documents here do not start at its first
 * (that one was refused, or went in the run before) starts a run of its own.
 */
export function documentRuns(docs: readonly Doc[]): Chunk[] {
  const runs: Chunk[] = []
  for (let i = 0; i < docs.length;) {
    let j = i + 1
    while (j < docs.length && (docs[j]!.line === docs[j - 1]!.line || docs[j]!.rec === 0)) j++
    runs.push(run(docs.slice(i, j)))
    i = j
  }
  return runs
}
