// The API under test: buildApp on a scratch engine (real migrations, real ingest), driven with
// app.inject. The key grants every WABA unless a test builds its own.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../api/app.ts'
import { parseKeys } from '../../api/plugins/auth.ts'
import { ingestSource } from '../../ingest/pipeline.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { CBP_ONLY, openEngine } from './engine.ts'
import { openDemoSession, openLogSession } from './demo.ts'
import type { Line } from './engine.ts'
import type { BatchSummary } from '../../core/batches.ts'
import type { Session } from '../../core/session.ts'

export const adminKey = 'test-admin-key-0123456789'

export interface TestApp { app: FastifyInstance; session: Session }

export async function openApp(ref: ReferenceOptions = {}, keys = `${adminKey}=*`, webRoot?: string): Promise<TestApp> {
  const session = await openEngine(ref)
  const app = await buildApp({ session, keys: parseKeys(keys), webRoot })
  return { app, session }
}

/** openApp whose one key `key` (every WABA) may also POST /api/ingest, through the real ingest (ingest/pipeline.ts). */
export async function openIngestApp(key: string, ref: ReferenceOptions = {}): Promise<TestApp> {
  const session = await openEngine(ref)
  const app = await buildApp({ session, keys: parseKeys(`${key}=*`), ingest: ingestSource })
  return { app, session }
}

/** openApp on the demo dataset (ingested once per version of the code: support/demo.ts), with its ingest's summary. */
export async function openDemoApp(keys = `${adminKey}=*`, webRoot?: string): Promise<TestApp & { summary: BatchSummary }> {
  const { session, summary } = await openDemoSession({ pricingModels: CBP_ONLY })
  const app = await buildApp({ session, keys: parseKeys(keys), webRoot })
  return { app, session, summary }
}

/** openApp (reference `ref`) holding the log `lines` as one batch (ingested once per version of the code: support/demo.ts), with its summary. */
export async function openLogApp(name: string, ref: ReferenceOptions, lines: Line[], keys = `${adminKey}=*`, webRoot?: string): Promise<TestApp & { summary: BatchSummary }> {
  const { session, summary } = await openLogSession(name, ref, lines)
  const app = await buildApp({ session, keys: parseKeys(keys), webRoot })
  return { app, session, summary }
}

export async function get(app: FastifyInstance, url: string, key = adminKey, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } })
}

/** JSON rows of a route (as ?format=json answers them). */
export async function json<T>(app: FastifyInstance, url: string, key = adminKey): Promise<T> {
  const res = await get(app, `${url}${url.includes('?') ? '&' : '?'}format=json`, key)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json<T>()
}
