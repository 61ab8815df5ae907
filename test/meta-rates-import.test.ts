// `wacost rates import` (issue 13 item 3): Meta's Pricing.csv and Tier Pricing.csv, in Meta's own
// layout (note rows above the header, a header cell with a line break, "$US", n/a, five header
// rows, forward-filled market names, "--" for no upper bound), to the product's rate card. The
// samples in test/fixtures/meta-rates/ are written for these tests in Meta's layout (not Meta's figures).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importMetaRates, type ImportOptions } from '../core/reference/meta-rates.ts'
import { readCsvLines } from '../core/reference/csv.ts'
import * as s from '../core/reference/schemas.ts'
import { countryByName, isCountry, validateRateCard } from '../core/reference/validate.ts'
import { tempDir } from './support/temp.ts'
import { wacostJs } from './support/compiled.ts'

const fixtures = new URL('./fixtures/meta-rates/', import.meta.url).pathname
const pricing = `${fixtures}Pricing.csv`
const tiersFile = `${fixtures}Tier Pricing.csv`
const groups = new Set(['North America', 'Rest of Africa', 'Rest of Asia Pacific', 'Rest of Central & Eastern Europe', 'Rest of Latin America', 'Rest of Middle East', 'Rest of Western Europe'])
const base: ImportOptions = { pricing, tiers: tiersFile, effectiveFrom: '2025-07-01', currency: 'USD', groups }
const line = (r: { market: string; category: string; price: string; tier_from: number }) => `${r.market} ${r.category} ${r.price} ${r.tier_from}`

const dir = tempDir('wacost-meta-')
let n = 0
function file(text: string): string {
  const f = join(dir, `f${++n}.csv`)
  writeFileSync(f, text)
  return f
}
const pricingHeader = ',,,,,,\nnote,,,,,,\nMarket,Currency,Marketing,Utility,Authentication,"Authentication-\nInternational",Service\n'
const tierHeader = 'title\nlink\n,,Utility,,,,,Authentication,,,,\n,,Messages per month,,What we charge,,,Messages per month,,What we charge,,\n'
  + '"Market\n(per rate card)",Currency,From,To,Rate type,Rate,vs. List rate,From,To,Rate type,Rate,vs. List rate\n'
const refused = (opts: Partial<ImportOptions>): string => {
  try {
    importMetaRates({ ...base, ...opts })
  } catch (e) { return (e as Error).message }
  throw new Error('not refused')
}

describe('importing Meta\'s files', () => {
  it('gives the rate card of the sample Pricing.csv and Tier Pricing.csv, bands where Meta has tiers', () => {
    const rows = importMetaRates(base)
    expect(new Set(rows.map((r) => `${r.currency} ${r.effective_from}`))).toEqual(new Set(['USD 2025-07-01']))
    expect(rows.map(line)).toEqual([
      'North America MARKETING 0.0250 1', 'North America UTILITY 0.0034 1', 'North America AUTHENTICATION 0.0034 1',
      'IN MARKETING 0.0118 1',
      'IN UTILITY 0.0014 1', 'IN UTILITY 0.0013 100001', 'IN UTILITY 0.0012 1000001',
      'IN AUTHENTICATION 0.0014 1', 'IN AUTHENTICATION 0.0013 100001', 'IN AUTHENTICATION 0.0012 1000001',
      'IN AUTHENTICATION_INTERNATIONAL 0.0280 1', 'IN AUTHENTICATION_INTERNATIONAL 0.0266 1000001',
      'BR MARKETING 0.0625 1', 'BR UTILITY 0.0068 1', 'BR UTILITY 0.0065 250001', 'BR AUTHENTICATION 0.0068 1', 'BR AUTHENTICATION 0.0065 250001',
      'MX MARKETING 0.0305 1', 'MX UTILITY 0.0085 1', 'MX AUTHENTICATION 0.0085 1',
      'GB MARKETING 0.0529 1', 'GB UTILITY 0.0220 1', 'GB AUTHENTICATION 0.0220 1',
      'DE MARKETING 0.1365 1', 'DE UTILITY 0.0550 1', 'DE AUTHENTICATION 0.0550 1',
      'ID MARKETING 0.0411 1', 'ID UTILITY 0.0250 1', 'ID AUTHENTICATION 0.0250 1', 'ID AUTHENTICATION_INTERNATIONAL 0.1360 1',
      'TR MARKETING 0.0109 1', 'TR UTILITY 0.0053 1', 'TR AUTHENTICATION 0.0053 1',
      'Rest of Latin America MARKETING 0.0740 1', 'Rest of Latin America UTILITY 0.0113 1', 'Rest of Latin America UTILITY 0.0107 500001',
      'Rest of Latin America AUTHENTICATION 0.0113 1',
      'OTHER MARKETING 0.0604 1', 'OTHER UTILITY 0.0077 1', 'OTHER AUTHENTICATION 0.0077 1',
    ])
  })

  it('without Tier Pricing.csv gives one band per market and category', () => {
    const rows = importMetaRates({ ...base, tiers: undefined })
    expect(rows.filter((r) => r.tier_from !== 1)).toEqual([])
    expect(rows).toHaveLength(32)
  })

  it('reads From 0 as the count already sent (LOWER:UPPER), prices with thousands separators and other currency tokens', () => {
    const p = file(`${pricingHeader}India,₹,"1,078.50",0.1150,0.1150,2.3000,n/a\n`)
    const t = file(`${tierHeader}India,₹,0,"100,000",List rate,0.1150,0%,0,--,List rate,0.1150,0%\n,,"100,000",--,Tier 1,0.1093,-5%,n/a,n/a,n/a,n/a,n/a\n`)
    const rows = importMetaRates({ ...base, pricing: p, tiers: t, currency: 'INR' })
    expect(rows.map(line)).toEqual(['IN MARKETING 1078.50 1', 'IN UTILITY 0.1150 1', 'IN UTILITY 0.1093 100001', 'IN AUTHENTICATION 0.1150 1', 'IN AUTHENTICATION_INTERNATIONAL 2.3000 1'])
  })

  it('writes through the CLI a file that loads as a rate card', async () => {
    const out = join(dir, 'card.csv')
    const { stderr } = await promisify(execFile)(process.execPath, [wacostJs, 'rates', 'import', '--pricing', pricing, '--tiers', tiersFile,
      '--effective-from', '2025-07-01', '--currency', 'USD', '--out', out])
    expect(stderr).toContain('rate card: 40 rows, 10 markets, 8 volume bands beyond the first, effective 2025-07-01 (USD)')
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('market,category,price,currency,effective_from,tier_from')
    const card = readCsvLines(out, s.rateCardHeader, s.rateCardRow)
    expect(() => validateRateCard(out, card, groups)).not.toThrow()
    expect(card.map((r) => line(r.row))).toEqual(importMetaRates(base).map(line))
  })
})

describe('refusing what it cannot read', () => {
  it('names an unknown market, with its file and line', () => {
    const p = file(`${pricingHeader}India,$US,0.0118,0.0014,0.0014,n/a,n/a\nRest of Europe,$US,0.05,0.02,0.02,n/a,n/a\n`)
    expect(refused({ pricing: p, tiers: undefined })).toMatch(new RegExp(`^${p} line 6: market "Rest of Europe" is neither a country, a market group of the market map \\(North America, .*\\), nor Other; fix:`))
    const t = file(`${tierHeader}Narnia,$US,1,--,List rate,0.0014,0%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: t })).toContain(`${t} line 7: market "Narnia" is neither a country`)
  })

  it('refuses another currency than --currency, and a currency token it does not know', () => {
    expect(refused({ currency: 'EUR' })).toBe(`${pricing} line 8: currency USD, but --currency is EUR; fix: import the file of that currency, or give --currency USD`)
    const p = file(`${pricingHeader}India,¥¥,0.0118,0.0014,0.0014,n/a,n/a\n`)
    expect(refused({ pricing: p, tiers: undefined })).toContain(`${p} line 5: currency "¥¥" is not a currency token`)
  })

  it('refuses a price that is no number, a file without the header, a missing column', () => {
    expect(refused({ pricing: file(`${pricingHeader}India,$US,0.0118,cheap,0.0014,n/a,n/a\n`), tiers: undefined })).toMatch(/line 5: India UTILITY: "cheap" is not a price/)
    expect(refused({ pricing: file('a,b\n1,2\n'), tiers: undefined })).toContain('no header row starting "Market, Currency"')
    expect(refused({ pricing: file('Market,Currency,Marketing,Utility\nIndia,$US,1,1\n'), tiers: undefined })).toContain('the header has no column authentication')
  })

  it('refuses an empty price cell instead of reading it as n/a (found by a break-it trial: the row vanished)', () => {
    expect(refused({ pricing: file(`${pricingHeader}India,$US,,0.0014,0.0014,n/a,n/a\n`), tiers: undefined }))
      .toMatch(/line 5: India MARKETING: the price cell is empty; fix: the price, or n\/a/)
  })

  it('needs -- on the last band, and bands that follow one another', () => {
    const closed = file(`${tierHeader}India,$US,1,"100,000",List rate,0.0014,0%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: closed })).toContain(`${closed} line 7: India UTILITY: the last band ends at 100000; fix: write -- as its upper bound`)
    const gap = file(`${tierHeader}India,$US,1,"100,000",List rate,0.0014,0%,n/a,n/a,n/a,n/a,n/a\n,,"100,002",--,Tier 1,0.0013,-5%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: gap })).toContain(`${gap} line 8: India UTILITY: the band from 100002 does not follow the band to 100000 (line 7); fix: it starts at 100001`)
    const after = file(`${tierHeader}India,$US,1,--,List rate,0.0014,0%,n/a,n/a,n/a,n/a,n/a\n,,"100,001",--,Tier 1,0.0013,-5%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: after })).toContain('a band after the open one ("--") of line 7')
  })

  it('needs a market name on the first band, and tier files that agree with Pricing.csv', () => {
    const orphan = file(`${tierHeader},$US,1,--,List rate,0.0014,0%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: orphan })).toContain(`${orphan} line 7: a band before any market name`)
    const other = file(`${tierHeader}India,$US,1,--,List rate,0.0015,0%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: other })).toBe(`${other} line 7: the first band of IN UTILITY costs 0.0015, but ${pricing} line 9 says 0.0014; fix: import the two files of one date`)
    const extra = file(`${tierHeader}Chile,$US,1,--,List rate,0.0200,0%,n/a,n/a,n/a,n/a,n/a\n`)
    expect(refused({ tiers: extra })).toContain(`${extra} line 7: CL UTILITY has volume bands but no price in ${pricing}`)
  })

  it('refuses files whose notes name another effective date; ignores the Meta Business Agent column', () => {
    const dated = (d: string) => file(`"Cost per message in USD on the WhatsApp Business Platform, effective ${d}",,,,,,,\nMarket,Currency,Marketing,Utility,Authentication,"Authentication-\nInternational",Service,Meta Business Agent\nIndia,$US,0.0118,0.0014,0.0014,n/a,0.0014,$0.50 USD / 1 M (million) tokens\n`)
    const october = dated('October 1, 2026')
    expect(refused({ pricing: october, tiers: undefined })).toBe(`${october} line 1: the file says its rates are effective 2026-10-01, but --effective-from is 2025-07-01; fix: give --effective-from 2026-10-01, or import the file of 2025-07-01`)
    expect(importMetaRates({ ...base, pricing: october, tiers: undefined, effectiveFrom: '2026-10-01' }).map(line))
      .toEqual(['IN MARKETING 0.0118 1', 'IN UTILITY 0.0014 1', 'IN AUTHENTICATION 0.0014 1', 'IN SERVICE 0.0014 1'])
    const unknown = file(`${pricingHeader.replace('Service', 'Service,Voice')}India,$US,0.0118,0.0014,0.0014,n/a,n/a,0.01\n`)
    expect(refused({ pricing: unknown, tiers: undefined })).toContain('unknown column(s) voice')
  })

  it('refuses two rows of one market (two names for one code)', () => {
    const p = file(`${pricingHeader}Turkey,$US,0.0109,0.0053,0.0053,n/a,n/a\nTürkiye,$US,0.0109,0.0053,0.0053,n/a,n/a\n`)
    expect(refused({ pricing: p, tiers: undefined })).toContain(`${p} line 6: duplicate price for TR, MARKETING, 2025-07-01 (also on line 5)`)
  })
})

describe('country names', () => {
  it('reads the names of Meta\'s markets as the codes phone numbers have, never a withdrawn or reserved code', () => {
    expect(['United Kingdom', 'France', 'Russia', 'Serbia', 'Benin', 'Germany', 'United States'].map(countryByName)).toEqual(['GB', 'FR', 'RU', 'RS', 'BJ', 'DE', 'US'])
    expect(['UK', 'FX', 'SU', 'EU', 'GB', 'FR'].map(isCountry)).toEqual([false, false, false, false, true, true])
  })
})
