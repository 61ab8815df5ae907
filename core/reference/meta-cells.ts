// The cells of Meta's own rate-card downloads (Pricing.csv, Tier Pricing.csv; issue 13 item 3):
// market names to the product's market codes, currency tokens such as "$US", prices and message
// counts as Meta writes them ("1,940.13", "100,001", "n/a", "--"). Anything else is an error that
// names the file, the line and the cell: a misread rate card prices every message wrongly.
import { ConfigError } from './csv.ts'
import { countryByName, isCountry } from './validate.ts'

/**
 * Meta's spellings of countries that CLDR's English names (Node's Intl.DisplayNames, which name
 * every other country) write differently; older ICU versions say "Turkey" themselves. Source: the
 * market names of Meta's rate cards (Pricing on the WhatsApp Business Platform,
 * https://developers.facebook.com/docs/whatsapp/pricing, "Rates" downloads) and its calling-code list.
 */
const aliases: Record<string, string> = {
  'turkey': 'TR', // CLDR: Türkiye
  'czech republic': 'CZ', // CLDR: Czechia
  'hong kong': 'HK', // CLDR: Hong Kong SAR China
  'macau': 'MO', // CLDR: Macao SAR China
  'ivory coast': 'CI', // CLDR: Côte d'Ivoire
  'swaziland': 'SZ', // CLDR: Eswatini
  'myanmar': 'MM', // CLDR: Myanmar (Burma)
  'palestine': 'PS', // CLDR: Palestinian Territories
  'republic of the congo': 'CG', // CLDR: Congo - Brazzaville
  'democratic republic of the congo': 'CD', // CLDR: Congo - Kinshasa
}

/** Meta's currency tokens in its rate-card files, beside ISO 4217 codes (which pass as they are). */
const currencies: Record<string, string> = { '$US': 'USD', 'US$': 'USD', '€': 'EUR', '£': 'GBP', '₹': 'INR', 'R$': 'BRL', 'A$': 'AUD', 'RP': 'IDR', 'MX$': 'MXN' }

export interface At { file: string; line: number }
const where = (at: At) => `${at.file} line ${at.line}`

/** Collapses line breaks and runs of spaces in a cell ("Authentication-\nInternational", "Market\n(per rate card)"). */
export function cellText(cell: string | undefined): string {
  return (cell ?? '').replace(/\s+/g, ' ').replace(/- /g, '-').trim()
}

/** True for a cell that says "no value": empty, n/a, --. */
export function isNone(cell: string | undefined): boolean {
  return /^(|n\/a|na|--|—)$/i.test(cellText(cell))
}

/**
 * The product's market for a market name of Meta's file: a group of the market map (the same
 * name, any case), OTHER for Meta's "Other", else the country's ISO code (CLDR English name, the
 * aliases above, or a code written as such).
 */
export function marketCode(name: string, groups: Set<string>, at: At): string {
  const text = cellText(name)
  const lower = text.toLowerCase()
  if (lower === 'other') return 'OTHER'
  for (const g of groups) if (g.toLowerCase() === lower) return g
  const code = aliases[lower] ?? countryByName(text) ?? (isCountry(text) ? text : undefined)
  if (code) return code
  throw new ConfigError(`${where(at)}: market "${text}" is neither a country, a market group of the market map (${[...groups].sort().join(', ') || 'none'}), nor Other; `
    + 'fix: add the group and its countries to the market map (--market-map), or correct the name')
}

/** An ISO 4217 code for a currency cell ("$US" → USD). */
export function currencyCode(cell: string, at: At): string {
  const text = cellText(cell)
  const code = currencies[text.toUpperCase()] ?? currencies[text] ?? (/^[A-Za-z]{3}$/.test(text) ? text.toUpperCase() : undefined)
  if (code) return code
  throw new ConfigError(`${where(at)}: currency "${text}" is not a currency token this importer knows (${Object.keys(currencies).join(' ')} or an ISO 4217 code); fix: write the ISO code`)
}

/** A price cell as a decimal string (thousands separators dropped), or undefined for n/a. */
export function priceCell(cell: string | undefined, what: string, at: At): string | undefined {
  // An empty cell is no statement: reading it as n/a would leave the market unpriced without a word.
  if (cellText(cell) === '') throw new ConfigError(`${where(at)}: ${what}: the price cell is empty; fix: the price, or n/a where Meta has no price for it`)
  if (isNone(cell)) return undefined
  const text = cellText(cell).replace(/^\$/, '')
  if (/^free$/i.test(text)) return '0'
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text
  if (!/^\d+(\.\d+)?$/.test(plain)) throw new ConfigError(`${where(at)}: ${what}: "${text}" is not a price; fix: a decimal number such as 0.0250, or n/a`)
  if (/\.\d{7,}$/.test(plain)) throw new ConfigError(`${where(at)}: ${what}: ${plain} has more than 6 fractional digits, more than the rate card keeps; fix: round it to 6`)
  return plain
}

/** A message-count cell ("100,001") as a number; undefined for "--" (no upper bound). */
export function countCell(cell: string | undefined, what: string, at: At): number | undefined {
  const text = cellText(cell)
  if (text === '--' || text === '—') return undefined
  const plain = text.replace(/,/g, '')
  if (!/^\d{1,10}$/.test(plain)) throw new ConfigError(`${where(at)}: ${what}: "${text}" is not a whole number of messages (or -- for no upper bound)`)
  return Number(plain)
}
