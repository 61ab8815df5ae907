// Finance exports (docs/exports.md) as CSV written by ClickHouse: RFC 4180 (CRLF line ends,
// strings quoted, quotes doubled), UTF-8, an optional byte-order mark so Excel reads UTF-8, no
// cell a spreadsheet would run as a formula (streamCsv).
// Streamed: the ledger runs page by page, each page whole local days holding at most `pageRows`
// conversations (planned from the spend rollup), so neither the engine nor this process ever
// holds more than one page, whatever the size of the period. Used by the API and `wacost export`.
import { createHash } from 'node:crypto'
import type { Db } from './db/client.ts'
import { rows, streamCsv } from './db/sql.ts'
import { firstDay, lastDay } from './scope.ts'

import { filteredKinds, type ExportKind } from './export-kinds.ts'
import { reconcileUpToDate } from './reconcile.ts'
export { exportKinds, filteredKinds, type ExportKind } from './export-kinds.ts'

/**
 * Which conversations an export covers: WABAs (empty = all), local days from..to, and for the
 * ledger and daily exports the dashboard's phone number, market, category and country filters (empty or
 * absent = all; countries as core/scope.ts NarrowFilters has them; the invoice is per WABA and period and takes none of them).
 */
export interface ExportParams {
  wabas: string[]; from: string; to: string; phones?: string[]; markets?: string[]; categories?: string[]; countries?: string[]
}

/** The bound parameters of the ledger and daily queries (and of ledger_days). */
const filtered = (p: ExportParams) => ({ phones: p.phones ?? [], markets: p.markets ?? [], categories: p.categories ?? [], countries: p.countries ?? [] })
/**
 * bom: start with a UTF-8 byte-order mark (Excel reads accented names); excel: a byte-order mark
 * and ids of digits only written as ="…", so Excel keeps every digit (streamCsv).
 */
export interface ExportOptions { bom?: boolean; excel?: boolean; pageRows?: number }

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const csv = { output_format_csv_crlf_end_of_line: 1, format_csv_null_representation: '' }

/** Day ranges of the period, each holding at most pageRows conversations (a bigger day is a page alone). */
export async function ledgerPages(db: Db, p: ExportParams, pageRows: number): Promise<{ from: string; to: string }[]> {
  const days = await rows<{ day: string; conversations: number | string }>(db, 'exports/ledger_days', { wabas: p.wabas, from: p.from, to: p.to, ...filtered(p) })
  const pages: { from: string; to: string; n: number }[] = []
  for (const d of days) {
    const n = Number(d.conversations)
    const last = pages.at(-1)
    if (last && last.n + n <= pageRows) { last.to = d.day; last.n += n } else pages.push({ from: d.day, to: d.day, n })
  }
  // An empty period is one page, so the file still has its header.
  return pages.length > 0 ? pages : [{ from: p.from, to: p.to }]
}

/** The export as CSV chunks (UTF-8; the ledger page by page), for the params' WABAs, days and filters. */
export async function* exportCsv(db: Db, kind: ExportKind, p: ExportParams, opts: ExportOptions = {}): AsyncGenerator<Buffer> {
  if (opts.bom || opts.excel) yield BOM
  const pages = kind === 'ledger' ? await ledgerPages(db, p, opts.pageRows ?? 50_000) : [{ from: p.from, to: p.to }]
  const filters = filteredKinds.includes(kind) ? filtered(p) : {}
  for (const [i, page] of pages.entries()) {
    const out = await streamCsv(db, `exports/${kind}`, { wabas: p.wabas, ...filters, ...page }, i === 0 ? 'CSVWithNames' : 'CSV', csv, opts.excel)
    for await (const chunk of out) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
  }
}

/** A file name's part in safe characters only (letters, digits, '.', '_', '-'): others become '-'. */
const safe = (v: string) => v.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '')
// Past this many characters the name's lists are counted instead (a hash keeps it apart).
const NAME_MAX = 120

/** What a named CSV download is: a finance export, or the reconciliation's discrepancies (GET /api/reconcile as CSV). */
export type FileKind = ExportKind | 'reconcile'

/**
 * The file name of an export (or of the reconciliation's discrepancies: `wacost-reconcile-…`), in safe characters only (letters, digits, '.', '_', '-', '+'),
 * naming what it covers so that two different views never share one: the kind, the WABAs asked
 * (`asked`: each by its configured name from `wabaNames`, id → name, and its id; none asked:
 * "all-wabas", every WABA the key may read), the period ("all-days", "from-2024-09-01",
 * "to-2024-09-30", "2024-09-01_2024-09-30") and for the ledger and daily exports the phone
 * numbers, markets, categories and countries asked (several joined by '+'; the reconciliation's phone numbers):
 * `wacost-ledger-northwind-outfitters-104729318650012-2024-09-01_2024-09-30-market-IN-category-marketing.csv`.
 * When an id had to be respelled, or the lists were too long and are counted instead, 8 hex digits
 * of the SHA-256 of the whole view follow, so the name stays distinct. A file for Excel (`excel`:
 * its ids written ="…") ends in `-excel.csv`: it is not the same file (trial: both had one name).
 */
export function exportFileName(kind: FileKind, p: ExportParams, asked: string[], wabaNames: Map<string, string>, excel = false): string {
  const span = p.from === firstDay && p.to === lastDay ? 'all-days' : p.from === firstDay ? `to-${p.to}` : p.to === lastDay ? `from-${p.from}` : `${p.from}_${p.to}`
  const filters: [string, string[]][] = kind === 'reconcile' || filteredKinds.includes(kind)
    ? [['phone', p.phones ?? []], ['market', p.markets ?? []], ['category', (p.categories ?? []).map((c) => c.toLowerCase())],
       ['country', p.countries ?? []]] : []
  const ids = [...asked, ...filters.flatMap(([, vs]) => vs)]
  let respelled = ids.some((v) => safe(v) !== v)
  const wabas = (counted: boolean) => (asked.length === 0 ? 'all-wabas' : counted && asked.length > 1 ? `${asked.length}-wabas`
    : asked.map((w) => [safe(wabaNames.get(w) ?? '').toLowerCase(), safe(w)].filter(Boolean).join('-')).join('+'))
  const list = ([what, vs]: [string, string[]], counted: boolean) => (vs.length === 0 ? ''
    : counted && vs.length > 1 ? `${vs.length}-${what}s` : `${what}-${vs.map(safe).join('+')}`)
  const compose = (counted: boolean) => ['wacost', kind, wabas(counted), span, ...filters.map((f) => list(f, counted))].filter(Boolean).join('-')
  let name = compose(false)
  if (name.length > NAME_MAX) { name = compose(true).slice(0, NAME_MAX); respelled = true }
  if (respelled) name += `-${createHash('sha256').update(JSON.stringify([kind, asked, span, filters])).digest('hex').slice(0, 8)}`
  return `${name}${excel ? '-excel' : ''}.csv`
}

/** The reconciliation's lists (docs/reconcile.md), each one query over the reconciliation kept (view reconciliation_kept). */
export const reconcileLists = { discrepancies: 'api/reconcile', summary: 'api/reconcile_summary', drift: 'api/reconcile_drift' } as const
export type ReconcileList = keyof typeof reconcileLists

/**
 * A reconciliation list as CSV (`wacost reconcile`): the rows GET /api/reconcile (…/summary,
 * …/drift) answers, for the period's local days and WABAs (empty = all), written like the exports
 * (CRLF, null as an empty cell, no formula cells); times ISO 8601 UTC as in the API. Brings the
 * reconciliation kept up to date first (core/reconcile.ts): the caller holds the database alone.
 */
export async function* reconcileCsv(db: Db, list: ReconcileList, p: ExportParams): AsyncGenerator<Buffer> {
  await reconcileUpToDate(db)
  const out = await streamCsv(db, reconcileLists[list], { wabas: p.wabas, phones: [], from: p.from, to: p.to, latest: 0 }, 'CSVWithNames',
    { ...csv, date_time_output_format: 'iso' })
  for await (const chunk of out) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
}
