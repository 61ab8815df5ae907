// A query parameter that takes a whole number takes it written in digits only, as `wacost
// rejected --batch N` does: the schema validator read any text JavaScript reads as a number
// (`?batch=1e2` listed batch 100, `0x10` batch 16, `2.0` batch 2, ` 7` batch 7: break-it trial),
// so a typo answered for another number than the one written, unsaid.
import type { FastifyInstance } from 'fastify'
import { ApiError } from './errors.ts'

interface QuerySchema { properties?: Record<string, { type?: string; description?: string }> }

/**
 * A preValidation hook on every route: a value of a query parameter whose schema type is
 * `integer` that JavaScript reads as a number but that is not digits (after an optional minus) is
 * answered 400 BAD_PARAMETER naming the parameter, the value and what it takes. An empty value,
 * text that is no number, or a value given twice is left to the schema, which says so (api/errors.ts).
 */
export function registerWholeNumbers(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const properties = (req.routeOptions.schema?.querystring as QuerySchema | undefined)?.properties
    if (!properties) return
    const query = req.query as Record<string, unknown>
    for (const [name, schema] of Object.entries(properties)) {
      const v = query[name]
      // (text that is no number at all, "seven", is the schema's to refuse: it says so)
      if (schema.type !== 'integer' || typeof v !== 'string' || v === '' || /^-?[0-9]+$/.test(v) || Number.isNaN(Number(v))) continue
      const shown = JSON.stringify(v.length > 60 ? `${v.slice(0, 59)}…` : v)
      throw new ApiError(400, 'BAD_PARAMETER', `${name}: ${shown} is not a whole number written in digits`
        + `${schema.description ? ` (expected: ${schema.description})` : ''}; a number in another form (1e2, 0x10, 2.0, +5) is not read.`, name)
    }
  })
}
