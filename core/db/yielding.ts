// Work nobody waits on (webhook micro-batches, an ingest posted to the API) runs beside the
// answers people wait for on the same cores: its statements carry a higher Linux nice value
// (ClickHouse's `os_thread_priority`, the name every server version since 2019 knows), so the
// scheduler gives the readers' threads and the server's event loop the CPU first.
import type { Db } from './client.ts'
import { aroundStatements } from './around.ts'

/**
 * The same database, its statements run at nice `nice` (0–19; 0 returns `db` itself). Only the
 * priority differs: same connection, same session, same results. The engine applies it with
 * CAP_SYS_NICE only (otherwise a no-op); a statement's own settings still win.
 */
export function yielding(db: Db, nice: number): Db {
  if (nice === 0) return db
  const client = aroundStatements(db.client, (call, params) => {
    const p = params as { clickhouse_settings?: Record<string, unknown> }
    return call({ ...p, clickhouse_settings: { os_thread_priority: nice, ...p.clickhouse_settings } })
  })
  return { ...db, client }
}
