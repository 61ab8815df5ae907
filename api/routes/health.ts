// Liveness for load balancers and `npm start` scripts: the one route without an API key, and
// it says nothing about the data.
import type { FastifyInstance } from 'fastify'

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    schema: { summary: 'Health', tags: ['ops'], response: { 200: { type: 'object', properties: { status: { type: 'string' }, engine: { type: 'string' } } } } },
  }, async () => {
    await app.db.client.query({ query: 'SELECT 1', format: 'JSONEachRow', clickhouse_settings: { log_comment: 'wacost:health' } })
    return { status: 'ok', engine: app.db.embedded ? 'embedded' : 'server' }
  })
}
