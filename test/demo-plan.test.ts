// What `npm start` does about the demo (ingest/demo/load.ts demoPlan): the demo is loaded only into
// a database that never held an ingest. It was loaded into any database without a message: one
// that held the user's statuses (a log of Meta's status lines alone), or the batch of a user's
// ingest killed before it stored a message; the demo then stood among the user's data.
import { Readable } from 'node:stream'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { demoSource, startBatch } from '../core/batches.ts'
import { openPersistent, type Session } from '../core/session.ts'
import { demoPlan } from '../ingest/demo/load.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { tempDir } from './support/temp.ts'

/** `work` on a new database, closed after it (the engine opens one directory per process). */
async function fresh<T>(name: string, work: (s: Session) => Promise<T>): Promise<T> {
  const s = await openPersistent(join(tempDir(`wacost-demo-plan-${name}-`), 'data'), {})
  try { return await work(s) } finally { await s.close() }
}

describe('npm start and the demo', () => {
  it('loads it into a database that never held an ingest', async () => {
    expect(await fresh('new', (s) => demoPlan(s.db))).toBe('load')
  }, 120_000)

  it('does not load it into one that holds the user\'s statuses, or a killed ingest\'s batch, without a message', async () => {
    const line = { kind: 'status', message_id: 'wamid.user-1', status: 'delivered', timestamp: '2025-12-01T10:00:00Z' }
    expect(await fresh('statuses', async (s) => {
      await ingestSource(s.db, Readable.from([Buffer.from(`${JSON.stringify(line)}\n`)]), 'statuses.ndjson')
      return demoPlan(s.db)
    })).toBe('none')
    // started, never finished: what a kill -9 leaves
    expect(await fresh('killed', async (s) => { await startBatch(s.db, 'mine.ndjson'); return demoPlan(s.db) })).toBe('none')
  }, 120_000)

  it('finishes a demo load that stopped before it stored anything', async () => {
    expect(await fresh('demo-killed', async (s) => { await startBatch(s.db, demoSource); return demoPlan(s.db) })).toBe('finish')
  }, 120_000)
})
