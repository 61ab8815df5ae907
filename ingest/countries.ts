// Country of a customer number, by libphonenumber-js (full metadata, so that shared calling
// codes such as +1 resolve to the right region). Resolved once per wa_id and stored in
// ClickHouse (wa_countries), so the SQL never needs a prefix table.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { Db } from '../core/db/client.ts'
import { rows } from '../core/db/sql.ts'

export function countryOf(waId: string): string {
  return parsePhoneNumberFromString(`+${waId}`)?.country ?? ''
}

/** Resolves the staged batch's new customer numbers; returns how many were added. */
export async function resolveCountries(db: Db): Promise<number> {
  const fresh = await rows<{ wa_id: string }>(db, 'pipeline/60_unresolved_wa_ids')
  for (let i = 0; i < fresh.length; i += 50_000) {
    const values = fresh.slice(i, i + 50_000).map((r) => ({ wa_id: r.wa_id, country: countryOf(r.wa_id) }))
    await db.client.insert({ table: 'wa_countries', values, format: 'JSONEachRow' })
  }
  return fresh.length
}
