// The data version (core/data-version.ts) and the results cache keyed by it, as a Fastify
// plugin: routes reach them as app.dataVersion and app.results. Registered after the db plugin;
// the watcher stops when the app closes.
import fp from 'fastify-plugin'
import type { Session } from '../../core/session.ts'
import { watchDataVersion, type DataVersion } from '../../core/data-version.ts'
import { resultsCache, type ResultsCache } from '../results-cache.ts'

declare module 'fastify' {
  interface FastifyInstance { dataVersion: DataVersion; results: ResultsCache }
}

export const livePlugin = fp<{ session: Session }>(async (app, { session }) => {
  // On a ClickHouse server other processes may write: poll even when no page listens, so the
  // cache notices their batches within a second. The embedded engine is locked to this process.
  const dataVersion = await watchDataVersion(session, { alwaysPoll: !session.db.embedded })
  app.decorate('dataVersion', dataVersion)
  app.decorate('results', resultsCache(() => dataVersion.epoch))
  app.addHook('onClose', async () => { await dataVersion.close() })
})
