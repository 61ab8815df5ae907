// A customer's message moved by a correction to a WABA of another time zone (New York → Kolkata):
// the conversations panel read its times in UTC, because view customer_conversations (696) took
// the zone from every stored row of the customer's keys, the cancelled rows of the old WABA
// too ("the WABAs differ": UTC), while the messages (view customer_messages, 721, live rows only)
// read in Kolkata's; after a merge dropped the cancelled rows it would have read Kolkata's too.
// Both read the live conversations' WABA's zone (migration 742).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import type { CustomerConversationRow, CustomerMessageRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))
const inbound = (waba: string) => ({
  message_id: 'moved-1', timestamp: '2025-03-04T11:08:00Z', waba_id: waba, phone_number_id: 'pn-moved',
  wa_id: '14155550188', direction: 'inbound',
})
let t: TestApp

beforeAll(async () => {
  t = await openApp({ pricingModels: fixture('./fixtures/pricing-models-cbp.csv'), wabas: fixture('./fixtures/wabas-eras.csv') })
  expect((await ingest(t.session, [inbound('waba-era-ny')])).rejected).toBe(0)
  // the correction: the last message line wins, in another WABA (interfaces.md §1)
  expect((await ingest(t.session, [inbound('waba-era-kol')])).rejected).toBe(0)
}, 60_000)
afterAll(async () => { await t?.app.close() })

it('reads the conversation in the zone of the WABA it is in now, as its messages', async () => {
  const [c] = await json<CustomerConversationRow[]>(t.app, '/api/customer/conversations?customer=14155550188')
  const [m] = await json<CustomerMessageRow[]>(t.app, '/api/customer/messages?customer=14155550188')
  expect(c).toMatchObject({ waba_id: 'waba-era-kol', category: 'SERVICE', timezone: 'Asia/Kolkata' })
  // 11:08 UTC is 16:38 in Kolkata
  expect(c!.explanation).toContain('customer message delivered 2025-03-04 16:38')
  expect(m).toMatchObject({ waba_id: 'waba-era-kol', timezone: 'Asia/Kolkata' })
})
