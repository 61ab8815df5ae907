// Where a defect of the input is, for ingest/documents.ts's reasons ("line 3, column 17"): where
// JSON.parse stops in a document, and the column of a byte, counted as JSON.parse counts (UTF-16
// units, so a character outside the BMP counts 2). The reader holds only the tail of a line (a
// one-line array may be 200 MB): what it lets go of is counted once, on the way out, so columns
// cost one pass over their line however many are asked for (each from the last one, forward).

import { printable } from '../core/printable.ts'

/**
 * Where JSON.parse stops in `text` (UTF-16 index), or undefined when it parses; `message` its
 * words, a control character in them written escaped (V8 quotes the token: a raw NUL reached the
 * reason, and the terminal, as nothing visible).
 */
export function defect(text: string): { at: number; message: string } | undefined {
  try { JSON.parse(text); return undefined } catch (e) {
    const message = printable((e as Error).message)
    const m = /(.*?) in JSON at position (\d+)/.exec(message)
    if (m) return { at: Number(m[2]), message: m[1]! }
    if (/ input$/.test(message)) return { at: text.length, message: message.replace(/ input$/, ' of the document') }
    // `Unexpected token 'T', "…" is not valid JSON`: the text it quotes (cut: `…"...`) left out
    return { at: unexpectedAt(text), message: /^(Unexpected token '.*?'), /s.exec(message)?.[1] ?? message }
  }
}

/**
 * Where the token JSON.parse calls unexpected is: V8 does not say (`Unexpected token 'T', "…" is
 * not valid JSON`: a document's `True` was placed at its end). A text cut before that token fails
 * otherwise (the end comes first; a literal or number cut short included), one cut after it so,
 * so the shortest such cut is found by halving (a refused document only: ~23 parses for 8 MB).
 */
function unexpectedAt(text: string): number {
  const unexpected = (n: number) => {
    try { JSON.parse(text.slice(0, n)); return false } catch (e) { return !/ in JSON at position | input$/.test((e as Error).message) }
  }
  let [lo, hi] = [0, text.length] // unexpected(hi), not unexpected(lo)
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (unexpected(mid)) hi = mid
    else lo = mid
  }
  return hi - 1
}

/** UTF-16 length of the UTF-8 bytes b[from, to): a byte that starts a character counts 1, one that starts a 4-byte one 2. */
function utf16Length(b: Buffer, from = 0, to = b.length): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = b[i]!
    if ((c & 0xc0) !== 0x80) n += c >= 0xf0 ? 2 : 1
  }
  return n
}

/** The columns of a buffer whose start may lie inside a line it no longer holds. */
export class Columns {
  /** columns of the current line before the buffer's first byte (its start was let go of) */
  private head = 0
  /** a byte whose column is known (0-based), to count on from */
  private markAt = 0
  private markCol = 0

  /** The 1-based column of buf[p]. */
  at(buf: Buffer, p: number): number {
    // (asked before the mark: a broken document read again from inside; rare, counted from the start)
    if (p < this.markAt) { this.markAt = 0; this.markCol = this.head }
    const seg = buf.subarray(this.markAt, p)
    const nl = seg.lastIndexOf(0x0a)
    this.markCol = nl === -1 ? this.markCol + utf16Length(seg) : utf16Length(seg, nl + 1)
    this.markAt = p
    return this.markCol + 1
  }

  /** The buffer is about to lose its first n bytes: their columns are kept as the head of the line. */
  drop(buf: Buffer, n: number): void {
    this.head = this.at(buf, n) - 1
    this.markAt = 0
    this.markCol = this.head
  }
}
