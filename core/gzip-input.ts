// A log's bytes, gunzipped on the way when they are gzip: told by gzip's magic number in the
// first bytes, whatever a file is called or a request says, so `wacost ingest FILE` and POST
// /api/ingest read the same bodies the same way (a break-it trial sent a gzip body without
// Content-Encoding: every line was rejected as not UTF-8). Bytes after the gzip data are ignored
// and said, as `gzip -d` warns of them (core/gzip-members.ts).
import { gzipMembers, type GzipTrailer } from './gzip-members.ts'

export { CorruptGzipError } from './gzip-members.ts'

const GZIP_MAGIC = [0x1f, 0x8b]

/** An input said to be gzip (a Content-Encoding) does not start with gzip's magic number; `head`: its first bytes (up to 17). */
export class NotGzipError extends Error {
  constructor(readonly head: Buffer) {
    super('not gzip data: gzip data starts with the bytes 1f 8b')
  }
}

export interface GunzipOptions {
  /** where the sentence about bytes after the gzip data goes, once the input is read whole (none when there are none) */
  notices?: string[]
  /** the input must be gzip (its Content-Encoding says so): NotGzipError when its first bytes are not gzip's */
  required?: boolean
  /** told when the input is gzip (its magic number), before any of it is yielded */
  onGzip?: () => void
  /** what the input is, for the notice: a log's lines (the default), or a webhook delivery (one JSON document) */
  unit?: ReadUnit
}

/** What an input holds, for the notices about it: a log's lines, or a webhook delivery's one JSON document. */
export type ReadUnit = 'lines' | 'delivery'

/**
 * The notice for bytes that came after the end of an input's gzip data (or, `data` 'deflate' or
 * 'brotli', of a body's Content-Encoding: deflate or br data, api/request-encoding.ts) and were ignored.
 */
export function trailingNotice(t: GzipTrailer, data: 'gzip' | 'deflate' | 'brotli' = 'gzip', unit: ReadUnit = 'lines'): string {
  const what = t.zeros ? `${t.bytes} zero byte(s) (padding)` : `${t.bytes} byte(s) that are not ${data} data`
  const as = data === 'gzip' ? `, as gzip -d ignores them ("trailing ${t.zeros ? 'zero bytes' : 'garbage'} ignored")` : ''
  // a delivery is one JSON document, not lines (break-it trial: "the lines of the gzip data" of a webhook delivery)
  const read = unit === 'lines' ? `the lines of the ${data} data before them were read` : `the delivery's ${data} data before them was read`
  return `${what} came after the end of the ${data} data and were ignored${as}; ${read}`
}

/**
 * The bytes of `raw`, decompressed in constant memory when they start with gzip's magic number
 * (every member of a multi-member file in turn), else as they are. Bytes after the last member
 * are ignored and said in `opts.notices`. Throws CorruptGzipError (while iterating) on corrupt or
 * cut-short gzip data, NotGzipError for an input that is not gzip under `opts.required`; errors
 * of `raw` itself pass through unchanged.
 */
export async function* gunzipIfGzip(raw: AsyncIterable<Buffer>, opts: GunzipOptions = {}): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]()
  let head = Buffer.alloc(0)
  let done = false
  const readTo = async (n: number) => {
    while (head.length < n && !done) {
      const next = await it.next()
      if (next.done) done = true
      else head = Buffer.concat([head, Buffer.from(next.value)])
    }
  }
  // enough bytes to see the magic number (standard input may come a byte at a time)
  await readTo(GZIP_MAGIC.length)
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    if (opts.required && head.length > 0) {
      // enough of it to show what it is instead
      await readTo(17)
      throw new NotGzipError(head.subarray(0, 17))
    }
    if (head.length > 0) yield head
    for (let next = done ? undefined : await it.next(); next && !next.done; next = await it.next()) yield next.value
    return
  }
  opts.onGzip?.()
  yield* gzipMembers(head, it, (t) => { opts.notices?.push(trailingNotice(t, 'gzip', opts.unit)) })
}
