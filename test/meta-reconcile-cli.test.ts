// What Meta said, compared through the CLI and per message (issue 12 item 5, docs/reconcile.md):
// `wacost reconcile` prints the API's rows as CSV and says what it leaves out; under per-message
// pricing, each verdict of the derive against Meta's billable and type. The fixtures as in
// test/meta-reconcile.test.ts (test/support/meta-log.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCsv } from './support/exports.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { messages, metaStatus, statuses } from './support/meta-log.ts'
import { wacostJs } from './support/compiled.ts'
import type { ReconcileRow } from '../api/routes/reconcile.ts'

let t: TestApp

beforeAll(async () => {
  t = await openApp()
  await ingest(t.session, [...messages, ...statuses])
}, 120_000)
afterAll(async () => { await t?.app.close() })

const period = 'from=2024-09-01&to=2024-09-30'
/** The fixtures' WABAs. */
const fixtures = ['drift', 'fep', 'free', 'split', 'none', 'pmp', 'ok', 'twice'].map((x) => `waba=waba-${x}`).join('&')

describe('per-message verdicts (pricing-models.md §3)', () => {
  it('CHARGED is a charge; FREE_CUSTOMER_SERVICE, FREE_TIER and FREE_ENTRY are free', async () => {
    // Until the per-message derive lands, its verdicts are written here as it will write them: the
    // live verdict of each message retracted (sign −1) and replaced by the per-message one.
    const k = { waba_id: 'waba-pmpv', phone_number_id: 'pn-pmpv', wa_id: '14155550100', direction: 'outbound' }
    const day = (h: number) => new Date(Date.parse('2024-10-07T00:00:00Z') + h * 3_600_000).toISOString()
    const tplAt = (id: string, h: number, c: string) => ({ message_id: id, timestamp: day(h), ...k, template_category: c, template_name: 'n', status: 'sent' })
    const st = (id: string, h: number, billable: boolean, category: string, type: string) =>
      ({ ...metaStatus(id, 'delivered', 0, { model: 'PMP', billable, category, type }), timestamp: day(h) })
    await ingest(t.session, [tplAt('v1', 0, 'UTILITY'), tplAt('v2', 30, 'MARKETING'), tplAt('v3', 60, 'UTILITY'), tplAt('v4', 90, 'UTILITY'), tplAt('v5', 120, 'MARKETING'),
      st('v1', 0, false, 'utility', 'free_customer_service'), st('v2', 30, false, 'marketing', 'free_customer_service'),
      st('v5', 120, false, 'marketing', 'free_entry_point'),
      st('v3', 60, true, 'utility', 'regular'), st('v4', 90, true, 'utility', 'regular')])
    const replace = async (id: string, verdict: string) => {
      const q = (query: string) => t.session.db.client.command({ query, query_params: { id, verdict } })
      // (the filters sit in subqueries: a REPLACE alias would otherwise rename the column in the WHERE)
      const live = 'SELECT * FROM verdicts WHERE message_id = {id:String} AND sign = 1'
      await q(`INSERT INTO verdicts SELECT * REPLACE ({verdict:String} AS verdict) FROM (${live})`)
      await q(`INSERT INTO verdicts SELECT * REPLACE (toInt8(-1) AS sign) FROM (${live} AND verdict != {verdict:String})`)
    }
    await replace('v1', 'CHARGED')
    await replace('v2', 'FREE_CUSTOMER_SERVICE')
    await replace('v5', 'FREE_ENTRY')
    await replace('v3', 'FREE_TIER')
    await replace('v4', 'CHARGED')
    const found = await json<ReconcileRow[]>(t.app, '/api/reconcile?waba=waba-pmpv&from=2024-10-01&to=2024-10-31')
    expect(found.map((r) => [r.kind, r.level, r.message_id, r.verdict, r.meta_cost, r.derived_cost, r.cost_difference, r.derived_charges])).toEqual([
      ['FREE_BUT_CHARGED', 'message', 'v1', 'CHARGED', '0.0000', '0.0040', '-0.0040', 1],
      ['BILLED_BUT_FREE', 'message', 'v3', 'FREE_TIER', '0.0040', '0.0000', '0.0040', 0],
    ])
  })
})

describe('wacost reconcile', () => {
  const run = promisify(execFile)
    const wacost = (...args: string[]) => run(process.execPath, [wacostJs, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })

  it('prints the same rows as the API, as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wacost-reconcile-'))
    try {
      const log = join(dir, 'meta.ndjson')
      writeFileSync(log, [...messages, ...statuses].map((l) => JSON.stringify(l)).join('\n'))
      await wacost('ingest', '--db', join(dir, 'db'), '--no-progress', log)
      const out = await wacost('reconcile', '--db', join(dir, 'db'), '--from', '2024-09-01', '--to', '2024-09-30')
      const api = await json<ReconcileRow[]>(t.app, `/api/reconcile?${period}&${fixtures}`)
      const csv = parseCsv(out.stdout).rows
      expect(csv.map((r) => [r.kind, r.level, r.message_id, r.meta_cost, r.derived_cost, r.cost_difference, r.event_at]))
        .toEqual(api.map((r) => [r.kind, r.level, r.message_id, r.meta_cost ?? '', r.derived_cost ?? '', r.cost_difference ?? '', r.event_at]))
      // every status names a stored message: nothing said
      expect(out.stderr).toBe('')
      // fresh-user trial: statuses for messages never ingested were left out unsaid; now one
      // sentence on stderr counts them (whole database), the CSV and the exit status as before
      const unknown = join(dir, 'unknown.ndjson')
      writeFileSync(unknown, [metaStatus('wamid.never-sent-here', 'sent', 1, {}), metaStatus('wamid.never-sent-here', 'delivered', 2, {})]
        .map((l) => JSON.stringify(l)).join('\n'))
      await wacost('ingest', '--db', join(dir, 'db'), '--no-progress', unknown)
      const told = await wacost('reconcile', '--db', join(dir, 'db'), '--from', '2024-09-01', '--to', '2024-09-30')
      expect(told.stdout).toBe(out.stdout)
      expect(told.stderr).toBe('note: 2 stored status records name no message this database holds, so this reconciliation leaves them out '
        + 'until their message lines are ingested (`wacost statuses --unmatched` lists them).\n')
      const drift = parseCsv((await wacost('reconcile', '--db', join(dir, 'db'), '--list', 'drift', '--waba', 'waba-drift')).stdout).rows
      expect(drift.map((r) => [r.template_name, r.meta_category, r.messages, r.cost_difference])).toEqual([['order_update', 'MARKETING', '2', '0.0210']])
      const bad = await wacost('reconcile', '--db', join(dir, 'db'), '--waba', 'waba-nope').catch((e: { code: number; stderr: string }) => e)
      expect(bad).toMatchObject({ code: 2 })
    } finally { rmSync(dir, { recursive: true, force: true }) }
  }, 120_000)
})
