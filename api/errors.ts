// Every error the API returns has the same JSON shape: { error: { code, message, param? } }, so
// the dashboard and scripts can branch on a stable code and show the message to people.
import type { FastifyError, FastifyInstance } from 'fastify'
import { ScopeError } from '../core/scope.ts'

export type ErrorCode =
  | 'BAD_PARAMETER' | 'BAD_DATE' | 'PERIOD_REVERSED' | 'UNKNOWN_WABA'
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

export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError | ScopeError, req, reply) => {
    if (err instanceof ApiError || err instanceof ScopeError) {
      const status = err instanceof ApiError ? err.statusCode : 400
      return reply.code(status).send({ error: { code: err.code, message: err.message, param: err.param } })
    }
    if (err.validation) {
      const v = err.validation[0]
      const param = (v?.instancePath ?? '').replace(/^\//, '').split('/')[0] || String(v?.params?.missingProperty ?? '') || undefined
      return reply.code(400).send({ error: { code: 'BAD_PARAMETER', message: `${param ?? 'query'}: ${v?.message ?? err.message}`, param } })
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
