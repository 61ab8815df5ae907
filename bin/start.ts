// `npm start`: the embedded engine in WACOST_DB (or the CLICKHOUSE_URL server), the demo dataset
// when the database is empty, the dashboard built if needed, the API and page on HOST:PORT.
// The server's composition root: it joins two features (api/ serves what ingest/ loaded),
// which never import each other (docs/architecture.md).
import { randomBytes } from 'node:crypto'
import { env } from '../core/config.ts'
import { hasMessages, openPersistent } from '../core/session.ts'
import { loadDemo } from '../ingest/demo/load.ts'
import { describeBatch } from '../ingest/report.ts'
import { buildApp } from '../api/app.ts'
import { describeReport, runReport } from '../core/reports.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { buildWebIfNeeded, webRoot } from '../api/web-build.ts'

const say = (line: string) => process.stderr.write(`${line}\n`)

await buildWebIfNeeded(say)
const session = await openPersistent(undefined, {})
if (!(await hasMessages(session.db))) {
  say('empty database: loading the demo dataset (3 WABAs, 60 days) through the ingest path …')
  say(describeBatch(await loadDemo(session.db)))
}
// Unpriced conversations (incomplete totals) and status records with no message, said at start.
for (const line of describeReport(await runReport(session.db))) say(line)

// Without configured keys, one key for every WABA, valid until the server stops.
const generated = env.WACOST_API_KEYS ? undefined : randomBytes(18).toString('base64url')
const keys = parseKeys(env.WACOST_API_KEYS ?? `${generated}=*`)
const app = await buildApp({ session, keys, webRoot, logger: false })
await app.listen({ port: env.PORT, host: env.HOST })

const base = `http://${env.HOST}:${(app.server.address() as { port: number }).port}`
say(`wacost is running on the ${session.db.embedded ? `embedded engine (${env.WACOST_DB})` : `server ${env.CLICKHOUSE_URL}`}`)
say(`  dashboard: ${base}/${generated ? `#key=${generated}` : '  (add #key=<your API key>)'}`)
say(`  API docs:  ${base}/docs`)
// stdout carries only the URL, for scripts that start the server and open the page.
process.stdout.write(`${base}/${generated ? `#key=${generated}` : ''}\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { void app.close().then(() => process.exit(0)) })
}
