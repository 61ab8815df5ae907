// Closing the app while a what-if computes in the background (api/routes/whatif.ts): the
// computation writes in the session's directory, so it must end before the session closes. A
// file of its own: chDB opens one data directory per process.
import { expect, it } from 'vitest'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../api/plugins/auth.ts'
import { adminKey, get } from './support/api.ts'
import { ingest, openEngine } from './support/engine.ts'
import { whatifLog } from './fixtures/whatif-log.ts'

const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
const rateCard = fileURLToPath(new URL('./fixtures/rate-card-pmp.csv', import.meta.url))

it('waits for a what-if computing in the background before the session closes', async () => {
  // npm start's logger (JSON lines): the stopped computation was logged as a level-50 error with
  // a stack, "what-if failed … the database is being closed" (break-it trial)
  const logged: { level: number; msg: string }[] = []
  const stream = { write: (line: string) => { logged.push(JSON.parse(line) as { level: number; msg: string }) } }
  const session = await openEngine({ pricingModels: shipped, rateCard })
  const t = { session, app: await buildApp({ session, keys: parseKeys(`${adminKey}=*`), logger: { level: 'info', stream } }) }
  await ingest(t.session, whatifLog)
  const res = await get(t.app, '/api/whatif?scenario=conversation-based&format=json')
  expect(res.statusCode).toBe(202)
  // until the what-if database exists: the computation writes in the directory now
  const dir = t.session.db.path!
  while (!readdirSync(join(dir, 'metadata')).some((f) => /_whatif_/.test(f))) await new Promise((r) => setTimeout(r, 20))
  // the scratch session removes its directory on close: a computation still writing there fails it
  await expect(t.app.close()).resolves.toBeUndefined()
  expect(existsSync(dir)).toBe(false)
  expect(logged.filter((l) => l.level >= 40)).toEqual([])
  expect(logged.map((l) => l.msg)).toContain('what-if stopped: the server is stopping')
}, 120_000)
