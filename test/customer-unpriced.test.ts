// A charge with no rate-card price on support's investigation page (the fixtures of
// fixtures/unpriced.ts). The page read such a charge as cost 0.0000, charged 0 and "No charge (the
// rate card price is 0 USD)", and the answer said "No charges": support told the customer "you
// were not charged" when the truth is "charged, price unknown". Now the charge is a charge with
// cost null (as the ledger prints it), the words say its price is not in the rate card, and the
// answer's amount is null with the count of such charges.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, openApp, type TestApp } from './support/api.ts'
import { ingest, ledger } from './support/engine.ts'
import { tempDir } from './support/temp.ts'
import type { CustomerConversationRow, CustomerMessageRow, CustomerSummaryRow } from '../api/routes/customer.ts'
import { serviceLog, serviceReference, unpricedLog, unpricedRateCard, us } from './fixtures/unpriced.ts'

const get = (t: TestApp, q: string) => ({
  conversations: () => json<CustomerConversationRow[]>(t.app, `/api/customer/conversations?${q}`),
  messages: () => json<CustomerMessageRow[]>(t.app, `/api/customer/messages?${q}`),
  summary: async () => (await json<CustomerSummaryRow[]>(t.app, `/api/customer/summary?${q}`))[0]!,
})

describe('service charges without a price (India: a CBP conversation, then two per-message charges)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openApp(serviceReference(tempDir('wacost-customer-unpriced-')))
    await ingest(t.session, serviceLog)
  }, 60_000)
  afterAll(async () => { await t?.app.close() })
  const india = () => get(t, 'customer=919812340001&phone=pn-in')

  it('each is charged, its cost and currency null, its reason says the rate card has no price', async () => {
    const convs = await india().conversations()
    expect(convs.map((c) => [c.opening_message_id, c.pricing_type, c.charged, c.unpriced, c.cost, c.currency])).toEqual([
      ['s2-in', 'REGULAR', 1, 1, null, null],
      ['o1-r0', 'FREE_TIER', 0, 0, '0.0000', 'USD'],
      ['o1-r1', 'REGULAR', 1, 1, null, null],
      ['o1-r2', 'REGULAR', 1, 1, null, null],
    ])
    expect(convs[0]!.explanation).toBe('Charged, no price in the rate card (no row for IN, SERVICE in force on 2024-09-11): customer message '
      + 'delivered 2024-09-11 10:00; no service window was open (first service conversation with this customer on this number). '
      + 'The WABA\'s free tier for September 2024 was already used up.')
    expect(convs[2]!.explanation).toBe('Charged, no price in the rate card (no row for IN, SERVICE in force on 2026-10-05): service message '
      + 'delivered 2026-10-05 10:02, inside the customer service window (the customer last wrote 2 min before). '
      + 'The 1 free service messages of this phone number in October 2026 were already used.')
    // the messages: the conversation's opener and the per-message charges say the same
    const said = Object.fromEntries((await india().messages()).map((m) => [m.message_id, m.explanation]))
    expect(said['s2-in']).toBe('Opened the service conversation: charged; no price in the rate card.')
    expect(said['o1-r2']).toBe(convs[3]!.explanation)
  })

  it('the answer counts them as charges, with no amount', async () => {
    const s = await india().summary()
    expect([s.charges, s.amount, s.unpriced]).toEqual([3, null, 3])
    expect(s.summary).toBe('3 charges from 2024-09-11 to 2026-10-05 (amount unknown: they have no price in the rate card): '
      + '3 service (the first with this customer on this number; 2 charged per message once the free service messages of the month were used; the free tier was used up). '
      + 'Not charged: 1 service message in the free allowance of the phone number.')
  })

  it('a customer whose charges all have a price reads as before', async () => {
    const na = get(t, 'customer=14155550100&phone=pn-na')
    expect((await na.conversations()).map((c) => [c.opening_message_id, c.charged, c.unpriced, c.cost, c.currency])).toEqual([
      ['s1-in', 0, 0, '0.0000', 'USD'], ['o2-r0', 0, 0, '0.0000', 'USD'], ['o2-r1', 1, 0, '0.0088', 'USD']])
    const s = await na.summary()
    expect([s.charges, s.amount, s.currency, s.unpriced]).toEqual([1, '0.0088', 'USD', 0])
    expect(s.summary).toMatch(/^1 charge on 2026-10-06 \(0\.0088 USD\): /)
  })
})

describe('some priced, some not (North America: marketing before its first price, utility never priced)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await openApp({ rateCard: unpricedRateCard(tempDir('wacost-customer-unpriced-mixed-')) })
    await ingest(t.session, unpricedLog)
  }, 60_000)
  afterAll(async () => { await t?.app.close() })
  const customer = () => get(t, `customer=${us.wa_id}&phone=${us.phone_number_id}`)

  it('costs as the ledger prints them for the same customer', async () => {
    const convs = await customer().conversations()
    const printed = (await ledger(t.session, us.phone_number_id)).filter((r) => r.wa_id === us.wa_id).map((r) => [r.opening_message_id, r.cost, r.currency])
    expect(convs.map((c) => [c.opening_message_id, c.cost, c.currency])).toEqual(printed)
    expect(convs.map((c) => [c.opening_message_id, c.charged, c.unpriced])).toEqual([['u-mk-1', 1, 1], ['u-mk-2', 1, 0], ['u-ut-1', 1, 1]])
    expect(convs[0]!.explanation).toMatch(/^Charged, no price in the rate card \(no row for North America, MARKETING in force on 2025-12-01\): /)
  })

  it('the answer gives what the priced charges cost and how many have no price', async () => {
    const s = await customer().summary()
    expect([s.charges, s.amount, s.currency, s.unpriced]).toEqual([3, null, 'USD', 2])
    expect(s.summary).toMatch(/^3 charges from 2025-12-01 to 2025-12-04 \(amount unknown: 2 with no price in the rate card; 0\.0250 USD for the other 1\): /)
  })
})
