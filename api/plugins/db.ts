// The ClickHouse session as a Fastify plugin: routes reach it as app.db, and it is closed when
// the app closes (tests, SIGTERM), never left to the process exit.
import fp from 'fastify-plugin'
import type { Db } from '../../core/db/client.ts'
import type { Session } from '../../core/session.ts'

declare module 'fastify' {
  interface FastifyInstance { db: Db }
}

export const dbPlugin = fp<{ session: Session }>(async (app, { session }) => {
  app.decorate('db', session.db)
  app.addHook('onClose', async () => { await session.close() })
})
