// Reads an RFC 4180 configuration file into validated records, reporting the file and line of
// the first bad value: a broken rate card must stop a run, never price conversations wrongly.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { z } from 'zod'

export class ConfigError extends Error {}

interface CsvParseError extends Error { code?: string; lines?: number; record?: unknown[]; columns?: unknown[] }

/**
 * csv-parse's error in a user's words, with its line: its own message names its option names and
 * echoes the raw bytes of a binary file.
 */
function csvProblem(e: CsvParseError): string {
  const at = e.lines ? ` line ${e.lines}` : ''
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

export function readCsv<T>(file: string, header: readonly string[], row: z.ZodType<T>): T[] {
  return readCsvLines(file, header, row).map((r) => r.row)
}

/** As readCsv, with the file line each row starts on (for messages that name it). */
export function readCsvLines<T>(file: string, header: readonly string[], row: z.ZodType<T>): { line: number; row: T }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    // info.lines: the line a record ends on, so empty lines skipped before it are counted.
    records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true })
  } catch (e) {
    throw new ConfigError(`${file}${csvProblem(e as CsvParseError)}`)
  }
  const first = records[0]?.record
  const missing = header.filter((h) => first !== undefined && !(h in first))
  if (missing.length > 0) throw new ConfigError(`${file}: missing column(s) ${missing.join(', ')} (expected header ${header.join(',')})`)
  return records.map(({ record, info }) => {
    const parsed = row.safeParse(record)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ConfigError(`${file} line ${info.lines}: ${issue?.path.join('.')}: ${issue?.message}`)
    }
    return { line: info.lines, row: parsed.data }
  })
}
