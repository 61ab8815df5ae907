// The tail cache outlives the process (issue 9; migrations 802-805): a key whose windows were
// open when one process derived it is continued from its cached tail by the next process (each
// one-shot `wacost ingest`, a server restart), as the same process would continue it. While the
// cache was Memory tables, every new process found it empty and derived such keys whole. Also: a
// process killed while it cached a tail leaves nothing the next process reads wrongly.
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { openPersistent, type Session } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { rebuild } from '../core/derive.ts'
import type { DeriveCounts } from '../core/batches.ts'
import { CBP_ONLY, ledger, verdicts, type Line } from './support/engine.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'
import { childPid, tempDir } from './support/temp.ts'
import { ingestGroupsJs } from './support/compiled.ts'

const base = tempDir('wacost-tail-restart-')
const dbDir = join(base, 'db')

/** Runs `work` on the database in this process's own session: opened (recovery first), then closed. */
async function inSession<T>(work: (s: Session) => Promise<T>): Promise<T> {
  const s = await openPersistent(dbDir, { pricingModels: CBP_ONLY })
  try { return await work(s) } finally { await s.close() }
}

let files = 0
/**
 * Ingests `lines` as one batch in a process of its own (test/support/ingest-groups.ts: opened as
 * the CLI opens it, recovery first); its derive's counts, or undefined when it was killed after
 * `crashAt` (SIGKILL).
 */
async function inProcess(lines: readonly Line[], crashAt?: string): Promise<DeriveCounts | undefined> {
  const file = join(base, `${files++}.ndjson`)
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'))
  const env = { ...process.env, CLICKHOUSE_URL: '', ...(crashAt ? { WACOST_TEST_CRASH_AT: crashAt } : {}) }
  const child = promisify(execFile)(process.execPath, [ingestGroupsJs, dbDir, file, '1000000'], { env })
  childPid(child.child.pid)
  return child.then(({ stdout }) => JSON.parse(stdout) as DeriveCounts, (e: { signal?: string }) => {
    if (e.signal !== 'SIGKILL' || !crashAt) throw e as Error
    return undefined
  })
}

/** Ledger and verdicts of tenant `t`, its ids made local, to compare two tenants' results. */
async function result(s: Session, t: string) {
  const l = (await ledger(s, `pn-${t}`)).map((r) => ({ ...r, conversation_id: '', waba_id: '', phone_number_id: '',
    opening_message_id: r.opening_message_id.slice(t.length + 1) }))
  const v = [...(await verdicts(s)).values()].filter((x) => x.message_id.startsWith(`${t}.`))
    .map((x) => [x.message_id.slice(t.length + 1), x.verdict]).sort()
  return { l, v }
}

// An inbound and a template inside its window; a reply and an inbound in it; a template inside
// the second inbound's window: each batch after the first only appends after the key's last
// restart point, inside its open windows (continued from its tail).
const lines = (t: string) => {
  const k = keyOf(t)
  return [[inbound(k, `${t}.in`, 0), template(k, `${t}.m`, 2, 'MARKETING')],
    [reply(k, `${t}.r`, 3), inbound(k, `${t}.in2`, 20)], [template(k, `${t}.u`, 25, 'UTILITY')]] as const
}

beforeAll(async () => {
  // the database, under the CBP-only timeline, with tenant "one"'s lines as one batch: the
  // reference the batched tenants must equal
  await inSession(async (s) => {
    const body = lines('one').flat().map((l) => JSON.stringify(l)).join('\n')
    await s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body)]), 'one'))
  })
}, 120_000)

describe('the tail cache outlives the process', () => {
  it('a new process continues a key from the tail the previous process cached, as one batch would', async () => {
    const [a, b, c] = lines('two')
    expect(await inProcess(a)).toEqual({ keys: 1, continued: 1, fromTail: 0 })
    // each batch in a process of its own: continued from the tail the one before cached
    expect(await inProcess(b)).toEqual({ keys: 1, continued: 0, fromTail: 1 })
    expect(await inProcess(c)).toEqual({ keys: 1, continued: 0, fromTail: 1 })
    await inSession(async (s) => {
      const batched = await result(s, 'two')
      expect(batched).toEqual(await result(s, 'one'))
      expect(batched.v).toEqual([['in', 'OPENED'], ['in2', 'EXTENDED'], ['m', 'OPENED'], ['r', 'IN_WINDOW'], ['u', 'OPENED']])
      // and as everything derived again from the stored messages
      await s.exclusive(() => rebuild(s.db))
      expect(await result(s, 'two')).toEqual(batched)
    })
  }, 180_000)

  // A process killed after caching a tail's rows but before marking it whole (34), or after
  // marking it but before forgetting its batch (37: the batch is derived again on the next open,
  // caching the tail a second time): the next process derives the batch again comparing whole,
  // then continues the key from the tail that run marked, each cached row counted once.
  it.each(['derive/34_keep_tail_verdicts', 'derive/37_tails_ready'])('a process killed right after %s: the next derives as one batch would', async (statement) => {
    const t = statement.includes('34') ? 'killed' : 'marked'
    const [a, b, c] = lines(t)
    await inProcess(a)
    expect(await inProcess(b, statement)).toBeUndefined()
    expect(await inProcess(c)).toEqual({ keys: 1, continued: 0, fromTail: 1 })
    await inSession(async (s) => { expect(await result(s, t)).toEqual(await result(s, 'one')) })
  }, 180_000)
})
