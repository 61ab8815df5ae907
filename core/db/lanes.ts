// The embedded engine runs one parameterized statement at a time, in the order they were sent
// (chdb's process-wide chain, node_modules/chdb/index.js runExclusiveParam: a query sent while
// another ran waited for all of it). So whoever sent first is answered first: after a batch, the
// investigation page's messages, asked at the same instant as the dashboard's panels, waited
// behind them (~0.45 s alone, ~0.9 s queued; bench:pages). This gate sends the engine one
// statement at a time itself, those of the first lane ahead of the rest: what a page shows
// first (the dashboard's headline, the customer's messages, and the look-ups their routes make)
// goes before the panels below them and before a micro-batch's next statement. Nothing runs
// slower: the engine ran them one at a time anyway.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ClickHouseClient } from '@clickhouse/client'
import { aroundStatements } from './around.ts'

const lane = new AsyncLocalStorage<'first'>()
// Inside a call that holds the engine: a call made from it (a wrapper around the client's method,
// e.g. a test's spy that calls the one it replaced) goes straight through instead of waiting for
// the slot it holds itself.
const holding = new AsyncLocalStorage<true>()

/** Runs `work` (a request's handler) with every statement it sends ahead of the rest's. */
export function first<T>(work: () => Promise<T>): Promise<T> {
  return lane.run('first', work)
}

/**
 * `client` with its statements sent one at a time: a call waits until the one before it has
 * been answered (its promise settled: for a streamed result, once the stream is handed over), and
 * the waiting calls of the first lane go before the others, each lane in the order it was called.
 */
export function laned(client: ClickHouseClient): ClickHouseClient {
  const waiting: [(() => void)[], (() => void)[]] = [[], []]
  let busy = false
  const release = () => {
    const next = waiting[0].shift() ?? waiting[1].shift()
    if (next) next()
    else busy = false
  }
  const acquire = (): Promise<void> => {
    if (!busy) { busy = true; return Promise.resolve() }
    return new Promise((go) => waiting[lane.getStore() === 'first' ? 0 : 1].push(go))
  }
  return aroundStatements(client, async (call, params) => {
    if (holding.getStore()) return call(params)
    await acquire()
    try { return await holding.run(true, () => call(params)) } finally { release() }
  })
}
