// A log's bytes, gunzipped on the way when they are gzip: told by gzip's magic number in the
// first bytes, whatever a file is called or a request says, so `wacost ingest FILE` and POST
// /api/ingest read the same bodies the same way (a break-it trial sent a gzip body without
// Content-Encoding: every line was rejected as not UTF-8).
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

const GZIP_MAGIC = [0x1f, 0x8b]

/** The gzip data of an input is corrupt or cut short; `message` is zlib's. */
export class CorruptGzipError extends Error {
  constructor(readonly detail: string) {
    super(`the gzip data is corrupt or cut short (${detail})`)
  }
}

/**
 * The bytes of `raw`, decompressed in constant memory when they start with gzip's magic number,
 * else as they are. Throws CorruptGzipError (while iterating) on corrupt or cut-short gzip data;
 * errors of `raw` itself pass through unchanged.
 */
export async function* gunzipIfGzip(raw: AsyncIterable<Buffer> | Readable): AsyncGenerator<Buffer> {
  const it = (raw as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  // enough bytes to see the magic number (standard input may come a byte at a time)
  let head = Buffer.alloc(0)
  let done = false
  while (head.length < GZIP_MAGIC.length && !done) {
    const next = await it.next()
    if (next.done) done = true
    else head = Buffer.concat([head, Buffer.from(next.value)])
  }
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head
    for (let next = done ? undefined : await it.next(); next && !next.done; next = await it.next()) yield next.value
  }
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) { yield* rest(); return }
  const gunzip = createGunzip()
  const source = Readable.from(rest())
  // an error of the source is the source's (a request cut short), not the gzip data's
  let sourceError: unknown
  source.on('error', (e) => { sourceError = e; gunzip.destroy(e) })
  try {
    yield* source.pipe(gunzip) as AsyncIterable<Buffer>
  } catch (e) {
    if (sourceError !== undefined) throw sourceError
    throw new CorruptGzipError((e as Error).message)
  }
}
