// Loads the named .sql files under sql/ and runs them with server-side bound parameters.
// Every statement is tagged with log_comment so system.query_log says which file it came from.
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Db } from './client.ts'
import { env } from '../config.ts'

export const sqlDir = fileURLToPath(new URL('../../sql/', import.meta.url))
const cache = new Map<string, string>()

/** Text of sql/<name>.sql, e.g. `sqlText('queries/ledger')`. */
export function sqlText(name: string): string {
  let text = cache.get(name)
  if (text === undefined) {
    text = readFileSync(`${sqlDir}${name}.sql`, 'utf8')
    cache.set(name, text)
  }
  return text
}

export type Params = Record<string, unknown>

function tag(name: string, settings?: Record<string, unknown>) {
  return { log_comment: `wacost:${name}`, ...settings }
}

/**
 * Times `work` under WACOST_TRACE=1 like a statement (for work that is not one .sql file), and
 * under WACOST_TEST_CRASH_AT=<name> kills the process once it has finished: a crash between two
 * statements, as kill -9 would cause, for the crash tests.
 */
export async function traced<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  // the process's CPU time too (the embedded engine's threads are the process's): on a machine
  // shared with other work, wall time says little about the statement itself
  const cpu = process.cpuUsage()
  let result: T
  try { result = await work() } finally {
    if (env.WACOST_TRACE === '1') {
      const { user, system } = process.cpuUsage(cpu)
      process.stderr.write(`[trace] ${name} ${(performance.now() - started).toFixed(1)} ms cpu ${((user + system) / 1000).toFixed(1)} ms\n`)
    }
  }
  if (env.WACOST_TEST_CRASH_AT === name) process.kill(process.pid, 'SIGKILL')
  return result
}

/** Runs a statement file that returns nothing (DDL, INSERT … SELECT). */
export async function exec(db: Db, name: string, params: Params = {}, settings?: Record<string, unknown>): Promise<void> {
  await traced(name, () => db.client.command({ query: sqlText(name), query_params: params, clickhouse_settings: tag(name, settings) }))
}

/**
 * Runs an INSERT statement file that reads its rows with `input('…')` in the FORMAT it names,
 * the rows being `body`, sent as they are (no escaping or decoding on the way).
 */
export async function execWithRows(db: Db, name: string, params: Params, body: Buffer): Promise<void> {
  await traced(name, async () => {
    const r = await db.client.exec({ query: sqlText(name), query_params: params, values: Readable.from([body]), clickhouse_settings: tag(name) })
    // an INSERT answers nothing; the stream must still be read to its end (a server's response)
    for await (const _ of r.stream) { /* nothing */ }
  })
}

/**
 * Runs several statements without parameters (e.g. the TRUNCATEs that empty working tables) in
 * order, traced together as `name`. The embedded engine takes them as one multi-statement call:
 * each call costs ~2 ms beyond its statements (the session's settings are sent again with it), so
 * six TRUNCATEs took ~17 ms apart and ~4 ms together. A server's HTTP interface takes one
 * statement per request, so there they go one by one.
 */
export async function commandAll(db: Db, name: string, statements: readonly string[]): Promise<void> {
  await traced(name, async () => {
    if (db.embedded) {
      // each on its own lines: a statement's trailing comment cannot swallow the separator
      await db.client.command({ query: statements.map((q) => q.trim().replace(/;$/, '')).join('\n;\n'), clickhouse_settings: tag(name) })
    } else {
      for (const q of statements) await db.client.command({ query: q, clickhouse_settings: tag(name) })
    }
  })
}

/** Runs several statement files without parameters as one call (see `commandAll`), traced as `name`. */
export async function execAll(db: Db, name: string, names: readonly string[]): Promise<void> {
  await commandAll(db, name, names.map(sqlText))
}

/** Runs a query file and returns its rows as objects. */
export async function rows<T>(db: Db, name: string, params: Params = {}, settings?: Record<string, unknown>): Promise<T[]> {
  return traced(name, async () => {
    const rs = await db.client.query({ query: sqlText(name), query_params: params, format: 'JSONEachRow', clickhouse_settings: tag(name, settings) })
    return rs.json<T>()
  })
}

/** Runs a query file and hands back its output bytes in a format the client does not decode (ArrowStream, CSV …). */
export async function stream(db: Db, name: string, params: Params, format: 'ArrowStream' | 'CSVWithNames' | 'CSV', settings?: Record<string, unknown>): Promise<NodeJS.ReadableStream> {
  return traced(name, async () => {
    const { stream } = await db.client.exec({ query: `${sqlText(name)}\nFORMAT ${format}`, query_params: params, clickhouse_settings: tag(name, settings) })
    return stream
  })
}

// String, Nullable(String), LowCardinality(String), LowCardinality(Nullable(String)).
const textType = /^(LowCardinality\()?(Nullable\()?String\)?\)?$/
const ident = (name: string) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``
/** A list column (Array(…)), written in a CSV as its items joined by LIST_SEPARATOR. */
const listType = /^Array\(/
/**
 * How a CSV answer writes a list cell: `a|b` (the engine wrote `['a','b']`, its own syntax, which
 * spreadsheets and CSV readers take for one odd string: break-it trial). `|` as WACOST_API_KEYS
 * lists WABAs (`waba1|waba2`); ids hold none.
 */
const LIST_SEPARATOR = '|'

/**
 * Runs a query file as CSV for people's spreadsheets: every text column goes through
 * wacost_csv_text (migration 180), so no cell starts with a character a spreadsheet would
 * evaluate as a formula (OWASP, CSV injection), a list column as its items joined by `|`
 * (LIST_SEPARATOR), then as text; numbers and every other type are as they are.
 * The text columns are read from the engine (DESCRIBE of the same query with the same
 * parameters), so a new column is covered without a list to keep. `excel`: a file for Excel,
 * whose ids of digits only are written as ="…" so the spreadsheet keeps every digit
 * (wacost_csv_excel, migration 713).
 */
export async function streamCsv(db: Db, name: string, params: Params, format: 'CSVWithNames' | 'CSV', settings?: Record<string, unknown>, excel = false): Promise<NodeJS.ReadableStream> {
  return traced(name, async () => {
    // The query's own text inside parentheses, each on its own line: its comments stay comments.
    const inner = `(\n${sqlText(name)}\n)`
    const rs = await db.client.query({ query: `DESCRIBE TABLE ${inner}`, query_params: params, format: 'JSONEachRow', clickhouse_settings: tag(name, settings) })
    const columns = await rs.json<{ name: string; type: string }>()
    // Identifiers of our own .sql files, quoted; values stay bound parameters.
    const cell = excel ? 'wacost_csv_excel' : 'wacost_csv_text'
    const select = columns.map((c) => (textType.test(c.type) ? `${cell}(${ident(c.name)}) AS ${ident(c.name)}`
      : listType.test(c.type) ? `${cell}(arrayStringConcat(arrayMap(x -> ifNull(toString(x), ''), ${ident(c.name)}), '${LIST_SEPARATOR}')) AS ${ident(c.name)}`
        : ident(c.name)))
    const { stream } = await db.client.exec({
      query: `SELECT ${select.join(', ')} FROM ${inner}\nFORMAT ${format}`, query_params: params, clickhouse_settings: tag(name, settings),
    })
    return stream
  })
}

/** Runs a query file and returns its raw output in the given format (NDJSON, CSV, Arrow …). */
export async function text(db: Db, name: string, params: Params, format: 'JSONEachRow' | 'CSVWithNames'): Promise<string> {
  // Plain "/" in JSON: ids such as base64 wamids stay byte-identical to the input.
  const settings = { output_format_json_escape_forward_slashes: 0 }
  const rs = await db.client.query({ query: sqlText(name), query_params: params, format, clickhouse_settings: tag(name, settings) })
  return rs.text()
}
