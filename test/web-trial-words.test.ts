// Words of a fresh-user trial (2026-12-06), as plain functions: a list of filters joined as a
// sentence ("the market, category filters do not apply to it"), and what a customer search that
// matched nothing says (every search was told to set the default country, one with its country
// code and a default country set too).
import { describe, expect, it } from 'vitest'
import { listed } from '../web/src/format.ts'
import { notApplied } from '../web/src/state.ts'
import { notFoundWords } from '../web/src/customer/number.ts'
import { readsCountry } from '../web/src/customer/state.ts'

describe('listed', () => {
  it('joins one, two and three words as a sentence does', () => {
    expect([['market'], ['market', 'category'], ['market', 'category', 'country']].map(listed))
      .toEqual(['market', 'market and category', 'market, category and country'])
  })
  it('says the message cards\' filters in the same words', () => {
    expect(notApplied(new URLSearchParams('market=IN&category=MARKETING&country=IN'), 'All messages'))
      .toBe('All messages of the WABA, phone number and period: the market, category and country filters do not apply.')
  })
})

describe('notFoundWords', () => {
  const words = (q: string, country: string) => notFoundWords(q, country, readsCountry(q))
  it('says the number a search with its country code looked for, never to set the default country', () => {
    expect(words('+1 555-123-4567', 'US')).toBe(' The search looked for the number +1 555 123 4567.')
    expect(words('0044 20 7946 0018', '')).toBe(' The search looked for the number +44 20 7946 0018.')
    // digits of no country the library knows, as the page writes a link's customer=000000000 (it said nothing: trial)
    expect(words('+000000000', 'US')).toBe(' The search looked for the number +000000000.')
  })
  it('says a national spelling was read in the default country set', () => {
    expect(words('(555) 123 4567', 'US')).toBe(' The search looked for the number +1 555 123 4567, reading it in the default country (US).')
    expect(words('020 7946 0018', 'gb')).toBe(' The search looked for the number +44 20 7946 0018, reading it in the default country (GB).')
  })
  it('says to set the default country only for a national spelling without one', () => {
    expect(words('(555) 123 4567', '')).toBe(' Numbers are matched with their country code; for a national spelling such as (555) 123 4567 set the default country.')
  })
  it('says nothing more of a message id', () => {
    expect(words('wamid.HBgLMTQxNTU1NTAxMjM', 'US')).toBe('')
  })
})
