// Reads an RFC 4180 configuration file into validated records, reporting the file and line of
// the first bad value: a broken rate card must stop a run, never price conversations wrongly.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { z } from 'zod'

export class ConfigError extends Error {}

export function readCsv<T>(file: string, header: readonly string[], row: z.ZodType<T>): T[] {
  let records: Record<string, string>[]
  try {
    records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, bom: true })
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message}`)
  }
  const first = records[0]
  const missing = header.filter((h) => first !== undefined && !(h in first))
  if (missing.length > 0) throw new ConfigError(`${file}: missing column(s) ${missing.join(', ')} (expected header ${header.join(',')})`)
  return records.map((r, i) => {
    const parsed = row.safeParse(r)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new ConfigError(`${file} line ${i + 2}: ${issue?.path.join('.')}: ${issue?.message}`)
    }
    return parsed.data
  })
}
