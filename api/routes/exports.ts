// Finance downloads: the ledger, invoice and daily CSV exports of docs/exports.md for the WABAs
// and local days asked, streamed as they are written.
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError, errorSchema } from '../errors.ts'
import { filterParams, filterProperties, type FilterQuery } from '../filters.ts'
import { downloadName } from '../file-name.ts'
import { exportCsv, exportKinds, filteredKinds, type ExportKind } from '../../core/exports.ts'
import { invoiceUnfiltered } from '../../core/export-kinds.ts'
import { noneMatched, peekRows, uncoveredPeriod, type DataSpan } from '../../core/export-span.ts'
import { headerSafe } from '../../core/printable.ts'
import { cachedRows } from '../results.ts'

/** The dashboard's filters that the ledger and daily exports take, and the invoice refuses. */
const narrowing = ['phone', 'market', 'category', 'country'] as const

/**
 * The invoice's refusal of those filters, with the CLI's reason: the schema's own words ("not a
 * parameter of this route") did not say why (fresh-user trial). Named in the order the query gives
 * them, as `wacost export invoice` names its options in the order given (they were named in a
 * fixed order); `param` is the first. Undefined when none is given.
 */
function invoiceRefusal(query: unknown, takes: string[]): ApiError | undefined {
  const given = Object.keys((query ?? {}) as object).filter((k) => (narrowing as readonly string[]).includes(k))
  if (given.length === 0) return undefined
  return new ApiError(400, 'BAD_PARAMETER', `${given.join(', ')}: the invoice does not take ${given.length > 1 ? 'these filters' : 'this filter'}: `
    + `${invoiceUnfiltered}; it takes ${takes.join(', ')}.`, given[0])
}

const descriptions: Record<ExportKind, string> = {
  ledger: 'Every conversation opened in the period (local days of its WABA), one row each, all ledger fields plus waba_name, local_date and month. phone, market, category and country narrow it as on the dashboard (its total is then the headline\'s for the same filters). The file is named by what it covers: kind, WABAs asked (name and id; all-wabas), period and the filters asked.',
  invoice: 'One item row per WABA, local month, market, category and pricing type with conversations (per-message charges when its unit is message: the column keeps its name) and amount, then a total row per WABA and currency. Per WABA and period: phone, market, category and country are refused (400).',
  daily: 'One row per WABA, local day and currency: marketing, utility, authentication, service (paid charges only: free ones are counted in free_entry, free_tier and free_customer_service), free_entry, free_tier, conversations, cost, currency, authentication_international, free_customer_service. phone, market, category and country narrow it as on the dashboard; the file is named by what it covers, as the ledger.',
}

/**
 * Why the export of `wabas` (those asked, else every WABA the key may read; empty: every WABA) over
 * from..to holds its header only, when none of its days has data of them (core/export-span.ts), in
 * the words `wacost export` says on stderr; a limited key's own WABAs are said to be all it may read.
 */
async function emptyNotice(req: FastifyRequest<{ Querystring: FilterQuery }>, wabas: string[], from: string, to: string): Promise<string | undefined> {
  const [span] = await cachedRows<DataSpan>(req, 'queries/data_span', { wabas })
  const own = (req.query.waba ?? []).length === 0 && wabas.length > 0 ? ' (all this key may read)' : ''
  return uncoveredPeriod(span, { from, to }, wabas.length > 0 ? `of WABA ${wabas.join(', ')}${own} ` : '')
}

/**
 * GET /api/exports/{ledger,invoice,daily}, role read: the finance CSV of the view, named by what it
 * covers; a period none of whose days has data of its WABAs, or filters (phone, market, category,
 * country) that match nothing in it, answer the header alone with a Wacost-Notice header saying so.
 */
export async function exportRoutes(app: FastifyInstance): Promise<void> {
  for (const kind of exportKinds) {
    const properties = {
      waba: filterProperties.waba, from: filterProperties.from, to: filterProperties.to,
      // The invoice is per WABA and period: it takes none of the dashboard's other filters.
      ...(filteredKinds.includes(kind)
        ? { phone: filterProperties.phone, market: filterProperties.market, category: filterProperties.category, country: filterProperties.country }
        : {}),
      bom: { type: 'boolean', default: false, description: 'start with a UTF-8 byte-order mark (Excel reads accented names)' },
      excel: { type: 'boolean', default: false, description: 'for Excel: a byte-order mark, and ids of digits only (WABA, phone number, wa_id) written as ="…" so the spreadsheet keeps every digit instead of 1.04729E+14' },
    }
    app.get<{ Querystring: FilterQuery & { bom?: boolean; excel?: boolean } }>(`/api/exports/${kind}`, {
      // before the schema, which said only "not a parameter of this route"
      ...(filteredKinds.includes(kind) ? {} : {
        preValidation: async (req) => {
          const refused = invoiceRefusal(req.query, Object.keys(properties))
          if (refused) throw refused
        },
      }),
      schema: {
        summary: `Finance export: ${kind} (CSV)`,
        description: `${descriptions[kind]} RFC 4180, UTF-8, exact decimal amounts; columns in docs/exports.md. `
          + 'When no day of the period has data of the WABAs (asked, else all the key may read), the file holds its header alone and the answer has a header Wacost-Notice saying why: `no data of WABA 999000111222 (all this key may read) is stored: the file holds only its header`; so it has when the ledger\'s or daily\'s filters match nothing in a period with data: `no conversation or per-message charge of country CA in this period: the file holds the header only`.',
        tags: ['exports'],
        security: [{ apiKey: [] }],
        querystring: { type: 'object', additionalProperties: false, properties },
        response: { '4xx': errorSchema },
      },
    }, async (req, reply) => {
      // Validated and scoped as the dashboard's routes: an unknown (or unreadable) WABA, phone
      // number, market, category or country is a 404, so the file's total is the headline's for the same filters.
      const { wabas, from, to, phones, markets, categories, countries } = await filterParams(req)
      const params = { wabas, from, to, phones, markets, categories, countries }
      // a period without a day of data of these WABAs: its file holds the header alone, said why
      // in a header before it (a key limited to a WABA without data got no word: break-it trial)
      let notice = await emptyNotice(req, wabas, from, to)
      let csv = exportCsv(req.server.db, kind, params, { bom: req.query.bom, excel: req.query.excel })
      // filters that match nothing in a period with data: the header alone too, said as `wacost
      // export` says it (it had no word here: finance trial); read up to the first row to know
      const unmatched = notice === undefined ? noneMatched(params, req.query.waba ?? [], { from, to }) : undefined
      if (unmatched !== undefined) {
        const peeked = await peekRows(csv)
        csv = peeked.csv
        if (!peeked.rows) notice = unmatched
      }
      if (notice !== undefined) reply.header('wacost-notice', headerSafe(notice))
      // the file named by the WABAs asked (none: every WABA the key may read), by name and id
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${await downloadName(req, kind, params, req.query.excel)}"`)
        .send(Readable.from(csv))
    })
  }
}
