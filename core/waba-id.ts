// A WABA id given by hand rather than read from a log line: `?waba=` of POST /api/ingest and
// `--waba` of `wacost ingest`, `ledger` and `verdicts` (the WABA of webhook `value` objects sent
// without their envelope). One rule for both: the route validates with this schema, the CLI with
// wabaIdProblem, which reads the same schema (the CLI took any text: break-it trial). A WABA id
// inside a log line is data, checked by sql/pipeline/10_parse.sql, and a WABA filter (`--waba` of
// `export`, `reconcile`, `whatif`) must name a stored one (core/scope.ts unknownWabas).

/** The JSON Schema of such a WABA id: 1 to 64 ASCII letters, digits, `_` or `-`. */
export const wabaIdSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$' } as const

/** The form wabaIdSchema takes, in words. */
export const wabaIdForm = 'at most 64 ASCII letters, digits, "_" or "-"'

/** Why `value` is not a WABA id of wabaIdSchema's form, in words (no capital, no full stop): what is wrong, then the form; undefined when it is one. */
export function wabaIdProblem(value: string): string | undefined {
  if (value.length < wabaIdSchema.minLength) return 'empty; give the WABA id, or leave the option out'
  if (value.length > wabaIdSchema.maxLength) return `${value.length} characters; a WABA id is ${wabaIdForm}`
  if (new RegExp(wabaIdSchema.pattern).test(value)) return undefined
  const odd = [...value].find((c) => !/[0-9A-Za-z_-]/.test(c))!
  return `${JSON.stringify(odd)} is not allowed; a WABA id is ${wabaIdForm}`
}
