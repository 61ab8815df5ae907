// Results the API already computed, kept for the current data epoch (core/data-version.ts): the
// dashboard's panels ask the same queries again and again (page loads, several people, a live
// refresh after each batch), and the embedded engine runs one heavy query at a time, so panels
// would queue behind each other. An LRU bounded in bytes, plus in-flight sharing: identical
// requests that arrive while the query runs wait for that one query instead of starting their own.

/** Bytes of results kept at most (the sum of the bodies). */
export const CACHE_BYTES = 64 * 1024 * 1024
/** A body larger than this is served but not kept (customer timelines, wide exports). */
export const ENTRY_BYTES = 8 * 1024 * 1024

export interface CacheStats { hits: number; misses: number; shared: number; entries: number; bytes: number }

/** Where a body came from: `kept` (a hit), `shared` (an identical request's run), `run` (a miss). */
export type CacheSource = 'kept' | 'shared' | 'run'

export interface ResultsCache {
  /**
   * The body for `key` in the current epoch and where it came from: a kept one, the one being
   * computed by an identical request, or `produce()`'s (kept when small enough). A failed
   * produce is never kept.
   */
  get(key: string, produce: () => Promise<Buffer>): Promise<{ body: Buffer; from: CacheSource }>
  stats(): CacheStats
}

/** `epoch()` names the state of the data; a result of another epoch is never served. */
export function resultsCache(epoch: () => number, maxBytes = CACHE_BYTES, maxEntry = ENTRY_BYTES): ResultsCache {
  let current = epoch()
  const kept = new Map<string, Buffer>()
  const running = new Map<string, Promise<Buffer>>()
  let bytes = 0
  const counts = { hits: 0, misses: 0, shared: 0 }

  const sync = () => {
    const now = epoch()
    if (now === current) return
    // Everything kept belongs to an older state: dropped at once, not aged out.
    current = now
    kept.clear()
    running.clear()
    bytes = 0
  }

  const keep = (key: string, body: Buffer) => {
    if (body.length > maxEntry) return
    kept.set(key, body)
    bytes += body.length
    for (const [k, b] of kept) {
      if (bytes <= maxBytes) break
      kept.delete(k)
      bytes -= b.length
    }
  }

  return {
    get(key, produce) {
      sync()
      const hit = kept.get(key)
      if (hit) {
        // Map order is the LRU order: a hit moves to the end.
        kept.delete(key)
        kept.set(key, hit)
        counts.hits += 1
        return Promise.resolve({ body: hit, from: 'kept' })
      }
      const pending = running.get(key)
      if (pending) { counts.shared += 1; return pending.then((body) => ({ body, from: 'shared' })) }
      counts.misses += 1
      const started = current
      const run = produce().then((body) => {
        // Kept only if the data did not change while the query ran: it may have read the state
        // before the change, and the key names the state after it.
        if (epoch() === started && running.get(key) === run) keep(key, body)
        return body
      }).finally(() => { if (running.get(key) === run) running.delete(key) })
      running.set(key, run)
      return run.then((body) => ({ body, from: 'run' }))
    },
    stats: () => ({ ...counts, entries: kept.size, bytes }),
  }
}

/** A cache key that does not depend on the order parameters were given in. */
export function resultKey(parts: string[], params: Record<string, unknown>): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]])
  return `${parts.join('\u0000')}\u0000${JSON.stringify(sorted)}`
}
