// Country of a customer number, by libphonenumber-js (full metadata, so that shared calling
// codes such as +1 resolve to the right region). Resolved once per wa_id and stored in
// ClickHouse (wa_countries, wa_country_keys), so the SQL never needs a prefix table.
import { Readable } from 'node:stream'
import { Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { Db } from '../core/db/client.ts'
import { exec, rows, traced } from '../core/db/sql.ts'

/** The library's answer: the region of `+waId`, '' when it has none. */
export function libraryCountryOf(waId: string): string {
  return parsePhoneNumberFromString(`+${waId}`)?.country ?? ''
}

// The parts of the library's Metadata (the same `max` metadata parsePhoneNumberFromString uses)
// that its parser reads to find a number's calling code and country.
interface CallingCodes {
  hasCallingCode(callingCode: string): boolean | undefined
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined
  selectNumberingPlan(callingCode: string): void
  numberingPlan?: { nationalPrefixForParsing(): string | undefined }
}
const metadata = new Metadata() as unknown as CallingCodes

/** A calling code of exactly one country: that country and its national prefix pattern. */
interface SingleCountry { country: string; prefix?: RegExp }
const singles = new Map<string, SingleCountry | null>()

function singleCountry(callingCode: string): SingleCountry | null {
  let plan = singles.get(callingCode)
  if (plan === undefined) {
    const countries = metadata.getCountryCodesForCallingCode(callingCode)
    plan = null
    if (countries?.length === 1) {
      metadata.selectNumberingPlan(callingCode)
      const npfp = metadata.numberingPlan?.nationalPrefixForParsing()
      // The very expression the library tests a national number against.
      plan = { country: countries[0]!, prefix: npfp ? new RegExp('^(?:' + npfp + ')') : undefined }
    }
    singles.set(callingCode, plan)
  }
  return plan
}

/**
 * The library's answer without its full parse where its parse provably takes one path: for
 * `+D` (D digits, the shape ingest admits) it takes as calling code the shortest prefix of D
 * (1–3 digits) that is one; a code of exactly one country yields that country, provided no
 * national prefix is stripped from the rest (its `national_prefix_for_parsing` does not match
 * there) and the rest has 2–17 digits. Every other number (shared codes such as +1, national
 * prefixes, odd lengths, non-geographic codes) goes through the library itself.
 * test/countries.test.ts checks this against the library over numbers of every calling code.
 */
export function countryOf(waId: string): string {
  if (waId[0] !== '0') {
    for (let i = 1; i <= 3 && i <= waId.length; i++) {
      const callingCode = waId.slice(0, i)
      if (!metadata.hasCallingCode(callingCode)) continue
      const plan = singleCountry(callingCode)
      const rest = waId.slice(i)
      if (plan && rest.length >= 2 && rest.length <= 17 && !plan.prefix?.test(rest)) return plan.country
      break
    }
  }
  return libraryCountryOf(waId)
}

const yieldToEngine = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * The group's customer numbers that have no country yet; those that have one are put with it in
 * batch_wa_countries first (the group's one read of wa_country_keys), for pipeline/40_messages.
 */
export async function unresolvedNumbers(db: Db): Promise<string[]> {
  await exec(db, 'pipeline/24_group_countries')
  return (await rows<{ wa_id: string }>(db, 'pipeline/25_unresolved_wa_ids')).map((r) => r.wa_id)
}

/**
 * Resolves numbers into TabSeparated rows (wa_id, country), a slice at a time, yielding in
 * between, so that statements started before go on in the engine meanwhile.
 */
export async function resolveNumbers(numbers: string[]): Promise<string[]> {
  const rows: string[] = []
  for (let i = 0; i < numbers.length; i += 2_000) {
    await yieldToEngine()
    // wa_id is digits only (ingest rejects anything else) and a country two letters or '':
    // nothing to escape in TabSeparated.
    for (const waId of numbers.slice(i, i + 2_000)) rows.push(`${waId}\t${countryOf(waId)}\n`)
  }
  return rows
}

/**
 * Stores resolved numbers: wa_countries serves the API's point lookups, wa_country_keys the
 * ingest's set lookups, batch_wa_countries the group at hand (pipeline/40_messages).
 */
export async function storeCountries(db: Db, resolved: string[]): Promise<void> {
  if (resolved.length === 0) return
  await traced('pipeline/countries', async () => {
    for (let i = 0; i < resolved.length; i += 100_000) {
      const body = resolved.slice(i, i + 100_000).join('')
      for (const table of ['wa_countries', 'wa_country_keys', 'batch_wa_countries']) {
        await db.client.insert({
          table, columns: ['wa_id', 'country'], format: 'TabSeparated',
          values: Readable.from([body], { objectMode: false }),
          clickhouse_settings: { log_comment: 'wacost:pipeline/countries' },
        })
      }
    }
  })
}
