// The dashboard's filter bar as a query string, shared by every route: which WABAs, phone
// numbers, markets, categories, customer countries and which period (local dates of each WABA). Turns it into bound
// SQL parameters after checking what JSON Schema cannot: real dates, from <= to (core/scope.ts,
// shared with the CLI), known WABAs the caller may read.
import type { FastifyRequest } from 'fastify'
import { checkFilters, checkPeriod, marketsHint, narrowFilters, unknownWabaSaid, type KnownFilterValue, type MarketRow, type NarrowFilters } from '../core/scope.ts'
import { withoutEndBlanks } from '../core/blanks.ts'
import { emptySaid, filterValueNames, onlyBlanks } from '../core/empty-value.ts'
import { ApiError } from './errors.ts'
import { cachedRows, formats } from './results.ts'

const list = (description: string) => ({
  type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 }, maxItems: 200, description,
}) as const
const day = (description: string) => ({ type: 'string', description, examples: ['2024-09-01'] }) as const

export const filterProperties = {
  waba: list('WABA ids (repeat the parameter for several); default: every WABA the key may read'),
  phone: list('phone_number_id values'),
  market: list('markets as priced by the rate card (country code, market group or OTHER; any case)'),
  category: list('pricing categories: SERVICE, MARKETING, UTILITY, AUTHENTICATION, AUTHENTICATION_INTERNATIONAL or FREE_ENTRY_POINT (any case)'),
  country: list('customer countries as the ledger gives them: ISO 3166 alpha-2 codes (any case), or unknown for customer numbers of no known country'),
  from: day('first day, YYYY-MM-DD, in each WABA\'s time zone (inclusive)'),
  to: day('last day, YYYY-MM-DD, in each WABA\'s time zone (inclusive)'),
  format: { type: 'string', enum: formats, description: 'overrides the Accept header' },
} as const

export interface FilterQuery {
  waba?: string[]; phone?: string[]; market?: string[]; category?: string[]; country?: string[]; from?: string; to?: string
}

export interface FilterParams {
  wabas: string[]; phones: string[]; markets: string[]; categories: string[]; countries: string[]; from: string; to: string
}

/**
 * Validated filter parameters for the SQL files ({wabas:Array(String)} …, {from:Date}, {to:Date}).
 * `without`: the filters the route does not take, left empty (a route may give the name another
 * meaning: the customer routes' `country` is the default country of a national spelling).
 */
export async function filterParams(req: FastifyRequest<{ Querystring: FilterQuery }>, without: readonly (keyof typeof filterProperties)[] = []): Promise<FilterParams> {
  const q = req.query
  const taken = <T>(k: keyof typeof filterProperties, v: T | undefined) => (without.includes(k) ? undefined : v)
  refuseBlanksOnly(q, without)
  const { from, to } = checkPeriod(q.from, q.to)
  const asked = [...new Set(q.waba ?? [])]
  const access = req.access
  let wabas = asked
  if (asked.length > 0) {
    // A WABA the key may not read is reported exactly like one that does not exist.
    // The look-up of core/scope.ts's unknownWabas, through the results cache.
    // (each also without the blanks at its ends: one given with them is said so, as a filter's value)
    const ids = [...new Set([...asked, ...asked.map(withoutEndBlanks)])]
    const known = new Set((await cachedRows<{ waba_id: string }>(req, 'api/known_wabas', { ids })).map((r) => r.waba_id))
    const readable = (w: string) => known.has(w) && (access.all || access.wabas.includes(w))
    const unknown = asked.filter((w) => !readable(w))
    if (unknown.length > 0) throw new ApiError(404, 'UNKNOWN_WABA', sentence(unknownWabaSaid(unknown, readable)), 'waba')
  } else if (!access.all) {
    wabas = access.wabas
  }
  // Phone numbers are checked against every WABA the key may read (one of a WABA it may not read is
  // unknown), then against the asked WABAs: one with data under none of them is said to be another
  // WABA's (it answered an empty file: fresh-user trial); one of any asked WABA is taken.
  const narrow = await checkKnown(req, narrowFilters(taken('phone', q.phone), taken('market', q.market), taken('category', q.category), taken('country', q.country)), access.all ? [] : access.wabas, asked)
  return { wabas, ...narrow, from, to }
}

/** Words (lower case, no full stop) as a sentence. */
const sentence = (said: string): string => `${said[0]!.toUpperCase()}${said.slice(1)}.`

/**
 * A filter's value of blanks only (`?category=%20%20`) is refused as an empty one is (400): it was
 * looked up, and said "Unknown category "  " …: it has a blank before the category" (break-it trial).
 * `without`: the route's parameters of another meaning, left to it.
 */
function refuseBlanksOnly(q: FilterQuery, without: readonly string[]): void {
  for (const param of (['waba', 'phone', 'market', 'category', 'country'] as const).filter((p) => !without.includes(p))) {
    const empty = q[param]?.find(onlyBlanks)
    if (empty !== undefined) throw new ApiError(400, 'BAD_PARAMETER', `${param}: ${emptySaid(empty)}; give ${filterValueNames[param]} or leave the parameter out.`, param)
  }
}

const unknownCodes = { phone: 'UNKNOWN_PHONE_NUMBER', market: 'UNKNOWN_MARKET', category: 'UNKNOWN_CATEGORY', country: 'UNKNOWN_COUNTRY' } as const

/**
 * The filters with markets spelled as the rate card does (any case is taken); phone numbers,
 * markets, categories and countries that do not exist, or a phone number of none of the asked WABAs, are a
 * 404, as an unknown WABA is, an unknown market's message listing the rate card's markets
 * (core/scope.ts, shared with the CLI).
 */
async function checkKnown(req: FastifyRequest, f: NarrowFilters, readable: string[], asked: string[]): Promise<NarrowFilters> {
  const { filters, unknown } = await checkFilters((params) => cachedRows<KnownFilterValue>(req, 'api/known_filter_values', params), f, readable, asked)
  if (unknown) {
    const hint = unknown.param === 'market' && unknown.mended === undefined ? await marketsHint((params) => cachedRows<MarketRow>(req, 'queries/markets', params), unknown.values) : ''
    throw new ApiError(404, unknownCodes[unknown.param], sentence(`${unknown.said}${hint}${unknown.after ?? ''}`), unknown.param)
  }
  return filters
}
