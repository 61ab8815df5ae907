// Live traffic as Meta and the business make it, for bench:live. Webhook deliveries: each
// envelope holds one WABA phone number's events (`--per-delivery` of them): inbound messages from
// customers of the generated log (~7% from a click-to-WhatsApp ad, with its referral) and statuses
// (delivered, read, failed) with Meta's pricing and conversation objects. The statuses name the
// outbound messages the business sent seconds before (its send log, which the load posts through
// POST /api/ingest, each line `"status":"sent"`: the send log knows a send, not its delivery), as
// Meta sends them: `delivered` 1–5 s after the send (2% `failed` instead), `read` for half of them
// 2–10 s after their delivery, each in a delivery of the message's own phone number once due.
// Times continue after the log's period, following the wall clock of the run.
import { customerNumber, customerPeriod, customerPhone, wabas } from './generate.ts'
import { seeded } from '../ingest/demo/seeded.ts'

export interface Delivery { body: string; messages: string[]; records: number }

const unix = (ms: number) => String(Math.floor(ms / 1000))
/** Statuses Meta sends per outbound message on average: delivered (or failed), read for half. */
const STATUSES_PER_SEND = 1.5
const phones = wabas.flatMap((w) => w.phones.map((phone) => ({ waba_id: w.waba_id, phone })))

/** A status not yet due: its payload and when Meta sends it (ms since the load began). */
interface Pending { at: number; status: Record<string, unknown> }

/**
 * Live traffic: `customers` customers of the log (numbered as generate.ts does), inbound ids
 * `${prefix}${n}`, outbound ids `${outPrefix}${n}`, times from `start` (epoch ms) plus the load's
 * clock. `delivery(now)` (now: ms since the load began) makes the next webhook delivery, a share
 * `statusShare` of its events being statuses once some are due (the first seconds of a load have
 * none: their events are inbound), and makes the business's sends that keep statuses at that share;
 * `sends()` hands over the send-log lines (NDJSON) made since its last call.
 */
export function liveTraffic(o: { customers: number; perDelivery: number; statusShare: number; prefix: string; outPrefix: string; start: number; seed: number }) {
  const r = seeded(o.seed)
  let n = 0
  let m = 0
  let owed = 0 // sends owed to keep the status share (fractional)
  let lines: string[] = []
  // per phone number: statuses by the second they fall due (sparse), and recent inbound senders
  const due = phones.map(() => new Map<number, Pending[]>())
  const head = phones.map(() => 0)
  const recent = phones.map(() => [] as string[])
  const schedule = (p: number, x: Pending) => {
    const s = Math.floor(x.at / 1000)
    const b = due[p]!.get(s)
    if (b) b.push(x); else due[p]!.set(s, [x])
  }
  /** The earliest status of phone `p` due at `now`, taken off its list; undefined when none is. */
  const takeDue = (p: number, now: number): Record<string, unknown> | undefined => {
    for (const last = Math.floor(now / 1000); head[p]! <= last; head[p]!++) {
      const b = due[p]!.get(head[p]!)
      if (!b) continue
      const i = b.findIndex((x) => x.at <= now)
      if (i < 0) return undefined // the current second's are not due yet
      const [x] = b.splice(i, 1)
      if (b.length === 0) due[p]!.delete(head[p]!)
      return x!.status
    }
    return undefined
  }
  // customer c's phone, as generate.ts assigns them
  const phoneOf = (c: number) => { const { phone } = customerPhone(c); return phones.findIndex((x) => x.phone === phone) }
  // the first customer of each phone (-1: none; the log gives WABA 2's first two phones none)
  const firsts = phones.map((_, p) => Array.from({ length: customerPeriod }, (_, c) => c).find((c) => phoneOf(c) === p) ?? -1)
  /** A phone number drawn as the log draws them (by a random customer's). */
  const anyPhone = () => phoneOf(Math.floor(r() * o.customers))
  /** A random customer of phone `p`. */
  const customerOf = (p: number) => {
    const { stride } = customerPhone(firsts[p]!)
    return customerNumber(firsts[p]! + stride * Math.floor(r() * Math.max(1, (o.customers - firsts[p]!) / stride)))
  }
  /** One send at `now`: a free-form reply to a recent inbound sender, else a template. */
  const send = (now: number) => {
    const p = anyPhone()
    const { waba_id, phone } = phones[p]!
    const y = r()
    const cat = y < 0.25 ? 'MARKETING' : y < 0.4 ? 'UTILITY' : y < 0.45 ? 'AUTHENTICATION' : ''
    const senders = recent[p]!
    const wa = !cat && senders.length > 0 ? senders[Math.floor(r() * senders.length)]! : customerOf(p)
    const id = `${o.outPrefix}${(m++).toString(36)}`
    const t = o.start + now
    lines.push(JSON.stringify({
      message_id: id, timestamp: new Date(t).toISOString(), waba_id, phone_number_id: phone, wa_id: wa, direction: 'outbound',
      ...(cat ? { type: 'template', template_category: cat, template_name: `${cat.toLowerCase()}_${Math.floor(r() * 5)}` } : { type: 'text' }),
      status: 'sent',
    }))
    const category = (cat || 'service').toLowerCase()
    const meta = {
      conversation: { id: `conv.${id}`, origin: { type: category }, expiration_timestamp: unix(t + 86_400_000) },
      pricing: { billable: category !== 'service', pricing_model: 'PMP', type: category === 'service' ? 'free_customer_service' : 'regular', category },
    }
    const delivered = now + 1_000 + r() * 4_000
    if (r() < 0.02) {
      schedule(p, { at: delivered, status: { id, status: 'failed', timestamp: unix(o.start + delivered), recipient_id: wa, errors: [{ code: 131026, title: 'Message undeliverable' }] } })
      return
    }
    schedule(p, { at: delivered, status: { id, status: 'delivered', timestamp: unix(o.start + delivered), recipient_id: wa, ...meta } })
    if (r() < 0.5) {
      const read = delivered + 2_000 + r() * 8_000
      schedule(p, { at: read, status: { id, status: 'read', timestamp: unix(o.start + read), recipient_id: wa, ...meta } })
    }
  }

  const delivery = (now: number): Delivery => {
    for (owed += (o.perDelivery * o.statusShare) / STATUSES_PER_SEND; owed >= 1; owed--) send(now)
    // one phone number per delivery, as Meta sends them (entry[].id = WABA, metadata = phone)
    const p = anyPhone()
    const { waba_id, phone } = phones[p]!
    const t = o.start + now
    const messages: Record<string, unknown>[] = []
    const statuses: Record<string, unknown>[] = []
    const contacts: Record<string, unknown>[] = []
    const ids: string[] = []
    for (let k = 0; k < o.perDelivery; k++) {
      const s = r() < o.statusShare ? takeDue(p, now) : undefined
      if (s) { statuses.push(s); continue }
      const wa = customerOf(p)
      const senders = recent[p]!
      if (senders.length < 1000) senders.push(wa); else senders[Math.floor(r() * 1000)] = wa
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
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: waba_id, changes: [{ value, field: 'messages' }] }] })
    return { body, messages: ids, records: messages.length + statuses.length }
  }
  const sends = (): string[] => { const out = lines; lines = []; return out }
  return { delivery, sends }
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
