// Turns what support types into the customer ids (wa_id: international number, digits only) it
// can mean: "+1 555-123-4567", "0044 20 7946 0018", "15551234567" as they are; "(555) 123 4567"
// read as a national number of the default country too. Every spelling that parses is a
// candidate; the lookup keeps the ones that exist in the data.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import { ApiError } from './errors.ts'

export function defaultCountry(value: string | undefined): CountryCode | undefined {
  if (value === undefined || value === '') return undefined
  const code = value.toUpperCase()
  if (!isSupportedCountry(code)) throw new ApiError(400, 'BAD_PARAMETER', `country: "${value}" is not a country code the number parser knows (ISO 3166 alpha-2, e.g. US).`, 'country')
  return code
}

/** The wa_ids a typed number may mean; empty when it holds no digits. */
export function numberCandidates(input: string, country?: CountryCode): string[] {
  const raw = input.trim()
  const international = /^(\+|00)/.test(raw)
  const digits = raw.replace(/^00/, '').replace(/\D/g, '')
  if (digits.length < 4) return []
  const out = new Set<string>()
  const intl = parsePhoneNumberFromString(`+${digits}`)
  out.add(intl ? intl.number.slice(1) : digits)
  if (!international && country) {
    const national = parsePhoneNumberFromString(raw, country)
    if (national?.isPossible()) out.add(national.number.slice(1))
  }
  return [...out]
}
