// bench:live's load, in processes of its own (forked by bench/live.ts with an IPC channel, one
// per role): Meta's posts (and the business's send log) and the dashboard's readers come from outside the server and from each
// other, so generating and signing deliveries must take neither the server's event loop nor the
// one that times the panels. Role `posts`: signed deliveries at the target rate (at most
// --in-flight at once), each acknowledged one told to the parent as it comes ({ acked }), and
// every --sends-ms the send-log lines of the business's messages made since (envelopes.ts) in one
// POST /api/ingest; role
// `panels`: every dashboard panel fired with the page's concurrency (one request in flight per
// panel) from the parent's go to its stop. Then the role's figures ({ done }). Times are absolute ms
// (performance.timeOrigin + now), comparable across processes.
import { liveTraffic } from './envelopes.ts'
import { sign } from '../api/webhooks/signature.ts'
import type { GenOptions } from './generate.ts'
import { dashboardPanels } from './panels.ts'

/** What bench/live.ts passes (as JSON in argv[2]). */
export interface LoadOptions {
  base: string; key: string; secret: string; rate: number; seconds: number; perDelivery: number
  statusShare: number; inFlight: number; sampleEvery: number; sendsMs: number
  gen: GenOptions; prefix: string; outPrefix: string; liveStart: number; role: 'posts' | 'panels'
}
export interface Acked { id: string; at: number; records: number; messages: number; sample?: string }
export interface LoadFigures {
  sent: number; failed: number; loadS: number; endedAt: number; postMs: number[]
  /** The send log's lines posted, those answered 200, its POSTs and their POST→200 times. */
  sendLines: number; sendLinesAcked: number; sendPosts: number; sendMs: number[]
  panelMs: Record<string, number[]>; bySource: Record<string, number[]>
}
export type LoadMessage = { started: true } | { acked: Acked } | { done: LoadFigures }

/** The dashboard's panels (bench/panels.ts, as bench:api fires them). */
const panels = dashboardPanels.map(([, url]) => url)

const o = JSON.parse(process.argv[2]!) as LoadOptions
const send = (m: LoadMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()))
const clock = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const headers = { authorization: `Bearer ${o.key}` }
const figures: LoadFigures = { sent: 0, failed: 0, loadS: 0, endedAt: 0, postMs: [], sendLines: 0, sendLinesAcked: 0, sendPosts: 0, sendMs: [], panelMs: {}, bySource: {} }

if (o.role === 'panels') {
  // from the parent: 'go' when the posts start, 'stop' when they end
  let loading = true
  await new Promise<void>((resolve) => process.on('message', (m) => { if (m === 'go') resolve(); else loading = false }))
  const { panelMs, bySource } = figures
  await Promise.all(panels.map(async (p) => {
    panelMs[p] = []
    while (loading) {
      const t = performance.now()
      const res = await fetch(o.base + p, { headers: { ...headers, accept: 'application/vnd.apache.arrow.stream' } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`)
      const ms = performance.now() - t
      panelMs[p]!.push(ms)
      // by where the answer came from (Server-Timing: kept, shared, run): the engine's share of
      // a slow panel apart from the server's event loop's
      const from = /desc=(\w+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? 'none'
      ;(bySource[from] ??= []).push(ms)
    }
  }))
} else await post()
await send({ done: figures })
process.disconnect()

/** Posts signed deliveries for the load's duration; its figures into `figures`. */
async function post(): Promise<void> {
  const traffic = liveTraffic({ customers: o.gen.customers, perDelivery: o.perDelivery, statusShare: o.statusShare, prefix: o.prefix, outPrefix: o.outPrefix, start: o.liveStart, seed: Date.now() % 100_000 })
  const next = traffic.delivery
  // the business's send log, posted as it grows: every --sends-ms, whether the POSTs before are
  // answered or not (one at a time, a server behind got the log late, in one large POST, and the
  // traffic then hung on when each was answered)
  const sending = new Set<Promise<void>>()
  let lastSend = 0
  const postSends = () => {
    const lines = traffic.sends()
    if (lines.length === 0) return
    const t = performance.now()
    figures.sendLines += lines.length
    figures.sendPosts++
    // report=none: the answer of the batch alone, as a client posting every second asks it (the
    // whole-database report cost ~3.4 s of engine CPU a post at 15M stored, more than its derive)
    const p: Promise<void> = fetch(`${o.base}/api/ingest?source=bench-live-sends&report=none`, { method: 'POST', body: lines.join('\n') + '\n', headers: { ...headers, 'content-type': 'application/x-ndjson' } })
      .then(async (res) => {
        await res.arrayBuffer()
        if (res.status === 200) { figures.sendLinesAcked += lines.length; figures.sendMs.push(performance.now() - t) }
      }, () => {})
      .finally(() => { sending.delete(p) })
    sending.add(p)
  }

  const postMs: number[] = []
  let failed = 0
  let inFlight = 0
  let sent = 0
  await send({ started: true })
  const t0 = performance.now()
  const perSecond = o.rate / o.perDelivery
  while (performance.now() - t0 < o.seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * perSecond)
    if (performance.now() - lastSend >= o.sendsMs) { lastSend = performance.now(); postSends() }
    if (sent >= due || inFlight >= o.inFlight) { await sleep(1); continue }
    const d = next(performance.now() - t0)
    const sampled = sent % o.sampleEvery === 0 && d.messages.length > 0
    sent++
    inFlight++
    const t = performance.now()
    void fetch(`${o.base}/webhooks/whatsapp`, { method: 'POST', body: d.body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(d.body, o.secret) } })
      .then(async (res) => {
        if (res.status !== 200) { await res.arrayBuffer(); failed++; return }
        const { id } = await res.json() as { id: string }
        postMs.push(performance.now() - t)
        await send({ acked: { id, at: clock(), records: d.records, messages: d.messages.length, ...(sampled ? { sample: d.messages[0]! } : {}) } })
      }, () => { failed++ })
      .finally(() => { inFlight-- })
  }
  while (inFlight > 0) await sleep(5)
  const loadS = (performance.now() - t0) / 1000
  const endedAt = clock()
  // the send log's POSTs still unanswered (their lines must be stored for their statuses to
  // count); the sends made since the last, whose statuses the load ended before, are not posted
  await Promise.all(sending)
  Object.assign(figures, { sent, failed, loadS, endedAt, postMs })
}
