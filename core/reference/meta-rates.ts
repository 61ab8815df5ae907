// `wacost rates import` (issue 13 item 3): Meta's own rate-card downloads, as Meta publishes them
// for one currency and one effective date, to the product's rate card (interfaces.md §2 with
// pricing-models.md §4's tier_from).
//  - Pricing.csv: note rows, then a header `Market, Currency, Marketing, Utility, Authentication,
//    Authentication-International (with a line break in the cell), Service`; one row per market.
//  - Tier Pricing.csv: five header rows (title, link, the category of each group of columns,
//    "Messages per month" / "What we charge", then `Market (per rate card), Currency` and per
//    category `From, To, Rate type, Rate, vs. List rate`); one row per volume band, the market
//    written on its first band only; `--` for no upper bound; n/a where a category has fewer bands.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { ConfigError } from './csv.ts'
import { cellText, countCell, currencyCode, isNone, marketCode, priceCell, type At } from './meta-cells.ts'
import { validateRateCard, type Lined } from './validate.ts'

export interface RateRow { market: string; category: string; price: string; currency: string; effective_from: string; tier_from: number }
export interface ImportOptions { pricing: string; tiers?: string; effectiveFrom: string; currency: string; groups: Set<string> }

const categories: Record<string, string> = {
  'marketing': 'MARKETING',
  'utility': 'UTILITY',
  'authentication': 'AUTHENTICATION',
  'authentication-international': 'AUTHENTICATION_INTERNATIONAL',
  'service': 'SERVICE',
}

/**
 * Every record of a file with the line it starts on. Counted from the bytes csv-parse has read, not
 * its `lines`, which counts a quoted CRLF (Meta's header cells, written by a spreadsheet) twice.
 */
function records(file: string): { line: number; cells: string[] }[] {
  try {
    const text = readFileSync(file)
    const out = parse(text, { relax_column_count: true, bom: true, info: true, skip_empty_lines: false }) as unknown as { record: string[]; info: { bytes: number } }[]
    let line = 1
    let at = 0
    return out.map(({ record, info }) => {
      const r = { line, cells: record }
      for (; at < info.bytes && at < text.length; at++) if (text[at] === 10) line++
      return r
    })
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message}`)
  }
}

const blank = (cells: string[]) => cells.every((c) => cellText(c) === '')

/** Columns of Pricing.csv that price no message (Meta Business Agent is billed per million tokens). */
const notMessages = new Set(['meta business agent'])

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/**
 * Refuses a file whose notes name another effective date than --effective-from ("Cost per message
 * in USD …, effective October 1, 2026"): importing last quarter's file under this quarter's date
 * would price a whole quarter wrongly. Notes without a date pass.
 */
function checkDate(file: string, notes: { line: number; cells: string[] }[], effectiveFrom: string): void {
  for (const { line, cells } of notes) {
    const m = /effective (?:from )?([a-z]+) (\d{1,2}),? (\d{4})/i.exec(cells.join(' '))
    const month = m ? months.indexOf(m[1]!.toLowerCase()) : -1
    if (!m || month < 0) continue
    const day = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`
    if (day !== effectiveFrom) {
      throw new ConfigError(`${file} line ${line}: the file says its rates are effective ${day}, but --effective-from is ${effectiveFrom}; fix: give --effective-from ${day}, or import the file of ${effectiveFrom}`)
    }
  }
}

/** The header record: the first whose first cell starts with "Market" and that has a Currency cell. */
function headerIndex(file: string, rows: { cells: string[] }[], expected: string): number {
  const i = rows.findIndex((r) => /^market\b/i.test(cellText(r.cells[0])) && r.cells.some((c) => cellText(c).toLowerCase() === 'currency'))
  if (i < 0) throw new ConfigError(`${file}: no header row starting "Market, Currency" (expected Meta's ${expected} layout)`)
  return i
}

function checkCurrency(cell: string, opts: ImportOptions, at: At): string {
  const c = currencyCode(cell, at)
  if (c !== opts.currency) throw new ConfigError(`${at.file} line ${at.line}: currency ${c}, but --currency is ${opts.currency}; fix: import the file of that currency, or give --currency ${c}`)
  return c
}

/** Pricing.csv: one rate-card row per market and category with a price (n/a cells give none). */
export function readPricing(opts: ImportOptions): Lined<RateRow>[] {
  const file = opts.pricing
  const rows = records(file)
  const h = headerIndex(file, rows, 'Pricing.csv')
  const header = rows[h]!.cells.map((c) => cellText(c).toLowerCase())
  const cols = Object.entries(categories).map(([name, category]) => ({ category, i: header.indexOf(name) })).filter((c) => c.i >= 0)
  const missing = ['marketing', 'utility', 'authentication'].filter((n) => !header.includes(n))
  if (missing.length > 0) throw new ConfigError(`${file} line ${rows[h]!.line}: the header has no column ${missing.join(', ')} (found: ${header.join(', ')})`)
  checkDate(file, rows.slice(0, h), opts.effectiveFrom)
  const unknown = header.slice(2).filter((n) => n !== '' && !(n in categories) && !notMessages.has(n))
  if (unknown.length > 0) throw new ConfigError(`${file} line ${rows[h]!.line}: unknown column(s) ${unknown.join(', ')}; expected ${Object.keys(categories).join(', ')}`)
  const out: Lined<RateRow>[] = []
  for (const { line, cells } of rows.slice(h + 1)) {
    const at = { file, line }
    // A note below the table has no currency and no price.
    if (blank(cells) || (cellText(cells[1]) === '' && cols.every((c) => isNone(cells[c.i])))) continue
    const market = marketCode(cells[0] ?? '', opts.groups, at)
    const currency = checkCurrency(cells[1] ?? '', opts, at)
    for (const c of cols) {
      const price = priceCell(cells[c.i], `${cellText(cells[0])} ${c.category}`, at)
      if (price !== undefined) out.push({ line, row: { market, category: c.category, price, currency, effective_from: opts.effectiveFrom, tier_from: 1 } })
    }
  }
  return out
}

interface Band { line: number; market: string; name: string; category: string; from: number; to: number | undefined; price: string }

/** The column groups of Tier Pricing.csv: each category's From, To and Rate columns. */
function tierGroups(file: string, rows: { line: number; cells: string[] }[], h: number) {
  const header = rows[h]!.cells.map((c) => cellText(c).toLowerCase())
  // The row naming each group's category is the nearest one above the header that names one.
  const sections = rows.slice(0, h).reverse().find((r) => r.cells.some((c) => cellText(c).toLowerCase() in categories))
  if (!sections) throw new ConfigError(`${file}: no row above the header names the categories (Utility, Authentication, …) of the column groups`)
  const starts = sections.cells.map((c, i) => ({ name: cellText(c).toLowerCase(), i })).filter((s) => s.name !== '')
  return starts.map((s, k) => {
    const category = categories[s.name]
    if (!category) throw new ConfigError(`${file} line ${sections.line}: unknown category "${s.name}" above the columns; expected ${Object.keys(categories).join(', ')}`)
    const end = starts[k + 1]?.i ?? header.length
    const col = (name: string) => {
      const i = header.findIndex((x, j) => j >= s.i && j < end && x === name)
      if (i < 0) throw new ConfigError(`${file} line ${rows[h]!.line}: the ${s.name} columns have no "${name}" column`)
      return i
    }
    return { category, from: col('from'), to: col('to'), rate: col('rate') }
  })
}

/** Tier Pricing.csv: every volume band of every market and category, the market name forward-filled. */
export function readTiers(opts: ImportOptions & { tiers: string }): Band[] {
  const file = opts.tiers
  const rows = records(file)
  const h = headerIndex(file, rows, 'Tier Pricing.csv')
  checkDate(file, rows.slice(0, h), opts.effectiveFrom)
  const groups = tierGroups(file, rows, h)
  const bands: Band[] = []
  let name = ''
  for (const { line, cells } of rows.slice(h + 1)) {
    const at = { file, line }
    if (blank(cells)) continue
    if (cellText(cells[0]) !== '') name = cellText(cells[0])
    if (name === '') throw new ConfigError(`${file} line ${line}: a band before any market name; fix: write the market on its first band`)
    const market = marketCode(name, opts.groups, at)
    if (cellText(cells[1]) !== '') checkCurrency(cells[1]!, opts, at)
    for (const g of groups) {
      if ([g.from, g.to, g.rate].every((i) => isNone(cells[i]))) continue
      const what = `${name} ${g.category}`
      const from = countCell(cells[g.from], `${what} From`, at)
      if (from === undefined) throw new ConfigError(`${file} line ${line}: ${what} From: a band needs its first message count`)
      const price = priceCell(cells[g.rate], `${what} Rate`, at)
      if (price === undefined) throw new ConfigError(`${file} line ${line}: ${what} Rate: a band needs its price`)
      bands.push({ line, market, name, category: g.category, from, to: countCell(cells[g.to], `${what} To`, at), price })
    }
  }
  return bands
}

/**
 * Volume bands to tier_from: bands must follow one another without gap or overlap, the first
 * from 0 or 1 (Meta's From is the first message of the band, or the count already sent, as its
 * pricing_analytics tiers "LOWER:UPPER" write it); only the last band is open ("--").
 */
function tierRows(bands: Band[], opts: ImportOptions): Lined<RateRow>[] {
  const out: Lined<RateRow>[] = []
  const byKey = new Map<string, Band[]>()
  for (const b of bands) byKey.set(`${b.market} ${b.category}`, [...(byKey.get(`${b.market} ${b.category}`) ?? []), b])
  for (const list of byKey.values()) {
    const zeroBased = list[0]!.from === 0
    list.forEach((b, k) => {
      const at = `${opts.tiers} line ${b.line}: ${b.name} ${b.category}`
      if (k === 0 && b.from > 1) throw new ConfigError(`${at}: the first band starts at ${b.from}; fix: the first band starts at 1 (or 0)`)
      const prev = list[k - 1]
      if (prev) {
        if (prev.to === undefined) throw new ConfigError(`${at}: a band after the open one ("--") of line ${prev.line}; fix: give that band its upper bound`)
        const expected = zeroBased ? prev.to : prev.to + 1
        if (b.from !== expected) throw new ConfigError(`${at}: the band from ${b.from} does not follow the band to ${prev.to} (line ${prev.line}); fix: it starts at ${expected}`)
      }
      if (b.to !== undefined && b.to < b.from) throw new ConfigError(`${at}: the band ends (${b.to}) before it starts (${b.from})`)
      out.push({ line: b.line, row: { market: b.market, category: b.category, price: b.price, currency: opts.currency, effective_from: opts.effectiveFrom, tier_from: zeroBased ? b.from + 1 : b.from } })
    })
    const last = list[list.length - 1]!
    if (last.to !== undefined) throw new ConfigError(`${opts.tiers} line ${last.line}: ${last.name} ${last.category}: the last band ends at ${last.to}; fix: write -- as its upper bound (no band would price the messages after it)`)
  }
  return out
}

/**
 * The rate card of Meta's files: Pricing.csv's prices, where Tier Pricing.csv has bands for a
 * market and category its bands instead (the first band must be Pricing.csv's price: two files
 * of one date and currency agree). Each file is checked as any rate card is (validate.ts). Rows in the order
 * of Pricing.csv, bands in order.
 */
export function importMetaRates(opts: ImportOptions): RateRow[] {
  const base = readPricing(opts)
  if (base.length === 0) throw new ConfigError(`${opts.pricing}: no market rows below the header`)
  validateRateCard(opts.pricing, base, opts.groups)
  const tiers = opts.tiers ? tierRows(readTiers({ ...opts, tiers: opts.tiers }), opts) : []
  if (opts.tiers) validateRateCard(opts.tiers, tiers, opts.groups)
  const banded = new Map<string, Lined<RateRow>[]>()
  for (const t of tiers) {
    const k = `${t.row.market} ${t.row.category}`
    banded.set(k, [...(banded.get(k) ?? []), t])
  }
  const out: Lined<RateRow>[] = []
  for (const b of base) {
    const bands = banded.get(`${b.row.market} ${b.row.category}`)
    if (!bands) { out.push(b); continue }
    banded.delete(`${b.row.market} ${b.row.category}`)
    if (Number(bands[0]!.row.price) !== Number(b.row.price)) {
      throw new ConfigError(`${opts.tiers} line ${bands[0]!.line}: the first band of ${b.row.market} ${b.row.category} costs ${bands[0]!.row.price}, but ${opts.pricing} line ${b.line} says ${b.row.price}; fix: import the two files of one date`)
    }
    out.push(...bands)
  }
  for (const [k, bands] of banded) {
    throw new ConfigError(`${opts.tiers} line ${bands[0]!.line}: ${k} has volume bands but no price in ${opts.pricing}; fix: import the two files of one date`)
  }
  return out.map((r) => r.row)
}
