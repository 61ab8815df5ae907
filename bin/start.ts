// `npm start`: the embedded engine in WACOST_DB (or the CLICKHOUSE_URL server), the demo dataset
// when the database is empty (or the rest of a demo load that stopped), the dashboard built if
// needed, the API and page on HOST:PORT.
// The server's composition root: it joins two features (api/ serves what ingest/ loaded, and
// ingests through ingest/'s pipeline on POST /api/ingest),
// which never import each other (docs/architecture.md). What keeps it from starting (port taken,
// database held by another process, an invalid environment (core/config.ts), a WACOST_DB that is
// a file or a directory of other files (core/db/place.ts)) is one sentence and exit 2; an engine
// error or an unreachable server, one sentence and exit 1. It takes no arguments: any is refused
// first, before the environment is read (bin/start-args.ts).
import { refuseStartArgs } from './start-args.ts'
import { randomBytes } from 'node:crypto'
import { fstatSync } from 'node:fs'
import { createServer } from 'node:net'
import { env, givenPort, npmStart, setButEmpty, webhookSpoolDir } from '../core/config.ts'
import { quoted } from '../core/blanks.ts'
import { EngineError, explainEngineError, lockHolder } from '../core/db/errors.ts'
import { DatabasePlaceError, startWords } from '../core/db/place.ts'
import { yielding } from '../core/db/yielding.ts'
import { demoSource, type IngestSource } from '../core/batches.ts'
import { openPersistent, type Session } from '../core/session.ts'
import { demoPlan, demoStoredAny, finishDemo, loadDemo, storedMessages } from '../ingest/demo/load.ts'
import { DEMO_DAYS, DEMO_FIRST_DAY } from '../ingest/demo/generate.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { markServerStopping, removeServerLock, writeServerLock } from '../core/server-lock.ts'
import { hostProblem, localBase, serverBase, zoneProblem } from '../core/listen-address.ts'
import { describeBatch } from '../ingest/report.ts'
import type { BatchSummary } from '../core/batches.ts'
import type { Db } from '../core/db/client.ts'
import { buildApp } from '../api/app.ts'
import { describeReport, runReport } from '../core/reports.ts'
import { parseKeys } from '../core/keys.ts'
import { buildWebIfNeeded, webRoot } from '../api/web-build.ts'

// `npm start --db=DIR` (no `--`): npm hands the option over in the environment, not as an argument;
// `npm start --db DIR` hands DIR alone over as one (bin/start-args.ts leaves arguments that are
// all values to this call, once the environment says what npm kept)
refuseStartArgs(process.argv.slice(2), npmStart)

const say = (line: string) => process.stderr.write(`${line}\n`)

/** The sentence for a port that cannot be listened on, or undefined for other errors. */
function explainListenError(e: unknown): string | undefined {
  if (e instanceof HostRefused) return `cannot listen on HOST=${quoted(env.HOST)}: ${e.message}`
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') return `port ${env.PORT} is in use: stop the other server or set PORT=… (e.g. PORT=${env.PORT + 1} npm start)`
  if (code === 'EACCES') return `port ${env.PORT} needs privileges on this system: set PORT=… to a port above 1023`
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on HOST=${quoted(env.HOST)}: ${hostProblem(env.HOST, code, givenPort)}`
  return undefined
}

/**
 * Says that the demo dataset is loaded, in one plain line with its messages and days (the batch
 * summary, "(demo dataset): 52511 lines, 52511 records accepted (all new), …", never said it:
 * fresh-user trial); the summary too when it has more to say (rejected lines, notices), which the
 * demo never has.
 */
async function sayDemoLoaded(db: Db, s: BatchSummary): Promise<void> {
  if (s.rejected > 0 || (s.notices ?? []).length > 0) say(describeBatch(s))
  const last = new Date(Date.parse(`${DEMO_FIRST_DAY}T00:00:00Z`) + (DEMO_DAYS - 1) * 86_400_000).toISOString().slice(0, 10)
  say(`the demo dataset is loaded: ${await storedMessages(db)} messages, ${DEMO_FIRST_DAY} … ${last}`)
}

/**
 * Whether stdout and stderr are one file (a terminal, `npm start 2>&1`, a service's journal):
 * then the URL said on stderr is not printed again on stdout (a bare URL under the sentence
 * that gave it: fresh-user trial).
 */
function oneOutput(): boolean {
  try {
    const [out, err] = [fstatSync(1), fstatSync(2)]
    return out.dev === err.dev && out.ino === err.ino
  } catch { return false }
}

/** A HOST refused before anything listens on it (core/listen-address.ts zoneProblem). */
class HostRefused extends Error {}

/**
 * Fails before the engine's slow start when the port is already taken, or HOST is one no URL can
 * name or this machine cannot listen on. PORT=0 too is tried (on any free port, closed at once):
 * skipped, a bad HOST was said only after the database was opened and the demo loaded (break-it trial).
 */
async function checkPort(): Promise<void> {
  const zone = zoneProblem(env.HOST)
  if (zone !== undefined) throw new HostRefused(zone)
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen({ port: env.PORT, host: env.HOST }, () => probe.close(() => resolve()))
  })
}

let session: Session | undefined
try {
  await checkPort()
  // A demo load that stopped (Ctrl-C or a kill during the first start) is said below, in words
  // that fit: no command ingests "(demo dataset)" again, npm start finishes it.
  session = await openPersistent(undefined, {}, { saysItself: (b) => b.source === demoSource })
  await buildWebIfNeeded(say)
  const demo = await demoPlan(session.db)
  if (demo === 'finish') {
    // Left as it was, every later start saw messages and never loaded the rest (fresh-user trial).
    say('the demo load was interrupted: finishing it (3 WABAs, 60 days) through the ingest path; lines already stored are not counted twice …')
    await sayDemoLoaded(session.db, await finishDemo(session.db))
  } else if (demo === 'load') {
    say('empty database: loading the demo dataset (3 WABAs, 60 days) through the ingest path …')
    await sayDemoLoaded(session.db, await loadDemo(session.db))
  } else if (demo === 'keep') {
    // a load killed before it stored anything read "only part of it is stored" (break-it trial)
    const stored = await demoStoredAny(session.db) ? 'only part of it is stored' : 'nothing of it was stored'
    say('warning: the demo load was interrupted and other data was ingested since: the demo is not finished in this database '
      + `(${stored}); for the whole demo, start on a new database (e.g. WACOST_DB=./demo-data npm start)`)
  } else if (demo === 'none') {
    // it loaded the demo into it: mixed with the user's statuses, or under a killed ingest's batch
    say('no demo loaded: this database holds no message, but it holds earlier ingests (wacost batches lists them); '
      + 'the demo is loaded only into a new database (e.g. WACOST_DB=./demo-data npm start)')
  }
  // Unpriced conversations (incomplete totals) and status records with no message, said at start.
  for (const line of describeReport(await runReport(session.db), { served: session.db.embedded })) say(line)

  // Without configured keys, one key for every WABA, valid until the server stops.
  const generated = env.WACOST_API_KEYS ? undefined : randomBytes(18).toString('base64url')
  const keys = parseKeys(env.WACOST_API_KEYS ?? `${generated}=*`)
  // `WACOST_API_KEYS=` is read as unset (as every variable), which made a key unsaid: keys that
  // were meant to be there (a secret that did not reach the service) were refused with no word why
  if (generated && setButEmpty.has('WACOST_API_KEYS')) {
    say('WACOST_API_KEYS is set but empty: read as unset, so this run makes one key for every WABA and role (in the dashboard address below); give your keys in it (key=WABAS[:ROLES], comma-separated) to use them')
  }
  // JSON lines on stderr: stdout carries only the URL (when it is not stderr's file too).
  const webhooks = env.WACOST_WEBHOOK_APP_SECRET && env.WACOST_WEBHOOK_VERIFY_TOKEN
    ? { appSecret: env.WACOST_WEBHOOK_APP_SECRET, verifyToken: env.WACOST_WEBHOOK_VERIFY_TOKEN, spoolDir: webhookSpoolDir(env), batchMs: env.WACOST_WEBHOOK_BATCH_MS, batchDeliveries: env.WACOST_WEBHOOK_BATCH_DELIVERIES, maxWaitingBytes: env.WACOST_WEBHOOK_MAX_WAITING_MB * 1024 * 1024, keepDays: env.WACOST_WEBHOOK_KEEP_DAYS }
    : undefined
  // The server's ingests (POST /api/ingest, the webhook micro-batches) at WACOST_WRITE_NICE: the
  // readers and the webhooks' 200s go first (core/db/yielding.ts).
  const ingest: IngestSource = (db, ...rest) => ingestSource(yielding(db, env.WACOST_WRITE_NICE), ...rest)
  const app = await buildApp({
    session, keys, webRoot, ingest, webhooks, bodyIdleMs: env.WACOST_BODY_IDLE_SECONDS * 1000, logger: { level: env.WACOST_LOG_LEVEL, stream: process.stderr },
  })
  session = undefined // the app owns it now and closes it
  // Before anything is printed: a supervisor that stops the service as soon as it sees the URL
  // (a test on a loaded machine did) must find the handlers there, or the signal's default action
  // kills the process without closing the engine or removing the lock file.
  // Ctrl-C in a terminal signals the whole process group and npm passes its own SIGINT on, so the
  // server gets two at once: with a handler run once, the second took the signal's default and
  // killed the server in its close (fresh-user trial: stopped in 0.6 s, the waiting webhook
  // deliveries not derived, nothing said). A signal while stopping is ignored.
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      if (app.db.embedded) markServerStopping(env.WACOST_DB)
      say(`wacost: stopping (${signal}): finishing the batch that runs${webhooks ? ' and deriving the webhook deliveries that wait' : ''}, then closing the database …`)
      void app.close().then(() => { say('wacost: stopped'); process.exit(0) }, (e: unknown) => {
        say(`wacost: stopped with an error while closing: ${(e as Error).message}`)
        process.exit(1)
      })
    })
  }
  try {
    await app.listen({ port: env.PORT, host: env.HOST })
  } catch (e) {
    await app.close()
    throw e
  }

  // an IPv6 address in brackets (core/listen-address.ts)
  const port = (app.server.address() as { port: number }).port
  const base = serverBase(env.HOST, port)
  const url = `${base}/${generated ? `#key=${generated}` : ''}`
  say(`wacost is running on the ${app.db.embedded ? `embedded engine (${env.WACOST_DB})` : `server ${env.CLICKHOUSE_URL}`}`)
  say(`  dashboard: open ${url} in a browser${generated ? '' : ' and add #key=<your API key>'}`)
  say(`  API docs:  ${base}/docs`)
  say(webhooks ? `  webhook:   ${base}/webhooks/whatsapp (Meta's callback URL, behind your HTTPS proxy)` : '  webhook:   off (set WACOST_WEBHOOK_APP_SECRET and WACOST_WEBHOOK_VERIFY_TOKEN)')
  if (app.db.embedded) {
    // `wacost ingest` on this directory sends through this server (core/server-lock.ts); a
    // server on every interface is reached on the loopback one.
    writeServerLock(env.WACOST_DB, { url: localBase(env.HOST, port), pid: process.pid, ...(generated ? { key: generated } : {}) })
    // Removed on every exit that runs JavaScript (a signal below, an error); after a kill -9 the
    // file stays, and readers see that its process is gone.
    process.once('exit', () => { removeServerLock(env.WACOST_DB) })
  }
  // stdout carries only the URL, for scripts that start the server and open the page; where
  // stdout is stderr's file, the line above said it.
  if (!oneOutput()) process.stdout.write(`${url}\n`)

} catch (e) {
  await session?.close().catch(() => {})
  const listen = explainListenError(e)
  const said = listen ?? explainEngineError(e, { dir: env.WACOST_DB, server: env.CLICKHOUSE_URL })
  if (!said) throw e
  // npm start takes no --db: the CLI's "--db DIR or WACOST_DB" is said as WACOST_DB alone
  say(`wacost: ${startWords(said)}`)
  // a port it cannot listen on, a directory that holds no database, or one another process
  // holds: "could not start" (2), as the CLI says them (they exited 1, an engine error's or a
  // bug's status: break-it and fresh-user trials)
  process.exit(listen !== undefined || e instanceof DatabasePlaceError || (e instanceof EngineError && !env.CLICKHOUSE_URL && lockHolder(env.WACOST_DB) !== undefined) ? 2 : 1)
}
