// `wacost whatif`: the stored traffic priced under another pricing-model timeline (and optionally
// another rate card) beside the current pricing, as CSV (core/whatif.ts, sql/whatif/compare.sql).
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { streamCsv } from '../../core/db/sql.ts'
import { wabasProblem } from '../../core/scope.ts'
import { compareParams, computeWhatif, whatifReport, whatifState } from '../../core/whatif.ts'
import { checkStrict, describeReport, runReport, StrictError } from '../../core/reports.ts'
import { CliError, exitStatus } from '../failure.ts'
import { openSession } from './open.ts'

export interface WhatifOptions { pricingModels: string; rateCard?: string; from: string; to: string; waba: string[]; out?: string; strict?: boolean }

// As the finance exports (core/exports.ts): RFC 4180 line ends, a null amount as an empty cell.
const csv = { output_format_csv_crlf_end_of_line: 1, format_csv_null_representation: '' }

/**
 * Computes the what-if (or reuses the one computed for the same stored data and files) and writes
 * sql/whatif/compare.sql per WABA as CSV to --out or stdout; says on stderr whether it was cached.
 */
export async function printWhatif(dir: string, opts: WhatifOptions): Promise<void> {
  const session = await openSession(dir, {})
  try {
    const wabas = await wabasProblem(session.db, opts.waba)
    if (wabas !== undefined) throw new CliError(wabas)
    const scenario = { pricingModels: opts.pricingModels, rateCard: opts.rateCard }
    const started = Date.now()
    const cached = (await whatifState(session.db, scenario)).ready
    const state = await computeWhatif(session.db, scenario, { exclusive: session.exclusive })
    process.stderr.write(cached ? 'what-if: computed earlier for the same data and files\n'
      : `what-if: computed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    // Unpriced charges on either side make that side's amounts empty: said, as every command does.
    const sides = [['the current pricing', await runReport(session.db)], ['the alternative pricing', await whatifReport(session.db, state)]] as const
    for (const [side, r] of sides) {
      for (const line of describeReport({ ...r, unmatched: 0 })) process.stderr.write(`${line.replace(/^warning: /, `warning (${side}): `)}\n`)
    }
    try {
      for (const [, r] of sides) checkStrict(r, opts.strict)
    } catch (e) {
      throw e instanceof StrictError ? new CliError(e.message, exitStatus.unpriced) : e
    }
    const params = compareParams(session.db, state, { wabas: opts.waba, from: opts.from, to: opts.to, byWaba: true })
    const out = await streamCsv(session.db, 'whatif/compare', params, 'CSVWithNames', csv)
    await pipeline(out, opts.out ? createWriteStream(opts.out) : process.stdout)
  } finally { await session.close() }
}
