// Meta's webhook deliveries for tests: envelopes as the WhatsApp Business Platform sends them
// (an inbound message with its contact, statuses with pricing and conversation), signed with an
// app secret as Meta signs them.
import { sign } from '../../api/webhooks/signature.ts'

export const appSecret = 'test-app-secret-for-webhooks'
export const verifyToken = 'test-verify-token-0123'
export const webhookConfig = { appSecret, verifyToken, batchMs: 50, batchDeliveries: 100 }

const unix = (iso: string) => String(Math.floor(Date.parse(iso) / 1000))

export interface Inbound { id: string; from: string; at: string; ad?: string }
export interface Status { id: string; status: string; at: string; to: string; category?: string }

/** One delivery: `messages` and `statuses` of one phone number of one WABA. */
export function envelope(waba: string, phone: string, messages: Inbound[], statuses: Status[] = []): string {
  const value: Record<string, unknown> = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: phone } }
  if (messages.length > 0) {
    value.contacts = messages.map((m) => ({ profile: { name: 'Kerry' }, wa_id: m.from }))
    value.messages = messages.map((m) => ({
      from: m.from, id: m.id, timestamp: unix(m.at), type: 'text', text: { body: 'hello' },
      ...(m.ad ? { referral: { source_url: 'https://fb.me/ad', source_id: m.ad, source_type: 'ad', headline: 'Offer', body: 'Chat with us', media_type: 'image', ctwa_clid: `clid-${m.id}` } } : {}),
    }))
  }
  if (statuses.length > 0) {
    value.statuses = statuses.map((s) => ({
      id: s.id, status: s.status, timestamp: unix(s.at), recipient_id: s.to,
      conversation: { id: `conv-${s.id}`, origin: { type: s.category ?? 'marketing' }, expiration_timestamp: unix(s.at) },
      pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: s.category ?? 'marketing' },
    }))
  }
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: waba, changes: [{ value, field: 'messages' }] }] })
}

/** The headers of a delivery signed with `secret` (Meta's X-Hub-Signature-256): over `body`'s bytes as they are sent. */
export function signed(body: string | Buffer, secret = appSecret): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, secret) }
}
