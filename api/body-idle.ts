// A request body that stops arriving: a client that sent a Content-Length larger than what it
// sends, then neither sends more nor closes. Node's HTTP server has no limit for it here (Fastify
// sets no request timeout), so POST /api/ingest waited for it forever, holding the one writer
// (every later ingest and webhook micro-batch queued behind it). The body is read through
// `idleLimited`, which gives up once no byte has come for the server's limit while the ingest was
// waiting for one (time the ingest spends storing what it read is not the client's: not counted).
import type { Readable } from 'node:stream'

/** The body stopped arriving: `bytes` came, then nothing for `idleMs` while more was expected. */
export class BodyStalledError extends Error {
  constructor(readonly bytes: number, readonly idleMs: number) {
    super(`request body idle for ${idleMs} ms after ${bytes} bytes`)
  }
}

/**
 * The chunks of `body` as they come; throws BodyStalledError when `idleMs` pass, while a chunk is
 * awaited, without one. The body is left open (not destroyed) so that the answer can still be
 * written on its connection; the answer then closes it.
 */
export async function* idleLimited(body: Readable | AsyncIterable<Buffer>, idleMs: number): AsyncGenerator<Buffer> {
  const it = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  let bytes = 0
  for (;;) {
    let timer: NodeJS.Timeout | undefined
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BodyStalledError(bytes, idleMs)), idleMs)
    })
    let next: IteratorResult<Buffer>
    try { next = await Promise.race([it.next(), stalled]) } finally { clearTimeout(timer) }
    if (next.done) return
    bytes += next.value.length
    yield next.value
  }
}
