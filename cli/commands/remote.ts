// `wacost ingest` through a running server: each input streamed, gzipped, to its POST /api/ingest
// (the server holds the embedded database, so the CLI could not open it), with the same summary
// lines and exit statuses as the local path. Found from the server's lock file in the database
// directory (core/server-lock.ts), or named with --server URL.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createGzip } from 'node:zlib'
import { join } from 'node:path'
import { once } from 'node:events'
import type { ClientRequest } from 'node:http'
import type { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { env } from '../../core/config.ts'
import { ingestKey } from '../../core/keys.ts'
import { readServerLock, SERVER_LOCK } from '../../core/server-lock.ts'
import { storedBeforeCut, type BatchSummary } from '../../core/batches.ts'
import { withInputNotices } from '../../ingest/report.ts'
import { CliError, exitStatus, nothingDerived } from '../failure.ts'
import { CutInputError, inputName, openInput, RefusedCliError } from '../inputs.ts'
import { RefusedInputs } from '../refused-inputs.ts'
import { endpoint, healthFailure } from './server-health.ts'
import { sayWhenSendInterrupted } from './remote-interrupt.ts'
import { servedSummary, type KeyWabas } from './served-summary.ts'
import { lockHolder, stoppingMessage } from '../../core/db/errors.ts'

/**
 * A server to send through: its base URL, the key to send (undefined: none known) and, in words,
 * where that key came from (said when the server does not know it; the key itself never is).
 */
export interface Remote { url: string; key?: string; keyFrom?: KeyFrom }

/** Where the key sent was found: the variable, this shell's key list, or the server's lock file (its path). */
type KeyFrom = { variable: 'WACOST_API_KEY' | 'WACOST_API_KEYS' } | { lock: string }

interface Answer extends BatchSummary { unpriced: number | null; warnings: string[] }

const send = (url: URL) => (url.protocol === 'https:' ? httpsRequest : httpRequest)

async function readAll(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = []
  for await (const part of res) parts.push(part as Buffer)
  return Buffer.concat(parts).toString('utf8')
}

/**
 * `--server URL` as given, refused in words (exit 2): empty; with a user name or password (fetch
 * refuses such a URL, which read as "no server answers", and the sentence repeated the password:
 * break-it trial), never echoed; not http(s); beside --db, which the server's own database moots.
 */
export function checkServerUrl(server: string, db: string | undefined): void {
  if (server.trim() === '') throw new CliError('--server: the URL is empty; give the wacost server\'s URL, e.g. http://localhost:3917')
  const url = URL.canParse(server) ? new URL(server) : undefined
  if (url && (url.username !== '' || url.password !== '')) {
    throw new CliError('--server: the URL carries a user name and password; give the URL without them: the key goes in WACOST_API_KEY')
  }
  if (!url || !/^https?:\/\/[^\s/]+/.test(server)) {
    throw new CliError(`--server: expected an http:// or https:// URL, got ${server.replace(/\/\/[^/\s]*@/, '//…@')}`)
  }
  if (db !== undefined) {
    throw new CliError('--server and --db: give one of them: with --server, the server at that URL uses its own database; '
      + 'with --db, this command uses that directory (through the server running on it, if any)')
  }
}

/**
 * The server to ingest through: `--server URL` (it must answer), else the live server whose lock
 * file is in `dir` and answers /health, else undefined (the CLI opens the database itself).
 */
export async function findServer(dir: string, server: string | undefined): Promise<Remote | undefined> {
  const chosen = env.WACOST_API_KEY ?? (env.WACOST_API_KEYS ? ingestKey(env.WACOST_API_KEYS) : undefined)
  const from: KeyFrom | undefined = chosen === undefined ? undefined : { variable: env.WACOST_API_KEY !== undefined ? 'WACOST_API_KEY' : 'WACOST_API_KEYS' }
  if (server !== undefined) {
    const failure = await healthFailure(server)
    if (failure !== undefined) throw new CliError(`no wacost server answers at ${server}: ${failure}`)
    return { url: server, key: chosen, keyFrom: from }
  }
  if (env.CLICKHOUSE_URL) return undefined
  const lock = readServerLock(dir)
  if (!lock) return undefined
  // Stopping, it answers nothing: "did not answer … start it again" was said (break-it trial).
  if (lock.stopping) {
    if (lockHolder(dir) === lock.pid) throw new CliError(stoppingMessage(dir, lock))
    return undefined
  }
  const file = join(dir, SERVER_LOCK)
  // an older server wrote an IPv6 address without brackets (http://::1:3917): "failed: Invalid URL", exit 1 (break-it trial)
  if (!URL.canParse(lock.url)) {
    throw new CliError(`the wacost server (pid ${lock.pid}) that holds the database at ${dir} names an address that is not a valid URL in its lock file `
      + `(${file}: ${lock.url}), as an older version wrote an IPv6 address: restart it (Ctrl-C, then npm start) so that it writes a valid one, then run this command again`)
  }
  const failure = await healthFailure(lock.url)
  if (failure === undefined) return { url: lock.url, key: chosen ?? lock.key, keyFrom: from ?? { lock: file } }
  // It holds the engine's lock and does not answer (kill -STOP, stuck): said so, not that the
  // command sends through it (it said so after 15 s of waiting for its answer: break-it trial).
  // Any other process (its pid reused) leaves the database to this command.
  if (lockHolder(dir) !== lock.pid) return undefined
  const hint = /no answer within/.test(failure) ? `: is it stopped or stuck? (kill -CONT ${lock.pid} if it was stopped, or stop it)` : ': stop it (Ctrl-C), or start it again'
  throw new CliError(`the wacost server at ${lock.url} (pid ${lock.pid}) holds the database at ${dir} but did not answer (${failure})${hint}`)
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
 * Streams `input` gzipped into `req`; resolves with the input's failure, if any. Input gzip cut
 * short (CutInputError) ends the body with its gzip cut short too (flushed first, so the server
 * sees gzip whatever was read): the server then answers 400 with the batch and the lines it
 * stored, as it does for any gzip body cut short, and the batch is marked interrupted.
 */
async function sendInput(source: Readable, req: ClientRequest): Promise<unknown> {
  const gzip = createGzip()
  gzip.pipe(req)
  // a request that breaks (or that the CLI gives up on) stops the gzip stream, and with it this loop
  let ending = false
  const closed = new Error('the request was closed')
  req.once('close', () => { if (!ending) gzip.destroy(closed) })
  gzip.on('error', () => {}) // seen by the loop below (once, destroyed)
  try {
    for await (const part of source) {
      if (gzip.destroyed) throw closed
      if (!gzip.write(part)) await once(gzip, 'drain')
    }
    ending = true
    gzip.end()
    await finished(req)
    return undefined
  } catch (e) {
    if (!(e instanceof CutInputError) || gzip.destroyed) { req.destroy(); return e }
    await new Promise<void>((resolve) => { gzip.flush(() => { resolve() }) })
    await new Promise((resolve) => { setImmediate(resolve) })
    ending = true
    gzip.unpipe(req)
    req.end()
    return e
  }
}

/** The input's cut in the local run's words, with what the server says it stored (an older server: the cut alone). */
function cutAnswer(e: CutInputError, text: string): CliError {
  try {
    const body = JSON.parse(text) as { batch?: unknown; stored_lines?: unknown }
    if (typeof body.batch === 'number' && typeof body.stored_lines === 'number') return e.stored(storedBeforeCut(body.batch, body.stored_lines))
  } catch { /* not the API's answer */ }
  return e
}

/**
 * A 401 to a key sent: the server does not know it. Said with which key it was (break-it trial:
 * a server started with WACOST_API_KEYS and a client's WACOST_API_KEY it lacks read only "This API
 * key is not valid (it may have changed when the server restarted)"), and what to do; exit 2.
 */
function unknownKey(remote: Remote): CliError {
  const from = remote.keyFrom
  const [which, todo] = from === undefined ? ['the key sent', 'set WACOST_API_KEY to a key the server knows']
    : 'lock' in from ? [`the key in the server's lock file (${from.lock})`, 'the server may have made a new key since (it does at each start): run the command again']
      : from.variable === 'WACOST_API_KEY' ? ['the key in WACOST_API_KEY', 'set WACOST_API_KEY to a key of the server\'s WACOST_API_KEYS (the one it was started with) that has the ingest role']
        : ['the first key with the ingest role in this shell\'s WACOST_API_KEYS', 'this list is not the server\'s: set WACOST_API_KEY to a key of the server\'s WACOST_API_KEYS that has the ingest role']
  return new CliError(`the server at ${remote.url} does not know ${which} (401): ${todo}`)
}

/** The key to send, else the refusal (exit 2) that none with the ingest role is known. */
function keyed(remote: Remote): Remote & { key: string } {
  if (remote.key !== undefined) return { ...remote, key: remote.key }
  throw new CliError(`a wacost server runs at ${remote.url}, but no API key with the ingest role is known: set WACOST_API_KEY (or WACOST_API_KEYS)`)
}

/**
 * `wacost batches` through a server (it holds the database): the rows of GET /api/batches, one
 * JSON object a line, as the local command prints them (the same query). A key the server refuses
 * (no ingest role, or limited to some WABAs: a batch is no WABA's) stops it with status 2.
 */
export async function batchesThrough(remote: Remote): Promise<void> {
  const { url, key } = keyed(remote)
  const res = await fetch(endpoint(url, 'api/batches?format=json'), { headers: { authorization: `Bearer ${key}` } })
  if (res.status === 401) throw unknownKey(remote)
  if (!res.ok) {
    const refused = res.status === 401 || res.status === 403
    throw new CliError(`the server at ${url} did not list the batches (${res.status}): ${errorMessage(await res.text())}`, refused ? exitStatus.cannotStart : exitStatus.failed)
  }
  const listed = await res.json() as unknown[]
  process.stderr.write(`listed by the wacost server at ${url}\n`)
  process.stdout.write(listed.map((row) => `${JSON.stringify(row)}\n`).join(''))
}

/**
 * Asks GET /api/ingest whether the key may ingest before any log is sent: a server refusing a
 * POST mid-upload may close the connection before its answer can be read. Resolves with the WABAs
 * the key may write (`*`: every WABA).
 */
async function checkKey(remote: Remote): Promise<KeyWabas> {
  const res = await fetch(endpoint(remote.url, 'api/ingest'), { headers: { authorization: `Bearer ${remote.key}` } })
  if (res.ok) return ((await res.json()) as { wabas: KeyWabas }).wabas
  if (res.status === 401) throw unknownKey(remote)
  throw new CliError(`the server at ${remote.url} refused the key (${res.status}): ${errorMessage(await res.text())}`)
}

/** Streams one input to POST /api/ingest (gzip on the wire) and returns the server's answer; `whole`: told once all of it is sent. */
async function post(remote: Remote, input: string, waba: string | undefined, whole?: () => void): Promise<Answer> {
  const url = endpoint(remote.url, 'api/ingest')
  url.searchParams.set('source', inputName(input))
  if (waba !== undefined) url.searchParams.set('waba', waba)
  const req = send(url)(url, {
    method: 'POST',
    agent: false,
    headers: { authorization: `Bearer ${remote.key}`, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
  })
  const answered = new Promise<IncomingMessage>((resolve, reject) => { req.once('response', resolve).once('error', reject) })
  // A failure to read the input (corrupt gzip: cli/inputs.ts's sentence and status) ends the body
  // cut short, so that the server answers what it stored (cutAnswer); any other failure aborts the
  // request, which rejects `answered` with "socket hang up": the input's failure is the one to tell.
  // what the input itself gives notice of (bytes after its gzip data, read here), beside the server's
  const notices: string[] = []
  const sent = sendInput(openInput(input, notices), req)
  void sent.then((e) => { if (e === undefined) whole?.() })
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
  if (res.statusCode === 200) return withInputNotices(JSON.parse(text) as Answer, notices)
  // (a cut input ended the body before the server answered: `sent` has settled; another 400 may
  // come while standard input is stalled, so not waiting for it)
  const unread = res.statusCode === 400 ? await Promise.race([sent, new Promise((resolve) => { setTimeout(resolve, 1000).unref() })]) : undefined
  if (unread instanceof CutInputError) throw cutAnswer(unread, text)
  // refused whole by its first bytes here, before any was sent: said as without a server
  if (unread instanceof RefusedCliError) throw unread
  // 422 NOTHING_TO_DERIVE: the batch ran and accepted nothing; its summary comes with the error.
  // It is one input's answer, not the run's failure: status 4 only when every input is so, and
  // in the local path's words (ingestThrough), as without a server.
  const nothing = res.statusCode === 422 ? nothingAnswer(text) : undefined
  if (nothing) return withInputNotices(nothing, notices)
  if (res.statusCode === 401) throw unknownKey(remote)
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
  const interrupted = sayWhenSendInterrupted(remote.url)
  const answers: Answer[] = []
  // an input refused whole is said and the run goes on, exit 2 at its end (as without a server)
  const refused = new RefusedInputs(files.length)
  try {
    const wabas = await checkKey(keyed(remote))
    process.stderr.write(`sending through the wacost server at ${remote.url}\n`)
    for (const file of files) {
      interrupted.sending(file)
      const answer = await post(remote, file, opts.waba, interrupted.whole).catch((e: unknown) => { refused.said(e, file) })
      interrupted.answered()
      if (!answer) continue
      process.stderr.write(`${servedSummary(remote.url, answer, wabas)}\n`)
      answers.push(answer)
    }
  } finally { interrupted.off() }
  const failure = refused.failure()
  if (!failure && answers.every((a) => a.accepted === 0)) {
    throw nothingDerived(answers)
  }
  const last = answers.at(-1)
  for (const line of last?.warnings ?? []) process.stderr.write(`${line}\n`)
  if (failure) throw failure
  if (opts.strict && (last!.unpriced ?? 0) > 0) {
    throw new CliError(`${last!.unpriced} charged conversation(s) have no price (--strict); fix the rate card, see the warning above`, exitStatus.unpriced)
  }
}
