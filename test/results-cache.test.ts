// The results cache's own rules (api/results-cache.ts), without the engine: bounded in bytes,
// least recently used out first, nothing of an older epoch served, a result whose query ran
// across a change not kept, identical requests in flight sharing one produce.
import { expect, it } from 'vitest'
import { resultKey, resultsCache } from '../api/results-cache.ts'

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill)

it('keeps at most maxBytes, dropping the least recently used, and never an entry over maxEntry', async () => {
  const cache = resultsCache(() => 0, 300, 150)
  let produced = 0
  const get = async (key: string, n: number) => (await cache.get(key, async () => { produced += 1; return bytes(n) })).body
  await get('a', 100)
  await get('b', 100)
  await get('c', 100)
  await get('a', 100) // a is now the most recent
  expect(produced).toBe(3)
  await get('d', 100) // over 300 bytes: b (least recent) goes
  expect(cache.stats()).toMatchObject({ entries: 3, bytes: 300 })
  await get('b', 100)
  expect(produced).toBe(5)
  await get('big', 200)
  await get('big', 200)
  expect(produced).toBe(7)
  expect(cache.stats().bytes).toBeLessThanOrEqual(300)
})

it('serves nothing of an older epoch and keeps nothing whose query ran across a change', async () => {
  let epoch = 0
  const cache = resultsCache(() => epoch)
  expect(await cache.get('k', async () => bytes(1, 1))).toEqual({ body: bytes(1, 1), from: 'run' })
  expect(await cache.get('k', async () => bytes(1, 9))).toEqual({ body: bytes(1, 1), from: 'kept' })
  epoch = 1
  expect((await cache.get('k', async () => bytes(1, 2))).body[0]).toBe(2)
  // The data changes while the query runs: its answer goes to its callers, not to the cache.
  const slow = cache.get('q', async () => { epoch = 2; return bytes(1, 3) })
  expect((await slow).body[0]).toBe(3)
  expect((await cache.get('q', async () => bytes(1, 4))).body[0]).toBe(4)
  expect(cache.stats().entries).toBe(1)
})

it('shares one produce between identical requests in flight, and never keeps a failure', async () => {
  const cache = resultsCache(() => 0)
  let runs = 0
  let release: () => void = () => {}
  const gate = new Promise<void>((r) => { release = r })
  const produce = async () => { runs += 1; await gate; return bytes(4) }
  const all = Promise.all([cache.get('x', produce), cache.get('x', produce), cache.get('x', produce)])
  release()
  expect((await all).map((r) => [r.body.length, r.from])).toEqual([[4, 'run'], [4, 'shared'], [4, 'shared']])
  expect(runs).toBe(1)
  expect(cache.stats()).toMatchObject({ misses: 1, shared: 2 })
  await expect(cache.get('y', async () => { throw new Error('engine down') })).rejects.toThrow('engine down')
  expect((await cache.get('y', async () => bytes(2))).body.length).toBe(2)
})

it('names a request by its parameters whatever their order', () => {
  expect(resultKey(['api/headline', 'arrow'], { wabas: ['a'], from: '2024-09-01' }))
    .toBe(resultKey(['api/headline', 'arrow'], { from: '2024-09-01', wabas: ['a'] }))
  expect(resultKey(['api/headline', 'arrow'], { wabas: ['a'] })).not.toBe(resultKey(['api/headline', 'arrow'], { wabas: ['b'] }))
  expect(resultKey(['api/headline', 'arrow'], {})).not.toBe(resultKey(['api/headline', 'json'], {}))
})
