// Engine errors a person can act on, in one sentence: the embedded database directory held by
// another process, a ClickHouse server that is not there or refuses the password. Used where
// the engine is opened (core/db/client.ts) and by the entry points (bin/start.ts, cli/) that
// turn an error into the one line they print.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { processAlive } from '../process-alive.ts'
import { readServerLock, type ServerLock } from '../server-lock.ts'

/** An engine error already said in words: print its message, not its stack. */
export class EngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'EngineError'
  }
}

/**
 * The id of another live process that holds the embedded engine's directory, from the `status`
 * file the engine writes there (`PID: 1234`); undefined when none does (a file left behind by
 * a process that died names a dead pid).
 */
export function lockHolder(dir: string): number | undefined {
  let status: string
  try { status = readFileSync(join(dir, 'status'), 'utf8') } catch { return undefined }
  const pid = Number(/^PID:\s*(\d+)/m.exec(status)?.[1])
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid) ? pid : undefined
}

/**
 * The sentence for a directory another process holds. A running server (its lock file,
 * core/server-lock.ts) is named with its URL and `instead`: what it offers in place of the command
 * refused, or that it must be stopped first (cli/database.ts serverInstead; `wacost reconcile`
 * stopped at "stop it", which meant stopping the webhook receiver: fresh-user trial; then every
 * command was listed the same routes, `wacost rebuild`, which has none, too). Without `instead`
 * (the engine's own open, whose command is not known here): stop it first.
 */
export function heldMessage(dir: string, pid?: number, instead = 'stop it (Ctrl-C) to run this command here'): string {
  const server = readServerLock(dir)
  if (server?.stopping && (pid === undefined || server.pid === pid)) return stoppingMessage(dir, server)
  if (server && (pid === undefined || server.pid === pid)) return `the wacost server at ${server.url} (pid ${server.pid}) holds the database at ${dir}: ${instead}`
  return `another wacost process${pid ? ` (pid ${pid})` : ''} holds the database at ${dir}: `
    + 'stop it (npm start, or a wacost command still running) or use another directory (--db or WACOST_DB)'
}

/**
 * The sentence for a directory whose server is stopping (core/server-lock.ts markServerStopping):
 * it still holds the database for the seconds its close takes, and says "wacost: stopped" then.
 */
export function stoppingMessage(dir: string, server: ServerLock): string {
  return `the wacost server at ${server.url} (pid ${server.pid}) is stopping: it finishes its batch and closes the database at ${dir}; `
    + `run this again once it has stopped (process ${server.pid} ends; where it runs it says "wacost: stopped")`
}

/**
 * One sentence for an error of the engine or the server, or undefined when it is none of the
 * known ones (the caller then reports it as it is). `dir` is the embedded directory, `server`
 * the CLICKHOUSE_URL, whichever was being opened.
 */
export function explainEngineError(err: unknown, where: { dir?: string; server?: string } = {}): string | undefined {
  if (err instanceof EngineError) return err.message
  const e = err as { message?: string; code?: string; cause?: { message?: string; code?: string } } | undefined
  const text = `${e?.message ?? ''} ${e?.cause?.message ?? ''}`
  const code = e?.code ?? e?.cause?.code
  if (/Cannot lock file|Another server instance in same directory/i.test(text)) {
    return heldMessage(where.dir ?? 'this directory', where.dir ? lockHolder(where.dir) : undefined)
  }
  if (code === 'CHDB_CONNECTION' && where.dir) {
    const pid = lockHolder(where.dir)
    return pid ? heldMessage(where.dir, pid) : `cannot open the database at ${where.dir}: check that the directory is writable and holds a wacost database`
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot reach the ClickHouse server at ${where.server ?? 'CLICKHOUSE_URL'}: start it (docker compose up -d) or unset CLICKHOUSE_URL to use the embedded engine`
  }
  if (/AUTHENTICATION_FAILED|Authentication failed|password is incorrect/i.test(text)) {
    return `the ClickHouse server at ${where.server ?? 'CLICKHOUSE_URL'} refused the user or password: set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD`
  }
  return undefined
}
