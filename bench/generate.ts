// Synthetic message log with the shape of real traffic: customers across several countries,
// ~45% inbound, templates of the three categories, free-form replies, ~3% entry messages from
// ads, ~2% failed sends, time-ordered over a period. Written as a stream (constant memory).
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { seeded } from '../ingest/demo/seeded.ts'

export interface GenOptions {
  messages: number
  customers: number
  days: number
  start: number // epoch ms
  seed: number
  idPrefix: string
  /** Customers are numbered from here (default 0): distinct ranges give distinct customers. */
  firstCustomer?: number
}


const digits = (r: () => number, n: number) => { let s = ''; for (let i = 0; i < n; i++) s += Math.floor(r() * 10); return s }
// Mobile number shapes that libphonenumber-js recognises for each country.
const numberShapes: ((r: () => number) => string)[] = [
  (r) => `1${['212', '415', '646', '305', '512'][Math.floor(r() * 5)]}${2 + Math.floor(r() * 8)}${digits(r, 6)}`,
  (r) => `919${digits(r, 9)}`,
  (r) => `55119${digits(r, 8)}`,
  (r) => `447${['4', '5', '7', '8', '9'][Math.floor(r() * 5)]}${digits(r, 8)}`,
  (r) => `49151${digits(r, 8)}`,
  (r) => `62812${digits(r, 8)}`,
  (r) => `5255${digits(r, 8)}`,
  (r) => `34${6 + Math.floor(r() * 2)}${digits(r, 8)}`,
]

export function customerNumber(i: number): string {
  const r = seeded(i * 7919 + 17)
  return numberShapes[i % numberShapes.length]!(r)
}

export const wabas = [
  { waba_id: '102290129340398', phones: ['106540352242922', '106540352242923'] },
  { waba_id: '104996122399160', phones: ['107918672289350'] },
  { waba_id: '111223344556677', phones: ['112000000000001', '112000000000002', '112000000000003'] },
]

/**
 * Customer c's WABA and phone number: WABA c % 3, its phone c % (its phones). Customer c + stride
 * has the same (stride: 3 × its WABA's phones); the whole assignment repeats every
 * `customerPeriod` customers. bench/envelopes.ts sends the live traffic of the log's customers by it.
 */
export function customerPhone(c: number): { waba_id: string; phone: string; stride: number } {
  const w = wabas[c % wabas.length]!
  return { waba_id: w.waba_id, phone: w.phones[c % w.phones.length]!, stride: wabas.length * w.phones.length }
}
export const customerPeriod = wabas.reduce((n, w) => n * w.phones.length, wabas.length)

/** The lines of a log, time-ordered, each with its time (epoch ms). */
export function* logLines(o: GenOptions): Generator<{ t: number; line: string }> {
  const r = seeded(o.seed)
  const span = o.days * 86_400_000
  for (let i = 0; i < o.messages; i++) {
    const t = o.start + Math.floor((i / o.messages) * span + r() * 60_000)
    const c = (o.firstCustomer ?? 0) + Math.floor(r() * o.customers)
    const { waba_id, phone } = customerPhone(c)
    const base = `"message_id":"wamid.${o.idPrefix}${i.toString(36)}","timestamp":"${new Date(t).toISOString()}","waba_id":"${waba_id}","phone_number_id":"${phone}","wa_id":"${customerNumber(c)}"`
    const x = r()
    let line: string
    if (x < 0.45) {
      const entry = r() < 0.067 ? `,"entry_point":"${r() < 0.8 ? 'ctwa' : 'page_cta'}","ad_id":"1202265${Math.floor(r() * 20)}"` : ''
      line = `{${base},"direction":"inbound","type":"text"${entry}}`
    } else {
      const failed = r() < 0.02 ? ',"status":"failed"' : ''
      const y = r()
      const cat = y < 0.25 ? 'MARKETING' : y < 0.4 ? 'UTILITY' : y < 0.45 ? 'AUTHENTICATION' : ''
      line = cat
        ? `{${base},"direction":"outbound","type":"template","template_category":"${cat}","template_name":"${cat.toLowerCase()}_${Math.floor(r() * 5)}"${failed}}`
        : `{${base},"direction":"outbound","type":"text"${failed}}`
    }
    yield { t, line }
  }
}

/** Writes lines to a file, 10,000 at a time (constant memory); returns the bytes written. */
export async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(file)
  let bytes = 0
  let buf: string[] = []
  const flush = async () => {
    const s = buf.join('\n') + '\n'
    bytes += s.length
    buf = []
    if (!out.write(s)) await once(out, 'drain')
  }
  for (const line of lines) {
    buf.push(line)
    if (buf.length === 10_000) await flush()
  }
  if (buf.length > 0) await flush()
  out.end()
  await once(out, 'finish')
  return bytes
}

export async function generate(file: string, o: GenOptions): Promise<number> {
  return writeLines(file, (function* () { for (const x of logLines(o)) yield x.line })())
}
