// What the reconciliation had to compare (GET /api/reconcile/compared), which the dashboard's
// card says when there is no discrepancy: it said "No discrepancies in this period: no status of
// Meta's priced a message differently from the rules." for a key whose WABA held no data, and for
// messages no status of Meta's priced, as if Meta had agreed (break-it trial). Through the real
// engine: the same messages without Meta's pricing, then with it; a key of a WABA without data;
// a period without messages.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { adminKey, json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { at, messages, statuses } from './support/meta-log.ts'
import type { ReconcileComparedRow, ReconcileSummaryRow } from '../api/routes/reconcile.ts'
import { noDiscrepancyWords } from '../web/src/panels/reconcile-none.ts'

let t: TestApp
const nobodyKey = 'nobody-waba-key-0123456789'
beforeAll(async () => { t = await openApp({}, `${adminKey}=*,${nobodyKey}=waba-nobody:read`) }, 120_000)
afterAll(async () => { await t?.app.close() })

const period = 'from=2024-09-01&to=2024-09-30'
const compared = (q = period, key = adminKey) => json<ReconcileComparedRow[]>(t.app, `/api/reconcile/compared?${q}`, key)
// every message the fixtures log is delivered (the outbound ones by a status line, inbound ones as they arrive)
const outbound = messages.filter((m) => m.direction === 'outbound')
const delivered = (id: unknown) => ({ kind: 'status', message_id: id, status: 'delivered', timestamp: at(45) })

it('messages delivered but no status of Meta\'s with its pricing: nothing to compare, said as such; with the pricing, compared', async () => {
  await ingest(t.session, [...messages, ...outbound.map((m) => delivered(m.message_id))])
  expect(await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?${period}`)).toEqual([])
  const none = await compared()
  expect(none).toEqual([{ delivered: messages.length, compared: 0 }])
  expect(noDiscrepancyWords(none[0])).toBe(`Nothing to compare in this period: no status from Meta with its pricing names any of its ${messages.length} delivered messages.`)
  // Meta's pricing arrives: the messages its statuses name are compared (each named once)
  await ingest(t.session, statuses)
  expect(await compared()).toEqual([{ delivered: messages.length, compared: new Set(statuses.map((s) => s.message_id)).size }])
  // one WABA (the fixture "ok", where Meta and the rules agree: no discrepancy) and one phone number
  expect(await json<ReconcileSummaryRow[]>(t.app, `/api/reconcile/summary?${period}&waba=waba-ok`)).toEqual([])
  const agreed = await compared(`${period}&waba=waba-ok`)
  expect(agreed).toEqual([{ delivered: 3, compared: 2 }])
  expect(noDiscrepancyWords(agreed[0])).toBe('No discrepancies in this period: no status of Meta\'s priced a message differently from the rules (Meta\'s pricing compared on 2 of 3 delivered messages).')
  expect(await compared(`${period}&phone=pn-pmp`)).toEqual([{ delivered: 3, compared: 3 }])
}, 120_000)

it('a key whose WABA holds no data, and a period without messages: nothing delivered, nothing to compare', async () => {
  const empty = [{ delivered: 0, compared: 0 }]
  expect(await compared(period, nobodyKey)).toEqual(empty)
  expect(await compared('from=2024-08-01&to=2024-08-31')).toEqual(empty)
  expect(noDiscrepancyWords(empty[0])).toBe('Nothing to compare in this period: no message was delivered, so no status from Meta carries its pricing.')
}, 60_000)
