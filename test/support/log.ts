// Builders for message-log lines of one conversation key, with times given in hours from a base
// instant as in billing-rules.md's worked examples.
const BASE = Date.parse('2025-12-01T00:00:00Z')

export function at(hours: number): string {
  return new Date(BASE + Math.round(hours * 3_600_000)).toISOString()
}

export interface Key { waba_id: string; phone_number_id: string; wa_id: string }

export function keyOf(tenant: string, wa_id = '14155550100'): Key {
  return { waba_id: `waba-${tenant}`, phone_number_id: `pn-${tenant}`, wa_id }
}

type Extra = Record<string, unknown>

export const inbound = (k: Key, id: string, h: number, extra: Extra = {}) =>
  ({ message_id: id, timestamp: at(h), ...k, direction: 'inbound', ...extra })

export const template = (k: Key, id: string, h: number, category: string, extra: Extra = {}) =>
  ({ message_id: id, timestamp: at(h), ...k, direction: 'outbound', template_category: category, ...extra })

export const reply = (k: Key, id: string, h: number, extra: Extra = {}) =>
  ({ message_id: id, timestamp: at(h), ...k, direction: 'outbound', ...extra })

export const status = (id: string, s: string, h: number) =>
  ({ kind: 'status', message_id: id, status: s, timestamp: at(h) })
