// Closing the embedded database waits for every statement of the engine still running in the
// process (core/db/client.ts). chDB's own close returned at once and only deferred the teardown;
// a server that then exited (SIGTERM: app.close(), process.exit(0)) with a statement nobody
// awaited still running — the data version re-read after a webhook batch — hung for ever in the
// engine's teardown (test/webhooks-crash.test.ts, one run in three under load).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openDb } from '../core/db/client.ts'

const dir = mkdtempSync(join(tmpdir(), 'wacost-close-'))
afterAll(() => { rmSync(dir, { recursive: true, force: true }) })

it('an embedded database closes only once no statement of the engine still runs', async () => {
  const db = await openDb({ path: dir })
  // ~1.5 s of engine time (one 0.5 s sleep per one-row block), started and not awaited.
  const started = Date.now()
  const running = db.client.query({ query: 'SELECT sleepEachRow(0.5) FROM numbers(3) SETTINGS max_block_size = 1', format: 'JSONEachRow' })
    .then(() => 'ended', (e: Error) => e.message)
  await new Promise((resolve) => setTimeout(resolve, 200))
  await db.close()
  // The statement's 1.5 s had passed when close() resolved (before the fix: ~0.2 s).
  expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
  expect(await running).toBe('ended')
})
