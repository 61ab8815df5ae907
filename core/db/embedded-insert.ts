// Inserts into the embedded engine without inline data. chDB runs the embedded ClickHouse client,
// which treats a standard input that is not a terminal as more rows for any INSERT that carries
// its data inline (`INSERT … FORMAT X <rows>`): with async_insert (chDB's default) such an insert
// fails ("Processing async inserts with both inlined and external data (from stdin or infile)"),
// without it the process's stdin is silently read into the table. Either way `cat log | wacost
// ingest -` and any command run inside a pipe broke. So every insert's rows are written to a
// private temporary file (removed as soon as the insert ends) and sent as `INSERT … SELECT * FROM file(path, X, structure)`: the
// statement has no inline data and the engine never looks at stdin. (Rows as a bound parameter of
// format() work too but are three times slower than the inline insert; file() is faster than it.)
// The same for a statement that reads its rows with input(…) (exec with values, as a server takes
// them in the request's body): its input(…) becomes file(path, format, structure).
import { randomBytes } from 'node:crypto'
import { readdirSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { ChdbConnection } from 'chdb/connection'
import { processAlive } from '../process-alive.ts'

type InsertParams = Parameters<ChdbConnection['insert']>[0]
type InsertResult = Awaited<ReturnType<ChdbConnection['insert']>>
type CommandParams = Parameters<ChdbConnection['command']>[0]
type ExecParams = Parameters<ChdbConnection['exec']>[0]
type ExecResult = Awaited<ReturnType<ChdbConnection['exec']>>

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/
// `INSERT INTO t [(a, b)] FORMAT X` (what @clickhouse/client's insert builds; the rows come apart)
// or `INSERT INTO t [(a, b)] VALUES (…)` / `… FORMAT X\n<rows>` (a statement file such as a
// migration, rows inline), after any leading comment lines.
const insertShape = /^(?:\s*--[^\n]*\n)*\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([A-Za-z0-9_,\s]+)\))?\s*(?:VALUES\b\s*([\s\S]*)|FORMAT\s+([A-Za-z]+)(?:\s*\n([\s\S]*))?)$/i

interface InlineInsert { table: string; columns?: string[]; format: string; rows?: string }

// `INSERT INTO t (…) SELECT … FROM input('structure') FORMAT X` with its rows as the call's
// `values` (core/db/sql.ts execWithRows): the rows go to a file read by file(path, X, structure).
const inputShape = /\bFROM\s+input\(\s*'([^'\\]*)'\s*\)\s*FORMAT\s+([A-Za-z]+)\s*$/i

function parseInsert(sql: string): InlineInsert | undefined {
  const m = insertShape.exec(sql)
  if (!m) return undefined
  const [, table, listed, values, format, rows] = m as unknown as [string, string, string?, string?, string?, string?]
  const columns = listed?.split(',').map((c) => c.trim())
  return values !== undefined ? { table, columns, format: 'Values', rows: values } : { table, columns, format: format!, rows }
}

interface ColumnRow { name: string; type: string; default_kind: string; default_expression: string }

/**
 * The connection with every INSERT that carries rows turned into the stdin-proof form above (the
 * client's inserts, and statements such as migrations with inline VALUES); every other method and
 * statement is the connection's own. Same semantics as a plain insert: columns left out get their
 * DEFAULT.
 */
// The files of the inserts in flight: a process that exits during one (a Ctrl-C'd `ledger`
// exits once the engine is idle, before the insert's own `finally` may have run) removes them.
const inFlight = new Set<string>()
let exitListener = false
const removeInFlight = () => { for (const f of inFlight) rmSync(f, { force: true }) }

/**
 * Removes the rows files that processes killed during an insert (SIGKILL: no 'exit' handler ran)
 * left in the temporary directory: `wacost-rows-<pid>-…` of a pid no longer alive (a killed
 * server left 8 MB: break-it trial). Run when an embedded connection is opened.
 */
export function removeStaleRowFiles(dir = tmpdir()): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(/^wacost-rows-(\d+)-/.exec(name)?.[1])
    if (pid > 0 && !processAlive(pid)) rmSync(join(dir, name), { force: true })
  }
}

export function withoutInlineInserts(conn: ChdbConnection): ChdbConnection {
  removeStaleRowFiles()
  // One new file per insert (the pipeline has several in flight), readable by this user only;
  // no directory to clean up, so a killed process (SIGKILL) leaves at most the files of its last inserts.
  const withRowsFile = async <T>(rows: string | Buffer, run: (file: string) => Promise<T>): Promise<T> => {
    const file = join(tmpdir(), `wacost-rows-${process.pid}-${randomBytes(8).toString('hex')}`)
    if (!exitListener) { process.on('exit', removeInFlight); exitListener = true }
    // written off the event loop: a webhook micro-batch's rows are tens of MB, and a synchronous
    // write held the server's answers (panels, the webhooks' 200s) meanwhile
    inFlight.add(file)
    try {
      await writeFile(file, rows, { flag: 'wx', mode: 0o600 })
      return await run(file)
    } finally { rmSync(file, { force: true }); inFlight.delete(file) }
  }
  // `query` reads the rows with file({wacost_file:String}, X, {wacost_structure:String})
  const fromFile = (params: CommandParams, query: string, rows: string | Buffer, structure: string) =>
    withRowsFile(rows, (file) => conn.command({ ...params, query, query_params: { ...params.query_params, wacost_file: file, wacost_structure: structure } }))
  const viaFile = async (params: CommandParams, insert: InlineInsert, rows: string | Buffer) => {
    const columns = await insertable(conn, insert.table, insert.columns)
    // Names and types come from system.columns and the identifier checks, never from the rows.
    const structure = columns.map((c) => `\`${c.name}\` ${c.type}${c.default_kind === 'DEFAULT' ? ` DEFAULT ${c.default_expression}` : ''}`).join(', ')
    const query = `INSERT INTO ${insert.table} (${columns.map((c) => `\`${c.name}\``).join(', ')})
      SELECT * FROM file({wacost_file:String}, ${insert.format}, {wacost_structure:String})`
    return fromFile(params, query, rows, structure)
  }
  const insert = async (params: InsertParams): Promise<InsertResult> => {
    const shape = parseInsert(params.query)
    if (!shape || shape.rows !== undefined) throw new Error(`unsupported insert statement for the embedded engine: ${params.query}`)
    const { values, ...rest } = params
    const rows = typeof values === 'string' ? values : await collect(values)
    if (blank(rows)) return { query_id: params.query_id ?? '', response_headers: {}, http_status_code: 200 } as unknown as InsertResult
    return viaFile(rest, shape, rows)
  }
  const command = async (params: CommandParams) => {
    const shape = parseInsert(params.query)
    // A statement with bound parameters keeps its own form: its rows may hold placeholders.
    const bound = params.query_params && Object.keys(params.query_params).length > 0
    if (!shape || shape.rows === undefined || blank(shape.rows) || bound) return conn.command(params)
    return viaFile(params, shape, shape.rows)
  }
  const exec = async (params: ExecParams): Promise<ExecResult> => {
    if (params.values === undefined) return conn.exec(params)
    const shape = inputShape.exec(params.query)
    if (!shape) throw new Error(`unsupported statement with rows for the embedded engine: ${params.query}`)
    const [, structure, format] = shape as unknown as [string, string, string]
    const { values, ...rest } = params
    const rows = await collect(values)
    const query = `${params.query.slice(0, shape.index)}FROM file({wacost_file:String}, ${format}, {wacost_structure:String})`
    const done = rows.length === 0 ? undefined : await fromFile(rest, query, rows, structure)
    return { query_id: done?.query_id ?? params.query_id ?? '', response_headers: done?.response_headers ?? {}, stream: Readable.from([]) } as unknown as ExecResult
  }
  return new Proxy(conn, {
    get(target, prop) {
      if (prop === 'insert') return insert
      if (prop === 'command') return command
      if (prop === 'exec') return exec
      const value: unknown = Reflect.get(target, prop, target)
      // The connection keeps its state in private fields: its methods must run on itself.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** The columns an insert writes: the listed ones, else every column a plain insert would fill. */
async function insertable(conn: ChdbConnection, table: string, listed: string[] | undefined): Promise<ColumnRow[]> {
  if (listed && !listed.every((c) => identifier.test(c))) throw new Error(`unsupported insert column list: ${listed.join(', ')}`)
  const rs = await conn.query({
    query: `SELECT name, type, default_kind, default_expression FROM system.columns
            WHERE database = currentDatabase() AND table = {table:String} ORDER BY position FORMAT JSONEachRow`,
    query_params: { table },
  })
  const all = (await collect(rs.stream)).toString().split('\n').filter(Boolean).map((l) => JSON.parse(l) as ColumnRow)
  if (all.length === 0) throw new Error(`no table ${table}`)
  if (!listed) return all.filter((c) => c.default_kind === '' || c.default_kind === 'DEFAULT')
  return listed.map((name) => {
    const column = all.find((c) => c.name === name)
    if (!column) throw new Error(`no column ${name} in ${table}`)
    return column
  })
}

/** The whole stream's bytes, as they are: they go to a file, never through a string. */
async function collect(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array))
  // one part (the pipeline's inserts: one string each) is not copied again
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
}

/** No rows at all: a plain insert of nothing succeeds without a statement, so this does too. */
const blank = (rows: string | Buffer) => rows.length === 0 || (rows.length < 1024 && rows.toString().trim() === '')
