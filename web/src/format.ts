// How figures read on the page: money in the data's currency, counts with separators, local
// days (stored as UTC midnights) as dates, and the rules' codes in words.
/**
 * An amount as the exact decimal it stands for: the API's decimals (at most 6 places, Float64 in
 * Arrow) print back as themselves (shortest round-trip form), so "126.0744" and not the binary
 * 126.07439999…; a decimal string is taken as it is.
 */
const exact = (v: number | string): string => (typeof v === 'string' ? v : String(v))

/**
 * Money in the data's currency to `digits` decimals (up to `most` when the amount has them): the
 * exact decimal rounded half away from zero (0.125 → 0.13, −0.125 → −0.13; 1.005 → 1.01, where
 * rounding the float says 1.00). Every amount on the page is its own exact amount rounded so, as
 * the finance exports' 4-decimal amounts round to the cent: a line reconciles with its export line.
 */
export function money(amount: number | string, currency: string, digits = 2, most = digits): string {
  const options = { minimumFractionDigits: digits, maximumFractionDigits: most, roundingMode: 'halfExpand' } as const
  // Intl formats a decimal string exactly (ECMA-402 NumberFormat v3), never through a float.
  const value = exact(amount) as `${number}`
  try {
    return withMinus(new Intl.NumberFormat(undefined, { ...options, style: 'currency', currency: currency || 'USD' }), value)
  } catch {
    return `${withMinus(new Intl.NumberFormat(undefined, options), value)} ${currency}`
  }
}

/**
 * `value` formatted by `f` with a true minus sign (U+2212), as Plot's axes write one: en-US Intl
 * writes an ASCII hyphen ("-$0.0088" beside "+$0.0095": fresh-user trial).
 */
function withMinus(f: Intl.NumberFormat, value: number | `${number}`): string {
  return f.formatToParts(value).map((p) => (p.type === 'minusSign' ? '\u2212' : p.value)).join('')
}

/**
 * An amount as cards, labels and tooltips write it: to the cent, or to 4 decimals when it is
 * under a cent (a per-message charge such as 0.0014 USD would read "$0.00", as if free).
 */
export function amount(v: number | string, currency: string): string {
  const a = Math.abs(Number(v))
  return money(v, currency, a > 0 && a < 0.01 ? 4 : 2)
}

/**
 * One charge's or one rate's amount (a conversation's or a message's cost, a rate-card price, one
 * message's cost difference) as every page writes it: its exact decimal with 4 decimals as the
 * ledger and the exports write costs ("$0.0250"), up to 6 when the price has them (interfaces.md:
 * at most 6), never rounded to the cent as a total is (a per-message rate of 0.0147 would read
 * "$0.01"). The support page wrote its amounts "0.2946 USD" where the dashboard writes "$0.29"
 * (trial): both pages write money with this module. Totals (sums of charges) are `amount`'s, to
 * the cent the CSV exports reconcile to.
 */
export const price = (v: number | string, currency: string): string => money(v, currency, 4, 6)

/**
 * The money of a sentence the API writes ("(0.0250 USD)" in the customer's answer, "Charged
 * 0.0250 USD:" in an explanation: sql wacost_money, at least 4 decimals, or a price of 0, and the
 * currency's code) as `as` writes it on the page: `price` for one charge or rate, `amount` for a
 * total. The support page's sentences read "0.0250 USD" beside its "$0.0250" cells (fresh-user trial).
 */
export const moneyInWords = (text: string, as: (v: string, currency: string) => string = price): string =>
  text.replace(/(?<![\d.,:-])(\d+\.\d{4,6}|0) ([A-Z]{3})\b/g, (_, v: string, currency: string) => as(v, currency))

/**
 * The note under amounts shown with their total (the headline's categories, the markets, the
 * reconciliation's templates): each is its own exact amount rounded once, as its export line
 * rounds, so they may add up to a cent or two off the total; `where` holds the exact amounts.
 * It says the 4 decimals `amount` writes under a cent ("+$0.0095" beside "rounded … to the cent":
 * fresh-user trial).
 */
export const roundedApart = (where: string): string => `Each amount rounded on its own to the cent (to 4 decimals under a cent; exact 4-decimal amounts in ${where}).`

/**
 * A money axis's tick format: as many decimals as the ticks' step needs to tell them apart
 * (whole units from a step of 1, cents or finer below), so per-message amounts never read "$0"
 * on every tick nor "$0.01, $0.01". Plot calls a tickFormat with each tick, its index and all ticks.
 */
export function moneyTicks(currency: string): (v: number, i?: number, ticks?: ArrayLike<number>) => string {
  return (v, _i, ticks) => {
    const step = ticks && ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(v)
    const digits = !(step > 0) || step >= 1 ? 0 : Math.max(2, Math.ceil(-Math.log10(step) - 1e-9))
    // no currency (every charge drawn lacks a price: statedCurrency): the number alone, no "$"
    return currency ? money(v, currency, digits)
      : withMinus(new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits }), v)
  }
}

/**
 * The currency of a chart's amounts: the first row's that states one. /api/spend states none for
 * a row all of whose charges lack a rate-card price (its priced_cost, 0, is in no currency, and
 * the derive's fallback USD is no price's); '' when no row does.
 */
export function statedCurrency(rows: Iterable<{ currency: string | null }>): string {
  for (const r of rows) if (r.currency) return r.currency
  return ''
}

/** A money axis's label: "Spend (USD)", or "Spend" with no currency to state. */
export const moneyLabel = (what: string, currency: string): string => (currency ? `${what} (${currency})` : what)

export const count = (n: number): string => new Intl.NumberFormat().format(n)

/**
 * Words joined as a sentence lists them: "market", "market and category", "market, category and
 * country" (the export said "the market, category filters": fresh-user trial). British English's
 * list, the page's "a, b and c" (en-US puts a comma before "and").
 */
export const listed = (words: string[]): string => new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(words)

/**
 * The amount of `n` charges some of which (`unpriced`) have no rate-card price: the API's null
 * (never a partial sum) read "no price for 2", as the reconciliation panel says it.
 */
export const pricedAmount = (v: number | string | null, unpriced: number, currency: string): string =>
  (v === null ? `no price for ${count(unpriced)}` : amount(v, currency))

/** One charge's exact cost as `price` writes it ("$0.0250"); null (no rate-card price) in words. */
export const chargeCost = (cost: string | null, currency: string | null): string =>
  (cost === null ? 'no price in the rate card' : price(cost, currency ?? ''))

/**
 * A tick count for an axis of whole things (messages, charges) whose top is `max`: never more
 * ticks than units, so Plot's nice steps (1, 2, 5 × 10ⁿ) stay whole (no 0.5, 1.5 charges).
 */
export const wholeTicks = (max: number, room: number): number => Math.max(1, Math.min(room, Math.floor(max)))

const two = (n: number) => String(n).padStart(2, '0')
/** A time of day in the browser's zone, hh:mm:ss (the live mark, the reconciliation's "as of"). */
export const clock = (d: Date): string => `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`

export function day(ms: number | Date | null): string {
  if (ms === null) return '—'
  return new Date(ms).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' })
}

export function month(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'long' })
}

const words: Record<string, string> = {
  SERVICE: 'Service', MARKETING: 'Marketing', UTILITY: 'Utility', AUTHENTICATION: 'Authentication',
  FREE_ENTRY_POINT: 'Free entry point', REGULAR: 'Paid', FREE_TIER: 'Free tier', OTHER: 'Other markets',
  FREE_CUSTOMER_SERVICE: 'Free customer service', AUTHENTICATION_INTERNATIONAL: 'Authentication-international',
  conversation: 'Conversations', message: 'Messages',
  FEP_STARTED: 'Started a free entry point', INSIDE_FEP: 'In an open free entry point', AWAITING_REPLY: 'Awaiting a reply (under 24\u00a0h)', NO_FEP: 'No reply within 24\u00a0h',
  NOT_DELIVERED: 'Not delivered', OUTSIDE_SERVICE_WINDOW: 'Guardrail break',
  REFERRAL_CONVERSION: 'Free entry point (referral)',
}

/** Meta's `pricing.billable` in words, as every page writes it (the dashboard wrote "billable"/"free", the investigation page "Billable"/"Not billable": fresh-user trial). */
export const billableWords = (billable: boolean | number): string => (billable ? 'Billable' : 'Not billable')

/** A message's verdict in words, as the investigation page and the reconciliation panel say it. */
export const verdictWords: Record<string, string> = {
  OPENED: 'Opened a conversation', REUSED: 'Reused an open window', EXTENDED: 'Extended the service window',
  FREE_ENTRY: 'Free entry', IN_WINDOW: 'Free-form inside the service window',
  OUTSIDE_SERVICE_WINDOW: 'Guardrail break', NOT_DELIVERED: 'Not delivered',
  CHARGED: 'Charged per message', FREE_CUSTOMER_SERVICE: 'Free customer service', FREE_TIER: 'Free tier (per message)',
}

/**
 * Whether a message was judged under per-message pricing, from its row (the rows carry no pricing
 * model): a verdict only that model has, or a customer message (OPENED, EXTENDED) with no
 * conversation, as per-message pricing has none (view customer_messages explains it so). The one
 * place the page infers it: the verdict's words, the footer and the empty conversations table.
 */
export const perMessagePricing = (m: { verdict: string; conversation_id: string }): boolean =>
  ['CHARGED', 'FREE_CUSTOMER_SERVICE', 'FREE_TIER'].includes(m.verdict)
  || (['OPENED', 'EXTENDED'].includes(m.verdict) && m.conversation_id === '')

/**
 * A message's verdict in words as its pricing model has it: under per-message pricing a customer
 * message opens no conversation (pricing-models.md, verdicts under PMP: OPENED with no
 * conversation opens the customer service window); the row read "Opened a conversation" beside an
 * explanation saying there are none (fresh-user trial). The code stays the rules'.
 */
export const messageVerdictWords = (m: { verdict: string; conversation_id: string }): string =>
  (m.verdict === 'OPENED' && perMessagePricing(m) ? 'Opened the customer service window' : verdictWords[m.verdict] ?? m.verdict)

/**
 * A legend item's words for the verdicts of `verdicts` (sharing one colour) as the messages drawn
 * say them: the timeline's legend named a per-message customer message "Opened a conversation"
 * (fresh-user trial), the words of its rows being "Opened the customer service window".
 */
export const legendVerdictWords = (verdicts: string[], msgs: { verdict: string; conversation_id: string }[]): string =>
  [...new Set(verdicts.flatMap((k) => msgs.filter((m) => m.verdict === k).map(messageVerdictWords)))].join(' / ')

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/**
 * A customer's country (ISO 3166 alpha-2) as the dashboard writes countries, its name and code,
 * "United Kingdom (GB)" (core/reference/validate.ts countryLabels, the API's labels of its country
 * menu and split: the same CLDR names); '' (unknown) as "—".
 */
export const countryName = (code: string): string => (code ? `${regions.of(code) ?? code} (${code})` : '—')

/** The rules' codes in words; an ISO 3166 market code as its country's name ("IN" → "India"). */
export function label(code: string): string {
  const word = words[code]
  if (word) return word
  if (/^[A-Z]{2}$/.test(code)) return regions.of(code) ?? code
  return code
}

