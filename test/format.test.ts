// How the page writes money (web/src/format.ts): one policy for every panel and card, each amount
// its own exact decimal rounded to the cent half away from zero, as the finance exports round
// their 4-decimal lines (the headline card spread cents by largest remainder: $126.08 for 126.0744).
import { expect, it } from 'vitest'
import { amount, chargeCost, messageVerdictWords, money, moneyInWords, moneyLabel, moneyTicks, perMessagePricing, price, statedCurrency } from '../web/src/format.ts'
import { topCost } from '../web/src/customer/top.ts'
import type { CustomerTopRow } from '../api/routes/customer.ts'

const digits = (s: string) => s.replace('\u2212', '-').replace(/[^\d.-]/g, '')

it('rounds each amount on its own to the cent, half away from zero on the exact decimal', () => {
  expect(digits(money(126.0744, 'USD'))).toBe('126.07')
  expect(digits(money('126.0744', 'USD'))).toBe('126.07')
  // the binary 1.005 is 1.00499999…: rounding the float said 1.00
  expect(digits(money(1.005, 'USD'))).toBe('1.01')
  expect(digits(money(0.125, 'USD'))).toBe('0.13')
  expect(digits(money(-0.125, 'USD'))).toBe('-0.13')
  expect(digits(money(624.115, 'USD'))).toBe('624.12')
  expect(digits(money(2.675, 'USD'))).toBe('2.68')
  // under a cent: 4 decimals, the same policy
  expect(digits(amount(0.00125, 'USD'))).toBe('0.0013')
  expect(digits(amount('0.0014', 'USD'))).toBe('0.0014')
  // a code Intl does not know still reads, rounded the same way
  expect(money(1.005, 'XX1')).toMatch(/^1\.01 XX1$/)
})

// One amount read two ways: the dashboard wrote a total "$0.29", the investigation page the same
// kind of amount "0.2946 USD", and a per-message rate of 0.0147 read "$0.01" (trial). Now one
// module writes both pages' money: a total to the cent, one charge or rate exactly.
it('writes a total to the cent and one charge or rate exactly, the same on both pages', () => {
  expect([price('0.0147', 'USD'), price(0.0147, 'USD'), price('0.2946', 'USD'), price('0.0250', 'EUR')]).toEqual(['$0.0147', '$0.0147', '$0.2946', '€0.0250'])
  // a price of 6 decimals (interfaces.md: at most 6) whole; 4 at least, as the ledger writes costs
  expect([price('0.001234', 'USD'), price('1', 'USD'), price('-0.0088', 'USD')]).toEqual(['$0.001234', '$1.0000', '\u2212$0.0088'])
  expect([chargeCost('0.2946', 'USD'), chargeCost(null, null)]).toEqual(['$0.2946', 'no price in the rate card'])
  const top = (r: Partial<CustomerTopRow>) => topCost({ charges: 2, unpriced: 0, currency: 'USD', amount: '0.2946', ...r } as CustomerTopRow)
  expect([top({}), amount('0.2946', 'USD')]).toEqual(['$0.29', '$0.29'])
  expect(top({ unpriced: 1 })).toBe('$0.29 + 1 with no price in the rate card')
  expect(top({ unpriced: 2, amount: null, currency: null })).toBe('no price in the rate card')
})

// A negative amount read "-$0.0088" (an ASCII hyphen, Intl's en-US minus) beside "+$0.0095"
// (fresh-user trial): the page writes a true minus sign, U+2212, as Plot's own axes do.
it('writes a negative amount with a true minus sign (U+2212), never a hyphen', () => {
  for (const shown of [money(-0.125, 'USD'), amount('-0.0088', 'USD'), money('-35.9154', 'EUR', 4), money(-1.005, 'XX1'),
    moneyTicks('USD')(-0.5, 0, [-0.5, 0]), moneyTicks('')(-1, 0, [-1, 0])]) {
    expect(shown, shown).toContain('\u2212')
    expect(shown, shown).not.toContain('-')
  }
  expect(digits(amount('-0.0088', 'USD'))).toBe('-0.0088')
  expect(money(-1.005, 'XX1')).toMatch(/^\u22121\.01 XX1$/)
  expect(money(0, 'USD')).not.toMatch(/\u2212|-/)
})

// /api/spend states no currency for a row all of whose charges lack a price: a chart takes the
// first row's that states one (the first row's, null, read "USD" there), and with none it says
// no currency ("Spend", plain ticks) rather than the derive's fallback.
it('a chart\'s currency is the first stated one; without any, its axis names none', () => {
  expect(statedCurrency([{ currency: null }, { currency: 'EUR' }, { currency: 'USD' }])).toBe('EUR')
  expect(statedCurrency([{ currency: null }])).toBe('')
  expect(moneyLabel('Spend', 'EUR')).toBe('Spend (EUR)')
  expect(moneyLabel('Spend', '')).toBe('Spend')
  expect(moneyTicks('')(0, 0, [0, 1])).toBe('0')
  expect(moneyTicks('USD')(0, 0, [0, 1])).toMatch(/\$/)
})

// One place infers per-message pricing from a customer message row (its verdict's words, the
// investigation page's footer and empty conversations table read it): a verdict only that model
// has, or a customer message with no conversation.
it('tells a per-message row from its verdict and conversation, and words its opening so', () => {
  const row = (verdict: string, conversation_id = '') => ({ verdict, conversation_id })
  expect([row('CHARGED'), row('FREE_CUSTOMER_SERVICE'), row('FREE_TIER'), row('OPENED'), row('EXTENDED')].every(perMessagePricing)).toBe(true)
  expect([row('OPENED', 'c1'), row('EXTENDED', 'c1'), row('REUSED', 'c1'), row('NOT_DELIVERED'), row('OUTSIDE_SERVICE_WINDOW')].some(perMessagePricing)).toBe(false)
  expect([row('OPENED'), row('OPENED', 'c1'), row('EXTENDED')].map(messageVerdictWords))
    .toEqual(['Opened the customer service window', 'Opened a conversation', 'Extended the service window'])
})

// The API's sentences write money "0.0250 USD" (sql wacost_money and the code); the support page
// writes them as every page writes money (fresh-user trial: "0.0250 USD" beside "$0.0250").
it('writes the money of the API\'s sentences as the page writes money, nothing else', () => {
  expect(moneyInWords('Charged 0.0250 USD: marketing template delivered 2025-12-01 00:00.')).toBe('Charged $0.0250: marketing template delivered 2025-12-01 00:00.')
  expect(moneyInWords('Volume tier 3:7: the 4th paid utility message; from the 4th the price is 0.001234 USD.')).toBe('Volume tier 3:7: the 4th paid utility message; from the 4th the price is $0.001234.')
  expect(moneyInWords('No charge (the rate card price is 0 USD): x')).toBe('No charge (the rate card price is $0.0000): x')
  // a total as `amount` writes totals; another currency with its own symbol
  expect(moneyInWords('3 charges on 2025-06-02 (1234.5650 USD): 2 marketing; 0.0057 EUR for the other 1', amount))
    .toBe('3 charges on 2025-06-02 ($1,234.57): 2 marketing; €0.0057 for the other 1')
  // counts, days, times and tiers stay as they are
  const plain = '2 charges from 2025-06-02 to 2025-06-03, 10:06:01.5, tier 0:3, 1 FEP'
  expect(moneyInWords(plain)).toBe(plain)
})
