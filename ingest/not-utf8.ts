// Lines refused as not UTF-8 (sql/pipeline/10_parse.sql) are most often a whole log saved in a
// legacy encoding (Latin-1, Windows-1252: "é" as the one byte E9), which no line's reason says:
// the summary says once how to convert the file, as a UTF-16 log's refusal does (core/utf16-input.ts).
import type { Rejection } from '../core/batches.ts'

/** The start of the reason sql/pipeline/10_parse.sql gives a line that is not UTF-8. */
const NOT_UTF8 = 'not valid UTF-8 ('

/** The sentence how to convert the input, once, when any of its lines were refused as not UTF-8; else none. */
export function notUtf8Notices(rejections: Iterable<Rejection>): string[] {
  for (const r of rejections) {
    if (r.lines > 0 && r.reason.startsWith(NOT_UTF8)) {
      return ['lines rejected as not valid UTF-8: the file may be in another encoding (Latin-1, Windows-1252): convert it first, '
        + 'e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8, and ingest FILE.utf8 (lines already stored are not counted twice)']
    }
  }
  return []
}
