// `wacost ingest` through a running server: each input streamed, gzipped, to its POST /api/ingest
// (the server holds the embedded database, so the CLI could not open it), with the same summary
// lines and exit statuses as the local path. Found from the server's lock file in the database
// directory (core/server-lock.ts), or named with --server URL.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createGzip } from 'node:zlib'
import { pipeline } from 'node:stream/promises'
import { env } from '../../core/config.ts'
import { ingestKey } from '../../core/keys.ts'
import { readServerLock } from '../../core/server-lock.ts'
import type { BatchSummary } from '../../core/batches.ts'
import { describeBatch } from '../../ingest/report.ts'
import { CliError, exitStatus, nothingDerived } from '../failure.ts'
import { inputName, openInput } from '../inputs.ts'

/** A server to send through: its base URL and the key to send (undefined: none known). */
export interface Remote { url: string; key?: string }

interface Answer extends BatchSummary { unpriced: number | null; warnings: string[] }

/** `path` under the server's base URL (which may have a path of its own, behind a proxy). */
const endpoint = (base: string, path: string): URL => new URL(path, base.endsWith('/') ? base : `${base}/`)

const send = (url: URL) => (url.protocol === 'https:' ? httpsRequest : httpRequest)

async function readAll(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const part of res) parts.push(part as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

/**
 * True when `url` answers GET /health with 200 within 15 s: a server busy with a large batch
 * answers late (its engine runs one statement at a time), and giving up early would send the CLI
 * to a database the server holds.
 */
export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(endpoint(url, 'health'), { signal: AbortSignal.timeout(15_000) })
    await res.arrayBuffer()
    return res.ok
  } catch {
    return false
  }
}

/**
 * The server to ingest through: `--server URL` (it must answer), else the live server whose lock
 * file is in `dir` and answers /health, else undefined (the CLI opens the database itself).
 */
export async function findServer(dir: string, server: string | undefined): Promise<Remote | undefined> {
  const chosen = env.WACOST_API_KEY ?? (env.WACOST_API_KEYS ? ingestKey(env.WACOST_API_KEYS) : undefined)
  if (server !== undefined) {
    if (!(await answers(server))) throw new CliError(`no wacost server answers at ${server} (GET /health failed)`)
    return { url: server, key: chosen }
  }
  if (env.CLICKHOUSE_URL) return undefined
  const lock = readServerLock(dir)
  if (!lock || !(await answers(lock.url))) return undefined
  return { url: lock.url, key: chosen ?? lock.key }
}

/** The server's message in an error answer (the API's one error shape), else its text. */
function errorMessage(text: string): string {
  try { return (JSON.parse(text) as { error: { message: string } }).error.message } catch { return text.trim() }
}

/** The batch summary of a 422 NOTHING_TO_DERIVE answer (POST /api/ingest), else undefined. */
function nothingAnswer(text: string): Answer | undefined {
  try {
    const body = JSON.parse(text) as Answer & { error?: { code?: string } }
    return body.error?.code === 'NOTHING_TO_DERIVE' && typeof body.accepted === 'number' ? body : undefined
  } catch { return undefined }
}

/**
 * Asks GET /api/ingest whether the key may ingest before any log is sent: a server refusing a
 * POST mid-upload may close the connection before its answer can be read.
 */
async function checkKey(remote: Remote): Promise<void> {
  const res = await fetch(endpoint(remote.url, 'api/ingest'), { headers: { authorization: `Bearer ${remote.key}` } })
  if (res.ok) { await res.arrayBuffer(); return }
  throw new CliError(`the server at ${remote.url} refused the key (${res.status}): ${errorMessage(await res.text())}`)
}

/** Streams one input to POST /api/ingest (gzip on the wire) and returns the server's answer. */
async function post(remote: Remote, input: string, waba: string | undefined): Promise<Answer> {
  const url = endpoint(remote.url, 'api/ingest')
  url.searchParams.set('source', inputName(input))
  if (waba !== undefined) url.searchParams.set('waba', waba)
  const req = send(url)(url, {
    method: 'POST',
    agent: false,
    headers: { authorization: `Bearer ${remote.key}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
  })
  const answered = new Promise<IncomingMessage>((resolve, reject) => { req.once('response', resolve).once('error', reject) })
  // A failure to read the input (corrupt gzip: cli/inputs.ts's sentence and status) aborts the
  // request, which rejects `answered` with "socket hang up": the input's failure is the one to tell.
  const sent = pipeline(openInput(input), createGzip(), req).then(() => undefined, (e: unknown) => e)
  const res = await answered.catch(async (e: Error) => {
    // (not waiting long: a connection lost while standard input is stalled settles `sent` only
    // when the input yields again)
    const unread = await Promise.race([sent, new Promise((resolve) => { setTimeout(resolve, 2000).unref() })])
    if (unread instanceof CliError) throw unread
    throw new CliError(`the connection to the server at ${remote.url} broke while sending ${inputName(input)}: ${e.message}; `
      + 'send it again (lines already stored are not counted twice)', exitStatus.failed)
  })
  // A server that answers before the whole body is sent (an error): stop sending then.
  if (res.statusCode !== 200) res.once('end', () => req.destroy())
  const text = await readAll(res)
  if (res.statusCode === 200) return JSON.parse(text) as Answer
  // 422 NOTHING_TO_DERIVE: the batch ran and accepted nothing; its summary comes with the error.
  // It is one input's answer, not the run's failure: status 4 only when every input is so, and
  // in the local path's words (ingestThrough), as without a server.
  const nothing = res.statusCode === 422 ? nothingAnswer(text) : undefined
  if (nothing) return nothing
  const message = errorMessage(text)
  // Refused (no key, a key without the ingest role, a bad parameter): the run could not start.
  const refused = res.statusCode === 401 || res.statusCode === 403
  throw new CliError(`the server at ${remote.url} refused ${inputName(input)} (${res.statusCode}): ${message}`,
    refused ? exitStatus.cannotStart : exitStatus.failed)
}

/**
 * `wacost ingest FILE…` through a server: each input one batch, its summary and then the
 * server's warnings on stderr; status 4 when no line was accepted, 3 under --strict with an
 * unpriced conversation, 2 when the server refuses the key.
 */
export async function ingestThrough(remote: Remote, files: string[], opts: { strict?: boolean; waba?: string }): Promise<void> {
  if (remote.key === undefined) {
    throw new CliError(`a wacost server runs at ${remote.url}, but no API key with the ingest role is known: set WACOST_API_KEY (or WACOST_API_KEYS)`)
  }
  await checkKey(remote)
  process.stderr.write(`sending through the wacost server at ${remote.url}\n`)
  const answers: Answer[] = []
  for (const file of files) {
    const answer = await post(remote, file, opts.waba)
    // `wacost rejected` cannot open a database the server holds: the server lists them.
    const where = [`  every rejected line is kept: GET ${endpoint(remote.url, `api/rejected?batch=${answer.batch}`).href} lists them (with the ingest key)`]
    process.stderr.write(`${describeBatch(answer, where)}\n`)
    answers.push(answer)
  }
  if (answers.every((a) => a.accepted === 0)) {
    throw nothingDerived(answers.reduce((n, a) => n + a.lines, 0), answers.reduce((n, a) => n + (a.blankLines ?? 0), 0))
  }
  const last = answers[answers.length - 1]!
  for (const line of last.warnings) process.stderr.write(`${line}\n`)
  if (opts.strict && (last.unpriced ?? 0) > 0) {
    throw new CliError(`${last.unpriced} charged conversation(s) have no price (--strict); fix the rate card, see the warning above`, exitStatus.unpriced)
  }
}
