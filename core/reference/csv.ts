// Reads an RFC 4180 configuration file into validated records, reporting the file and line of
// the first bad value: a broken rate card must stop a run, never price conversations wrongly.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { z } from 'zod'

export class ConfigError extends Error {}

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
    throw new ConfigError(`${file}: ${(e as Error).message}`)
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
