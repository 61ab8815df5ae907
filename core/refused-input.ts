// An input that is no message log, refused whole by its first bytes. A log saved as UTF-16 (Windows
// PowerShell 5's `>` and `Out-File` write it, with a byte-order mark) is refused as a whole, in
// words that say how to convert it: read as UTF-8 its lines were rejected one by one as "not valid
// UTF-8", "a control character … written raw inside a string" and "not valid JSON", none of which
// names the cause (break-it trial). UTF-32 the same, named as such. Logs are UTF-8 (README,
// "Input"); a UTF-16 or UTF-32 one is not rewritten, as no input is.

/** An input refused whole by its first bytes, before anything of it is stored (the message says why). */
export class RefusedInputError extends Error {}

/** A text encoding of 2 or 4 bytes a character, its byte order, and whether a byte-order mark says so. */
export interface WideText { encoding: 'UTF-16' | 'UTF-32'; order: 'LE' | 'BE'; marked: boolean }

const marks: Record<WideText['encoding'], Record<WideText['order'], string>> = {
  'UTF-16': { LE: 'FF FE', BE: 'FE FF' }, 'UTF-32': { LE: 'FF FE 00 00', BE: '00 00 FE FF' },
}

/**
 * The input is UTF-16 or UTF-32 text, told by its first bytes (a UTF-32 one was called UTF-16:
 * break-it trial). `gzipped`: the input was gzip, undone on the way: it must be unpacked before it
 * is converted (the advice was iconv on the .gz itself, which iconv cannot read).
 */
export class WideTextInputError extends RefusedInputError {
  constructor(readonly text: WideText, gzipped = false) {
    const { encoding, order, marked } = text
    // with a byte-order mark iconv takes the plain name and drops the mark; without one, the order
    // must be named (iconv -f UTF-16 read big-endian text without a mark as something else)
    const from = marked ? encoding : `${encoding}${order}`
    const convert = gzipped ? `unpacked from its gzip, e.g. gunzip -c FILE | iconv -f ${from} -t UTF-8 > log-utf8.ndjson`
      : `e.g. iconv -f ${from} -t UTF-8 FILE > log-utf8.ndjson`
    super(`it is ${encoding} text (${order === 'LE' ? 'little' : 'big'}-endian${marked ? `, byte-order mark ${marks[encoding][order]}` : ''}), `
      + `and message logs are read as UTF-8: convert it first, ${convert} `
      + '(PowerShell: Out-File -Encoding utf8); nothing of it was stored')
  }
}

// `{`, `[` or white space as the first character of a JSON log, one byte of each UTF-16 unit being 0
const opener = (b: number | undefined) => b === 0x7b || b === 0x5b || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/** True when `head` has the byte `at[i]` at each offset `i` (undefined: any but 0). */
const shaped = (head: Buffer, at: (number | undefined)[]): boolean => head.length >= at.length
  && at.every((b, i) => (b === undefined ? head[i] !== 0x00 : head[i] === b))

/**
 * UTF-16 or UTF-32 text and its byte order from its first eight bytes: a byte-order mark (UTF-32's
 * first: FF FE 00 00 starts UTF-32 LE, never a UTF-16 log, which would start with U+0000), or a
 * JSON opener and the next character each padded with 0s (two characters, so a stray NUL before a
 * UTF-8 line is not taken for either); else undefined.
 */
export function wideText(head: Buffer): WideText | undefined {
  if (shaped(head, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'UTF-32', order: 'LE', marked: true }
  if (shaped(head, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'UTF-32', order: 'BE', marked: true }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'UTF-16', order: 'LE', marked: true }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'UTF-16', order: 'BE', marked: true }
  const [first, second, fourth] = [head[0], head[1], head[3]]
  if (opener(first) && shaped(head, [first, 0x00, 0x00, 0x00, undefined, 0x00, 0x00, 0x00])) return { encoding: 'UTF-32', order: 'LE', marked: false }
  if (opener(fourth) && shaped(head, [0x00, 0x00, 0x00, fourth, 0x00, 0x00, 0x00, undefined])) return { encoding: 'UTF-32', order: 'BE', marked: false }
  if (opener(first) && shaped(head, [first, 0x00, undefined, 0x00])) return { encoding: 'UTF-16', order: 'LE', marked: false }
  if (opener(second) && shaped(head, [0x00, second, 0x00, undefined])) return { encoding: 'UTF-16', order: 'BE', marked: false }
  return undefined
}

/**
 * The input is a tar archive (`tar czf logs.tar.gz day1.ndjson …`, decompressed on the way): read
 * as lines, each file's 512-byte header stuck to its first record and was refused as not valid
 * JSON, the other records accepted, and nothing said it was an archive (break-it trial).
 */
export class TarInputError extends RefusedInputError {
  constructor() {
    super('it is a tar archive, not a message log: extract the logs from it first (tar xf FILE, which reads a .tar.gz too) '
      + 'and ingest them; nothing of it was stored')
  }
}

/**
 * A tar archive's header: "ustar" at offset 257 and a NUL after it (POSIX `ustar\0`, GNU
 * `ustar  \0`): a text log holds no NUL, so a first line with "mustard" at byte 257 is no tar.
 */
const isTar = (head: Buffer): boolean => head.subarray(257, 262).equals(Buffer.from('ustar'))
  && (head[262] === 0 || (head[262] === 0x20 && head[263] === 0x20 && head[264] === 0))

/**
 * The bytes of `raw` as they are, unless its first bytes show UTF-16 or UTF-32 text or a tar
 * archive: then it throws WideTextInputError or TarInputError (while iterating, before yielding
 * anything). `gzipped`: whether `raw` was gzip, undone on the way (asked once the first bytes are
 * read). Errors of `raw` pass through.
 */
export async function* refuseUnreadable(raw: AsyncIterable<Buffer>, gzipped: () => boolean = () => false): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]()
  // 265 bytes decide, a tar header's magic at 257 (standard input may come a byte at a time)
  let head = Buffer.alloc(0)
  let next = await it.next()
  while (!next.done) {
    head = Buffer.concat([head, Buffer.from(next.value)])
    if (head.length >= 265) break
    next = await it.next()
  }
  const wide = wideText(head)
  if (wide) throw new WideTextInputError(wide, gzipped())
  if (isTar(head)) throw new TarInputError()
  if (head.length > 0) yield head
  if (next.done) return
  for (next = await it.next(); !next.done; next = await it.next()) yield next.value
}
