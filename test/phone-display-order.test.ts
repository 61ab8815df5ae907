// The display number a webhook gives a business phone number does not depend on the order of
// ingest: two webhooks spelling one phone_number_id's number differently, ingested in either
// order, in two batches or one, or as one JSON array, show the spelling of the latest webhook by
// its own timestamp (ties: the greater spelling) in the filter bar and the customer search.
// Before, the latest batch won (and any() of a batch's spellings), so the page showed the number
// of whichever webhook was ingested last.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { at } from './support/log.ts'
import { ingest } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'
import { listMigrations, migrate } from '../core/db/migrate.ts'
import type { FilterOptionRow } from '../api/routes/dashboard.ts'
import type { CustomerMatchRow } from '../api/routes/customer.ts'

let t: TestApp
const waba = 'waba-display-order'

/** A webhook envelope from phone number `pn` spelled `display`: one inbound message at hour `h`. */
const webhook = (pn: string, display: string, id: string, h: number, from: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: waba, changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pn },
    messages: [{ from, id, timestamp: String(Date.parse(at(h)) / 1000), type: 'text' }],
  } }] }],
})

// the later webhook (hour 5) spells the number with the smaller string: time decides, not value
const late = (pn: string, from: string) => webhook(pn, '15550001111', `${pn}-late`, 5, from)
const early = (pn: string, from: string) => webhook(pn, '15550009999', `${pn}-early`, 1, from)
// two spellings at one instant: the greater spelling wins, in either order
const tieA = (pn: string, from: string) => webhook(pn, '15550002222', `${pn}-a`, 3, from)
const tieB = (pn: string, from: string) => webhook(pn, '15550003333', `${pn}-b`, 3, from)

beforeAll(async () => {
  t = await openApp()
  await ingest(t.session, [late('pn-o1', '14155550201')])
  await ingest(t.session, [early('pn-o1', '14155550201')])
  await ingest(t.session, [early('pn-o2', '14155550202')])
  await ingest(t.session, [late('pn-o2', '14155550202')])
  await ingest(t.session, [late('pn-o3', '14155550203'), early('pn-o3', '14155550203')])
  await ingest(t.session, [early('pn-o4', '14155550204'), late('pn-o4', '14155550204')])
  await ingest(t.session, [JSON.stringify([late('pn-o5', '14155550205'), early('pn-o5', '14155550205')])])
  await ingest(t.session, [tieB('pn-t1', '14155550211')])
  await ingest(t.session, [tieA('pn-t1', '14155550211')])
  await ingest(t.session, [tieA('pn-t2', '14155550212'), tieB('pn-t2', '14155550212')])
  await ingest(t.session, [tieB('pn-t3', '14155550213'), tieA('pn-t3', '14155550213')])
  // the same webhooks again (ingest is idempotent): nothing changes
  await ingest(t.session, [early('pn-o2', '14155550202')])
})
afterAll(async () => { await t?.app.close() })

it('shows the latest webhook\'s display number, ties by the greater spelling, whatever the order of ingest', async () => {
  const options = await json<FilterOptionRow[]>(t.app, `/api/filters?waba=${waba}`)
  const labels = Object.fromEntries(options.filter((o) => o.kind === 'phone').map((o) => [o.id, o.label]))
  expect(labels).toEqual({
    'pn-o1': '+15550001111', 'pn-o2': '+15550001111', 'pn-o3': '+15550001111', 'pn-o4': '+15550001111', 'pn-o5': '+15550001111',
    'pn-t1': '+15550003333', 'pn-t2': '+15550003333', 'pn-t3': '+15550003333',
  })
})

it('gives the customer search the same label', async () => {
  const found = await json<CustomerMatchRow[]>(t.app, '/api/customer/lookup?q=%2B14155550201')
  expect(found.map((r) => [r.phone_number_id, r.phone_label])).toEqual([['pn-o1', '+15550001111']])
})

it('keeps the number a database stored before migration 635 shows, until a webhook gives one with its time', async () => {
  const db = t.session.db
  const query = async <T>(q: string) => (await db.client.query({ query: q, format: 'JSONEachRow' })).json<T>()
  // the table as migration 212 made it: the latest batch's spelling is shown (the smaller one here)
  await db.client.command({ query: 'DROP TABLE webhook_display_numbers SYNC' })
  await db.client.command({ query: listMigrations().find((m) => m.name.startsWith('212_'))!.sql })
  await db.client.command({ query: "INSERT INTO phone_number_display VALUES ('pn-o1', '15550009999', 1), ('pn-o1', '15550001111', 2), ('pn-old', '15550004444', 1)" })
  const names = listMigrations().map((m) => m.name).filter((n) => /^63[5-8]_/.test(n))
  await db.client.command({ query: 'DELETE FROM schema_migrations WHERE name IN {names:Array(String)}', query_params: { names } })
  // applied, none calls for a rebuild (`-- derived data: unchanged`)
  expect(await migrate(db)).toEqual([])
  expect(await query<{ n: number }>("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'phone_number_display'")).toEqual([{ n: 0 }])
  const labels = async () => Object.fromEntries((await query<{ phone_number_id: string; label: string }>(
    "SELECT phone_number_id, label FROM phone_number_labels WHERE phone_number_id IN ('pn-o1', 'pn-old') ORDER BY ALL")).map((r) => [r.phone_number_id, r.label]))
  expect(await labels()).toEqual({ 'pn-o1': '+15550001111', 'pn-old': '+15550004444' })
  // a webhook ingested from now on has its own time: it wins over the copied spelling (dated 1970)
  await ingest(t.session, [early('pn-old', '14155550221')])
  expect(await labels()).toEqual({ 'pn-o1': '+15550001111', 'pn-old': '+15550009999' })
})
