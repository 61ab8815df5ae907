// npm run bench:pages [-- --posts N --every-ms MS --width PX]: how soon a webhook shows on the
// open pages. Starts the product as `npm start` does (bin/start.ts in its own process: the embedded
// engine, the built page, the webhook receiver and a key configured through the environment) on a
// fresh copy of a demo database (the demo dataset, loaded once into --dir/template by `npm start`
// itself), opens the dashboard and the investigation page of one demo customer in one Chromium
// (two tabs of one profile: they share its connections), then --posts times, --every-ms apart,
// posts one signed delivery with a new inbound message of that customer (each a day after the
// last: it opens a service conversation, so the dashboard's headline changes) and measures, from
// the POST's 200, with a MutationObserver in each page (Date.now() there; one clock):
//   dashboard: the headline's text changed;
//   customer:  the messages table holds the new message id;
// and, in this process, the data version's change event on GET /api/events (the micro-batch
// committed) and the batch's own duration (GET /api/webhooks/status, last_batch.ms).
import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Command } from 'commander'
import { chromium } from 'playwright-core'
import { inbound } from './envelopes.ts'
import { sign } from '../api/webhooks/signature.ts'

const opts = new Command('bench:pages')
  .option('--posts <n>', 'deliveries posted (one new message each)', '10')
  .option('--every-ms <n>', 'time between two posts', '3000')
  .option('--width <px>', 'viewport width of both pages (390: a phone)', '1360')
  .option('--customer <wa_id>', 'demo customer on the investigation page', '917380051369')
  .option('--timeout-ms <n>', 'a page that has not shown a post after this long counts as this long', '30000')
  .option('--server-log <file>', 'the server\'s stderr (its JSON log lines: WACOST_LOG_LEVEL=info for every request) into this file')
  .option('--dir <dir>', 'work directory (template database, the run\'s copy)', 'bench/out-pages')
  .parse(process.argv)
  .opts<Record<'posts' | 'everyMs' | 'width' | 'customer' | 'timeoutMs' | 'dir', string> & { serverLog?: string }>()

const dir = resolve(opts.dir)
const posts = Number(opts.posts)
const timeoutMs = Number(opts.timeoutMs)
const log = (s: string) => process.stderr.write(`${s}\n`)
const key = 'bench-key-0123456789abcdef'
const secret = randomBytes(16).toString('hex')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** `npm start` (bin/start.ts) on `db`; resolves with its URL (the one line on its stdout). */
async function start(db: string): Promise<{ base: string; proc: ChildProcess; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, ['bin/run-ts.mjs', 'bin/start.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WACOST_DB: db, PORT: '0', HOST: '127.0.0.1', WACOST_API_KEYS: `${key}=*`, WACOST_WEBHOOK_APP_SECRET: secret, WACOST_WEBHOOK_VERIFY_TOKEN: 'bench' },
  })
  let said = ''
  proc.stderr!.on('data', (b: Buffer) => { said += b.toString() })
  if (opts.serverLog) proc.stderr!.pipe(createWriteStream(opts.serverLog))
  const base = await new Promise<string>((ok, fail) => {
    let out = ''
    proc.stdout!.on('data', (b: Buffer) => { out += b.toString(); if (out.includes('\n')) ok(out.trim().replace(/\/(#.*)?$/, '')) })
    proc.once('exit', (code) => fail(new Error(`npm start exited (${code}): ${said}`)))
  })
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()))
  return { base, proc, stop: async () => { proc.kill('SIGTERM'); await exited } }
}

// The demo database, loaded once by `npm start` itself; every run starts from a copy of it.
mkdirSync(dir, { recursive: true })
const template = `${dir}/template`
if (!existsSync(`${template}/metadata`)) {
  log('loading the demo dataset into a template database (npm start on an empty directory) …')
  await (await start(template)).stop()
}
const db = `${dir}/run`
rmSync(db, { recursive: true, force: true })
cpSync(template, db, { recursive: true })
const server = await start(db)
const { base } = server
const headers = { authorization: `Bearer ${key}` }
const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${base}${path}`, { headers })
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`)
  return res.json() as Promise<T>
}

// The customer's phone number and WABA, and a time a day after their last inbound: each post
// opens a new service conversation (the previous one closed 24 h after its inbound).
interface Match { wa_id: string; waba_id: string; phone_number_id: string }
const [who] = await api<Match[]>(`/api/customer/lookup?q=${opts.customer}&format=json`)
if (!who) throw new Error(`customer ${opts.customer} is not in the demo data`)
const msgs = await api<{ sent_at: string; direction: string }[]>(`/api/customer/messages?customer=${who.wa_id}&format=json`)
const lastInbound = Math.max(...msgs.filter((m) => m.direction === 'inbound').map((m) => Date.parse(m.sent_at)))
const hour = 3_600_000
const run = randomBytes(3).toString('hex')

// The data version's change events, as the pages get them.
const changes: number[] = []
const events = request(`${base}/api/events`, { headers }, (res) => {
  res.setEncoding('utf8')
  res.on('data', (chunk: string) => { if (chunk.includes('event: change')) changes.push(Date.now()) })
})
events.on('error', () => {})
events.end()

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const context = await browser.newContext({ viewport: { width: Number(opts.width), height: 900 }, locale: 'en-US' })
const dashboard = await context.newPage()
const customer = await context.newPage()
const errors: string[] = []
for (const p of [dashboard, customer]) p.on('pageerror', (e) => errors.push(e.message))
const t0 = Date.now()
await dashboard.goto(`${base}/#key=${key}`)
await customer.goto(`${base}/customer.html?q=${who.wa_id}#key=${key}`)
// Scripts as strings: this file's transpiler would add helpers the page does not have.
const idle = `document.querySelectorAll('[aria-busy=true], .state.loading').length === 0 && /^live, updated/.test(document.querySelector('#live')?.textContent ?? '')`
// Polled with evaluate: waitForFunction evaluates a string with eval, which the page's CSP forbids.
const until = async (page: typeof dashboard, test: string) => {
  for (const end = Date.now() + 120_000; !(await page.evaluate(test)); await sleep(200)) if (Date.now() > end) throw new Error(`not loaded: ${test}`)
}
await until(dashboard, `!!document.querySelector('#total-spend') && ${idle}`)
await until(customer, `!!document.querySelector('#answer') && ${idle}`)
log(`pages loaded in ${Date.now() - t0} ms (${base}, ${opts.width} px); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)

/** Arms an observer on `selector` that resolves window.__seen with Date.now() once `test` holds. */
const arm = (selector: string, test: string) => `(() => {
  const el = document.querySelector(${JSON.stringify(selector)})
  const before = el.textContent
  window.__seen = new Promise((resolve) => {
    const o = new MutationObserver(() => { if (${test}) { o.disconnect(); resolve(Date.now()) } })
    o.observe(el, { childList: true, subtree: true, characterData: true })
  })
})()`
const seen = `Promise.race([window.__seen, new Promise((r) => setTimeout(() => r(0), ${timeoutMs}))])`

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

const dashMs: number[] = []
const custMs: number[] = []
const sseMs: number[] = []
const batchMs: number[] = []
// The pages' own share: from the change event (as this process got it) to the page showing the post.
const dashAfter: number[] = []
const custAfter: number[] = []
let missed = 0
for (let k = 0; k < posts; k++) {
  const next = Date.now() + Number(opts.everyMs)
  const id = `wamid.pages${run}.${k}`
  const at = lastInbound + 27 * hour + k * 25 * hour
  await dashboard.evaluate(arm('#headline', 'el.textContent !== before && !!el.querySelector(\'#total-spend\')'))
  await customer.evaluate(arm('#messages', `[...el.querySelectorAll('td')].some((td) => td.textContent === ${JSON.stringify(id)})`))
  const body = inbound({ ...who, id, at })
  const changed = changes.length
  const res = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, secret) } })
  const acked = Date.now()
  if (res.status !== 200) throw new Error(`POST /webhooks/whatsapp: HTTP ${res.status} ${await res.text()}`)
  await res.arrayBuffer()
  const [d, c] = await Promise.all([dashboard.evaluate(seen), customer.evaluate(seen)]) as [number, number]
  if (!d || !c) missed++
  dashMs.push((d || acked + timeoutMs) - acked)
  custMs.push((c || acked + timeoutMs) - acked)
  if (changes.length > changed) {
    sseMs.push(changes[changed]! - acked)
    if (d) dashAfter.push(d - changes[changed]!)
    if (c) custAfter.push(c - changes[changed]!)
  }
  const st = await api<{ last_batch: { ms: number } | null }>('/api/webhooks/status')
  if (st.last_batch) batchMs.push(st.last_batch.ms)
  log(`post ${k + 1}/${posts}: dashboard ${dashMs.at(-1)} ms, customer ${custMs.at(-1)} ms, change event ${sseMs.at(-1) ?? '—'} ms, batch ${batchMs.at(-1) ?? '—'} ms`)
  await sleep(next - Date.now())
}
log(`after the change event: dashboard p50 ${percentile(dashAfter, 50)} ms (max ${Math.max(...dashAfter)}), customer p50 ${percentile(custAfter, 50)} ms (max ${Math.max(...custAfter)})`)
log(`change event after the 200: p50 ${percentile(sseMs, 50)} ms, max ${Math.max(...sseMs)} ms; not shown within ${timeoutMs} ms: ${missed}; page errors: ${errors.length ? errors.join(' | ') : 'none'}`)
log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
events.destroy()
await browser.close()
await server.stop()
rmSync(db, { recursive: true, force: true })
process.stdout.write(`bench-pages: posts=${posts} dashboard_p50_ms=${percentile(dashMs, 50)} dashboard_max_ms=${Math.max(...dashMs)} customer_p50_ms=${percentile(custMs, 50)} customer_max_ms=${Math.max(...custMs)} batch_p50_ms=${percentile(batchMs, 50)}\n`)
