// How figures read on the page: money in the data's currency, counts with separators, local
// days (stored as UTC midnights) as dates, and the rules' codes in words.
export function money(amount: number, currency: string, digits = 2): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency || 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount)
  } catch {
    return `${amount.toFixed(digits)} ${currency}`
  }
}

export const count = (n: number): string => new Intl.NumberFormat().format(n)

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

/** Fixed colours per category, so a category looks the same in every chart. */
export const categoryColors = {
  domain: ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE', 'FREE_ENTRY_POINT'],
  range: ['#4e79a7', '#f28e2b', '#b07aa1', '#59a14f', '#9c9c9c'],
}
