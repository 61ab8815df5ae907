// A customer with messages but no conversation (fresh-user trial): one click-to-WhatsApp entry
// message, no business reply yet, under per-message pricing, in a WABA whose zone is
// America/New_York. Its times read in UTC (the zone came from its conversations, of which it has
// none), the answer was a bare "No charges.", the verdict said "Opened a conversation" beside
// "per-message pricing has no conversations", and the empty conversations table said "No data
// for these filters." with no filter set.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest } from './support/engine.ts'
import { legendVerdictWords, messageVerdictWords } from '../web/src/format.ts'
import { chargesNote, noConversations } from '../web/src/customer/views.ts'
import type { CustomerConversationRow, CustomerMatchRow, CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'

const fixture = (f: string) => fileURLToPath(new URL(f, import.meta.url))
const k = { waba_id: 'waba-era-ny', phone_number_id: 'pn-ny', wa_id: '14155550177' }
const q = `customer=${k.wa_id}`
let t: TestApp

beforeAll(async () => {
  t = await openApp({ pricingModels: fixture('../config/defaults/pricing-models.csv'), wabas: fixture('./fixtures/wabas-eras.csv') })
  const summary = await ingest(t.session, [
    // 11:08 UTC is 06:08 in New York
    { message_id: 'ny0', timestamp: '2026-12-04T11:08:00Z', ...k, direction: 'inbound', entry_point: 'ctwa', ad_id: 'ad-ny' },
  ])
  expect(summary.rejected).toBe(0)
}, 60_000)
afterAll(async () => { await t?.app.close() })

it('reads the messages in their WABA\'s zone, as the look-up does, with no conversation to take it from', async () => {
  const [match] = await json<CustomerMatchRow[]>(t.app, `/api/customer/lookup?q=${k.wa_id}`)
  expect(match!.timezone).toBe('America/New_York')
  const [m] = await json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q}`)
  expect(m).toMatchObject({ message_id: 'ny0', verdict: 'OPENED', conversation_id: '', timezone: 'America/New_York' })
  expect(m!.explanation).toContain('until 2026-12-05 06:08 ')
})

it('names the day of the messages when the period is open at both ends and there is no conversation', async () => {
  const [s] = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q}`)
  expect(s!.summary).toBe('No charges on 2026-12-04.')
  // a bound asked for is still said as asked
  const [bounded] = await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q}&from=2026-12-01&to=2026-12-31`)
  expect(bounded!.summary).toBe('No charges from 2026-12-01 to 2026-12-31.')
})

it('words the per-message inbound\'s verdict, the footer and the empty conversations table truly', async () => {
  const convs = await json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q}`)
  const msgs = await json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q}`)
  expect(convs).toEqual([])
  expect(messageVerdictWords(msgs[0]!)).toBe('Opened the customer service window')
  // a CBP opening keeps its words
  expect(messageVerdictWords({ verdict: 'OPENED', conversation_id: 'c1' })).toBe('Opened a conversation')
  // the timeline's legend says it as the rows do (it read "Opened a conversation": trial)
  expect(legendVerdictWords(['OPENED', 'CHARGED'], msgs)).toBe('Opened the customer service window')
  expect(legendVerdictWords(['OPENED'], [...msgs, { verdict: 'OPENED', conversation_id: 'c1' }])).toBe('Opened the customer service window / Opened a conversation')
  const note = chargesNote(convs, msgs)
  expect(note).not.toMatch(/conversation opens/)
  expect(note).toMatch(/^Under per-message pricing .*customer messages are never charged/)
  expect(noConversations(msgs)).toMatch(/^No conversation of this customer in this period \(its message opened none: under per-message pricing a customer message opens the customer service window/)
})
