// The client's statement methods (query, command, insert, exec) wrapped, every other property as
// it is: how core/db/yielding.ts and core/db/lanes.ts change how statements are sent.
import type { ClickHouseClient } from '@clickhouse/client'

const methods = new Set(['query', 'command', 'insert', 'exec'])

/** `call(params)` is the method's own call on the client, `params` what the caller passed. */
export type Around = (call: (params: unknown) => Promise<unknown>, params: unknown) => Promise<unknown>

/** `client` with each statement method's call going through `around`. */
export function aroundStatements(client: ClickHouseClient, around: Around): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof prop !== 'string' || !methods.has(prop) || typeof value !== 'function') return value
      const call = (params: unknown) => (value as (p: unknown) => Promise<unknown>).call(target, params)
      return (params: unknown) => around(call, params)
    },
  })
}
