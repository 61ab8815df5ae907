// GET /api/events: server-sent events that tell an open page the data changed, so it refreshes
// what it shows (the dashboard's and the customer page's "live, updated hh:mm:ss" mark).
import type { FastifyInstance } from 'fastify'
import type { ServerResponse } from 'node:http'
import { errorSchema } from '../errors.ts'
import { filterParams, filterProperties } from '../filters.ts'
import { first } from '../../core/db/lanes.ts'
import { endWhenClientLeaves } from '../client-gone.ts'

/** A comment line every HEARTBEAT_MS keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000
/** How long a browser waits before reconnecting after the stream broke (EventSource's retry:). */
const RETRY_MS = 2_000

const event = (name: string, version: number) => `event: ${name}\ndata: ${JSON.stringify({ version })}\n\n`

/**
 * A text/event-stream: `event: version` with `data: {"version":N}` at once (N: the id of the
 * last finished batch that stored or changed something, core/data-version.ts), then `event:
 * change` with the new N whenever such a batch finished (this server's ingest, webhook
 * micro-batches or rebuilds at once; another
 * process's on the same database within about a second), and a `: heartbeat` comment every 15 s.
 * Needs a key like every /api route; `waba` is checked like the filter bar's (404 for a WABA the
 * key may not read). The version is the database's, not the WABA's: it says when, never what.
 * Streams end when the client leaves (closes the connection or its side of it) or the server closes.
 */
export async function eventRoutes(app: FastifyInstance): Promise<void> {
  const open = new Set<ServerResponse>()
  // Before the server stops accepting: an open stream would keep app.close() waiting forever.
  app.addHook('preClose', async () => { for (const res of open) res.end() })

  app.get<{ Querystring: { waba?: string[] } }>('/api/events', {
    schema: {
      summary: 'Data changes, as server-sent events',
      description: 'text/event-stream: event "version" on connect and event "change" after each finished batch that stored or changed something, both with data {"version": N} (the id of the last such batch); a heartbeat comment every 15 s.',
      tags: ['live'],
      security: [{ apiKey: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { waba: filterProperties.waba } },
      response: {
        200: { description: 'The event stream (never ends by itself).', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        '4xx': errorSchema,
      },
    },
  }, async (req, reply) => {
    await filterParams(req)
    // In the engine's first lane (core/db/lanes.ts): a page's live mark waits for this event,
    // which otherwise waited behind the panels asked at the same instant, by it or another page.
    const version = await first(() => app.dataVersion.check())
    const res = reply.raw
    // The stream is written by hand: compression and serialization would hold events back.
    reply.hijack()
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx would buffer the stream otherwise.
      'x-accel-buffering': 'no',
    })
    res.write(`retry: ${RETRY_MS}\n${event('version', version)}`)
    open.add(res)
    const unsubscribe = app.dataVersion.subscribe((v) => { res.write(event('change', v)) })
    const heartbeat = setInterval(() => { res.write(': heartbeat\n\n') }, HEARTBEAT_MS)
    heartbeat.unref()
    const done = () => {
      clearInterval(heartbeat)
      unsubscribe()
      open.delete(res)
    }
    // its FIN too: connections are kept half-open (api/app.ts), so the closed one never came
    endWhenClientLeaves(req.raw, res, done)
  })
}
