// The engine's JIT compilation (core/db/client.ts): off for every statement of the embedded
// session, as a one-message micro-batch spent 1.5–2.7 s instead of 0.9 s on the batches where its
// statements reached the engine's compile count; on for a rebuild's slices, where it pays off.
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { ingest, openEngine, rebuild, type Session } from './support/engine.ts'
import { inbound, keyOf, template } from './support/log.ts'
import type { ClickHouseSettings } from '@clickhouse/client'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s?.close() })

const setting = async (name: string, settings?: ClickHouseSettings) =>
  Number((await (await s.db.client.query({ query: `SELECT getSetting('${name}') AS v`, format: 'JSONEachRow', ...(settings ? { clickhouse_settings: settings } : {}) })).json<{ v: string | number }>())[0]!.v)

it('states JIT compilation off on every statement, a call\'s own choice for that call only', async () => {
  for (const name of ['compile_expressions', 'compile_aggregate_expressions', 'compile_sort_description']) {
    expect(await setting(name)).toBe(0)
    // chDB applies a call's settings as SET on its one session: the next statement is back to 0
    expect(await setting(name, { [name]: 1 })).toBe(1)
    expect(await setting(name)).toBe(0)
  }
})

it('compiles a rebuild\'s slice statements, not an ingest\'s derive', async () => {
  const k = keyOf('jit')
  const command = vi.spyOn(s.db.client, 'command')
  const jitOf = (file: string) => command.mock.calls
    .filter(([p]) => p.clickhouse_settings?.log_comment === `wacost:${file}`)
    .map(([p]) => p.clickhouse_settings?.compile_expressions ?? 0)
  try {
    expect((await ingest(s, [template(k, 'jit-1', 1, 'MARKETING'), inbound(k, 'jit-2', 2)])).rejected).toBe(0)
    expect(jitOf('derive/10_events')).toEqual([0])
    command.mockClear()
    await rebuild(s)
    expect(jitOf('derive/10_events')).toEqual([1])
    expect(jitOf('derive/20_conversations_all')).toEqual([1])
    expect(jitOf('derive/40_free_tier')).toEqual([1])
  } finally {
    command.mockRestore()
  }
})
