// The only module that reads process.env: every setting is declared, documented and
// validated here, so a typo in a variable fails loudly at start instead of silently
// falling back to a default.
import { join } from 'node:path'
import { z } from 'zod'
import { quoted } from './blanks.ts'
import { dbDirValue, DEFAULTS, digits, noBlank, portValue } from './env-rules.ts'
import { hostValue } from './listen-address.ts'
import { keyEntryProblem, repeatedKeys, singleKeyProblem } from './keys.ts'

/** WACOST_BODY_IDLE_SECONDS unset: how long a POST /api/ingest or webhook body may send nothing. */
export const BODY_IDLE_SECONDS = 60

const schema = z.object({
  // URL of a ClickHouse server (e.g. http://localhost:8123). When set, every command talks to
  // that server instead of the embedded chDB engine; the SQL is the same.
  CLICKHOUSE_URL: z.string().url().optional(),
  // Credentials for CLICKHOUSE_URL. Ignored by the embedded engine. docker-compose.yml takes
  // the server's password from the same CLICKHOUSE_PASSWORD, so one export serves both.
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  // Data directory of the embedded engine (chDB). The --db flag overrides it. A blank at an end is
  // refused (one inside is part of the path).
  WACOST_DB: dbDirValue.default(DEFAULTS.WACOST_DB),
  // Name of the Atomic database that holds all of wacost's tables.
  WACOST_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('wacost'),
  // Set to 1 to print every .sql statement's duration to stderr (profiling).
  WACOST_TRACE: z.string().superRefine(noBlank()).pipe(z.enum(['0', '1'], 'expected 1 (on) or 0 (off)')).default('0'),
  // Tests only: the name of a statement (e.g. derive/20_conversations) after which the process
  // kills itself (SIGKILL, like a crash or kill -9), to prove a crash at any point loses nothing.
  WACOST_TEST_CRASH_AT: z.string().min(1).optional(),
  // Port and interface of the API and dashboard (`npm start`).
  PORT: portValue.default(DEFAULTS.PORT),
  // Blanks are refused here; an address that cannot be listened on (brackets, a port, a scheme, no
  // such address) is said by npm start, which listens (bin/start.ts).
  HOST: hostValue.default(DEFAULTS.HOST),
  // What the server (`npm start`) logs, as JSON lines on stderr: every 5xx with its request id
  // at `error`; `info` adds one line per request.
  WACOST_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  // API keys, comma-separated: `key=WABAS` or `key=WABAS:ROLES`. WABAS is `*` (every WABA) or
  // `waba1|waba2` (only those); ROLES is `read` (dashboard, customer pages, exports), `ingest`
  // (POST /api/ingest, `wacost ingest` through the server) and/or `admin` (everything), joined by
  // `+`; without `:ROLES` a key has every role. E.g.
  // `WACOST_API_KEYS=s3cret=*,acme-ro=102290129340398:read,loader-key-0123456=*:ingest`.
  // Unset (or empty: `npm start` then says it is set but empty): `npm start` makes one key with
  // every role and prints the dashboard URL that carries it. Keys must be 16+ characters, and the
  // list has no blanks.
  WACOST_API_KEYS: z.string()
    .superRefine((v, ctx) => {
      // (empty, it never comes here: read as unset, as every variable, by loadEnv; npm start says so)
      if (v.trim() === '') {
        ctx.addIssue({ code: 'custom', message: 'only blanks, no key: give keys (key=WABAS or key=WABAS:ROLES, comma-separated), or leave it empty or unset and npm start makes one key at each start' })
        return
      }
      const entries = v.split(',')
      // which entry is wrong and how, before the general sentence: `short=*` and `…=*:write` got
      // only the latter (break-it trial). keyEntryProblem checks the whole key=WABAS[:ROLES]
      // grammar, so every refused list names its entry (no second regex to drift from it).
      const problem = entries.map((entry, i) => keyEntryProblem(entry, i + 1)).find((p) => p !== undefined)
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${problem}; expected key=*, key=waba1|waba2, or either followed by :ROLES (read, ingest, admin joined by +, e.g. key=*:read+ingest), comma-separated without blanks, keys of 16+ characters [A-Za-z0-9_.~-]` })
        return
      }
      // a key given twice took its last grant, silently: a key meant to read one WABA could get
      // every WABA and role by the order of the list (break-it trial); named by position
      const repeated = repeatedKeys(entries)
      if (repeated !== undefined) {
        ctx.addIssue({ code: 'custom', message: `${repeated}: give each key once, with all its WABAs and roles in one entry (key=waba1|waba2:read+ingest)` })
      }
    })
    .optional(),
  // The key `wacost ingest` sends when it goes through a running server (it needs the ingest
  // role). Unset: the first key of WACOST_API_KEYS with that role, else the key the server wrote
  // into its lock file (a server that generated its key).
  // A wrong one is named with what is wrong (a blank, a character, too short), never echoed.
  WACOST_API_KEY: z.string()
    .superRefine((v, ctx) => {
      const problem = singleKeyProblem(v)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `${problem}; expected one key of 16+ characters [A-Za-z0-9_.~-]` })
    })
    .optional(),
  // Meta's webhooks (POST /webhooks/whatsapp). The app secret of the Meta app (App settings >
  // Basic): every delivery's X-Hub-Signature-256 is checked against it. Unset (with the verify
  // token): the webhook routes answer 404.
  WACOST_WEBHOOK_APP_SECRET: z.string().min(1).optional(),
  // The verify token typed into Meta's webhook settings; GET /webhooks/whatsapp answers Meta's
  // verification handshake only when hub.verify_token equals it. Set both or neither.
  WACOST_WEBHOOK_VERIFY_TOKEN: z.string().min(1).optional(),
  // Stored deliveries are ingested and derived in micro-batches: one starts at most this many
  // milliseconds after the first delivery waiting (10–500) … (only an idle receiver waits: under
  // traffic the next batch starts as the one before ends, with what came meanwhile; 50, not 200:
  // a lone delivery shows 150 ms sooner, bench:pages)
  WACOST_WEBHOOK_BATCH_MS: digits(10, 500).default(50),
  // … or as soon as this many deliveries wait (a micro-batch takes at most this many).
  WACOST_WEBHOOK_BATCH_DELIVERIES: digits(1, 100_000).default(500),
  // CPU priority (Linux nice, 0–19) of the engine's threads while they ingest and derive for the
  // server (webhook micro-batches, POST /api/ingest): writes nobody waits on yield the cores to
  // the answers people wait for (panels, the investigation page, the webhooks' 200). 0: no
  // difference. The engine applies it only with CAP_SYS_NICE (root, or the capability given to
  // the service); without it, it is ignored.
  WACOST_WRITE_NICE: digits(0, 19).default(10),
  // Seconds a request body (POST /api/ingest, a webhook delivery) may send nothing while more is
  // expected (1–3600): a client that stops sending without closing (a Content-Length larger than
  // what it sends) is answered 408 saying so, and its connection (for an ingest, the one writer it
  // held) is free again.
  WACOST_BODY_IDLE_SECONDS: digits(1, 3600).default(BODY_IDLE_SECONDS),
  // Directory of the webhook spool: each verified delivery is appended to a file there and
  // fsync'ed before its 200, then moved into the engine by its micro-batch (the engine is not on
  // the request path). Unset: `webhook-spool` inside WACOST_DB (beside the embedded database and
  // its lock file; with CLICKHOUSE_URL, WACOST_DB names no engine but still a local directory,
  // ./data by default). Each API process keeps its own spool (a lock file refuses a second process
  // on one directory): with several processes on one host give each its own. Created mode 0700:
  // the bodies hold customers' phone numbers.
  WACOST_WEBHOOK_SPOOL_DIR: z.string().min(1).optional(),
  // Memory the deliveries waiting for (or in) a micro-batch may hold, in MiB: beyond it a new
  // delivery is answered 503 with Retry-After, before it is spooled, and Meta sends it again later
  // (Meta retries a delivery that did not get its 200). Bounds the server when the engine falls behind.
  WACOST_WEBHOOK_MAX_WAITING_MB: digits(1, 65_536).default(256),
  // Days a stored delivery's body is kept once its records were ingested and derived (the audit
  // trail of what Meta sent): older ones are forgotten at start and every hour. At least 7: Meta
  // retries a delivery for up to 7 days, and a stored retry of a forgotten body is still recognised
  // (the ids of derived deliveries are kept). Unset: bodies are kept for ever.
  WACOST_WEBHOOK_KEEP_DAYS: digits(7, 36_500).optional(),
}).superRefine((v, ctx) => {
  // One without the other would leave half a receiver: a handshake nobody can pass, or posts
  // nobody can sign.
  if ((v.WACOST_WEBHOOK_APP_SECRET === undefined) !== (v.WACOST_WEBHOOK_VERIFY_TOKEN === undefined)) {
    const [missing, given] = v.WACOST_WEBHOOK_APP_SECRET === undefined
      ? ['WACOST_WEBHOOK_APP_SECRET', 'WACOST_WEBHOOK_VERIFY_TOKEN'] : ['WACOST_WEBHOOK_VERIFY_TOKEN', 'WACOST_WEBHOOK_APP_SECRET']
    // said as unset with its remedy: "fix or unset it" of a variable already unset (webhook trial)
    ctx.addIssue({ code: 'custom', path: [missing], params: { unset: `set it, or unset ${given}` },
      message: 'the webhook needs both WACOST_WEBHOOK_APP_SECRET and WACOST_WEBHOOK_VERIFY_TOKEN, or neither' })
  }
})

export type Env = z.infer<typeof schema>

/** The webhook spool's folder name in the database directory, unless WACOST_WEBHOOK_SPOOL_DIR says otherwise. */
export const WEBHOOK_SPOOL = 'webhook-spool'

/** The webhook spool's directory: WACOST_WEBHOOK_SPOOL_DIR, else `webhook-spool` in the database directory `dbDir`. */
export function webhookSpoolDir(e: Env, dbDir: string = e.WACOST_DB): string {
  return e.WACOST_WEBHOOK_SPOOL_DIR ?? join(dbDir, WEBHOOK_SPOOL)
}

const secrets = new Set(['CLICKHOUSE_PASSWORD', 'WACOST_API_KEYS', 'WACOST_API_KEY', 'WACOST_WEBHOOK_APP_SECRET', 'WACOST_WEBHOOK_VERIFY_TOKEN'])

/** A variable of the environment is not valid; the message is one sentence naming it. */
export class EnvError extends Error {}

/**
 * The variables of this process's environment set to the empty string, which loadEnv reads as
 * unset: npm start says so of WACOST_API_KEYS (`WACOST_API_KEYS=` made a new key unsaid).
 */
export const setButEmpty: ReadonlySet<string> = new Set(Object.keys(process.env).filter((name) => process.env[name] === ''))

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (CLICKHOUSE_URL=) means unset, as in most shells' conventions.
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const parsed = schema.safeParse(set)
  if (!parsed.success) {
    const unset = (i: z.core.$ZodIssue) => i.code === 'custom' ? (i.params as { unset?: string } | undefined)?.unset : undefined
    const wrong = parsed.error.issues.filter((i) => unset(i) === undefined).map((i) => {
      const name = i.path.join('.')
      // Secrets are named, never echoed (the message lands in terminals and CI logs).
      const shown = secrets.has(name) ? '' : `=${quoted(set[name] ?? '')}`
      return `${name}${shown} (${i.message})`
    })
    // a variable missing is said unset, with its own remedy
    const missing = parsed.error.issues.filter((i) => unset(i) !== undefined).map((i) => `${i.path.join('.')} is unset (${i.message}): ${unset(i)}`)
    const parts = [...wrong.length > 0 ? [`${wrong.join(', ')}; fix or unset ${wrong.length > 1 ? 'them' : 'it'}`] : [], ...missing]
    throw new EnvError(`invalid environment: ${parts.join('; ')}`)
  }
  return parsed.data
}

// Read once when the first module imports it: with an invalid variable no command can run, so
// every entry point (npm start, the CLI) exits 2 with the sentence instead of a stack.
function loadOrExit(): Env {
  try {
    return loadEnv()
  } catch (e) {
    if (!(e instanceof EnvError)) throw e
    process.stderr.write(`wacost: ${e.message}\n`)
    process.exit(2)
  }
}

export const env: Env = loadOrExit()

/**
 * What npm made of `npm start`'s options given without `--` before them: it takes them as its own
 * settings and hands them to the script as npm_config_db (…port, …host) variables, not as
 * arguments, so the server started on the defaults and said nothing of DIR (break-it trial). Each
 * as npm hands it over: `--db=DIR` as its value, `--db DIR` (and `--db= DIR`) as "true" (or ""),
 * its DIR then passed alone as an argument (npm 10). `byNpm`: `npm start` runs this process (not
 * npx, not npm test), so an argument may be such a value. bin/start-args.ts refuses them as it
 * refuses arguments.
 */
export const npmStart: { byNpm: boolean; settings: { name: 'db' | 'port' | 'host'; value: string }[] } = {
  byNpm: process.env.npm_lifecycle_event === 'start',
  settings: (['db', 'port', 'host'] as const).flatMap((name) => {
    const value = process.env[`npm_config_${name}`]
    return value === undefined ? [] : [{ name, value }]
  }),
}

/** PORT when the environment gives it, undefined when unset (its default): npm start tells a HOST with a port of it (bin/start.ts). */
export const givenPort: number | undefined = (process.env.PORT ?? '') === '' ? undefined : env.PORT
