// Loads rate card, market map, WABAs, billing settings, the pricing-model timeline and the
// authentication-international countries into ClickHouse, where the derive SQL and the dashboard
// read them. Each load replaces the whole table.
import { fileURLToPath } from 'node:url'
import type { Db } from '../db/client.ts'
import { exec, rows } from '../db/sql.ts'
import { ConfigError, readCsv, readCsvLines } from './csv.ts'
import { unknownMarket, validateAuthInternational, validateMarketMap, validatePricingModels, validateRateCard, validatePhoneNumbers, validateWabas } from './validate.ts'
import * as s from './schemas.ts'

/** The shipped reference data a database without its own gets (config/defaults/). */
export const defaults = fileURLToPath(new URL('../../config/defaults/', import.meta.url))

export interface ReferenceOptions {
  rateCard?: string
  marketMap?: string
  wabas?: string
  /** phone-numbers.csv: names, display numbers and (optional column) WABAs of business phone numbers (optional). */
  phoneNumbers?: string
  settings?: string
  /**
   * Free tier: sets billing_settings.free_tier and the free_tier of every timeline row whose
   * service is free_tier (pricing-models.md §1); absent, the files' values apply.
   */
  freeTier?: number
  /** The pricing-model timeline CSV (pricing-models.md §1); a database without one gets config/defaults/pricing-models.csv. */
  pricingModels?: string
  /** Authentication-international CSV waba_id,country,start (pricing-models.md §5); none: the stored list (empty at first). */
  authInternational?: string
}

type Table = 'rate_card' | 'market_map' | 'wabas' | 'billing_settings' | 'tz_offsets' | 'phone_numbers' | 'pricing_models' | 'auth_international'

/**
 * Replaces a table's content in one step: the rows go to <table>_next, which then trades places
 * with the table (EXCHANGE TABLES, atomic in an Atomic database). A crash in between leaves the
 * old content whole, never an empty rate card that the next run would fill with the defaults.
 */
async function replace(db: Db, table: Table, values: Record<string, unknown>[], fill?: (next: string) => Promise<void>): Promise<void> {
  // Table names come from the union type above, never from input.
  const next = `${table}_next`
  await db.client.command({ query: `CREATE TABLE IF NOT EXISTS ${next} AS ${table}` })
  await db.client.command({ query: `TRUNCATE TABLE ${next}` })
  if (values.length > 0) await db.client.insert({ table: next, values, format: 'JSONEachRow' })
  if (fill) await fill(next)
  await db.client.command({ query: `EXCHANGE TABLES ${table} AND ${next}` })
}

async function markets(db: Db, table: 'rate_card' | 'market_map'): Promise<string[]> {
  return (await rows<{ market: string }>(db, 'reference/markets', { table })).map((r) => r.market)
}

async function isEmpty(db: Db, table: Table): Promise<boolean> {
  const rs = await db.client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' })
  const [r] = await rs.json<{ n: string }>()
  return r === undefined || Number(r.n) === 0
}

/** What loading the reference options will do, read and checked; nothing is written until apply(). */
export interface ReferencePlan {
  /** Anything changes that requires re-deriving stored messages. */
  changed: boolean
  apply(): Promise<void>
}

/**
 * Reads and checks the given files (tables with no file keep their content, or get the shipped
 * defaults when empty) without writing anything, so a bad file changes nothing and a caller can
 * record durably that a rebuild is due before the tables change (core/session.ts).
 */
export async function planReference(db: Db, opts: ReferenceOptions): Promise<ReferencePlan> {
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
  const wabas = opts.wabas ? await readWabas(db, opts.wabas) : undefined
  const settings = opts.settings || opts.freeTier !== undefined ? await readSettings(db, opts) : undefined
  const phones = opts.phoneNumbers ? readPhoneNumbers(opts.phoneNumbers) : undefined
  const timeline = await readTimeline(db, opts)
  const authIntl = opts.authInternational ? readAuthInternational(opts.authInternational) : undefined
  return {
    changed: Boolean(rates || map || wabas || settings || timeline || authIntl),
    async apply() {
      if (rates) await replace(db, 'rate_card', rates.map((r) => r.row))
      if (map) await replace(db, 'market_map', map.map((r) => r.row))
      if (wabas) {
        await replace(db, 'tz_offsets', [], async (next) => {
          for (const tz of wabas.zones) await exec(db, 'reference/tz_offsets', { tz, table: next })
        })
        await replace(db, 'wabas', wabas.rows)
      }
      if (settings) await replace(db, 'billing_settings', settings)
      if (timeline) await replace(db, 'pricing_models', timeline)
      if (authIntl) await replace(db, 'auth_international', authIntl)
      // Names change no figure, nor does who owns a number (which WABA's keys may write its
      // lines from now on): they need no re-derive.
      if (phones) await replace(db, 'phone_numbers', phones)
    },
  }
}

/** Applies the given files (see planReference). Returns true when stored messages must be derived again. */
export async function loadReference(db: Db, opts: ReferenceOptions): Promise<boolean> {
  const plan = await planReference(db, opts)
  await plan.apply()
  return plan.changed
}

function readPhoneNumbers(file: string) {
  const lined = readCsvLines(file, s.phoneNumberHeader, s.phoneNumberRow)
  validatePhoneNumbers(file, lined)
  return lined.map((r) => r.row)
}

async function readWabas(db: Db, file: string) {
  const lined = readCsvLines(file, s.wabaHeader, s.wabaRow)
  validateWabas(file, lined)
  const rows_ = lined.map((r) => r.row)
  const zones = [...new Set(['UTC', ...rows_.map((w) => w.timezone)])]
  const known = new Set((await rows<{ name: string }>(db, 'reference/known_timezones', { names: zones })).map((r) => r.name))
  const unknown = zones.filter((z) => !known.has(z))
  if (unknown.length > 0) {
    const at = lined.find((r) => unknown.includes(r.row.timezone))!
    throw new ConfigError(`${file} line ${at.line}: unknown time zone ${at.row.timezone}${unknown.length > 1 ? ` (and ${unknown.slice(1).join(', ')})` : ''}; fix: an IANA name such as Europe/Berlin`)
  }
  return { rows: rows_, zones }
}

async function readSettings(db: Db, opts: ReferenceOptions): Promise<Record<string, unknown>[]> {
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
  return settings
}

type TimelineRow = { effective_from: string; model: string; service: string; free_tier: number; utility_in_service_window: string }

/**
 * The timeline to store, or undefined to keep the stored one: the given file, else the shipped
 * default when the table is empty, else the stored rows when --free-tier must be written into them.
 */
async function readTimeline(db: Db, opts: ReferenceOptions): Promise<TimelineRow[] | undefined> {
  const file = opts.pricingModels ?? ((await isEmpty(db, 'pricing_models')) ? `${defaults}pricing-models.csv` : undefined)
  let timeline: TimelineRow[]
  if (file) {
    const lined = readCsvLines(file, s.pricingModelHeader, s.pricingModelRow)
    validatePricingModels(file, lined)
    timeline = lined.map((r) => r.row)
  } else if (opts.freeTier !== undefined) {
    timeline = await rows<TimelineRow>(db, 'reference/pricing_models')
  } else return undefined
  const n = opts.freeTier
  return n === undefined ? timeline : timeline.map((r) => (r.service === 'free_tier' ? { ...r, free_tier: n } : r))
}

function readAuthInternational(file: string): Record<string, unknown>[] {
  const lined = readCsvLines(file, s.authInternationalHeader, s.authInternationalRow)
  validateAuthInternational(file, lined)
  return lined.map((r) => r.row)
}
