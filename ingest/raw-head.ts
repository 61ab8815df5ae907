// The text kept of a refused line or document too long to keep whole (rejected_lines.raw): its
// first characters, then `…` and how much was left out, so that `wacost rejected` and GET
// /api/rejected show that it was cut (it ended at 200 characters unsaid: fresh-user trial).
import type { LineReject } from './chunks.ts'

/** How many characters of a long refused line or document are kept. */
export const HEAD_CHARS = 200

/** Where `text`'s first `n` characters (code points) end, in UTF-16 units; text.length if it has fewer. */
function afterChars(text: string, n: number): number {
  let i = 0
  for (let k = 0; k < n && i < text.length; k++) i += text.codePointAt(i)! > 0xffff ? 2 : 1
  return i
}

/** `text` as it is when short, else its first HEAD_CHARS characters, `…` and how many characters more it had. */
export function headOf(text: string): string {
  const end = afterChars(text, HEAD_CHARS)
  if (end >= text.length) return text
  let more = 0
  for (let i = end; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) more++
  return `${text.slice(0, end)}… (${more} more characters not kept)`
}

/** The first bytes of a line or document of `bytes` bytes in all, too long to read whole: its first characters, `…` and how many bytes more it had. */
export function headOfBytes(first: Buffer, bytes: number): string {
  const text = first.subarray(0, 4 * HEAD_CHARS).toString('utf8')
  const head = text.slice(0, afterChars(text, HEAD_CHARS))
  return `${head}… (${bytes - Buffer.byteLength(head)} more bytes not kept)`
}

/**
 * The reason of a line, or a document, over `limit` bytes, refused unread: a JSON line and a
 * line of other text said it in other words ("not valid JSON: document longer than 8388608
 * bytes" for a valid one: fresh-user trial).
 */
export const tooLong = (what: 'line' | 'document', bytes: number, limit: number): string =>
  `${what} too long (${bytes} bytes; at most ${limit / 1024 / 1024} MiB)`

/**
 * The refusal of a JSON document over `limit` bytes (`first`: its first bytes), given its size
 * once read to its end: alone on its line, in a line's words ("not valid JSON: document longer
 * than 8388608 bytes" for a valid line: fresh-user trial); else with its line and column.
 */
export function longRefusal(first: Buffer, lineNo: number, recNo: number, column: number, inArray: boolean, limit: number): (bytes: number) => LineReject {
  const head = Buffer.from(first.subarray(0, 4 * HEAD_CHARS))
  const where = inArray || column > 1 ? ` (line ${lineNo}, column ${column})` : ''
  return (bytes) => ({ lineNo, recNo, raw: headOfBytes(head, bytes), reason: `${tooLong(where ? 'document' : 'line', bytes, limit)}${where}` })
}
