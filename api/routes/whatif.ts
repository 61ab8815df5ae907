// What-if re-pricing on the dashboard (issue 13, item 5; docs/whatif.md): the stored traffic of
// the WABAs and local days asked, priced now and under an alternative timeline, per pricing
// category, pricing type and unit (sql/whatif/compare.sql). Alternatives: the scenarios shipped in
// config/whatif/, or a timeline the caller uploads (checked by the loader's own rules). The
// alternative is derived by the derive SQL in a database of its own (core/whatif.ts): several
// seconds the first time (≈ 5–7 s on the demo dataset), so an uncomputed what-if is started in the
// background and answered 202 "computing"; the same request answers the rows once it is done
// (kept until the stored data changes).
import type { FastifyInstance } from 'fastify'
import { ConfigError } from '../../core/reference/csv.ts'
import { compareParams, computeWhatif, settleWhatifs, whatifState, WhatifStopped, type WhatifRow } from '../../core/whatif.ts'
import { scenarioFile, scenarioSince, shippedScenarios, storeUpload, uploadLimit } from '../../core/whatif-scenarios.ts'
import type { Session } from '../../core/session.ts'
import { ApiError, errorSchema } from '../errors.ts'
import { checkPeriod, notADate, ScopeError } from '../../core/scope.ts'
import { filterParams, filterProperties, type FilterQuery } from '../filters.ts'
import { sendQuery } from '../results.ts'

export type { WhatifRow }

/** The answer while the alternative is being derived. */
export interface WhatifComputing { status: 'computing'; scenario: string; message: string }

interface WhatifQuery extends FilterQuery { scenario: string; since?: string; by_waba?: boolean }

// The last failure of each what-if database computed in the background, said to the next caller.
const failures = new Map<string, string>()

export async function whatifRoutes(app: FastifyInstance, opts: { exclusive: Session['exclusive'] }): Promise<void> {
  // Only this plugin's routes take a CSV body (the plugin is encapsulated).
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: uploadLimit }, (_req, body, done) => done(null, body))
  // A computation in the background writes in the session's directory: it ends before the session
  // closes (this plugin's onClose runs before the db plugin's, registered earlier).
  app.addHook('onClose', async (instance) => { await settleWhatifs(instance.db) })
  app.get('/api/whatif/scenarios', {
    schema: {
      summary: 'What-if scenarios',
      description: 'The alternative pricing-model timelines shipped in config/whatif/: id, description (the rows\' sources) and rows (effective_from, model, service, free_tier, utility_in_service_window). JSON.',
      tags: ['whatif'], security: [{ apiKey: [] }], response: { '4xx': errorSchema },
    },
  }, async () => shippedScenarios())

  app.post<{ Body: string }>('/api/whatif/timelines', {
    bodyLimit: uploadLimit,
    schema: {
      summary: 'Upload a what-if timeline',
      description: `A pricing-model timeline as CSV (text/csv, at most ${uploadLimit} bytes; header effective_from,model,service,free_tier,utility_in_service_window, pricing-models.md §1), checked like --pricing-models. Answers { scenario: "upload-<hash>" } for GET /api/whatif; kept until the server stops. A bad file is a 400 naming the line and the fix.`,
      tags: ['whatif'], security: [{ apiKey: [] }], response: { '4xx': errorSchema },
    },
  }, async (req, reply) => {
    if (typeof req.body !== 'string' || req.body.trim() === '') throw new ApiError(400, 'BAD_REQUEST', 'Send the timeline as text/csv in the request body.')
    try {
      return reply.code(201).send({ scenario: storeUpload(req.body) })
    } catch (e) {
      if (e instanceof ConfigError) throw new ApiError(400, 'BAD_REQUEST', e.message)
      throw e
    }
  })

  app.get<{ Querystring: WhatifQuery }>('/api/whatif', {
    schema: {
      summary: 'What-if re-pricing: current vs alternative',
      description: 'The traffic of the WABAs and local days asked, priced now and under the scenario (rows of sql/whatif/compare.sql: row_type item | category | total, waba_id (empty unless by_waba), waba_name, category, pricing_type, unit, currency, current_count, current_cost, alternative_count, alternative_cost, count_difference, difference = alternative − current; costs exact decimal strings, null when a charge has no rate-card price). 202 { status: "computing" } while the alternative is derived: ask again (Retry-After).',
      tags: ['whatif'], security: [{ apiKey: [] }],
      querystring: {
        type: 'object', additionalProperties: false, required: ['scenario'],
        properties: {
          scenario: { type: 'string', pattern: '^[a-z0-9-]{1,80}$', description: 'a shipped scenario id (GET /api/whatif/scenarios) or upload-<hash> (POST /api/whatif/timelines)' },
          since: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'apply a shipped scenario from this local day (YYYY-MM-DD): the database\'s own timeline before it' },
          by_waba: { type: 'boolean', default: false, description: 'one set of rows per WABA instead of their sum' },
          waba: filterProperties.waba, from: filterProperties.from, to: filterProperties.to, format: filterProperties.format,
        },
      },
      response: { '4xx': errorSchema },
    },
  }, async (req, reply) => {
    const { wabas, from, to } = await filterParams(req)
    const db = req.server.db
    let id: string | undefined = req.query.scenario
    if (req.query.since !== undefined) {
      if (id.startsWith('upload-')) throw new ApiError(400, 'BAD_PARAMETER', 'since applies to a shipped scenario; an uploaded timeline carries its own dates.', 'since')
      try {
        id = await scenarioSince(db, id, checkPeriod(req.query.since, undefined).from)
      } catch (e) {
        if (e instanceof ScopeError) throw new ApiError(400, 'BAD_DATE', notADate('since', req.query.since), 'since')
        if (e instanceof ConfigError) throw new ApiError(400, 'BAD_REQUEST', e.message, 'since')
        throw e
      }
    }
    const file = id === undefined ? undefined : scenarioFile(id)
    if (!file) throw new ApiError(404, 'NOT_FOUND', `Unknown scenario ${req.query.scenario} (see /api/whatif/scenarios).`, 'scenario')
    const scenario = { pricingModels: file }
    const state = await whatifState(db, scenario)
    if (!state.ready) {
      const failed = failures.get(state.database)
      if (failed !== undefined) {
        failures.delete(state.database)
        throw new ApiError(500, 'INTERNAL', `The what-if could not be computed: ${failed}`)
      }
      computeWhatif(db, scenario, { exclusive: opts.exclusive }).catch((e: unknown) => {
        failures.set(state.database, e instanceof Error ? e.message : String(e))
        if (e instanceof WhatifStopped) req.log.info('what-if stopped: the server is stopping')
        else req.log.error({ err: e }, 'what-if failed')
      })
      const body: WhatifComputing = { status: 'computing', scenario: req.query.scenario, message: 'The alternative pricing is being derived from the stored messages; ask again in a few seconds.' }
      return reply.code(202).header('retry-after', '2').send(body)
    }
    return sendQuery(req, reply, 'whatif/compare', compareParams(db, state, { wabas, from, to, byWaba: req.query.by_waba ?? false }))
  })
}
