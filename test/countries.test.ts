// countryOf answers most numbers without libphonenumber-js's full parse (ingest/countries.ts);
// it must give the library's answer for every number. Numbers of every 1–3 digit prefix (so
// every calling code, shared, single or non-geographic, and prefixes that are none), every
// length up to 20 digits, and every first digit after the prefix (national prefixes).
import { expect, it } from 'vitest'
import { countryOf, libraryCountryOf } from '../ingest/countries.ts'

let seed = 20251201
const digit = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return String(Math.floor((seed / 2147483648) * 10)) }
const digits = (n: number) => Array.from({ length: n }, digit).join('')

it('gives the library answer for numbers of every calling code, length and first digit', () => {
  const mismatches: string[] = []
  let checked = 0
  for (let p = 0; p < 1110; p++) {
    // 0..9, 00..99, 000..999
    const prefix = p < 10 ? String(p) : p < 110 ? String(p - 10).padStart(2, '0') : String(p - 110).padStart(3, '0')
    for (let length = prefix.length; length <= 20; length++) {
      for (let first = 0; first < 10; first++) {
        const rest = length > prefix.length ? String(first) + digits(length - prefix.length - 1) : ''
        const waId = prefix + rest
        checked++
        if (countryOf(waId) !== libraryCountryOf(waId)) mismatches.push(`${waId}: ${countryOf(waId)} ≠ ${libraryCountryOf(waId)}`)
        if (rest === '') break
      }
    }
  }
  expect(checked).toBeGreaterThan(150_000)
  expect(mismatches.slice(0, 20)).toEqual([])
})

it('gives the library answer for real-looking mobile numbers', () => {
  const samples = ['14155550101', '919812345678', '5511987654321', '447911123456', '4915112345678', '6281234567890',
    '5215512345678', '34612345678', '79161234567', '77011234567', '61412345678', '390612345678', '393123456789',
    '2250712345678', '2348031234567', '8613812345678', '819012345678', '12425550123', '18095551234', '80012345678']
  expect(samples.map(countryOf)).toEqual(samples.map(libraryCountryOf))
})
