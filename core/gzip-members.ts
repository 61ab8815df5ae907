// Gzip's framing (RFC 1952) read here, its deflate data by zlib: Node's createGunzip takes bytes
// after a member for the start of another one and fails on them ("incorrect header check"),
// dropping what the last member decompressed in that call, so a log with bytes appended after
// its gzip data (`gzip -d` decompresses it and warns "trailing garbage ignored") was refused
// whole (break-it trial). Members follow one another (`cat a.gz b.gz`); what follows the last one
// that does not start with gzip's magic number is counted and ignored, as `gzip -d` does.
import { createInflateRaw, crc32, type InflateRaw } from 'node:zlib'

/** The gzip data of an input is corrupt or cut short; `detail` is zlib's words. */
export class CorruptGzipError extends Error {
  constructor(readonly detail: string) {
    super(`the gzip data is corrupt or cut short (${detail})`)
  }
}

/** What came after the last gzip member: how many bytes, and whether all were zero (padding). */
export interface GzipTrailer { bytes: number; zeros: boolean }

// bytes handed to the inflater at a time: what one of them decompresses to is held at once
const PIECE = 64 * 1024
// header flags (RFC 1952 §2.3.1)
const FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, RESERVED = 0xe0

/** The bytes of a source read on demand: some may be put back (what a member did not use). */
class Bytes {
  private ended = false
  constructor(private buf: Buffer, private readonly it: AsyncIterator<Buffer>) {}

  /** Whether at least `n` bytes are buffered, reading more as needed (false: the source ended first). */
  async fill(n: number): Promise<boolean> {
    while (this.buf.length < n && !this.ended) {
      const next = await this.it.next()
      if (next.done) this.ended = true
      else this.buf = this.buf.length === 0 ? Buffer.from(next.value) : Buffer.concat([this.buf, next.value])
    }
    return this.buf.length >= n
  }

  peek(): Buffer { return this.buf }

  take(n: number): Buffer {
    const head = this.buf.subarray(0, n)
    this.buf = this.buf.subarray(n)
    return head
  }

  /** The next bytes (at most `max`): buffered ones first; undefined at the source's end. */
  async next(max: number): Promise<Buffer | undefined> {
    if (!(await this.fill(1))) return undefined
    return this.take(Math.min(max, this.buf.length))
  }

  unread(b: Buffer): void { this.buf = this.buf.length === 0 ? b : Buffer.concat([b, this.buf]) }
}

const cut = () => new CorruptGzipError('unexpected end of file')

/** Reads one member's header (its magic number already seen, not taken), checking what zlib checks. */
async function header(src: Bytes): Promise<void> {
  if (!(await src.fill(10))) throw cut()
  const fixed = src.take(10)
  if (fixed[2] !== 8) throw new CorruptGzipError('unknown compression method')
  const flags = fixed[3]!
  if (flags & RESERVED) throw new CorruptGzipError('unknown header flags set')
  let crc = crc32(fixed)
  const read = async (n: number) => {
    if (!(await src.fill(n))) throw cut()
    const b = src.take(n)
    crc = crc32(b, crc)
    return b
  }
  if (flags & FEXTRA) await read((await read(2)).readUInt16LE(0))
  // the file name and the comment end with a zero byte, wherever it comes
  for (const field of [FNAME, FCOMMENT]) {
    if (!(flags & field)) continue
    for (;;) {
      if (!(await src.fill(1))) throw cut()
      const zero = src.peek().indexOf(0)
      await read(zero < 0 ? src.peek().length : zero + 1)
      if (zero >= 0) break
    }
  }
  if (flags & FHCRC && (await read(2)).readUInt16LE(0) !== (crc & 0xffff)) throw new CorruptGzipError('header crc mismatch')
}

/**
 * `inflater` fed `piece`: resolves once it has taken what it will of it (its output emitted);
 * rejects with CorruptGzipError on corrupt data (zlib then emits its error, and calls back no write).
 */
function feed(inflater: InflateRaw, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: Error) => { reject(new CorruptGzipError(e.message)) }
    inflater.once('error', failed)
    inflater.write(piece, (e) => {
      inflater.off('error', failed)
      if (e) failed(e)
      else resolve()
    })
  })
}

/** One member's deflate data and trailer: its bytes decompressed, checked against the trailer's CRC-32 and length. */
async function* member(src: Bytes): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw()
  const out: Buffer[] = []
  inflater.on('data', (b: Buffer) => { out.push(b) })
  let crc = 0
  let size = 0
  try {
    for (let done = false; !done;) {
      // the deflate data's end comes before the 8 bytes of the trailer: a source that ends first is cut short
      const piece = await src.next(PIECE)
      if (piece === undefined) throw cut()
      const before = inflater.bytesWritten
      await feed(inflater, piece)
      // zlib takes every byte it is given until its data ends: what it leaves is the trailer and what follows
      const used = inflater.bytesWritten - before
      if (used < piece.length) { src.unread(piece.subarray(used)); done = true }
      for (const b of out.splice(0)) { crc = crc32(b, crc); size += b.length; yield b }
    }
  } finally { inflater.close() }
  if (!(await src.fill(8))) throw cut()
  const trailer = src.take(8)
  if (trailer.readUInt32LE(0) !== crc) throw new CorruptGzipError('incorrect data check')
  if (trailer.readUInt32LE(4) !== size % 2 ** 32) throw new CorruptGzipError('incorrect length check')
}

/**
 * The decompressed bytes of the gzip data `head` (its first bytes, gzip's magic number) and `it` hold:
 * every member in turn; bytes after the last one that do not start a member are read to the end,
 * counted and given to `trailing` (not called when there are none). Throws CorruptGzipError on
 * data that is corrupt or cut short (zlib's words: "unexpected end of file", "incorrect data
 * check", …); errors of `it` pass through.
 */
export async function* gzipMembers(head: Buffer, it: AsyncIterator<Buffer>, trailing: (t: GzipTrailer) => void): AsyncGenerator<Buffer> {
  const src = new Bytes(head, it)
  for (;;) {
    await header(src)
    yield* member(src)
    if (!(await src.fill(1))) return
    await src.fill(2)
    const [a, b] = src.peek()
    if (a === 0x1f && b === 0x8b) continue
    // not gzip: what `gzip -d` ignores with a warning
    let bytes = 0
    let zeros = true
    for (let rest = await src.next(PIECE); rest; rest = await src.next(PIECE)) {
      bytes += rest.length
      if (zeros && rest.some((x) => x !== 0)) zeros = false
    }
    trailing({ bytes, zeros })
    return
  }
}
