// A refused JSON document's defect in the words an NDJSON line gets for it (a bare word `True`, a
// single quote, a key without quotes, a stray comma, a raw line break in a string, a document cut
// short), at the line and column where it is: such documents were told JSON.parse's own words
// (`Unexpected token 'T', …`), a bare word at the document's last line (break-it trial). The
// words are the engine's (sql/pipeline/10_document_defects: the NDJSON functions), asked once a
// group for the group's refused documents; where they name nothing, JSON.parse's words stay
// (`Expected ',' or '}' after property value`), with the place it stopped.
import type { Db } from '../core/db/client.ts'
import { rows } from '../core/db/sql.ts'
import type { LineReject } from './chunks.ts'
import { headOf } from './raw-head.ts'

/** What the engine is asked to name, and where its words are placed. */
export interface DocumentDefect {
  /** the document up to the end of its defect's line; all of it when cut short (its end is the defect) */
  text: string
  cut: boolean
  /** the place of the defect JSON.parse found, `(line 3, column 7)`, and of the end of the text, `(line 9)` */
  at: string
  end: string
  /** the 1-based line and column of text's character i (a code point's UTF-16 index) */
  place: (i: number) => { line: number; column: number }
}

/** The longest text asked about: a longer document keeps JSON.parse's words (~1 MB; documents over 8 MiB are refused unread). */
const MAX_NAMED = 1 << 20

/**
 * The refusal of the document `text` starting at line `line`, whose first character is at column
 * `column()` (asked now, of the reader's buffer as it is: the engine's words are placed later),
 * JSON.parse stopping at `bad`.
 */
export function documentRefusal(line: number, recNo: number, text: string, bad: { at: number; message: string }, column: () => number): LineReject {
  const cut = text.slice(bad.at).trim() === ''
  const lineEnd = text.indexOf('\n', bad.at + 1)
  // (a prefix of text: the places asked are in it)
  const named = cut || lineEnd === -1 ? text : text.slice(0, lineEnd)
  const firstColumn = column()
  const place = (i: number) => {
    const before = named.slice(0, i).split('\n')
    const col = before.length === 1 ? firstColumn + before[0]!.length : before.at(-1)!.length + 1
    return { line: line + before.length - 1, column: col }
  }
  const at = place(bad.at)
  const where = `(line ${at.line}, column ${at.column})`
  const refusal: LineReject = { lineNo: line, recNo, raw: headOf(text), reason: `not valid JSON: ${bad.message} ${where}` }
  if (named.length <= MAX_NAMED) refusal.document = { text: named, cut, at: where, end: `(line ${place(named.trimEnd().length).line})`, place }
  return refusal
}

/** The UTF-16 index in `text` of its code point `n` (0-based): the engine counts code points. */
function codePointIndex(text: string, n: number): number {
  let i = 0
  for (let k = 0; k < n && i < text.length; k++) i += text.codePointAt(i)! > 0xffff ? 2 : 1
  return i
}

/** The engine's words for one document's defect, placed; undefined where they do not fit it. */
function placed(words: string, d: DocumentDefect): string | undefined {
  if (words === 'not valid JSON') return undefined
  // a text cut at its defect's line ends with brackets open: only the document's own end is cut short
  if (words.includes('(cut short?)')) return d.cut ? `${words.replace('the line ends', 'the document ends')} ${d.end}` : undefined
  const column = /\(column (\d+)([;)])/.exec(words)
  if (!column) return `${words} ${d.at}`
  const p = d.place(codePointIndex(d.text, Number(column[1]) - 1))
  return words.replace(column[0], `(line ${p.line}, column ${p.column}${column[2]}`)
}

/** Gives the group's refused documents the words NDJSON lines get for their defects, where there are such words. */
export async function nameDocumentDefects(db: Db, refused: LineReject[]): Promise<void> {
  const docs = refused.filter((r) => r.document)
  if (docs.length === 0) return
  const [row] = await rows<{ words: string[] }>(db, 'pipeline/10_document_defects', { texts: docs.map((r) => r.document!.text) })
  docs.forEach((r, i) => {
    r.reason = placed(row?.words[i] ?? 'not valid JSON', r.document!) ?? r.reason
    delete r.document
  })
}
