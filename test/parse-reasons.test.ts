// pipeline/10_parse refuses a record with the code of the first check that applies (refusal), and
// pipeline/10_parse_reasons, run only in a group that has a refused record, puts each code into
// words. The checks are stated once (10_parse) and the words once (10_parse_reasons), so the two
// cannot disagree on which records are refused; what they share is the list of codes: a code
// without words would store a refused line with no reason, words for a code never given are dead.
import { expect, it } from 'vitest'
import { sqlText } from '../core/db/sql.ts'

/** The codes the checks give, each at the end of its line (`condition, 12,`), 0 (accepted) aside. */
function given(sql: string): number[] {
  const checks = sql.slice(sql.indexOf('multiIf(\n      NOT utf8'), sql.indexOf('AS refusal_code'))
  return [...checks.matchAll(/, (\d+),?$/gm)].map((m) => Number(m[1]))
}

/** The codes the words are given for (`code = 12,` or `code IN (21, 52),`). */
function worded(sql: string): number[] {
  return [...sql.matchAll(/\bcode (?:= (\d+)|IN \(([\d, ]+)\)),/g)].flatMap((m) => (m[1] ?? m[2]!).split(',').map(Number))
}

it('has words for every code pipeline/10_parse refuses a record with, and for no other', () => {
  const codes = given(sqlText('pipeline/10_parse'))
  expect(codes.length).toBeGreaterThan(40)
  expect(new Set(codes).size).toBe(codes.length)
  expect(worded(sqlText('pipeline/10_parse_reasons')).sort((a, b) => a - b)).toEqual(codes.sort((a, b) => a - b))
})
