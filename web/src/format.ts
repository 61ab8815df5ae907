// How figures read on the page: money in the data's currency, counts with separators, local
// days (stored as UTC midnights) as dates, and the rules' codes in words.
export function money(amount: number, currency: string, digits = 2): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount)
  } catch {
    return `${amount.toFixed(digits)} ${currency}`
  }
}

/**
 * An amount as cards, labels and tooltips write it: to the cent, or to 4 decimals when it is
 * under a cent (a per-message charge such as 0.0014 USD would read "$0.00", as if free).
 */
export function amount(v: number, currency: string): string {
  const a = Math.abs(v)
  return money(v, currency, a > 0 && a < 0.01 ? 4 : 2)
}

/**
 * A money axis's tick format: as many decimals as the ticks' step needs to tell them apart
 * (whole units from a step of 1, cents or finer below), so per-message amounts never read "$0"
 * on every tick nor "$0.01, $0.01". Plot calls a tickFormat with each tick, its index and all ticks.
 */
export function moneyTicks(currency: string): (v: number, i?: number, ticks?: ArrayLike<number>) => string {
  return (v, _i, ticks) => {
    const step = ticks && ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : Math.abs(v)
    const digits = !(step > 0) || step >= 1 ? 0 : Math.max(2, Math.ceil(-Math.log10(step) - 1e-9))
    return money(v, currency, digits)
  }
}

export const count = (n: number): string => new Intl.NumberFormat().format(n)

/**
 * A tick count for an axis of whole things (messages, charges) whose top is `max`: never more
 * ticks than units, so Plot's nice steps (1, 2, 5 × 10ⁿ) stay whole (no 0.5, 1.5 charges).
 */
export const wholeTicks = (max: number, room: number): number => Math.max(1, Math.min(room, Math.floor(max)))

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
  FEP_STARTED: 'Started a free entry point', INSIDE_FEP: 'Already in a free window', NO_FEP: 'No reply within 24 h',
  NOT_DELIVERED: 'Not delivered', OUTSIDE_SERVICE_WINDOW: 'Guardrail break',
  REFERRAL_CONVERSION: 'Free entry point (referral)',
}

const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })

/** The rules' codes in words; an ISO 3166 market code as its country's name ("IN" → "India"). */
export function label(code: string): string {
  const word = words[code]
  if (word) return word
  if (/^[A-Z]{2}$/.test(code)) return regions.of(code) ?? code
  return code
}

