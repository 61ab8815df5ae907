// Support's routes: find a customer by number (any spelling) or message id, then the customer's
// conversations and messages with the reason for every charge in words, and the one-sentence
// answer to "why was this customer charged N times?". The words come from the SQL views
// customer_conversations / customer_messages, never from here.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { panel } from './panel.ts'
import { ApiError, emptyMessage, errorSchema } from '../errors.ts'
import { defaultCountry, numberCandidates } from '../customer-number.ts'
import { filterParams, type FilterParams } from '../filters.ts'
import { rows } from '../../core/db/sql.ts'
import { cachedRows, sendQuery, formats } from '../results.ts'

export interface CustomerMatchRow {
  waba_id: string; waba_name: string; timezone: string; phone_number_id: string
  /** the phone number's name or display number (phone_number_labels), else its id */
  phone_label: string; wa_id: string
  matched_by: 'number' | 'message'; country: string; messages: number; first_at: number; last_at: number
}
export interface CustomerConversationRow {
  conversation_id: string; waba_id: string; phone_number_id: string; wa_id: string; country: string; market: string
  category: string; opened_at: number; closed_at: number; close_reason: string; opening_message_id: string
  /** cost and currency: null for a charge with no rate-card price (unpriced 1; charged 1: charged, price unknown) */
  template_name: string; pricing_type: string; cost: string | null; currency: string | null; charged: number; unpriced: number; suppressed: number
  in_period: number; reason: string; explanation: string; entry_point: string; ad_id: string; reply_at: number | null; timezone: string
}
export interface CustomerMessageRow {
  message_id: string; waba_id: string; phone_number_id: string; wa_id: string; sent_at: number; event_at: number
  direction: string; template_category: string; template_name: string; msg_type: string; entry_point: string; ad_id: string
  verdict: string; conversation_id: string; conversation_category: string; lane: string; explanation: string; timezone: string
  /** Meta's error on the message's failed status, "code: title"; '' when none was reported. */
  failure: string
  /** What Meta decided (its status lines, view meta_pricing): billable 1/0, null when Meta said nothing; texts '' when not said. */
  meta_billable: number | null; meta_pricing_model: string; meta_category: string; meta_type: string
  meta_conversation_id: string; meta_origin_type: string
}
/** sql/api/customer_top.sql: a customer with the most charges of the period, in one currency. */
export interface CustomerTopRow {
  wa_id: string
  /** the customer's country (ISO 3166 alpha-2), '' when unknown; currency: amount's, null when none of the charges has a price */
  country: string; currency: string | null
  /** charges: charged conversations (conversation-based pricing) plus charged messages (per-message pricing) */
  charges: number; conversations: number; messages: number
  /**
   * amount: the charges with a rate-card price (exact decimal string), null when none has one;
   * unpriced: those without one, left out of it (counted in the customer's row, in no currency)
   */
  amount: string | null; unpriced: number
  /** how many WABAs and phone numbers the charges are on; waba_name: their WABA's name when one, else '' */
  wabas: number; phone_numbers: number; waba_name: string
  /** the WABA's time zone when one WABA, else UTC */
  timezone: string
  /** the first and the last charge's instant (ms) */
  first_at: number; last_at: number
}
/** sql/api/message_key.sql: the key a message id has now (none: no such live message in the WABAs asked). */
export interface MessageKeyRow { phone_number_id: string; wa_id: string }
export interface CustomerSummaryRow {
  /** amount: null when some of the charges (unpriced of them) have no rate-card price */
  charges: number; amount: string | null; currency: string; unpriced: number; conversations: number; messages: number; reused: number
  free_entry: number; free_tier: number; suppressed: number; guardrail: number; not_delivered: number
  /** discrepancies with Meta's statuses in the period (view reconciliation), by message or Meta conversation */
  meta_differences: number
  summary: string
}

const customerProperties = {
  customer: { type: 'string', minLength: 1, maxLength: 64, description: 'the customer\'s number in any common spelling: +1 555-123-4567, 15551234567, (555) 123 4567 (national numbers need country)' },
  country: { type: 'string', minLength: 2, maxLength: 2, description: 'default country for national spellings, ISO 3166 alpha-2 (e.g. US)' },
} as const

interface CustomerQuery { customer: string; country?: string }

/** The keys support's investigation reads for a customer (see sql/api/customer_known.sql). */
interface CustomerKeys { key_phones: string[]; key_wa_ids: string[] }

/**
 * The customer's keys (every phone number of the asked WABAs and phone numbers crossed with the
 * candidate wa_ids of the number typed), resolved once for the query they feed; 400 when the text
 * holds no number, 404 when no message has one. Through the results cache: the investigation page
 * asks its three panels of one customer together, and each look-up queued behind the engine
 * (100–250 ms each while the dashboard refreshed after a batch: bench:pages).
 */
async function customers(q: CustomerQuery, filters: FilterParams, req: FastifyRequest): Promise<CustomerKeys> {
  const found = numberCandidates(q.customer, defaultCountry(q.country))
  if (found.length === 0) throw new ApiError(400, 'BAD_PARAMETER', `customer: "${q.customer}" holds no phone number.`, 'customer')
  const [known] = await cachedRows<{ found: number } & CustomerKeys>(req, 'api/customer_known', { customers: found, phones: filters.phones, wabas: filters.wabas })
  if (!known?.found) throw new ApiError(404, 'UNKNOWN_CUSTOMER', `No messages with customer ${q.customer}${filters.phones.length ? ' on these phone numbers' : ''}.`, 'customer')
  return { key_phones: known.key_phones, key_wa_ids: known.key_wa_ids }
}

function customerPanel(app: FastifyInstance, url: string, sql: string, summary: string, description: string, message = false): void {
  panel<CustomerQuery>(app, {
    url, sql, summary, description, tag: 'support',
    properties: customerProperties, without: ['market', 'category', 'country'], required: ['customer'],
    params: async (q, filters, req) => ({ ...(await customers(q, filters, req)), ...(message ? { message: '' } : {}) }),
  })
}

const lookupQ = { type: 'string', minLength: 1, maxLength: 200, description: 'a customer number in any common spelling, or a message id' } as const

export async function customerRoutes(app: FastifyInstance): Promise<void> {
  panel<{ q: string; country?: string }>(app, {
    url: '/api/customer/lookup', sql: 'api/customer_lookup', tag: 'support',
    summary: 'Find customers by number or message id',
    description: 'One row per WABA, phone number and customer matching q (a number in any spelling, or a message id): matched_by (number|message), waba_name, timezone, country, messages, first_at, last_at. At most 50 rows.',
    properties: {
      q: lookupQ,
      country: customerProperties.country,
    },
    without: ['market', 'category', 'country', 'from', 'to'], required: ['q'],
    params: (q) => {
      // blank (q=%20) is empty, as q= is: it answered 200 [] (fresh-user trial)
      if (q.q.trim() === '') throw new ApiError(400, 'BAD_PARAMETER', emptyMessage('q', lookupQ.description), 'q')
      return { customers: numberCandidates(q.q, defaultCountry(q.country)), message: q.q.trim() }
    },
  })
  panel(app, {
    url: '/api/customer/top', sql: 'api/customer_top', tag: 'support',
    summary: 'The customers with the most charges in the period',
    description: 'At most 50 rows, one per customer (wa_id) and currency, the most charges first, then the highest amount: charges of the period (local days of each WABA) on the WABAs and phone numbers asked, as the customer\'s answer counts them (/api/customer/summary): charges = conversations (charged conversations, conversation-based pricing) + messages (charged messages, per-message pricing); amount (exact decimal string) of those with a rate-card price, unpriced those without one (not in amount, and in the row of the customer\'s priced charges: a charge without a price has no currency; amount and currency are null when no charge of the customer has a price); country, wabas, phone_numbers, waba_name and timezone (of the WABA when one, else UTC), first_at and last_at (the first and last charge). Read from the ledger by period: no message is read.',
    without: ['market', 'category', 'country'],
  })
  customerPanel(app, '/api/customer/conversations', 'api/customer_conversations',
    'A customer\'s conversations, each with its cost and reason',
    'Conversations opened in the period (in_period = 1; their charges count) and earlier ones a message of the period was attributed to (in_period = 0): category, opened_at, closed_at, close_reason, pricing_type, cost (exact decimal string; null with currency for a charge with no rate-card price), charged, unpriced (1: charged, but the rate card has no price for its market and category on its day), suppressed (closed by a free entry point), reason (FIRST, EXPIRED, AFTER_FEP, CROSS_CATEGORY, SERVICE_OPEN, FREE_TIER, FREE_ENTRY_POINT or PER_MESSAGE; which one when several could: docs/rules.md, "Why a conversation opened") and explanation (plain language; times in the timezone column).')
  customerPanel(app, '/api/customer/messages', 'api/customer_messages',
    'A customer\'s messages, each with its verdict in words',
    'Messages of the period in the order the rules take them: sent_at, event_at (delivery, or send time when judged at sending), direction, template category and name, verdict, the conversation it is attributed to, the timeline lane, the explanation, for a failed send the failure Meta reported (failure: "131047: Re-engagement message"), and what Meta decided from its status lines: meta_billable (1, 0, null when not said), meta_pricing_model, meta_category, meta_type, meta_conversation_id, meta_origin_type.', true)
  customerPanel(app, '/api/customer/summary', 'api/customer_summary',
    'Why was this customer charged N times? One sentence',
    'One row: charges, amount (null when some charges have no rate-card price), currency, unpriced (those charges), conversations, messages, reused, free_entry, free_tier, suppressed, guardrail, not_delivered, meta_differences (where Meta\'s statuses decided otherwise: the reconciliation\'s discrepancies of the period) and summary, the sentence that answers the ticket.')

  app.get<{ Params: { id: string }; Querystring: { format?: string } }>('/api/messages/:id', {
    schema: {
      summary: 'Look up one message: its customer, verdict and explanation',
      description: 'The message\'s one row with the columns of /api/customer/messages (its customer, verdict, conversation, explanation, failure and what Meta decided), found under the customer it belongs to now (after a correction moved it, there). 404 NOT_FOUND when no live message has this id on a phone number of the WABAs the key may read.',
      tags: ['support'],
      security: [{ apiKey: [] }],
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] },
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: formats } } },
      response: { '4xx': errorSchema },
    },
  }, async (req, reply) => {
    const { wabas } = await filterParams(req as never)
    const id = req.params.id
    // the key the id has now, by a point read of message_keys (not a search of verdicts)
    const [key] = await rows<MessageKeyRow>(req.server.db, 'api/message_key', { message: id, wabas })
    if (!key) throw new ApiError(404, 'NOT_FOUND', `No message ${id}.`, 'id')
    return sendQuery(req, reply, 'api/customer_messages', {
      key_phones: [key.phone_number_id], key_wa_ids: [key.wa_id], wabas, from: '1970-01-01', to: '2148-12-31', message: id,
    })
  })
}
