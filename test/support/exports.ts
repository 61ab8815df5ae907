// Reading finance exports back the way a spreadsheet or script would: RFC 4180 parsing with
// csv-parse, amounts as exact micro-units (BigInt), never floats.
import { parse } from 'csv-parse/sync'
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { get } from './api.ts'

export type Row = Record<string, string>

/** Exact micro-units of a decimal string such as "0.0250" or "12.345678". */
export function micros(amount: string | undefined): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(amount ?? '')
  if (!m) throw new Error(`not a decimal amount: ${amount}`)
  const v = BigInt(m[2]!) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'))
  return m[1] ? -v : v
}

export const sum = (values: (string | undefined)[]): bigint => values.reduce((a, v) => a + micros(v), 0n)

/** Whole cents of a micro-unit amount, rounded half up as an invoice would. */
export const cents = (v: bigint): bigint => (v + 5_000n) / 10_000n

export function parseCsv(body: string): { header: string[]; rows: Row[] } {
  expect(body.endsWith('\r\n'), 'every record ends with CRLF').toBe(true)
  const records = parse(body, { bom: true, record_delimiter: '\r\n' }) as string[][]
  const [header, ...rest] = records
  return { header: header!, rows: rest.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) }
}

export async function download(app: FastifyInstance, kind: string, query = ''): Promise<{ header: string[]; rows: Row[]; body: string }> {
  const res = await get(app, `/api/exports/${kind}${query ? `?${query}` : ''}`)
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
  expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="wacost-${kind}-[\\w.+-]+\\.csv"$`))
  return { ...parseCsv(res.body), body: res.body }
}
