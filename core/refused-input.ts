// An input that is no message log, refused whole by its first bytes. A log saved as UTF-16 (Windows
// PowerShell 5's `>` and `Out-File` write it, with a byte-order mark) is refused as a whole, in
// words that say how to convert it: read as UTF-8 its lines were rejected one by one as "not valid
// UTF-8", "a control character … written raw inside a string" and "not valid JSON", none of which
// names the cause (break-it trial). Logs are UTF-8 (README, "Input"); a UTF-16 one is not
// rewritten, as no input is.

/** An input refused whole by its first bytes, before anything of it is stored (the message says why). */
export class RefusedInputError extends Error {}

/** The input is UTF-16 text; `order` is told by its first bytes. */
export class Utf16InputError extends RefusedInputError {
  constructor(readonly order: 'LE' | 'BE', readonly marked: boolean) {
    super(`it is UTF-16 text (${order === 'LE' ? 'little' : 'big'}-endian${marked ? `, byte-order mark ${order === 'LE' ? 'FF FE' : 'FE FF'}` : ''}), `
      + 'and message logs are read as UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8 FILE > log-utf8.ndjson '
      + '(PowerShell: Out-File -Encoding utf8); nothing of it was stored')
  }
}

// `{`, `[` or white space as the first character of a JSON log, one byte of each UTF-16 unit being 0
const opener = (b: number | undefined) => b === 0x7b || b === 0x5b || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/**
 * The byte order of UTF-16 text from its first four bytes: a byte-order mark, or a JSON opener
 * and the next character each beside a 0 (two units, so a stray NUL before a UTF-8 line is not
 * taken for UTF-16); else undefined.
 */
export function utf16Order(head: Buffer): { order: 'LE' | 'BE'; marked: boolean } | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return { order: 'LE', marked: true }
  if (head[0] === 0xfe && head[1] === 0xff) return { order: 'BE', marked: true }
  if (head.length < 4) return undefined
  if (opener(head[0]) && head[1] === 0x00 && head[2] !== 0x00 && head[3] === 0x00) return { order: 'LE', marked: false }
  if (head[0] === 0x00 && opener(head[1]) && head[2] === 0x00 && head[3] !== 0x00) return { order: 'BE', marked: false }
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
 * The bytes of `raw` as they are, unless its first bytes show UTF-16 text or a tar archive: then
 * it throws Utf16InputError or TarInputError (while iterating, before yielding anything). Errors
 * of `raw` pass through.
 */
export async function* refuseUnreadable(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]()
  // 265 bytes decide, a tar header's magic at 257 (standard input may come a byte at a time)
  let head = Buffer.alloc(0)
  let next = await it.next()
  while (!next.done) {
    head = Buffer.concat([head, Buffer.from(next.value)])
    if (head.length >= 265) break
    next = await it.next()
  }
  const utf16 = utf16Order(head)
  if (utf16) throw new Utf16InputError(utf16.order, utf16.marked)
  if (isTar(head)) throw new TarInputError()
  if (head.length > 0) yield head
  if (next.done) return
  for (next = await it.next(); !next.done; next = await it.next()) yield next.value
}
