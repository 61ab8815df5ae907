// Cuts a file of JSON documents (one pretty-printed document, a JSON array of documents, or
// documents one after another, as copied from docs and logs) into one line per document, so that
// sql/pipeline/10_parse reads it exactly like NDJSON. Each document is put on the line where it
// starts (its inner line breaks become spaces, the lines it spanned stay as blank lines), so
// reported line numbers are the document's first line; documents that start on the same line are
// sent as one JSON array, which the engine expands; a line of more documents than a run holds
// (a one-line array of 200 MB) is read document by document and sent over several runs, each
// saying where in the line its first record is (Chunk.firstRecord), so the line is counted once
// and its records keep increasing numbers (ingest/document-runs.ts writes the runs). Only the
// boundaries are found here (brackets outside strings, on bytes, so bytes that are not UTF-8
// reach the engine and are refused there); the engine validates every document. A document that
// does not parse gets one reason with the line and column of the defect; so does, alone, a comma,
// `]`, `}` or control character that belongs to no document (`[{…},,{…}]`, `[{…},]`), the
// documents around it read (such commas were passed over unsaid, a `]` took the rest of its line:
// break-it trial). An array inside the array is an element like any other (the engine refuses
// it). This splitter is ~100 lines on purpose: it must work on raw bytes, resume after a broken
// document, and keep line numbers; streaming JSON tokenizers decode text first and stop at the
// first error.
import type { Chunk, DocumentCounts, LineReject } from './chunks.ts'
import { Columns, defect } from './defect-place.ts'
import { longRefusal } from './raw-head.ts'
import { documentRefusal } from './document-defects.ts'
import { documentRuns, type Doc } from './document-runs.ts'

const NL = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_OBJ = 0x7b
const OPEN_ARR = 0x5b
const CLOSE_OBJ = 0x7d
const CLOSE_ARR = 0x5d
const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const isSpace = (b: number) => b === 0x20 || b === NL || b === CR || b === 0x09

/**
 * Splits the byte stream (`head`, then the rest of `input`) into documents and yields them in
 * runs of ~chunkBytes, however long a line; documents that do not parse go to onReject.
 */
export async function* readDocuments(input: AsyncIterator<Buffer>, head: Buffer, onReject: (r: LineReject) => void,
  chunkBytes: number, maxDocBytes: number): AsyncGenerator<Chunk, DocumentCounts> {
  let out: Doc[] = []
  let outBytes = 0
  /**
   * The documents read so far as runs; with `hold`, those of the last line wait for the line's
   * others (so that they go as one array), unless they alone fill a run (ingest/document-runs.ts).
   */
  const flush = (hold = false): Chunk[] => {
    if (out.length === 0) return []
    let keep = out.length
    if (hold) {
      keep = out.findIndex((d) => d.line === out.at(-1)!.line)
      let held = 0
      for (let i = keep; i < out.length; i++) held += out[i]!.bytes.length
      if (held >= chunkBytes) keep = out.length
    }
    const runs = documentRuns(out.slice(0, keep))
    out = out.slice(keep)
    outBytes = 0
    for (const d of out) outBytes += d.bytes.length
    return runs
  }
  // the place of the next document in its line (Doc.rec)
  let placeLine = 0
  let placeNext = 0
  const place = (line: number, bytes: number): number => {
    if (line !== placeLine) { placeLine = line; placeNext = 0 }
    placeNext += bytes
    return placeNext - bytes
  }
  const columns = new Columns() // of buf's bytes (let go of as read: drop)
  /** `column`: that of the document's first byte, counted on from the last one asked (the line before it may be long) */
  const reject = (d: Doc, text: string, bad: { at: number; message: string }, column: () => number) =>
    { documents++; onReject(documentRefusal(d.line, d.rec, text, bad, column)) }
  /** A `,`, `]`, `}` or control character between documents that belongs to none: refused alone, where it is (`what` it is). */
  const stray = (lineNo: number, col: number, char: number, what: string) => {
    onReject({ lineNo, recNo: place(lineNo, 1), raw: String.fromCharCode(char),
      reason: `not valid JSON: ${what} (line ${lineNo}, column ${col}); it was left out and the documents around it were read` })
  }
  /**
   * Takes a scanned document (or refuses it); when it broke where a new document starts (a `{`
   * first on a line after its own first: its `}` missing, an array's next elements were read
   * into it, break-it), the byte offset in it to read on from.
   */
  const emit = (line: number, scanned: Buffer, column: () => number): number | undefined => {
    const d = { line, rec: place(line, scanned.length), bytes: scanned }
    const text = scanned.toString('utf8')
    const bad = defect(text)
    if (bad) {
      reject(d, text, bad, column)
      const lineStart = text.lastIndexOf('\n', bad.at - 1) + 1
      const restarts = lineStart > 0 && text[bad.at] === '{' && /^[ \t]*$/.test(text.slice(lineStart, bad.at))
      return restarts ? Buffer.byteLength(text.slice(0, bad.at)) : undefined
    }
    d.bytes = Buffer.from(scanned) // a copy: the scan buffer is dropped
    for (let i = 0; i < d.bytes.length; i++) if (d.bytes[i] === NL || d.bytes[i] === CR) d.bytes[i] = 0x20
    out.push(d)
    outBytes += d.bytes.length; documents++
    return undefined
  }

  // a byte-order mark before the first document (Windows editors write one) is no part of it
  let buf = head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head
  let line = 1 // line of buf[pos]
  let pos = 0
  let depth = 0 // bracket depth, the top-level array of documents included
  let inArray = false // inside a top-level array: its elements are the documents
  let afterElement = false // inside it, an element was read since its `[` or the last comma
  // the comma after its last element until the next starts (at `]`: one too many): its line (0: none),
  // place in buf, column once buf lets go of it (0 till then); numbers: a 200 MB line has millions
  let [commaLine, commaPos, commaCol] = [0, 0, 0]
  const commaAt = (at: number) => { afterElement = false; commaLine = line; commaPos = at; commaCol = 0 }
  let arrayLine = 0 // the line of that array's `[`, for the reason should it never be closed
  let inStr = false
  let esc = false
  let start = -1 // start of the document being read, in buf
  let startLine = 0
  let ended = false
  let [blank, content, documents] = [0, 0, 0] // blank lines between documents; the current line's so far (0 nothing, 1 blanks, 2 more); documents read
  // reading past a document to its end, unkept: refused, or too long (refuse it once its size is known)
  let skipping: { bytes: number; refuse?: (bytes: number) => undefined } | undefined
  /** Ends the document being read at `end`; where to read on from inside it, if anywhere (emit). */
  const take = (end: number): number | undefined => {
    const again = skipping ? skipping.refuse?.(skipping.bytes + end - start) : emit(startLine, buf.subarray(start, end), () => columns.at(buf, start))
    const from = start
    skipping = undefined
    start = -1
    afterElement = inArray
    return again === undefined ? undefined : from + again
  }
  /** Lets go of buf's first n bytes (read), keeping the columns after them. */
  const drop = (n: number) => {
    if (commaLine > 0 && commaCol === 0 && commaPos < n) commaCol = columns.at(buf, commaPos)
    commaPos -= n
    columns.drop(buf, n)
    buf = buf.subarray(n)
  }

  for (;;) {
    for (; pos < buf.length; pos++) {
      const b = buf[pos]!
      if (inStr) {
        if (esc) esc = false
        else if (b === BACKSLASH) esc = true
        else if (b === QUOTE) inStr = false
        else if (b === NL) line++
        continue
      }
      if (start === -1) {
        // between documents
        if (b === NL) { line++; blank += content < 2 ? 1 : 0; content = 0; continue }
        if (isSpace(b)) { content ||= 1; continue } else content = 2
        if (b === COMMA && inArray && afterElement) { commaAt(pos); continue }
        if (b === COMMA) {
          stray(line, columns.at(buf, pos), b, !inArray ? 'a comma between documents that are not in an array (documents one after another take none)'
            : commaLine > 0 ? 'a second comma between two documents of the array' : 'a comma before the array\'s first document')
          continue
        }
        if (b === CLOSE_ARR && inArray) {
          if (commaLine > 0) stray(commaLine, commaCol || columns.at(buf, commaPos), COMMA, 'a comma after the array\'s last document')
          inArray = false; depth = 0; commaLine = 0; continue
        }
        if (b === OPEN_ARR && !inArray) { inArray = true; arrayLine = line; depth = 1; afterElement = false; continue }
        if (b === CLOSE_ARR || b === CLOSE_OBJ) {
          stray(line, columns.at(buf, pos), b, b === CLOSE_ARR ? 'a `]` that closes no array' : 'a `}` that closes no object')
          continue
        }
        // (a NUL before a document was read as part of it: the document was refused with it)
        if (b < 0x20) { stray(line, columns.at(buf, pos), b, `a control character (\\u${b.toString(16).padStart(4, '0')}) outside any document`); continue }
        start = pos
        startLine = line
        commaLine = 0
      }
      const base = inArray ? 1 : 0
      if (b === QUOTE) inStr = true
      else if (b === OPEN_OBJ || b === OPEN_ARR) depth++
      else if ((b === CLOSE_OBJ || b === CLOSE_ARR) && depth > base) {
        depth--
        const again = depth === base ? take(pos + 1) : undefined
        if (again !== undefined) {
          // read on from the `{` the broken document ran into, as a document of its own
          for (let i = again; i < pos; i++) if (buf[i] === NL) line--
          pos = again - 1
          depth = base
          continue
        }
      } else if (depth === base && (b === NL || (inArray && (b === COMMA || b === CLOSE_ARR)))) {
        // the end of a value that is not an object or array: the engine says what it is
        take(pos)
        if (b === CLOSE_ARR) { inArray = false; depth = 0 }
        if (b === COMMA) commaAt(pos)
      }
      if (b === NL) line++
      // a full run goes at once, also in the middle of a line or of a piece of input (a whole
      // body in one buffer): what is held stays within a run and a document
      if (start === -1 && outBytes >= chunkBytes) yield* flush(true)
    }
    // keep the document being read, drop what is done (all of a refused one)
    const keep = start === -1 || skipping ? buf.length : start
    if (skipping) skipping.bytes += keep
    drop(keep)
    pos -= keep
    if (start !== -1) start = 0
    let broken: { text: string; bad: { at: number; message: string } } | undefined
    if (start !== -1 && !skipping && buf.length > maxDocBytes) {
      const text = buf.toString('utf8')
      const bad = defect(text)
      // a defect well before the end: not a long document but a broken one (its `}` missing, the
      // documents after it read into it), refused where it broke and read on after, below
      if (bad && bad.at < text.length - 16) broken = { text, bad }
      else {
        // too long: read on to its end unkept, so the documents after it are read (resuming at the
        // next line starting with `{` lost an indented array's elements: break-it); then its refusal
        const refusal = longRefusal(buf, startLine, place(startLine, buf.length), columns.at(buf, 0), inArray, maxDocBytes)
        skipping = { bytes: buf.length, refuse: (bytes) => { documents++; onReject(refusal(bytes)) } }
        drop(buf.length)
        pos = 0
      }
    }
    if (!broken && !ended) {
      const next = await input.next()
      if (!next.done) { buf = buf.length === 0 ? next.value : Buffer.concat([buf, next.value]); continue }
      ended = true
    }
    // (a document running to the end leaves its array unclosed too: its one reason says it)
    if (!broken && (start === -1 || skipping)) { if (skipping) { skipping.refuse?.(skipping.bytes); inArray = false } break }
    // a document never closed or broken: one reason, then go on from the next line that starts,
    // after blanks, with `{` from the defect's line on: the usual start of a pretty-printed
    // document or of an array's indented element (the array stays open: its others are read)
    const text = broken?.text ?? buf.toString('utf8')
    const bad = broken?.bad ?? defect(text) ?? { at: text.length, message: 'never closed' }
    reject({ line: startLine, rec: place(startLine, buf.length), bytes: buf }, text, bad, () => columns.at(buf, 0))
    const next = /\n[ \t]*\{/g
    next.lastIndex = Math.max(0, text.lastIndexOf('\n', bad.at - 1))
    const found = next.exec(text)
    if (!found && ended) { inArray = false; break }
    if (!found) {
      // none starts in what was read: read on to the document's end, keeping none of it
      skipping = { bytes: 0 }
      drop(buf.length)
      pos = 0
      continue
    }
    const cut = Buffer.byteLength(text.slice(0, found.index + found[0].length - 1))
    for (let i = 0; i < cut; i++) if (buf[i] === NL) startLine++
    drop(cut)
    line = startLine
    pos = 0; depth = inArray ? 1 : 0; inStr = false; esc = false; start = -1; commaLine = 0
  }
  // an array of documents whose `]` never came (`[` alone, a file cut short) is said and counted as a document never closed is (it read as an empty input: break-it trial)
  if (inArray) {
    documents++
    onReject({ lineNo: arrayLine, raw: '[', reason: `not valid JSON: the array of documents that starts at line ${arrayLine} is never closed (no \`]\` before the end of the input)` })
  }
  yield* flush()
  return { blankLines: blank + (content === 1 ? 1 : 0), documents }
}
