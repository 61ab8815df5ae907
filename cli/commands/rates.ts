// `wacost rates import`: Meta's own rate-card downloads to the product's rate card CSV. No engine:
// it reads two files and writes one.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { stringify } from 'csv-stringify/sync'
import { readCsvLines } from '../../core/reference/csv.ts'
import { importMetaRates } from '../../core/reference/meta-rates.ts'
import * as s from '../../core/reference/schemas.ts'
import { isCountry, validateMarketMap } from '../../core/reference/validate.ts'

const shippedMap = fileURLToPath(new URL('../../config/defaults/market-map.csv', import.meta.url))

export interface RatesImportOptions { pricing: string; tiers?: string; effectiveFrom: string; currency: string; marketMap?: string; out?: string }

/**
 * Writes the rate card (market,category,price,currency,effective_from,tier_from) of Meta's
 * Pricing.csv and Tier Pricing.csv to --out or standard output; Meta's grouped markets are named
 * as the market map's groups (default: the shipped map). Throws ConfigError (exit 2) naming the
 * file, line and cell of anything it cannot read.
 */
export async function importRates(opts: RatesImportOptions): Promise<void> {
  const mapFile = opts.marketMap ?? shippedMap
  const map = readCsvLines(mapFile, s.marketMapHeader, s.marketMapRow)
  validateMarketMap(mapFile, map)
  const groups = new Set(map.map((r) => r.row.market).filter((m) => m !== 'OTHER' && !isCountry(m)))
  const rows = importMetaRates({ ...opts, groups })
  const csv = stringify(rows, { header: true, columns: ['market', 'category', 'price', 'currency', 'effective_from', 'tier_from'] })
  if (opts.out) writeFileSync(opts.out, csv)
  else process.stdout.write(csv)
  const markets = new Set(rows.map((r) => r.market)).size
  const bands = rows.filter((r) => r.tier_from > 1).length
  process.stderr.write(`rate card: ${rows.length} rows, ${markets} markets, ${bands} volume bands beyond the first, effective ${opts.effectiveFrom} (${opts.currency})\n`)
}
