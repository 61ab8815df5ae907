// The reconciliation routes do not make batches wait (bench:live at 10M: each refresh's catch-up
// ran seconds in the writers' queue, and every micro-batch behind it waited): while a batch waits
// or runs they answer from the reconciliation as it stands and GET /api/reconcile/state says so;
// the first answer once no batch waits brings it up to date (the state says when none waits); a
// CSV download always waits for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest } from './support/engine.ts'
import { get, json, openApp, type TestApp } from './support/api.ts'
import { driftFor } from './support/meta-log.ts'
import type { ReconcileState, ReconcileSummaryRow } from '../api/routes/reconcile.ts'

const period = 'from=2024-09-01&to=2024-09-30'
const mismatches = async (t: TestApp) =>
  (await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?${period}`)).find((r) => r.kind === 'CATEGORY_MISMATCH')?.discrepancies ?? 0
const state = (t: TestApp) => json<ReconcileState>(t.app, '/api/reconcile/state')
/** The answer of `p`, or 'waiting' when it has none after `ms`. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms))])

describe('the reconciliation routes under load', () => {
  let t: TestApp
  beforeAll(async () => { t = await openApp() })
  afterAll(async () => { await t.app.close(); await t.session.close() })

  it('answer as of their last catch-up while a batch waits, say so, and catch up after it', async () => {
    await ingest(t.session, driftFor('one', '14155550101'))
    expect(await mismatches(t)).toBe(2)
    const before = await state(t)
    expect(before.up_to_date).toBe(true)
    expect(before.batches_waiting).toBe(false)
    expect(before.reconciled_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

    await ingest(t.session, driftFor('two', '14155550102'))
    // a batch holds the writers' queue
    let release!: () => void
    const held = t.session.exclusive(() => new Promise<void>((r) => { release = r }))
    expect(await within(mismatches(t), 10_000)).toBe(2)
    expect(await state(t)).toEqual({ up_to_date: false, reconciled_at: before.reconciled_at, batches_waiting: true })
    // the finance download waits for the batch and the catch-up: every discrepancy
    const csv = get(t.app, `/api/reconcile?${period}&format=csv`)
    expect(await within(csv, 1_000)).toBe('waiting')
    release()
    await held
    // none waits now: the panel shown "as of" asks again on seeing it (web/src/panels/reconcile-behind.ts)
    // (the download's catch-up is under way: not a batch)
    expect((await state(t)).batches_waiting).toBe(false)
    const lines = (await csv).body.trim().split(/\r?\n/)
    expect(lines.length - 1).toBe(4)
    expect(await mismatches(t)).toBe(4)
    const after = await state(t)
    expect(after.up_to_date).toBe(true)
    expect(after.reconciled_at! > before.reconciled_at!).toBe(true)
  }, 120_000)
})
