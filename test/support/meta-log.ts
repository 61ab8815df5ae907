// Fixtures of Meta's pricing on status lines (docs/reconcile.md): one small NDJSON log per
// discrepancy kind, September 2024 (conversation-based pricing in the shipped timeline), every
// WABA in UTC, customers in the US (market North America of the default rate card: MARKETING
// 0.0250, UTILITY 0.0040, SERVICE 0.0088).
const BASE = Date.parse('2024-09-02T00:00:00Z')
export const at = (h: number): string => new Date(BASE + Math.round(h * 3_600_000)).toISOString()

type Rec = Record<string, unknown>
export interface Meta { billable?: boolean; model?: 'CBP' | 'PMP'; category?: string; type?: string; conversation?: string; origin?: string }

const key = (t: string) => ({ waba_id: `waba-${t}`, phone_number_id: `pn-${t}`, wa_id: '14155550100' })
const tpl = (t: string, id: string, h: number, category: string, name: string): Rec =>
  ({ message_id: id, timestamp: at(h), ...key(t), direction: 'outbound', template_category: category, template_name: name, status: 'sent' })
const freeForm = (t: string, id: string, h: number): Rec =>
  ({ message_id: id, timestamp: at(h), ...key(t), direction: 'outbound', status: 'sent' })
const inbound = (t: string, id: string, h: number, extra: Rec = {}): Rec =>
  ({ message_id: id, timestamp: at(h), ...key(t), direction: 'inbound', ...extra })

/** A status line carrying Meta's pricing and conversation, as the NDJSON log extends interfaces.md §1. */
export function metaStatus(id: string, status: string, h: number, m: Meta): Rec {
  return {
    kind: 'status', message_id: id, status, timestamp: at(h),
    pricing: { billable: m.billable ?? true, pricing_model: m.model ?? 'CBP', category: m.category ?? 'marketing', ...(m.type ? { type: m.type } : {}) },
    ...(m.conversation ? { conversation: { id: m.conversation, origin: { type: m.origin ?? m.category ?? 'marketing' } } } : {}),
  }
}

/** Messages of every fixture (the log's message lines). */
export const messages: Rec[] = [
  // CATEGORY_MISMATCH: a utility template Meta billed as marketing, twice in one Meta conversation
  tpl('drift', 'd1', 0, 'UTILITY', 'order_update'), tpl('drift', 'd2', 2, 'UTILITY', 'order_update'),
  // BILLED_BUT_FREE (CBP): the rules grant a free entry point, Meta bills a service conversation
  inbound('fep', 'f0', 0, { entry_point: 'ctwa', ad_id: 'ad-1' }), freeForm('fep', 'f1', 1),
  // BILLED_BUT_FREE (CBP): Meta opened a second marketing conversation inside the rules' window
  tpl('twice', 't1', 0, 'MARKETING', 'promo'), tpl('twice', 't2', 6, 'MARKETING', 'promo'),
  // FREE_BUT_CHARGED (CBP): Meta did not bill a marketing conversation the rules charge
  tpl('free', 'c1', 0, 'MARKETING', 'promo'),
  // CONVERSATION_SPLIT: one Meta conversation over two derived ones; a billable one over none (a
  // free-form send outside the customer service window; the customer writes only later)
  tpl('split', 's1', 0, 'MARKETING', 'promo'), tpl('split', 's2', 30, 'MARKETING', 'promo'),
  freeForm('none', 'n1', 5), inbound('none', 'n2', 40),
  // per-message pricing: utility the rules charge and Meta calls free; marketing both charge;
  // marketing the rules reuse and Meta bills
  tpl('pmp', 'p1', 0, 'UTILITY', 'receipt'), tpl('pmp', 'p2', 2, 'MARKETING', 'promo'), tpl('pmp', 'p3', 4, 'MARKETING', 'promo'),
  // agreement: no row (a marketing conversation both charge; a service conversation Meta opens at
  // the reply and the rules at the customer's message, free tier on both sides: rule 12)
  tpl('ok', 'o1', 0, 'MARKETING', 'promo'), inbound('ok', 'o2', 10), freeForm('ok', 'o3', 11),
]

/** Status lines: each delivered, with what Meta decided. */
export const statuses: Rec[] = [
  metaStatus('d1', 'delivered', 0, { category: 'marketing', conversation: 'meta-d' }),
  metaStatus('d2', 'delivered', 2, { category: 'marketing', conversation: 'meta-d' }),
  metaStatus('f1', 'delivered', 1, { category: 'service', conversation: 'meta-f' }),
  metaStatus('t1', 'delivered', 0, { conversation: 'meta-t1' }),
  metaStatus('t2', 'delivered', 6, { conversation: 'meta-t2' }),
  metaStatus('c1', 'delivered', 0, { billable: false, category: 'marketing', conversation: 'meta-c' }),
  metaStatus('s1', 'delivered', 0, { conversation: 'meta-s' }),
  metaStatus('s2', 'delivered', 30, { conversation: 'meta-s' }),
  metaStatus('n1', 'delivered', 5, { category: 'service', conversation: 'meta-n' }),
  metaStatus('p1', 'delivered', 0, { model: 'PMP', billable: false, category: 'utility', type: 'free_customer_service' }),
  metaStatus('p2', 'delivered', 2, { model: 'PMP', category: 'marketing', type: 'regular' }),
  metaStatus('p3', 'delivered', 4, { model: 'PMP', category: 'marketing', type: 'regular' }),
  metaStatus('o1', 'delivered', 0, { conversation: 'meta-o' }),
  metaStatus('o3', 'delivered', 11, { billable: false, category: 'service', conversation: 'meta-o3' }),
]

/**
 * The category mismatch (d1, d2: a utility template Meta billed as marketing, twice in one Meta
 * conversation) again for a customer `waId` of another country, under WABA `waba-drift-<tag>`:
 * its cost difference in the currency the rate card prices that market in. Messages, then statuses.
 */
export function driftFor(tag: string, waId: string): Rec[] {
  const customer = { waba_id: `waba-drift-${tag}`, phone_number_id: `pn-drift-${tag}`, wa_id: waId }
  return [
    { ...tpl('drift', `d1-${tag}`, 0, 'UTILITY', 'order_update'), ...customer },
    { ...tpl('drift', `d2-${tag}`, 2, 'UTILITY', 'order_update'), ...customer },
    metaStatus(`d1-${tag}`, 'delivered', 0, { category: 'marketing', conversation: `meta-d-${tag}` }),
    metaStatus(`d2-${tag}`, 'delivered', 2, { category: 'marketing', conversation: `meta-d-${tag}` }),
  ]
}

/** The expected discrepancies: kind → (rows, summed cost difference). */
export const expected = {
  CATEGORY_MISMATCH: { rows: 2, cost: '0.0210' },
  BILLED_BUT_FREE: { rows: 3, cost: '0.0588' },
  FREE_BUT_CHARGED: { rows: 2, cost: '-0.0290' },
  CONVERSATION_SPLIT: { rows: 2, cost: null },
} as const
