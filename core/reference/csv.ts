// Reads an RFC 4180 configuration file into validated records, reporting the file and line of
// the first bad value: a broken rate card must stop a run, never price conversations wrongly.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { z } from 'zod'

export class ConfigError extends Error {}

interface CsvParseError extends Error { code?: string; bytes_records?: number; record?: unknown[]; columns?: unknown[] }

/**
 * The line a record starts on, from the byte offset where the record before it ended: counts the
 * line feeds before it, then those of the empty lines skipped (csv-parse's `info.lines` counts a
 * quoted CRLF in a cell as two lines, so every later line number was one too high). Offsets
 * must not decrease between calls.
 */
class LineCounter {
  private line = 1
  private at = 0
  constructor(private readonly text: Buffer) {}
  startOf(end: number): number {
    const t = this.text
    for (; this.at < end && this.at < t.length; this.at++) if (t[this.at] === 10) this.line++
    // Empty (or blank, trimmed) lines before the record are skipped by the parser.
    let line = this.line
    for (let i = this.at; i < t.length && (t[i] === 10 || t[i] === 13 || t[i] === 32 || t[i] === 9); i++) if (t[i] === 10) line++
    return line
  }
}

/**
 * csv-parse's error in a user's words, with its line: its own message names its option names and
 * echoes the raw bytes of a binary file.
 */
function csvProblem(e: CsvParseError, text: Buffer): string {
  // The record that failed starts after the last one read, or after the header (csv-parse's own
  // `lines` counts a quoted CRLF twice).
  const at = e.bytes_records !== undefined ? ` line ${new LineCounter(text).startOf(Math.max(e.bytes_records, headerEnd(text)))}` : ''
  switch (e.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return `${at}: ${e.record?.length ?? 'another number of'} values where the header has ${e.columns?.length ?? 'a different number of'} columns; fix: one value per column (a value with a comma goes in double quotes)`
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${at}: a double quote is opened and never closed; fix: close it, or double a quote inside a value ("")`
    case 'CSV_INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${at}: a double quote inside a value that is not quoted, or text after a closing quote; fix: quote the whole value and double the quotes inside it — or the file is not a CSV text file`
    default:
      return `${at}: not readable as CSV (${e.message.slice(0, 120).replace(/[^\x20-\x7e]/g, '?')})`
  }
}

/** The byte offset where the header record ends (the first record, read alone); 0 when it is unreadable. */
function headerEnd(text: Buffer): number {
  try {
    const [header] = parse(text, { to: 1, skip_empty_lines: true, trim: true, bom: true, info: true }) as unknown as { info: { bytes: number } }[]
    return header?.info.bytes ?? 0
  } catch {
    return 0
  }
}

export function readCsv<T>(file: string, header: readonly string[], row: z.ZodType<T>): T[] {
  return readCsvLines(file, header, row).map((r) => r.row)
}

/** As readCsv, with the file line each row starts on (for messages that name it). */
export function readCsvLines<T>(file: string, header: readonly string[], row: z.ZodType<T>): { line: number; row: T }[] {
  let records: { record: Record<string, string>; info: { bytes: number } }[]
  // Parsed from the bytes, so that info.bytes are offsets into them.
  const text = readFileSync(file)
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true })
  } catch (e) {
    throw new ConfigError(`${file}${csvProblem(e as CsvParseError, text)}`)
  }
  // Each record starts where the one before it (or the header) ended.
  const lines = new LineCounter(text)
  let ended = headerEnd(text)
  const starts = records.map(({ info }) => {
    const line = lines.startOf(ended)
    ended = info.bytes
    return line
  })
  const first = records[0]?.record
  const missing = header.filter((h) => first !== undefined && !(h in first))
  if (missing.length > 0) throw new ConfigError(`${file}: missing column(s) ${missing.join(', ')} (expected header ${header.join(',')})`)
  return records.map(({ record }, i) => {
    const parsed = row.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ConfigError(`${file} line ${starts[i]}: ${issue?.path.join('.')}: ${issue?.message}`)
    }
    return { line: starts[i]!, row: parsed.data }
  })
}
