// Checks across the rows of the rate card and the market map that a row schema cannot see: a
// market the derive can never choose (a rate-card row for "Brazil" is never used, and Brazilian
// conversations go unpriced), rows that say two things for the same key, a country that is no
// country. Every message names the file, the line and a fix.
import { ConfigError } from './csv.ts'

export interface Lined<T> { line: number; row: T }
type RateRow = { market: string; category: string; currency: string; effective_from: string; tier_from: number }
type MapRow = { country: string; market: string }

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
/**
 * Codes CLDR names that are no country code in use: withdrawn ones (SU Russia, FX France, YU and
 * CS Serbia, DD Germany, ZR, TP, HV, DY, BU, NH, RH, VD, YD, AN), reservations (UK, EU, EZ, UN)
 * and pseudo-regions. Without this list "United Kingdom" read as UK and "France" as FX, which no
 * phone number ever has: a rate-card row for them would never be used.
 */
const notCountries = new Set(['AN', 'BU', 'CS', 'DD', 'DY', 'EU', 'EZ', 'FX', 'HV', 'NH', 'QO', 'RH', 'SU', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ'])
/** Region codes by lower-case English name, to suggest the code for a market spelled as a name. */
const byName = new Map<string, string>()
for (const a of letters) {
  for (const b of letters) {
    const name = notCountries.has(`${a}${b}`) ? undefined : regions.of(`${a}${b}`)
    if (name) byName.set(name.toLowerCase(), `${a}${b}`)
  }
}

/** The ISO 3166 alpha-2 code of a country's English name as CLDR writes it ("India", "Brazil"), if any. */
export function countryByName(name: string): string | undefined {
  return byName.get(name.toLowerCase())
}

/** True for an ISO 3166 alpha-2 code of a country or territory. */
export function isCountry(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regions.of(code) !== undefined
}

/** Every code isCountry accepts: what a log line's `country` override may be (sql/pipeline/10_parse's {countries}). */
export const countryCodes: readonly string[] = [...letters].flatMap((a) => [...letters].map((b) => `${a}${b}`)).filter(isCountry)

/**
 * Each of countryCodes as people read it: CLDR's English name (Node's Intl.DisplayNames, the
 * library the page's format.ts names markets with) and the code, "United States (US)", in the
 * same order: the labels of /api/spend's country split (sql/api/spend's {country_labels}).
 */
export const countryLabels: readonly string[] = countryCodes.map((c) => `${regions.of(c)} (${c})`)

/**
 * The market codes the dashboard's market menu names (web/src/format.ts `label`, CLDR's English
 * names as here): a country's code by its name ("IN" → "India") and OTHER, Meta's rest of the
 * world, as "Other markets"; a market the rate card names ("North America") is its own name.
 * Bound as sql/api/spend's {market_codes}/{market_labels}: its market split labelled rows "IN"
 * where the menu says "India" (fresh-user trial).
 */
export const marketCodes: readonly string[] = [...countryCodes, 'OTHER']
/** Each of marketCodes's names, in the same order. */
export const marketLabels: readonly string[] = [...countryCodes.map((c) => regions.of(c)!), 'Other markets']

function duplicates<T>(file: string, rows: Lined<T>[], key: (r: T) => string, what: string, fix: string): void {
  const seen = new Map<string, number>()
  for (const { line, row } of rows) {
    const k = key(row)
    const first = seen.get(k)
    if (first !== undefined) throw new ConfigError(`${file} line ${line}: duplicate ${what} ${k} (also on line ${first}); fix: ${fix}`)
    seen.set(k, line)
  }
}

/** Market-map rows: real country codes, each country in one market only. */
export function validateMarketMap(file: string, rows: Lined<MapRow>[]): void {
  for (const { line, row } of rows) {
    if (!isCountry(row.country)) throw new ConfigError(`${file} line ${line}: country ${row.country} is not an ISO 3166 alpha-2 code; fix: use the two-letter code (e.g. BR for Brazil)`)
  }
  duplicates(file, rows, (r) => r.country, 'country', 'keep one row per country (a country belongs to one market)')
}

/** Why `market` can never be chosen by the derive, with a fix; undefined when it can be. */
export function unknownMarket(market: string, mapMarkets: Set<string>): string | undefined {
  if (market === 'OTHER' || isCountry(market) || mapMarkets.has(market)) return undefined
  const code = byName.get(market.toLowerCase()) ?? (isCountry(market.toUpperCase()) ? market.toUpperCase() : undefined)
  const known = [...mapMarkets].sort().join(', ')
  return `market ${market} is neither an ISO 3166 country code, a market of the market map (${known || 'none'}), nor OTHER, `
    + `so no conversation is ever priced by it; fix: ${code ? `write ${code}` : 'use the country code, a market name exactly as in the market map, or OTHER'}`
}

/**
 * Rate-card rows: every market choosable, one price per market, category, effective date and
 * volume-tier band; each date's set of bands starts at tier_from 1 (pricing-models.md §4), and
 * only the tiered categories have bands beyond it (a MARKETING band from 1000 would never be used).
 */
export function validateRateCard(file: string, rows: Lined<RateRow>[], mapMarkets: Set<string>): void {
  for (const { line, row } of rows) {
    const why = unknownMarket(row.market, mapMarkets)
    if (why) throw new ConfigError(`${file} line ${line}: ${why}`)
    if (row.tier_from > 1 && (row.category === 'MARKETING' || row.category === 'SERVICE')) {
      throw new ConfigError(`${file} line ${line}: ${row.category} has no volume tiers, so a band from tier_from ${row.tier_from} is never used; fix: tier_from 1 (or empty), one row per date`)
    }
  }
  if (rows.length === 0) throw new ConfigError(`${file}: no rows, so no conversation or message would have a price; fix: add the rate-card rows (the shipped card is config/defaults/rate-card.csv)`)
  // One currency per market: a market billed in two currencies has no total (Meta bills a WABA in one).
  const currencyOf = new Map<string, { currency: string; line: number }>()
  for (const { line, row } of rows) {
    const first = currencyOf.get(row.market)
    if (first && first.currency !== row.currency) {
      throw new ConfigError(`${file} line ${line}: market ${row.market} is priced in ${row.currency} here and in ${first.currency} on line ${first.line}; fix: one currency per market (the one Meta bills you in)`)
    }
    if (!first) currencyOf.set(row.market, { currency: row.currency, line })
  }
  duplicates(file, rows, (r) => `${r.market}, ${r.category}, ${r.effective_from}${r.tier_from > 1 ? `, tier_from ${r.tier_from}` : ''}`, 'price for',
    'keep one row per market, category, effective_from and tier_from (a later price is a row with a later effective_from)')
  const bands = new Map<string, { line: number; fromOne: boolean }>()
  for (const { line, row } of rows) {
    const k = `${row.market}, ${row.category}, ${row.effective_from}`
    const g = bands.get(k) ?? { line, fromOne: false }
    g.fromOne ||= row.tier_from === 1
    bands.set(k, g)
  }
  for (const [k, g] of bands) {
    if (!g.fromOne) {
      throw new ConfigError(`${file} line ${g.line}: the volume-tier bands of ${k} have no tier_from 1, so the first messages of a month have no price; `
        + 'fix: add the row of the first band (tier_from 1), or make the lowest band\'s tier_from 1')
    }
  }
}

type TimelineRow = { effective_from: string }

/** The pricing-model timeline (pricing-models.md §1): at least one row, one row per date, in any order. */
export function validatePricingModels(file: string, rows: Lined<TimelineRow>[]): void {
  if (rows.length === 0) throw new ConfigError(`${file}: no rows, so no pricing model applies; fix: add at least one row, e.g. 1970-01-01,CBP,free_tier,1000,`)
  duplicates(file, rows, (r) => r.effective_from, 'effective_from', 'keep one row per date (a change is a row with a later date)')
}

/** WABA rows: one row per WABA (two time zones for one WABA would put a message on two local days, under two pricing models). */
export function validateWabas(file: string, rows: Lined<{ waba_id: string }>[]): void {
  duplicates(file, rows, (r) => r.waba_id, 'WABA', 'keep one row per WABA (its name and its time zone)')
}

/**
 * Phone-number rows: one row per number (two rows could name two WABAs for it, and a number
 * belongs to one WABA: the register decides which WABA's keys may write its lines).
 */
export function validatePhoneNumbers(file: string, rows: Lined<{ phone_number_id: string }>[]): void {
  duplicates(file, rows, (r) => r.phone_number_id, 'phone number', 'keep one row per phone number (its display number, name and WABA)')
}

/** Authentication-international rows: real country codes (several rows per WABA and country are allowed: the earliest start applies). */
export function validateAuthInternational(file: string, rows: Lined<{ country: string }>[]): void {
  for (const { line, row } of rows) {
    if (!isCountry(row.country)) throw new ConfigError(`${file} line ${line}: country ${row.country} is not an ISO 3166 alpha-2 code; fix: use the two-letter code (e.g. IN for India)`)
  }
}
