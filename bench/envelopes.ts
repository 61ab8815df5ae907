// Webhook deliveries as Meta sends them, for bench:live: each envelope holds one WABA phone
// number's events (`--per-delivery` of them): inbound messages from customers of the generated
// log (~7% from a click-to-WhatsApp ad, with its referral) and statuses (delivered, read) with
// Meta's pricing and conversation objects for outbound messages of that log. Times continue
// after the log's period, following the wall clock of the run.
import { customerNumber, logLines, wabas, type GenOptions } from './generate.ts'
import { seeded } from '../ingest/demo/seeded.ts'

interface Sent { id: string; wa_id: string; t: number; category: string }

export interface Delivery { body: string; messages: string[]; records: number }

/** Outbound messages of the generated log (its first `limit` lines), for statuses to name. */
export function outboundOf(o: GenOptions, limit: number): Sent[] {
  const out: Sent[] = []
  let i = 0
  for (const { t, line } of logLines(o)) {
    if (i++ >= limit) break
    if (!line.includes('"direction":"outbound"')) continue
    const id = /"message_id":"([^"]+)"/.exec(line)![1]!
    const wa = /"wa_id":"([^"]+)"/.exec(line)![1]!
    const cat = /"template_category":"([A-Z]+)"/.exec(line)?.[1] ?? ''
    out.push({ id, wa_id: wa, t, category: cat })
  }
  return out
}

const unix = (ms: number) => String(Math.floor(ms / 1000))

/**
 * A generator of deliveries: `customers` customers of the log (numbered as generate.ts does),
 * message ids `${prefix}${n}`, a share `statusShare` of each delivery's events being statuses.
 */
export function deliveries(o: { customers: number; perDelivery: number; statusShare: number; prefix: string; start: number; sent: Sent[]; seed: number }) {
  const r = seeded(o.seed)
  let n = 0
  let s = 0
  return (now: number): Delivery => {
    // one phone number per delivery, as Meta sends them (entry[].id = WABA, metadata = phone)
    const c0 = Math.floor(r() * o.customers)
    const w = wabas[c0 % wabas.length]!
    const phone = w.phones[c0 % w.phones.length]!
    const t = o.start + now
    const messages: Record<string, unknown>[] = []
    const statuses: Record<string, unknown>[] = []
    const contacts: Record<string, unknown>[] = []
    const ids: string[] = []
    for (let k = 0; k < o.perDelivery; k++) {
      if (r() < o.statusShare && o.sent.length > 0) {
        const m = o.sent[s++ % o.sent.length]!
        const read = r() < 0.5
        const category = (m.category || 'service').toLowerCase()
        statuses.push({
          id: m.id, status: read ? 'read' : 'delivered', timestamp: unix(m.t + (read ? 60_000 : 2_000)), recipient_id: m.wa_id,
          conversation: { id: `conv${m.id.slice(6)}`, origin: { type: category }, expiration_timestamp: unix(m.t + 86_400_000) },
          pricing: { billable: category !== 'service', pricing_model: 'PMP', type: category === 'service' ? 'free_customer_service' : 'regular', category },
        })
        continue
      }
      // a customer of this phone number: same residue as the generator's assignment
      const step = wabas.length * w.phones.length
      const wa = customerNumber(c0 + step * Math.floor(r() * Math.max(1, (o.customers - c0) / step)))
      const id = `${o.prefix}${(n++).toString(36)}`
      ids.push(id)
      contacts.push({ profile: { name: 'Customer' }, wa_id: wa })
      messages.push({
        from: wa, id, timestamp: unix(t), type: 'text', text: { body: 'Hi, is my order on its way?' },
        ...(r() < 0.07 ? { referral: { source_url: 'https://fb.me/ad', source_id: `1202265${Math.floor(r() * 20)}`, source_type: 'ad', headline: 'Spring sale', body: 'Chat with us', media_type: 'image', ctwa_clid: `ARA${id}` } } : {}),
      })
    }
    const value: Record<string, unknown> = { messaging_product: 'whatsapp', metadata: { display_phone_number: `1555${phone.slice(-7)}`, phone_number_id: phone } }
    if (messages.length) { value.contacts = contacts; value.messages = messages }
    if (statuses.length) value.statuses = statuses
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: w.waba_id, changes: [{ value, field: 'messages' }] }] })
    return { body, messages: ids, records: messages.length + statuses.length }
  }
}

/** One delivery with one inbound text message of customer `wa_id` to a phone number (bench:pages). */
export function inbound(o: { waba_id: string; phone_number_id: string; wa_id: string; id: string; at: number }): string {
  const value = {
    messaging_product: 'whatsapp', metadata: { display_phone_number: o.phone_number_id, phone_number_id: o.phone_number_id },
    contacts: [{ profile: { name: 'Customer' }, wa_id: o.wa_id }],
    messages: [{ from: o.wa_id, id: o.id, timestamp: unix(o.at), type: 'text', text: { body: 'Where is my order?' } }],
  }
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: o.waba_id, changes: [{ value, field: 'messages' }] }] })
}
