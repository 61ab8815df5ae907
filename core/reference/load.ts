// Loads rate card, market map, WABAs and billing settings into ClickHouse, where the derive
// SQL and the dashboard read them. Each load replaces the whole table.
import { fileURLToPath } from 'node:url'
import type { Db } from '../db/client.ts'
import { exec, rows } from '../db/sql.ts'
import { ConfigError, readCsv, readCsvLines } from './csv.ts'
import { unknownMarket, validateMarketMap, validateRateCard } from './validate.ts'
import * as s from './schemas.ts'

const defaults = fileURLToPath(new URL('../../config/defaults/', import.meta.url))

export interface ReferenceOptions {
  rateCard?: string
  marketMap?: string
  wabas?: string
  settings?: string
  freeTier?: number
}

type Table = 'rate_card' | 'market_map' | 'wabas' | 'billing_settings' | 'tz_offsets'

async function replace(db: Db, table: Table, values: Record<string, unknown>[]): Promise<void> {
  // Table names come from the union type above, never from input.
  await db.client.command({ query: `TRUNCATE TABLE ${table}` })
  if (values.length > 0) await db.client.insert({ table, values, format: 'JSONEachRow' })
}

async function markets(db: Db, table: 'rate_card' | 'market_map'): Promise<string[]> {
  return (await rows<{ market: string }>(db, 'reference/markets', { table })).map((r) => r.market)
}

async function isEmpty(db: Db, table: Table): Promise<boolean> {
  const rs = await db.client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })
  const [r] = await rs.json<{ n: string }>()
  return r === undefined || Number(r.n) === 0
}

/**
 * Applies the given files; tables with no file keep their content, or get the shipped defaults
 * when empty. Returns true when anything changed that requires re-deriving stored messages.
 */
export async function loadReference(db: Db, opts: ReferenceOptions): Promise<boolean> {
  let changed = false
  const rateCard = opts.rateCard ?? ((await isEmpty(db, 'rate_card')) ? `${defaults}rate-card.csv` : undefined)
  const marketMap = opts.marketMap ?? ((await isEmpty(db, 'market_map')) ? `${defaults}market-map.csv` : undefined)
  // Both are read and checked against each other (or the stored one) before either is replaced.
  const rates = rateCard ? readCsvLines(rateCard, s.rateCardHeader, s.rateCardRow) : undefined
  const map = marketMap ? readCsvLines(marketMap, s.marketMapHeader, s.marketMapRow) : undefined
  if (marketMap && map) validateMarketMap(marketMap, map)
  const mapMarkets = new Set(map ? map.map((r) => r.row.market) : await markets(db, 'market_map'))
  if (rateCard && rates) validateRateCard(rateCard, rates, mapMarkets)
  else if (marketMap) {
    for (const m of await markets(db, 'rate_card')) {
      const why = unknownMarket(m, mapMarkets)
      if (why) throw new ConfigError(`${marketMap}: the stored rate card's ${why}`)
    }
  }
  if (rates) {
    await replace(db, 'rate_card', rates.map((r) => r.row))
    changed = true
  }
  if (map) {
    await replace(db, 'market_map', map.map((r) => r.row))
    changed = true
  }
  if (opts.wabas) {
    await loadWabas(db, readCsv(opts.wabas, s.wabaHeader, s.wabaRow), opts.wabas)
    changed = true
  }
  if (opts.settings || opts.freeTier !== undefined) {
    await loadSettings(db, opts)
    changed = true
  }
  return changed
}

async function loadWabas(db: Db, wabas: { waba_id: string; name: string; timezone: string }[], file: string) {
  const zones = [...new Set(['UTC', ...wabas.map((w) => w.timezone)])]
  const known = new Set((await rows<{ name: string }>(db, 'reference/known_timezones', { names: zones })).map((r) => r.name))
  const unknown = zones.filter((z) => !known.has(z))
  if (unknown.length > 0) throw new ConfigError(`${file}: unknown time zone(s) ${unknown.join(', ')} (expected IANA names such as Europe/Berlin)`)
  await replace(db, 'wabas', wabas)
  await replace(db, 'tz_offsets', [])
  for (const tz of zones) await exec(db, 'reference/tz_offsets', { tz })
}

async function loadSettings(db: Db, opts: ReferenceOptions) {
  let settings = opts.settings
    ? readCsv(opts.settings, s.settingsHeader, s.settingsRow).map((r) => ({
        effective_from: r.effective_from.length === 10 ? `${r.effective_from} 00:00:00.000` : r.effective_from.replace('T', ' ').replace('Z', ''),
        service_window_ms: r.service_window_hours,
        business_window_ms: r.business_window_hours,
        fep_window_ms: r.fep_window_hours,
        entry_reply_window_ms: r.entry_reply_window_hours,
        free_tier: r.free_tier,
      }))
    : await rows<Record<string, unknown>>(db, 'reference/billing_settings')
  if (!settings.some((r) => String(r.effective_from).startsWith('1970-01-01'))) {
    throw new ConfigError(`${opts.settings}: the first row must be effective from 1970-01-01 so every instant has settings`)
  }
  if (opts.freeTier !== undefined) settings = settings.map((r) => ({ ...r, free_tier: opts.freeTier }))
  await replace(db, 'billing_settings', settings)
}
