// The command-line contract of interfaces.md §3, run as a user runs it: the real bin, a fresh
// temporary database per call. examples/demo.ndjson is the README's demo log: two customers,
// a CTWA free entry point that suppresses a marketing window, a reused utility window, a
// guardrail break, a failed authentication template and one bad line.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const bin = new URL('../bin/wacost.mjs', import.meta.url).pathname
const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const wacost = (...args: string[]) => run(process.execPath, [bin, ...args], { env: { ...process.env, CLICKHOUSE_URL: '' } })

describe('wacost CLI', () => {
  it('ledger prints the contract fields, sorted, and reports rejected lines on stderr', async () => {
    const { stdout, stderr } = await wacost('ledger', '--input', demo, '--free-tier', '1')
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>)
    expect(Object.keys(rows[0]!)).toEqual(['conversation_id', 'waba_id', 'phone_number_id', 'wa_id', 'country', 'market', 'category',
      'opened_at', 'closed_at', 'close_reason', 'opening_message_id', 'pricing_type', 'cost', 'currency'])
    expect(rows.map((r) => [r.wa_id, r.category, r.opened_at, r.close_reason, r.pricing_type, r.cost])).toEqual([
      ['14155550123', 'MARKETING', '2025-12-01T09:00:00.000Z', 'fep', 'REGULAR', '0.0250'],
      ['14155550123', 'FREE_ENTRY_POINT', '2025-12-01T09:30:00.000Z', 'expired', 'FREE_ENTRY_POINT', '0.0000'],
      ['14155550123', 'UTILITY', '2025-12-04T12:00:00.000Z', 'expired', 'REGULAR', '0.0040'],
      ['919812345678', 'SERVICE', '2025-12-02T02:30:00.000Z', 'expired', 'FREE_TIER', '0.0000'],
      ['919812345678', 'AUTHENTICATION', '2025-12-03T04:05:00.000Z', 'expired', 'REGULAR', '0.0014'],
    ])
    expect(rows[3]).toMatchObject({ country: 'IN', market: 'IN', currency: 'USD' })
    expect(stderr).toContain('1 lines rejected')
    expect(stderr).toContain('invalid timestamp: not a time')
  })

  it('verdicts prints one line per message sorted by message_id; the same input gives the same ids', async () => {
    const a = await wacost('verdicts', '--input', demo)
    const b = await wacost('verdicts', '--input', demo)
    expect(a.stdout).toBe(b.stdout)
    const v = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { message_id: string; verdict: string })
    expect(v.map((x) => x.verdict)).toEqual(['OPENED', 'FREE_ENTRY', 'FREE_ENTRY', 'OPENED', 'REUSED', 'OPENED',
      'IN_WINDOW', 'OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED', 'OPENED'])
  })

  it('fails with a clear message, not a ledger, when the configuration is broken', async () => {
    const err = await wacost('ledger', '--input', demo, '--rate-card', demo).catch((e: { code: number; stderr: string }) => e)
    expect(err).toMatchObject({ code: 2 })
    expect((err as { stderr: string }).stderr).toContain('configuration error')
  })
})
