// Every error the API returns has the same JSON shape: { error: { code, message, param? } }, so
// the dashboard and scripts can branch on a stable code and show the message to people.
import type { FastifyError, FastifyInstance } from 'fastify'
import { ScopeError } from '../core/scope.ts'

export type ErrorCode =
  | 'BAD_PARAMETER' | 'BAD_DATE' | 'PERIOD_REVERSED' | 'UNKNOWN_WABA'
  | 'UNKNOWN_PHONE_NUMBER' | 'UNKNOWN_MARKET' | 'UNKNOWN_CATEGORY' | 'UNKNOWN_CUSTOMER'
  | 'UNAUTHORIZED' | 'NOT_ACCEPTABLE' | 'NOT_FOUND' | 'INTERNAL'

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly code: ErrorCode, message: string, readonly param?: string) {
    super(message)
  }
}

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, param: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
} as const

type Validation = NonNullable<FastifyError['validation']>[number] & { parentSchema?: { properties?: Record<string, unknown> } }

/**
 * A schema violation in words that name the parameter as the caller wrote it: an unknown one with
 * the parameters the route takes, a value outside a list with the values allowed.
 */
function validationMessage(v: Validation | undefined, fallback: string): { param?: string; message: string } {
  const params = (v?.params ?? {}) as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] }
  if (params.additionalProperty !== undefined) {
    const known = Object.keys(v?.parentSchema?.properties ?? {})
    return {
      param: params.additionalProperty,
      message: `${params.additionalProperty}: not a parameter of this route${known.length ? `; it takes ${known.join(', ')}` : ''}.`,
    }
  }
  const param = (v?.instancePath ?? '').replace(/^\//, '').split('/')[0] || params.missingProperty || undefined
  if (params.allowedValues) {
    return { param, message: `${param ?? 'query'}: must be one of ${params.allowedValues.join(', ')}.` }
  }
  return { param, message: `${param ?? 'query'}: ${v?.message ?? fallback}` }
}

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | ScopeError, req, reply) => {
    if (err instanceof ApiError || err instanceof ScopeError) {
      const status = err instanceof ApiError ? err.statusCode : 400
      return reply.code(status).send({ error: { code: err.code, message: err.message, param: err.param } })
    }
    if (err.validation) {
      const { param, message } = validationMessage(err.validation[0], err.message)
      return reply.code(400).send({ error: { code: 'BAD_PARAMETER', message, param } })
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'BAD_PARAMETER', message: err.message } })
    }
    req.log.error(err)
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; the server log has the details.' } })
  })
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } })
  })
}
