// The alternative timelines the API offers (core/whatif.ts): the scenarios shipped in
// config/whatif/ (each row with its source, like config/defaults/pricing-models.csv) and timelines
// a user uploads, checked by the same reader and rules as `--pricing-models`, kept as files named
// by their content for the life of the process.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'
import { ConfigError, readCsvLines } from './reference/csv.ts'
import { pricingModelHeader, pricingModelRow } from './reference/schemas.ts'
import { validatePricingModels } from './reference/validate.ts'

const shipped = fileURLToPath(new URL('../config/whatif/', import.meta.url))
const uploads = join(tmpdir(), `wacost-whatif-${process.pid}`)

/** Removes this process's uploaded timelines (on exit; a test process that is killed calls it itself). */
export function removeUploads(): void {
  rmSync(uploads, { recursive: true, force: true })
}

/** An uploaded timeline's size limit (bytes): a timeline is a handful of rows. */
export const uploadLimit = 16 * 1024

export interface ScenarioInfo { id: string; description: string; rows: { effective_from: string; model: string; service: string; free_tier: number; utility_in_service_window: string }[] }

const withSource = z.object({ source: z.string().default('') })

/** The shipped scenarios: id = file name without .csv; description = the rows' sources. */
export function shippedScenarios(): ScenarioInfo[] {
  return readdirSync(shipped).filter((f) => /^[a-z0-9-]+\.csv$/.test(f)).sort().map((f) => {
    const file = join(shipped, f)
    const rows = readCsvLines(file, pricingModelHeader, pricingModelRow).map((r) => r.row)
    const sources = readCsvLines(file, [], withSource).map((r) => r.row.source).filter(Boolean)
    return { id: f.slice(0, -4), description: sources.join(' '), rows }
  })
}

/** The file of a scenario id (shipped, or `upload-<hash>` of this process), or undefined. */
export function scenarioFile(id: string): string | undefined {
  if (!/^[a-z0-9-]{1,80}$/.test(id)) return undefined
  const file = id.startsWith('upload-') ? join(uploads, `${id}.csv`) : join(shipped, `${id}.csv`)
  return existsSync(file) ? file : undefined
}

/**
 * Checks an uploaded timeline (CSV text, pricing-models.md §1) with the loader's own reader and
 * rules and keeps it; returns its scenario id. Throws ConfigError with the reason in words.
 */
export function storeUpload(csv: string): string {
  if (Buffer.byteLength(csv) > uploadLimit) throw new ConfigError(`the timeline is over ${uploadLimit} bytes`)
  const id = `upload-${createHash('sha256').update(csv).digest('hex').slice(0, 16)}`
  // Kept for the life of the process, then removed (the server's SIGINT/SIGTERM exits: bin/start.ts).
  if (!existsSync(uploads)) process.once('exit', removeUploads)
  mkdirSync(uploads, { recursive: true, mode: 0o700 })
  const file = join(uploads, `${id}.csv`)
  if (existsSync(file)) return id
  const draft = `${file}.${process.hrtime.bigint()}.draft`
  writeFileSync(draft, csv, { mode: 0o600 })
  try {
    const lined = readCsvLines(draft, pricingModelHeader, pricingModelRow)
    validatePricingModels('the timeline', lined)
  } catch (e) {
    unlinkSync(draft)
    throw e instanceof ConfigError ? new ConfigError(e.message.replace(draft, 'the timeline')) : e
  }
  renameSync(draft, file)
  return id
}

interface TimelineRow { effective_from: string; model: string; service: string; free_tier: number | string; utility_in_service_window: string }

const csvRow = (r: TimelineRow) => [r.effective_from, r.model, r.service, r.service === 'free_tier' ? String(r.free_tier) : '',
  r.model === 'PMP' ? r.utility_in_service_window : ''].join(',')

/**
 * A shipped scenario applied from a chosen local date (`since`, YYYY-MM-DD): the database's own
 * timeline before it, the scenario's row in force on that date from it (and its later rows after).
 * Written and checked as an uploaded timeline; returns its scenario id, or undefined for an
 * unknown scenario.
 */
export async function scenarioSince(db: Db, id: string, since: string): Promise<string | undefined> {
  const file = scenarioFile(id)
  if (!file) return undefined
  const stored = await rows<TimelineRow>(db, 'reference/pricing_models')
  const alt = readCsvLines(file, pricingModelHeader, pricingModelRow).map((r) => r.row)
  const atSince = alt.filter((r) => r.effective_from <= since).at(-1)
  const start = atSince ? since : alt[0]?.effective_from ?? since
  const timeline = [
    ...stored.filter((r) => r.effective_from < start),
    ...(atSince ? [{ ...atSince, effective_from: since }] : []),
    ...alt.filter((r) => r.effective_from > since),
  ]
  return storeUpload(`${pricingModelHeader.join(',')}\n${timeline.map(csvRow).join('\n')}\n`)
}
