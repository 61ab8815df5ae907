// Every customer number of the demo dataset (ingest/demo/generate.ts) is a number libphonenumber-js
// holds valid, of the country its business phone serves: the engine takes each customer's country
// from the library (ingest/countries.ts), and a number it gives no country (or another region's)
// is priced as another market. The UK draws once made 7911… numbers that are nobody's (7 customers,
// 18 conversations priced as OTHER: "Other markets $0.51" on a demo with no such customer) or
// Guernsey's, and 7937… Jersey's; Indonesia's 84… were invalid.
import { expect, it } from 'vitest'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { countryOf } from '../ingest/countries.ts'
import { demoLog } from '../ingest/demo/generate.ts'

/** The demo's business phones and, by calling code, the country of the customers each serves. */
const served: Record<string, Record<string, string>> = {
  '110200300400501': { 1: 'US' },
  '110200300400502': { 52: 'MX', 55: 'BR' },
  '110200300400611': { 44: 'GB' },
  '110200300400612': { 49: 'DE' },
  '110200300400721': { 91: 'IN' },
  '110200300400722': { 62: 'ID' },
}

/**
 * The customer a wa_id stands for (billing-rules.md, "Keys"): Mexico's webhooks spell `521` + 10
 * digits what the send log and the engine spell `52` + the same 10 digits (the demo has both).
 */
const canonical = (waId: string) => waId.replace(/^521(?=\d{10}$)/, '52')

it('makes every customer number valid for libphonenumber-js, in the country of its business phone', () => {
  const customers = new Map<string, string>()
  for (const block of demoLog()) {
    for (const line of block.split('\n')) {
      const m = JSON.parse(line) as { wa_id?: string; phone_number_id?: string }
      if (m.wa_id !== undefined) customers.set(`${m.phone_number_id} ${canonical(m.wa_id)}`, m.phone_number_id!)
    }
  }
  expect(customers.size).toBeGreaterThan(11_000)
  const wrong: string[] = []
  const seen = new Set<string>()
  for (const [key, phone] of customers) {
    const waId = key.slice(phone.length + 1)
    const codes = served[phone]
    expect(codes, phone).toBeDefined()
    const code = Object.keys(codes!).find((c) => waId.startsWith(c))
    const want = code === undefined ? '(no calling code of the phone)' : codes![code]!
    seen.add(want)
    const parsed = parsePhoneNumberFromString(`+${waId}`)
    const got = `${parsed?.country ?? 'none'}, ${parsed?.isValid() ? 'valid' : 'invalid'}, the engine's country ${countryOf(waId) || 'none'}`
    if (got !== `${want}, valid, the engine's country ${want}`) wrong.push(`+${waId} (${want}): ${got}`)
  }
  expect(wrong.slice(0, 10)).toEqual([])
  expect(wrong.length).toBe(0)
  expect([...seen].sort()).toEqual(['BR', 'DE', 'GB', 'ID', 'IN', 'MX', 'US'])
})
