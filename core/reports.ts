// What every command says at the end of its run about figures that are not whole: charged
// conversations with no rate-card price (their cost is null: the totals are incomplete) and
// status records whose message never arrived (accepted, but they price and judge nothing).
// Used by the CLI after each command and by the server at start.
import type { Db } from './db/client.ts'
import { rows } from './db/sql.ts'

/** Unpriced conversations of one market and category. */
export interface UnpricedGroup { market: string; category: string; n: string; first_day: string; example: string }
/** A status-only message id. */
export interface UnmatchedStatus { message_id: string; records: string; statuses: string[]; first_at: string; last_at: string; total: string }

export interface RunReport {
  unpriced: number
  unpricedGroups: UnpricedGroup[]
  unmatched: number
  unmatchedFirst: UnmatchedStatus[]
}

const EXAMPLES = 5

/** Status-only message ids and their status records, whole database (sql/queries/unmatched_totals.sql). */
export interface UnmatchedTotals { messageIds: number; records: number }

/** The totals of unmatched statuses now: the ingest summary's, and the webhook receiver's at start. */
export async function unmatchedTotals(db: Db): Promise<UnmatchedTotals> {
  const [r] = await rows<{ message_ids: string; records: string }>(db, 'queries/unmatched_totals')
  return { messageIds: Number(r?.message_ids ?? 0), records: Number(r?.records ?? 0) }
}

/** Counts (and first examples of) unpriced conversations and unmatched status records. */
export async function runReport(db: Db): Promise<RunReport> {
  // the rollup first: the conversations are read only when it holds an unpriced one
  const [cells] = await rows<{ cells: string }>(db, 'queries/unpriced_cells')
  const unpricedGroups = Number(cells?.cells ?? 0) > 0 ? await rows<UnpricedGroup>(db, 'queries/unpriced') : []
  const unmatchedFirst = await rows<UnmatchedStatus>(db, 'queries/unmatched_statuses', { limit: EXAMPLES })
  return {
    unpriced: unpricedGroups.reduce((a, g) => a + Number(g.n), 0),
    unpricedGroups,
    unmatched: Number(unmatchedFirst[0]?.total ?? 0),
    unmatchedFirst,
  }
}

// A message id quoted in a warning line: Meta's are ~60 characters; a status with a 5,000-character
// `id` (accepted: ids are not bounded) printed it whole at every start (webhook trial). Cut past
// ID_SHOWN characters, saying its length; `wacost statuses --unmatched` and the exports keep it whole.
const ID_SHOWN = 64
const ID_KEPT = 40

function shownId(id: string): string {
  const chars = [...id]
  return chars.length <= ID_SHOWN ? id : `${chars.slice(0, ID_KEPT).join('')}… (${chars.length} characters)`
}

const fixRateCard = '  fix: add rows for these markets (ISO country code, a market of the market map, or OTHER) and dates to the rate card'
const unmatchedListed = '  they count nothing until their message is ingested: `wacost statuses --unmatched` lists them'

/**
 * The warning lines for a person (empty when there is nothing to say). `served`: said by a server
 * that holds the embedded database (`npm start`, POST /api/ingest), where `wacost statuses` and
 * `wacost rebuild` cannot open it while the server runs, no route lists these ids, and reference
 * options are refused.
 */
export function describeReport(r: RunReport, opts: { served?: boolean } = {}): string[] {
  const out: string[] = []
  if (r.unpriced > 0) {
    const groups = r.unpricedGroups.slice(0, EXAMPLES)
      .map((g) => `  ${g.n} × market ${g.market}, ${g.category} (from ${g.first_day}; e.g. conversation ${g.example})`)
    out.push(
      `warning: ${r.unpriced} charged conversation(s) have no price: the rate card has no row for their market and category in force on their day;`,
      '  their cost is null in the ledger and the exports, and every total is incomplete.',
      ...groups,
      ...(r.unpricedGroups.length > EXAMPLES ? [`  … and ${r.unpricedGroups.length - EXAMPLES} more market/category pairs`] : []),
      // the server prices with the rate card stored in its database and refuses reference options
      opts.served ? `${fixRateCard}, stop the server (it holds the database) and run \`wacost rebuild --rate-card FILE\``
        : `${fixRateCard} (--rate-card FILE); --strict makes this an error`,
    )
  }
  if (r.unmatched > 0) {
    const ids = r.unmatchedFirst.map((s) => shownId(s.message_id)).join(', ')
    out.push(
      `warning: ${r.unmatched} message id(s) have status records but no message line (first: ${ids}${r.unmatched > r.unmatchedFirst.length ? ', …' : ''});`,
      opts.served ? `${unmatchedListed} once the server is stopped (it holds the database)` : unmatchedListed,
    )
  }
  return out
}

/** A run with --strict found charged conversations with no price. */
export class StrictError extends Error {}

/** Throws StrictError when `strict` and some charged conversation has no price. */
export function checkStrict(r: RunReport, strict: boolean | undefined): void {
  if (strict && r.unpriced > 0) {
    throw new StrictError(`${r.unpriced} charged conversation(s) have no price (--strict); fix the rate card, see the warning above`)
  }
}
