// Lines refused as not UTF-8 (sql/pipeline/10_parse.sql) are most often a whole log saved in a
// legacy encoding (Latin-1, Windows-1252: "é" as the one byte E9), which no line's reason says:
// the summary says once how to convert the file, as a UTF-16 log's refusal does (core/refused-input.ts).
// An input that is no text at all (an image, an archive) is said to be one instead: converting
// it was the advice given for `wacost ingest pic.png` (fresh-user trial).
import type { Rejection } from '../core/batches.ts'

/** The start of the reason sql/pipeline/10_parse.sql gives a line that is not UTF-8. */
const NOT_UTF8 = 'not valid UTF-8 ('

/** Files told by their first bytes (magic numbers), and what they are. */
const MAGIC: Array<[Buffer, string]> = [
  [Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'a PNG image'], [Buffer.from([0xff, 0xd8, 0xff]), 'a JPEG image'],
  [Buffer.from('GIF8'), 'a GIF image'], [Buffer.from('%PDF-'), 'a PDF document'],
  [Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'a ZIP archive (or an Excel or Word file)'],
  [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 'a Zstandard archive'], [Buffer.from('BZh'), 'a bzip2 archive'],
  [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), 'an xz archive'], [Buffer.from('7z'), 'a 7-Zip archive'],
  [Buffer.from('SQLite format 3\0'), 'an SQLite database'],
]

/**
 * What the input looks like when it is no text (`head`: its first bytes, 8 KiB are enough): a
 * known file kind by its magic number, whatever of it was accepted; else, when none of it was
 * (`accepted` 0), `it holds NUL bytes` when it holds one (as git tells a binary file: a log with a
 * stray NUL and records accepted is a log); undefined for text. (A tar archive is refused whole
 * before this: core/refused-input.ts.)
 */
export function binaryKind(head: Buffer, accepted = 0): string | undefined {
  const known = MAGIC.find(([magic]) => head.subarray(0, magic.length).equals(magic))
  if (known) return known[1]
  return accepted === 0 && head.subarray(0, 8192).includes(0) ? 'it holds NUL bytes' : undefined
}

/**
 * The sentence how to convert the input, once, when any of its lines were refused as not UTF-8;
 * when it looks binary (`binary`: binaryKind) and any line was refused, that it is no message log; else none.
 */
export function notUtf8Notices(rejections: Iterable<Rejection>, binary?: string): string[] {
  for (const r of rejections) {
    if (r.lines > 0 && binary !== undefined) {
      return [`the input looks like a binary file (${binary}), not a message log: give the log itself (NDJSON or JSON documents, as text; gzip is read too)`]
    }
    if (r.lines > 0 && r.reason.startsWith(NOT_UTF8)) {
      return ['lines rejected as not valid UTF-8: the file may be in another encoding (Latin-1, Windows-1252): convert it first, '
        + 'e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8, and ingest FILE.utf8 (lines already stored are not counted twice)']
    }
  }
  return []
}
