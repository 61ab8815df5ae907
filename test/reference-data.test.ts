// The shipped reference data (config/defaults/, issue 10 items 14 and 15): the market map covers
// every region the phone library knows, each priced by a rate-card market or deliberately as
// OTHER; Meta's groups as its calling-code table has them (Greece in Central & Eastern Europe,
// Haiti in Latin America, +44 Crown dependencies as the United Kingdom); the rate card's rows
// carry their dates from Meta's notes (India's utility change on 2024-08-01, marketing on
// 2024-10-01) and each its source, explained in the folder's README.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getCountries, getCountryCallingCode, Metadata } from 'libphonenumber-js/max'
import { parse } from 'csv-parse/sync'
import { readCsv } from '../core/reference/csv.ts'
import * as s from '../core/reference/schemas.ts'
import { ingest, ledger, openEngine, type Session } from './support/engine.ts'

const file = (name: string) => new URL(`../config/defaults/${name}`, import.meta.url).pathname
const card = readCsv(file('rate-card.csv'), s.rateCardHeader, s.rateCardRow)
const map = readCsv(file('market-map.csv'), s.marketMapHeader, s.marketMapRow)
const cardMarkets = new Set(card.map((r) => r.market))

describe('market map', () => {
  it('prices every region of the phone library: as itself, as a rate-card market, or listed as OTHER', () => {
    const mapped = new Map(map.map((r) => [r.country, r.market]))
    const unpriced = getCountries().filter((c) => !cardMarkets.has(c) && !cardMarkets.has(mapped.get(c) ?? ''))
    expect(unpriced).toEqual([])
    // A map row for a country the card prices on its own would never be read: a mistake.
    expect(map.filter((r) => cardMarkets.has(r.country))).toEqual([])
    expect(map.length).toBe(new Set(map.map((r) => r.country)).size)
  })

  it('prices a region that shares a calling code with its main country as that country, except in the +1 zone', () => {
    const mapped = new Map(map.map((r) => [r.country, r.market]))
    const marketOf = (c: string) => (cardMarkets.has(c) ? c : mapped.get(c))
    const codes = new Metadata() as unknown as { getCountryCodesForCallingCode(code: string): string[] }
    const apart = getCountries().filter((c) => {
      const code = getCountryCallingCode(c)
      const main = codes.getCountryCodesForCallingCode(code)[0]!
      return code !== '1' && main !== c && marketOf(c) !== marketOf(main)
    })
    expect(apart).toEqual([])
  })

  it('follows Meta\'s calling-code table where the old map did not', () => {
    const mapped = Object.fromEntries(map.map((r) => [r.country, r.market]))
    expect([mapped.GR, mapped.HT, mapped.GG, mapped.JE, mapped.IM, mapped.DO, mapped.PR, mapped.CH, mapped.ZA, mapped.FR, mapped.BS, mapped.AS])
      .toEqual(['Rest of Central & Eastern Europe', 'Rest of Latin America', 'GB', 'GB', 'GB', 'Rest of Latin America',
        'Rest of Latin America', 'Rest of Western Europe', 'OTHER', 'OTHER', 'OTHER', 'OTHER'])
  })
})

describe('rate card', () => {
  it('gives every row a source that the folder\'s README explains', () => {
    const raw = parse(readFileSync(file('rate-card.csv'), 'utf8'), { columns: true }) as Record<string, string>[]
    const readme = readFileSync(file('README.md'), 'utf8')
    const tags = new Set(raw.flatMap((r) => (r.source ?? '').replace(/\(.*\)/, '').trim().split(/\s+/)))
    expect(raw.filter((r) => !r.source)).toEqual([])
    expect([...tags].filter((t) => !readme.includes(`\`${t}\``))).toEqual([])
  })

  it('has a row for every market and category from 2024-06-01, except service in Rest of Middle East', () => {
    const gaps: string[] = []
    for (const m of cardMarkets) {
      for (const c of ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE']) {
        if (!card.some((r) => r.market === m && r.category === c && r.effective_from === '2024-06-01')) gaps.push(`${m} ${c}`)
      }
    }
    expect(gaps).toEqual(['Rest of Middle East SERVICE'])
  })
})

describe('priced through the engine with the shipped data', () => {
  let e: Session
  // No free tier, so service conversations show their price.
  beforeAll(async () => { e = await openEngine({ freeTier: 0 }) })
  afterAll(async () => { await e?.close() })

  const send = (id: string, wa_id: string, at: string, template_category: string) =>
    ({ message_id: id, timestamp: at, waba_id: 'waba-ref', phone_number_id: 'pn-ref', wa_id, direction: 'outbound', template_category })

  it('India: utility 0.0042 until 2024-07-31, 0.0014 from 08-01; marketing 0.0099 until 09-30, 0.0107 from 10-01', async () => {
    await ingest(e, [
      send('in-u1', '919812345678', '2024-07-31T23:59:00Z', 'UTILITY'), send('in-u2', '919812345679', '2024-08-01T00:00:00Z', 'UTILITY'),
      send('in-m1', '919812345678', '2024-09-30T23:59:00Z', 'MARKETING'), send('in-m2', '919812345679', '2024-10-01T00:00:00Z', 'MARKETING'),
      send('uk-m1', '447400123456', '2024-09-30T12:00:00Z', 'MARKETING'), send('uk-m2', '447400123457', '2024-10-01T12:00:00Z', 'MARKETING'),
    ])
    const rows = Object.fromEntries((await ledger(e, 'pn-ref')).map((r) => [r.opening_message_id, [r.market, r.cost]]))
    expect(rows).toMatchObject({
      'in-u1': ['IN', '0.0042'], 'in-u2': ['IN', '0.0014'], 'in-m1': ['IN', '0.0099'], 'in-m2': ['IN', '0.0107'],
      'uk-m1': ['GB', '0.0705'], 'uk-m2': ['GB', '0.0529'],
    })
  })

  it('utility before and after Meta\'s 2024-08-01 decrease; Rest of Western Europe 0.0300; Germany service 0.0819', async () => {
    await ingest(e, [
      send('us-u1', '14155550100', '2024-07-15T12:00:00Z', 'UTILITY'), send('us-u2', '14155550101', '2024-08-15T12:00:00Z', 'UTILITY'),
      send('at-u1', '436641234567', '2024-07-15T12:00:00Z', 'UTILITY'), send('at-u2', '436641234568', '2024-08-15T12:00:00Z', 'UTILITY'),
      { ...send('de-s', '4915112345678', '2024-09-02T10:00:00Z', ''), direction: 'inbound', template_category: undefined },
      { ...send('de-s2', '4915112345678', '2024-11-02T10:00:00Z', ''), direction: 'inbound', template_category: undefined },
    ])
    const rows = Object.fromEntries((await ledger(e, 'pn-ref')).map((r) => [r.opening_message_id, [r.market, r.category, r.cost]]))
    expect(rows).toMatchObject({
      'us-u1': ['North America', 'UTILITY', '0.0150'], 'us-u2': ['North America', 'UTILITY', '0.0040'],
      'at-u1': ['Rest of Western Europe', 'UTILITY', '0.0420'], 'at-u2': ['Rest of Western Europe', 'UTILITY', '0.0300'],
      'de-s': ['DE', 'SERVICE', '0.0819'], 'de-s2': ['DE', 'SERVICE', '0.0000'],
    })
  })

  it('Greece, Haiti and the Crown dependencies are priced in Meta\'s markets', async () => {
    const at = '2024-09-02T10:00:00Z'
    await ingest(e, [
      send('gr', '306912345678', at, 'MARKETING'), send('ht', '50934123456', at, 'MARKETING'),
      send('je', '447797123456', at, 'MARKETING'), send('gg', '447781123456', at, 'MARKETING'), send('im', '447624123456', at, 'MARKETING'),
    ])
    const rows = Object.fromEntries((await ledger(e, 'pn-ref')).map((r) => [r.opening_message_id, [r.country, r.market, r.cost]]))
    expect(rows).toMatchObject({
      gr: ['GR', 'Rest of Central & Eastern Europe', '0.0860'], ht: ['HT', 'Rest of Latin America', '0.0740'],
      je: ['JE', 'GB', '0.0705'], gg: ['GG', 'GB', '0.0705'], im: ['IM', 'GB', '0.0705'],
    })
  })
})
