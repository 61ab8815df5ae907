// core/db/lanes.ts on the real engine: statements go to it one at a time, those of the first lane
// (what a page shows first) ahead of the ones already waiting; each lane in call order. Which
// requests are urgent: their Priority header (api/routes/panel.ts).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openEngine, type Session } from './support/engine.ts'
import type { FastifyRequest } from 'fastify'
import { first } from '../core/db/lanes.ts'
import { urgent } from '../api/routes/panel.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s?.close() })

// ~100–300 ms of the engine's time each: long enough that the others are sent while it runs
const slow = (tag: string, order: string[]) => async () => {
  const rs = await s.db.client.query({ query: 'SELECT sum(cityHash64(number)) AS x FROM numbers({n:UInt64})', query_params: { n: 300_000_000 }, format: 'JSONEachRow' })
  await rs.json()
  order.push(tag)
}

it('answers a first-lane statement before the others waiting, each lane in call order', async () => {
  const order: string[] = []
  const running = slow('running', order)()
  // sent while `running` runs: without lanes the engine took them in this order
  const rest = [slow('rest-1', order)(), slow('rest-2', order)()]
  const ahead = [first(slow('first-1', order)), first(slow('first-2', order))]
  await Promise.all([running, ...rest, ...ahead])
  expect(order).toEqual(['running', 'first-1', 'first-2', 'rest-1', 'rest-2'])
})

it('goes on after a failed statement, whatever its lane', async () => {
  const bad = first(() => s.db.client.query({ query: 'SELECT no_such_column', format: 'JSONEachRow' }))
  const good = s.db.client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' }).then((r) => r.json<{ one: number }>())
  await expect(bad).rejects.toThrow(/no_such_column/)
  expect(await good).toEqual([{ one: 1 }])
})

it('lets a wrapper around a method call the one it replaced, without waiting for its own slot', async () => {
  // test/security.test.ts counts the engine's calls so; it waited for ever (the wrapper held the
  // engine, the method it called waited for the wrapper to release it)
  const client = s.db.client as unknown as Record<string, unknown>
  const original = s.db.client.query.bind(s.db.client)
  let calls = 0
  client.query = (p: Parameters<typeof original>[0]) => { calls += 1; return original(p) }
  try {
    const answer = s.db.client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' }).then((r) => r.json())
    const late = new Promise((resolve) => setTimeout(() => resolve('still waiting after 10 s'), 10_000))
    expect(await Promise.race([answer, late])).toEqual([{ one: 1 }])
    expect(calls).toBe(1)
  } finally {
    delete client.query
  }
})

it('takes a request as urgent when its Priority header (RFC 9218) says an urgency below 3', () => {
  const req = (priority?: string) => ({ headers: priority === undefined ? {} : { priority } }) as unknown as FastifyRequest
  for (const yes of ['u=1', 'u=0', 'u=2, i', 'i, u=1', ' u=1 ']) expect(urgent(req(yes))).toBe(true)
  for (const no of [undefined, '', 'u=3', 'u=7', 'i', 'u=10', 'xu=1', 'u=1x']) expect(urgent(req(no))).toBe(false)
})
