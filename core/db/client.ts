// One ClickHouse client for everything: the embedded chDB engine by default, a server when
// CLICKHOUSE_URL is set. Callers never know which one they got.
import { createClient, type ClickHouseClient } from '@clickhouse/client'
import { drainPending } from 'chdb'
import { createChdbConnection } from 'chdb/connection'
import { env } from '../config.ts'
import { withoutInlineInserts } from './embedded-insert.ts'
import { withOneSet } from './one-set.ts'
import { EngineError, explainEngineError, heldMessage, lockHolder } from './errors.ts'
import { laned } from './lanes.ts'

export interface DbOptions {
  /** chDB data directory (ignored with a server). */
  path?: string
  /** Database name; defaults to WACOST_DATABASE. */
  database?: string
}

export interface Db {
  client: ClickHouseClient
  database: string
  embedded: boolean
  /** The chDB data directory of an embedded database (undefined with a server): another database of the same engine is opened there (core/whatif.ts). */
  path?: string
  /**
   * Closes the client. Embedded: resolves only once no statement of the engine is still running
   * in this process (chDB's drainPending), so a process may exit right after it.
   */
  close(): Promise<void>
}

// chdb declares its Connection against its own copy of @clickhouse/client-common's types; the
// runtime contract is the same, only the declaration files differ.
type ClientConnection = NonNullable<Parameters<typeof createClient>[0]> extends { connection?: infer C } ? NonNullable<C> : never

const settings = {
  // apache-arrow JS cannot read compressed record batches.
  output_format_arrow_compression_method: 'none',
  // Our INSERT … SELECT statements read tables the same statement's views write.
  insert_deduplicate: 0,
  // A Collapsing/Replacing/Summing table's insert would otherwise merge its block as a merge
  // would (sorting and comparing every row's whole sort key): 2/3 of an insert's time into
  // verdicts. Every reader already folds rows across parts (FINAL, argMax, sum(sign)); the
  // rollups' materialized views sum each block themselves (migrations 678-684), or a batch would
  // leave their SummingMergeTrees a row per change until a merge.
  optimize_on_insert: 0,
} as const

// Only for the embedded engine (a server has its own defaults, and one whose users may not change
// settings must not be sent any it does not need):
const embeddedSettings = {
  ...settings,
  // chDB (like clickhouse-local) reads file() through mmap, and every page of the file it touches
  // stays in the process's resident set until the statement ends: reading a 2 GB log raised the
  // process's peak RSS by 2 GB (bench: raw parse of 10M messages, 3.4 GB peak). pread, the
  // server's own default, reads through a bounded buffer at the same speed.
  storage_file_read_method: 'pread',
  // chDB sends a statement's settings as SET on the one shared session, so a setting one call
  // passes stays for every later statement of the process (the API's ISO times went on to the
  // next reads of the server). Every setting a call may pass is therefore stated on every
  // statement, at the engine's default, and a call's own value replaces it for that call only.
  log_comment: '',
  date_time_output_format: 'simple',
  output_format_arrow_string_as_string: 1,
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_decimals: 0,
  output_format_json_escape_forward_slashes: 1,
  // the finance exports' CSV (core/exports.ts, cli/commands/whatif.ts): RFC 4180 line ends and
  // empty null cells stayed for every later CSV of the process (a panel's download after an export)
  output_format_csv_crlf_end_of_line: 0,
  // (chDB sends it inside a SQL string literal, where \\N stands for \N)
  format_csv_null_representation: '\\\\N',
  // the server's ingests run at a lower CPU priority (core/db/yielding.ts): the readers after
  // them must not (a panel's query ran at nice 10 after a micro-batch: test/yielding.test.ts)
  // (typed a string by the client, a number for chDB's SET as for the server's URL)
  os_thread_priority: 0 as unknown as string,
  // No JIT compilation of expressions, aggregate functions and sort descriptions (the engine
  // compiles one with LLVM once it has seen it 3 times): our statements are large and mostly
  // small, so a statement that reached the count spent 2-5x its time compiling, on the next
  // micro-batch, the next API query, again and again as new ones reached it (a one-message
  // batch took 0.9 s, and 1.5-2.7 s every second or third batch; bench:pages). A bulk load
  // derives ~10 % faster without; a rebuild ~17 % slower, so core/derive.ts turns it on for a
  // rebuild's statements (docs/performance.md). A server keeps its own profile's choice.
  compile_expressions: 0,
  compile_aggregate_expressions: 0,
  compile_sort_description: 0,
} as const

export async function openDb(opts: DbOptions = {}): Promise<Db> {
  const database = opts.database ?? env.WACOST_DATABASE
  // The name is a validated identifier (config.ts) or generated by us: never user input.
  const create = `CREATE DATABASE IF NOT EXISTS ${database} ENGINE = Atomic`
  if (!env.CLICKHOUSE_URL) {
    const dir = opts.path ?? env.WACOST_DB
    // Checked first: the engine itself would print its own lock error to stderr before failing.
    const holder = lockHolder(dir)
    if (holder) throw new EngineError(heldMessage(dir, holder))
    let connection: ClientConnection
    try {
      connection = withoutInlineInserts(withOneSet(createChdbConnection({ path: dir }))) as unknown as ClientConnection
    } catch (e) {
      const said = explainEngineError(e, { dir })
      throw said ? new EngineError(said, { cause: e }) : e
    }
    // one statement at a time, what a page shows first ahead of the rest (core/db/lanes.ts)
    const client = laned(createClient({ connection, clickhouse_settings: embeddedSettings }))
    // chDB's default database is not Atomic; the embedded session keeps the USE.
    await client.command({ query: create })
    await client.command({ query: `USE ${database}` })
    // chDB's close returns while a statement nobody awaits still runs on a worker thread (the data
    // version re-read after a batch, a panel's query whose request was dropped) and only defers the
    // connection's teardown behind it; a process.exit() then can hang for ever in the engine's
    // teardown (seen: a SIGTERM'd server that had closed, 54 threads waiting on a futex). Closed
    // means nothing of the engine runs any more.
    const close = async () => { await client.close(); await drainPending() }
    return { client, database, embedded: true, path: dir, close }
  }
  const server = { url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD }
  const bootstrap = createClient(server)
  try {
    await bootstrap.command({ query: create })
  } catch (e) {
    const said = explainEngineError(e, { server: env.CLICKHOUSE_URL })
    throw said ? new EngineError(said, { cause: e }) : e
  } finally {
    await bootstrap.close()
  }
  const client = createClient({ ...server, database, clickhouse_settings: settings, request_timeout: 3_600_000 })
  return { client, database, embedded: false, close: () => client.close() }
}
