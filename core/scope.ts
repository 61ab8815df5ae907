// The scope of a read: which local days (each WABA's own time zone), which WABAs, and which
// phone numbers, markets, categories and customer countries. The API's filter bar and `wacost export` check it the
// same way, with the same words; the API turns a ScopeError into its JSON error (api/errors.ts),
// the CLI prints the message.
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'
import { countryByName, isCountry } from './reference/validate.ts'
import { blankAt, hasBlank, quoted, withoutEndBlanks } from './blanks.ts'

/** The period an open end stands for: every day a DateTime can hold. */
export const firstDay = '1970-01-01'
export const lastDay = '2148-12-31'

export class ScopeError extends Error {
  constructor(readonly code: 'BAD_DATE' | 'PERIOD_REVERSED', message: string, readonly param: 'from' | 'to') {
    super(message)
  }
}

/**
 * A value that is no calendar day, in the one wording of the API, `wacost export` and `wacost rates
 * import` (`name`: the parameter or option; rates import said "--effective-from 2024-13-01:
 * expected a date YYYY-MM-DD" where export said this).
 */
export const notADate = (name: string, value: string): string => `${name}: "${value}" is not a date; expected YYYY-MM-DD, e.g. 2024-09-01.`

function checkDay(value: string | undefined, param: 'from' | 'to', fallback: string): string {
  if (value === undefined || value === '') return fallback
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  // setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999 (0001-01-01 was "not a date")
  const parsed = m ? new Date(new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) {
    throw new ScopeError('BAD_DATE', notADate(param, value), param)
  }
  // a real day the data cannot hold: said as such (it read "not a date": break-it trial)
  if (value < firstDay || value > lastDay) {
    throw new ScopeError('BAD_DATE', `${param}: ${value} is out of range; days from ${firstDay} to ${lastDay} (leave ${param} out for an open end).`, param)
  }
  return value
}

/** The period from … to (inclusive, YYYY-MM-DD), an open end being the first or last day. */
export function checkPeriod(from: string | undefined, to: string | undefined): { from: string; to: string } {
  const period = { from: checkDay(from, 'from', firstDay), to: checkDay(to, 'to', lastDay) }
  if (period.from > period.to) throw new ScopeError('PERIOD_REVERSED', `from (${period.from}) is after to (${period.to}).`, 'from')
  return period
}

/** The asked WABA ids the database does not know. */
export async function unknownWabas(db: Db, asked: string[]): Promise<string[]> {
  if (asked.length === 0) return []
  const known = new Set((await rows<{ waba_id: string }>(db, 'api/known_wabas', { ids: asked })).map((r) => r.waba_id))
  return asked.filter((w) => !known.has(w))
}

/**
 * `wacost export`'s and `wacost reconcile`'s check of --waba: the words for the asked WABA ids
 * the database does not know (unknownWabaSaid), undefined when it knows them all.
 */
export async function wabasProblem(db: Db, asked: string[]): Promise<string | undefined> {
  const unknown = await unknownWabas(db, asked)
  if (unknown.length === 0) return undefined
  const trimmed = unknown.filter(hasBlank).map(withoutEndBlanks).filter((w) => w !== '')
  const known = new Set(trimmed.length === 0 ? [] : (await rows<{ waba_id: string }>(db, 'api/known_wabas', { ids: trimmed })).map((r) => r.waba_id))
  return unknownWabaSaid(unknown, (w) => known.has(w))
}

/**
 * Unknown WABA ids in words (lower case, no full stop; CLI and API alike): `unknown WABA waba-nope`;
 * one with a blank at an end is said as a filter's is (blankSaid: it read "unknown WABA
 * 104729318650012", the blank unseen: break-it trial). `known`: whether an id (without its blanks) exists.
 */
export function unknownWabaSaid(unknown: string[], known: (id: string) => boolean): string {
  const blanked = unknown.find((w) => withoutEndBlanks(w) !== w)
  if (blanked === undefined) return `unknown WABA ${unknown.map(shown).join(', ')}`
  const { said, after } = blankSaid('WABA', 'WABA id', blanked, known(withoutEndBlanks(blanked)), '')
  return `${said}${after ?? ''}`
}

/** A value as an error shows it: in double quotes when it holds a blank (its blanks seen), else as given. */
const shown = (v: string): string => (hasBlank(v) ? quoted(v) : v)

/**
 * The dashboard's phone number, market, category and country filters (empty = all), as the
 * queries bind them. countries: ISO 3166 alpha-2 codes, and `unknown` for the customers of no
 * known country (the ledger's empty `country`; the queries compare `if(country = '', 'unknown', country)`).
 */
// a type, not an interface: it is passed as bound parameters (an index signature)
export type NarrowFilters = { phones: string[]; markets: string[]; categories: string[]; countries: string[] }

/** The country filter's word for the customers of no known country. */
export const unknownCountry = 'unknown'

/**
 * The filters as given (query parameters, repeatable options): categories and countries as given
 * until checkFilters, which binds them upper-cased (countries' `unknown` lower-cased) and says an
 * unknown one as it was typed (`Canada`, not CANADA: fresh-user trial; `frob`, not FROB).
 */
export function narrowFilters(phone: string[] = [], market: string[] = [], category: string[] = [], country: string[] = []): NarrowFilters {
  return { phones: phone, markets: market, categories: category, countries: country }
}

/** A country filter's value as bound: an ISO code upper-cased, `unknown` lower-cased. */
const boundCountry = (c: string): string => (c.toLowerCase() === unknownCountry ? unknownCountry : c.toUpperCase())

/**
 * The pricing categories a category filter may name (bound into sql/api/known_filter_values), in
 * the order an unknown category's error lists them (it named the value alone: fresh-user trial).
 */
export const pricingCategories = ['SERVICE', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'FREE_ENTRY_POINT']

export type FilterParam = 'phone' | 'market' | 'category' | 'country'

/** Each filter's name in a sentence ("Unknown phone number 123."). */
const filterNames: Record<FilterParam, string> = { phone: 'phone number', market: 'market', category: 'category', country: 'country' }

const filterLists: Record<FilterParam, keyof NarrowFilters> = { phone: 'phones', market: 'markets', category: 'categories', country: 'countries' }

/** A row of sql/api/known_filter_values: a phone number (once per WABA it has data under, named), market or category that exists. */
export interface KnownFilterValue { kind: string; id: string; waba_id: string; waba_name: string }

/**
 * sql/api/known_filter_values run with these parameters (the API's through its results cache);
 * markets are bound upper-cased and answered as the rate card spells them.
 */
export type KnownFilterLookup = (params: Omit<NarrowFilters, 'countries'> & { wabas: string[]; all_categories: string[] }) => Promise<KnownFilterValue[]>

/** The look-up straight from the database (`wacost export`). */
export const knownFilterValues = (db: Db): KnownFilterLookup => (params) => rows(db, 'api/known_filter_values', params)

/**
 * A filter naming values that do not exist, or phone numbers of none of the asked WABAs: `said` in
 * words, lower case, no full stop; `after`: words that follow an unknown market's list of markets
 * (marketsHint), which goes between `said` and them (a value with a blank at an end: ": it has a
 * blank before the market …"; the list was left out there, break-it trial); `mended`: the value
 * to give instead, when the one given exists without its blanks (said with it; no list then).
 */
export interface UnknownFilter { param: FilterParam; values: string[]; said: string; after?: string; mended?: string }

/**
 * The filters as the queries bind them, markets spelled as the rate card does (`in`, `north
 * america` → IN, North America: a market typed in another case was unknown, user trial), and the
 * first filter (phone, market, category, country) naming values that do not exist, with those values as
 * given; `unknown` undefined when every value exists. Phone numbers exist with data in a WABA of
 * `readable` (empty: any), markets on the rate card (or OTHER), categories among the rules',
 * countries as ISO 3166 alpha-2 codes of a country or territory (or `unknown`). With
 * WABAs `asked`, a phone number must have data under one of them: one with data only under
 * another is said to be that WABA's (its export was a silent header: fresh-user trial); a number
 * the logs give under two WABAs is taken under either. An unknown value is an error, never an
 * empty file or panel that reads as "no spend"; one with a blank at an end is said so (blankSaid).
 */
export async function checkFilters(lookup: KnownFilterLookup, f: NarrowFilters, readable: string[], asked: string[] = []):
  Promise<{ filters: NarrowFilters; unknown?: UnknownFilter }> {
  if (f.phones.length + f.markets.length + f.categories.length + f.countries.length === 0) return { filters: f }
  const categories = f.categories.map((c) => c.toUpperCase())
  // each value also without the blanks at its ends, and with one space for each run of blanks inside
  // ("North  America"): one given with them is said with what to give (blankSaid, blanksInside)
  const alsoTrimmed = (vs: string[]) => [...new Set([...vs, ...vs.map(withoutEndBlanks), ...vs.map(oneBlank)])]
  const known = f.phones.length + f.markets.length + f.categories.length === 0 ? []
    : await lookup({ phones: alsoTrimmed(f.phones), markets: alsoTrimmed(f.markets.map((m) => m.toUpperCase())), categories: alsoTrimmed(categories), wabas: readable, all_categories: pricingCategories })
  const canonicalMarket = new Map(known.filter((k) => k.kind === 'market').map((k) => [k.id.toUpperCase(), k.id]))
  const filters = { ...f, markets: f.markets.map((m) => canonicalMarket.get(m.toUpperCase()) ?? m), categories, countries: f.countries.map(boundCountry) }
  // markets and categories in any case; a phone number as it is
  const exists = (param: FilterParam, v: string) => (param === 'country' ? boundCountry(v) === unknownCountry || isCountry(boundCountry(v))
    : known.some((k) => k.kind === param && (param === 'phone' ? k.id === v : k.id.toUpperCase() === v.toUpperCase())))
  // a country is said with what one is (a name, "Canada", is not one); a category with the ones there are
  const hints: Partial<Record<FilterParam, string>> = {
    country: ` (a country is its ISO 3166 alpha-2 code, e.g. US or CA; ${unknownCountry}: customer numbers of no known country)`,
    category: ` (pricing categories: ${pricingCategories.join(', ')}; any case)`,
  }
  // a value as it exists (a market as the rate card spells it), if it does
  const spelled = (param: FilterParam, v: string) => (param === 'market'
    ? known.find((k) => k.kind === 'market' && k.id.toUpperCase() === v.toUpperCase())?.id : exists(param, v) ? v : undefined)
  for (const param of ['phone', 'market', 'category', 'country'] as const) {
    const values = [...new Set(f[filterLists[param]])].filter((v) => !exists(param, v))
    const [name, what] = [filterNames[param], hints[param] ?? '']
    const blanked = values.find((v) => withoutEndBlanks(v) !== v)
    if (blanked !== undefined) return { filters, unknown: { param, values: [blanked], ...blankSaid(name, name, blanked, exists(param, withoutEndBlanks(blanked)), what) } }
    // `--market "North  America"` was said unquoted, the second blank unseen, North America listed (break-it trial)
    const inner = values.find((v) => spelled(param, oneBlank(v)) !== undefined)
    const mended = inner === undefined ? undefined : spelled(param, oneBlank(inner))!
    if (inner !== undefined) return { filters, unknown: { param, values: [inner], said: `${name} ${quoted(inner)} has ${blanksInside(inner, name)}: give ${mended}`, mended } }
    if (values.length > 0) return { filters, unknown: { param, values, said: `unknown ${name} ${values.map(shown).join(', ')}${what}` } }
  }
  const elsewhere = otherWabasPhones(known.filter((k) => k.kind === 'phone'), [...new Set(f.phones)], asked)
  return elsewhere ? { filters, unknown: elsewhere } : { filters }
}

/**
 * A value with a blank at an end (`--category " marketing"` was said "unknown category  MARKETING",
 * its blank unseen), in the words of the settings' blanks (core/blanks.ts): `category " marketing"
 * has a blank before the category (a space or line break copied with it?): give the category
 * alone, marketing`; when the value without its blanks does not exist either, the unknown one's
 * words (`hint` after them, or an unknown market's list) with the blank said after them. `name`:
 * what the value is in "unknown …" (WABA); `what`: in "give the … alone" (WABA id).
 */
function blankSaid(name: string, what: string, v: string, restExists: boolean, hint: string): { said: string; after?: string; mended?: string } {
  const where = blankAt(v, what)
  return restExists ? { said: `${name} ${quoted(v)} has ${where}: give the ${what} alone, ${withoutEndBlanks(v)}`, mended: withoutEndBlanks(v) }
    : { said: `unknown ${name} ${quoted(v)}${hint}`, after: `: it has ${where}` }
}

// a blank, as core/blanks.ts counts one (\s holds the no-break space; the zero-width ones and C1 controls are added)
const blankRuns = /[\s\u200b-\u200d\u0080-\u009f]+/g

/** `v` without the blanks at its ends, each run of blanks inside it one space ("North  America" → "North America"). */
const oneBlank = (v: string): string => withoutEndBlanks(v).replace(blankRuns, ' ')

/** The blanks inside `v` in words after "has": "two blanks in a row inside the market", "a tab inside the market". */
function blanksInside(v: string, what: string): string {
  const run = [...withoutEndBlanks(v).matchAll(blankRuns)].map((m) => m[0]).find((r) => r !== ' ')
  if (run !== undefined && /^ +$/.test(run)) return `${run.length === 2 ? 'two' : run.length} blanks in a row inside the ${what}`
  return blankAt(`-${run ?? ' '}-`, what)
}

/**
 * The asked phone numbers with data under none of the `asked` WABAs (all known: checked before),
 * in words naming whose they are: "phone number 1102… does not belong to WABA 1047… (it is Lumen
 * Bank's)". Undefined when none is asked or every number has data under an asked WABA.
 */
function otherWabasPhones(phones: KnownFilterValue[], given: string[], asked: string[]): UnknownFilter | undefined {
  if (asked.length === 0) return undefined
  const owners = new Map<string, string[]>()
  for (const p of phones) owners.set(p.id, [...(owners.get(p.id) ?? []), p.waba_name !== '' ? p.waba_name : `WABA ${p.waba_id}`])
  const home = new Set(phones.filter((p) => asked.includes(p.waba_id)).map((p) => p.id))
  const values = given.filter((id) => !home.has(id))
  if (values.length === 0) return undefined
  const whose = (id: string) => owners.get(id)!.sort((a, b) => a.localeCompare(b)).map((n) => `${n}'s`).join(' and ')
  const said = values.length === 1
    ? `phone number ${values[0]} does not belong to WABA ${asked.join(', ')} (it is ${whose(values[0]!)})`
    : `phone numbers ${values.join(', ')} do not belong to WABA ${asked.join(', ')} (${values.map((id) => `${id} is ${whose(id)}`).join('; ')})`
  return { param: 'phone', values, said }
}

/** A row of sql/queries/markets: a market of the rate card, or the market group of an asked country code. */
export interface MarketRow { kind: 'market' | 'group'; id: string; country: string }

/** sql/queries/markets run with these parameters (the API's through its results cache). */
export type MarketsLookup = (params: { asked: string[] }) => Promise<MarketRow[]>

/**
 * What a market filter may name, for an unknown market's error (CLI and API alike; it named the
 * value alone, and `IN` where the rate card says India left the reader to guess: break-it trial):
 * where an asked country code, or a country's English name (the dashboard's market menu names IN
 * "India"), is priced, then every market of the rate card, in parentheses: " (US is priced in the
 * market North America; markets on the rate card: BR, …, OTHER)", " (India is the market IN; …)".
 */
export async function marketsHint(lookup: MarketsLookup, asked: string[]): Promise<string> {
  const codes = asked.map((a) => a.toUpperCase())
  const named = asked.map((a) => [withoutEndBlanks(a), countryByName(oneBlank(a))] as const).filter((n): n is readonly [string, string] => n[1] !== undefined)
  const found = await lookup({ asked: [...new Set([...codes, ...named.map(([, code]) => code)])] })
  const markets = found.filter((r) => r.kind === 'market').map((r) => r.id)
  const others = markets.filter((m) => m !== 'OTHER').sort((a, b) => a.localeCompare(b))
  const groups = found.filter((r) => r.kind === 'group' && codes.includes(r.country)).map((r) => `${r.country} is priced in the market ${r.id}`)
  const byName = named.flatMap(([name, code]) => {
    const group = found.find((r) => r.kind === 'group' && r.country === code)
    return markets.includes(code) ? [`${name} is the market ${code}`] : group ? [`${name} (${code}) is priced in the market ${group.id}`] : []
  })
  return ` (${[...byName, ...groups, `markets on the rate card: ${[...others, 'OTHER'].join(', ')}`].join('; ')})`
}
