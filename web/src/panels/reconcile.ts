// What Meta billed against what the rules derive (docs/reconcile.md): discrepancies by kind
// (count, cost difference), the templates whose category drifted, and the latest discrepancies,
// each linking to the customer page, whose timeline shows Meta's verdict beside the rules'.
import * as Plot from '@observablehq/plot'
import type { DiscrepancyKind, DriftRow, ReconcileRow, ReconcileState, ReconcileSummaryRow } from '../../../api/routes/reconcile.ts'
import { fetchFile, fetchJson, fetchTable, notAnswered, rowsOf, saveFile, unanswered } from '../api.ts'
import { labelsApart } from '../labels-apart.ts'
import { amount, billableWords, clock, count, label, price, pricedAmount, roundedApart } from '../format.ts'
import { fold, scrolling, table, type Render } from '../panel.ts'
import { metaIdShortener } from '../meta-ids.ts'
import { messageIdCode } from '../message-id.ts'
import { tipAt, tipText } from '../tip.ts'
import { rulesWords } from './rules-words.ts'
import { batchesDerived, behind } from './reconcile-behind.ts'
import { noDiscrepancy } from './reconcile-none.ts'

/** Discrepancies the panel lists (the latest; every one is in the CSV). */
const LATEST = 10
/** The note under them: one message's cost difference is written as a price is (rowDifference). */
export const LATEST_NOTE = 'Each discrepancy\'s cost difference to 4 decimals, as a rate card prices one message.'

const kinds: DiscrepancyKind[] = ['CATEGORY_MISMATCH', 'BILLED_BUT_FREE', 'FREE_BUT_CHARGED', 'CONVERSATION_SPLIT']
const kindWords: Record<string, string> = {
  CATEGORY_MISMATCH: 'Category mismatch', BILLED_BUT_FREE: 'Meta billed, rules free',
  FREE_BUT_CHARGED: 'Meta free, rules charge', CONVERSATION_SPLIT: 'Conversation split',
}
/**
 * Each kind in a manager's words, listed under the chart: "Conversation split · 2 · not costed"
 * was explained nowhere on the page (fresh-user trial). docs/reconcile.md has the rules.
 */
export const kindMeanings: Record<DiscrepancyKind, string> = {
  CATEGORY_MISMATCH: 'Meta priced a template in another category than the one it was sent as.',
  BILLED_BUT_FREE: 'Meta charged where the rules charge nothing.',
  FREE_BUT_CHARGED: 'Meta charged nothing where the rules charge.',
  CONVERSATION_SPLIT: 'Meta\'s conversation does not match the rules\' (it spans several of theirs, or none); not costed, as there is no one conversation to price.',
}

/** The kinds' names, each with what it means in plain words (a list under the chart, at every width). */
function kindsLegend(): HTMLUListElement {
  const ul = Object.assign(document.createElement('ul'), { className: 'note kinds' })
  for (const k of kinds) {
    const li = document.createElement('li')
    li.append(Object.assign(document.createElement('b'), { textContent: kindWords[k] ?? k }), `: ${kindMeanings[k]}`)
    ul.append(li)
  }
  return ul
}
const signed = (v: string, text: string): string => `${Number(v) > 0 ? '+' : ''}${text}`
/**
 * A conversation split is never costed (docs/reconcile.md: it names no single conversation to
 * price); "no price" said of it read as a rate card missing a row (fresh-user trial).
 */
const notCosted = (kind: string | undefined): boolean => kind === 'CONVERSATION_SPLIT'
/**
 * A summed cost difference (a kind's, a template's) as every total on the page reads (format.ts
 * `amount`: its exact decimal rounded once to the cent, 4 decimals under a cent), signed; or,
 * when `uncosted` of its rows have no price (a sum would be partial), that; "not costed" for a
 * kind never costed.
 */
export const difference = (v: string | null, currency: string | null, uncosted: number, kind?: string): string => {
  if (v === null && notCosted(kind)) return 'not costed'
  const text = pricedAmount(v, uncosted, currency ?? '')
  return v === null ? text : signed(v, text)
}
/**
 * One discrepancy's cost difference as the rate card prices a message and the CSV writes it, to
 * 4 decimals in every row ("+$0.07" above "+$0.0099" read as two precisions: trial); "no price"
 * as the chart says it (the table said "—").
 */
const rowDifference = (v: string | null, currency: string | null, kind: string): string =>
  v === null ? (notCosted(kind) ? 'not costed' : 'no price') : signed(v, price(v, currency ?? ''))
const dayOf = (v: string | number): string => (typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : v.slice(0, 10))
/** A drifting template's first and last local day in the period, "2024-09-01 – 2024-09-20" (one day: itself); the table said neither (trial). */
const daysOf = (r: DriftRow): string => (dayOf(r.first_day) === dayOf(r.last_day) ? dayOf(r.first_day) : `${dayOf(r.first_day)} – ${dayOf(r.last_day)}`)
/** The customer page at this message: its timeline shows Meta's decision beside the rules'. */
function customerLink(r: ReconcileRow): HTMLAnchorElement {
  // searched by message id (the page's lookup finds its customer), on the message's local day
  const q = new URLSearchParams({ q: r.message_id, customer: r.wa_id, phone: r.phone_number_id, message: r.message_id, from: dayOf(r.local_date), to: dayOf(r.local_date) })
  // Meta's ids on one line, their end in view (they broke mid-id over lines: fresh-user trial)
  const a = Object.assign(document.createElement('a'), { href: `./customer.html?${q}` })
  a.append(messageIdCode(r.message_id))
  return a
}

/**
 * A button saving every discrepancy of the view (GET /api/reconcile as CSV, the rows of `wacost
 * reconcile`): the panel lists the latest 10, and of 616 the rest were out of reach from the page
 * (fresh-user trial). A failure is said beside it.
 */
function downloadAll(params: URLSearchParams, n: number): HTMLElement {
  const p = Object.assign(document.createElement('p'), { className: 'download-all' })
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: `Download all ${count(n)} as CSV` })
  const status = document.createElement('span')
  button.addEventListener('click', () => {
    const q = new URLSearchParams(params)
    q.set('format', 'csv')
    button.disabled = true
    status.textContent = ''
    // the server's name (api/file-name.ts), as the finance exports': it names the WABA and period
    fetchFile('reconcile', q, 'wacost-reconcile.csv')
      .then(({ blob, name }) => saveFile(blob, name))
      // not tried again: "the page tries again once it is back" (api.ts) promised a file that never came (break-it trial)
      .catch((e: unknown) => { status.textContent = ` Could not download: ${unanswered(e) ? `${notAnswered}; click Download all again once it is back.` : e instanceof Error ? e.message : String(e)}` })
      .finally(() => { button.disabled = false })
  })
  p.append(button, status)
  return p
}

/** Below this width the kinds' names and cost differences go above their bars (beside them they left no room). */
const NARROW = 560
/** How much longer than its count every bar is drawn (px), so that a count of 1 always shows. */
export const LEAST = 3

/** One kind's bar: its discrepancies in every currency, and the summary's rows it stands for (one per currency). */
interface KindBar { kind: DiscrepancyKind; discrepancies: number; rows: ReconcileSummaryRow[] }

/**
 * The summary (one row per kind and currency, sql/api/reconcile_summary.sql) as one bar per kind,
 * in the summary's order: a kind billed in two currencies drew two bars on its band, their
 * labels over each other. Counts add up across currencies; money never does (kindCost says each).
 */
function byKind(summary: ReconcileSummaryRow[]): KindBar[] {
  const bars = new Map<DiscrepancyKind, KindBar>()
  for (const r of summary) {
    const bar = bars.get(r.kind) ?? bars.set(r.kind, { kind: r.kind, discrepancies: 0, rows: [] }).get(r.kind)!
    bar.discrepancies += r.discrepancies
    bar.rows.push(r)
  }
  return [...bars.values()]
}

/** A kind's cost difference in each of its currencies, e.g. "+$1.20 · +€0.80" or "+$1.20 · no price for 3". */
const kindCost = (b: KindBar): string => b.rows.map((r) => difference(r.cost_difference, r.currency, r.uncosted, b.kind)).join(' · ')

/**
 * A bar's tooltip (tip.ts, as every chart's: it was the browser's own title, unlike the others):
 * the kind and its count; with several currencies, each one's count and cost difference on a
 * line of its own (the currency of a row without one: "No currency").
 */
function kindTip(b: KindBar): string {
  const head: [string, string][] = [['Kind', kindWords[b.kind] ?? b.kind], ['Discrepancies', count(b.discrepancies)]]
  if (b.rows.length === 1) return tipText([...head, ['Cost difference', kindCost(b)]])
  return tipText([...head, ...b.rows.map((r): [string, string] =>
    [r.currency ?? 'No currency', `${count(r.discrepancies)}, cost difference ${difference(r.cost_difference, r.currency, r.uncosted, b.kind)}`])])
}

/**
 * A kind's count and cost difference, e.g. "12 · +$1.20", as the bar's label says them; "none"
 * for a kind without discrepancies, wide or narrow (a phone said "· 0", a desktop "none": trial).
 */
const countAndCost = (b: KindBar): string => (b.discrepancies === 0 ? 'none' : `${count(b.discrepancies)} · ${kindCost(b)}`)

/**
 * The discrepancies by kind as bars, one per kind whatever its currencies. Wide: the names on the
 * left, each kind's count and cost difference right of its bar (the count was only in the
 * bar's tooltip: fresh-user trial). Narrow: name, count and cost difference as one line above
 * each bar, the bars the full width.
 */
function kindsChart(summary: ReconcileSummaryRow[], width: number): SVGSVGElement | HTMLElement {
  const shown = byKind(summary)
  const x = { grid: true, label: 'Discrepancies', tickFormat: (d: number) => (Number.isInteger(d) ? count(d) : '') }
  // every bar LEAST px longer than its count (a negative inset, Plot's own): 2 discrepancies beside
  // 614 drew 1.2 px at 390 px, under the axis's rule, as if none (fresh-user trial)
  const bar = Plot.barX(shown, { x: 'discrepancies', y: 'kind', fill: 'var(--warn)', insetRight: -LEAST, title: kindTip, tip: tipAt(width) })
  // Every kind is said, one without discrepancies too (the API has no row for it: on a phone its
  // band stood empty, a gap where its name would be; wide, its name had nothing beside it: trials).
  const none = kinds.filter((k) => !shown.some((b) => b.kind === k)).map((kind): KindBar => ({ kind, discrepancies: 0, rows: [] }))
  if (width >= NARROW) {
    // room right of the widest bar for the longest label (~6.5 px a character of Plot's 10 px
    // font): a kind in three currencies needs more than one amount's 150 px; the bars keep half
    const marginRight = Math.min(width / 2, Math.max(150, ...shown.map((b) => Math.ceil(countAndCost(b).length * 6.5) + 12 + LEAST)))
    return Plot.plot({
      width, height: 160, marginLeft: 170, marginRight, x,
      y: { domain: kinds, tickFormat: (k: string) => kindWords[k] ?? k, label: null },
      marks: [
        bar,
        Plot.text(shown, { x: 'discrepancies', y: 'kind', dx: 6 + LEAST, textAnchor: 'start', text: countAndCost }),
        Plot.text(none, { x: 0, y: 'kind', dx: 6, textAnchor: 'start', fill: 'currentColor', text: countAndCost }),
        Plot.ruleX([0]),
      ],
    })
  }
  // Each band: a line of text on top, the bar below it (the band's padding leaves the text its room).
  const height = 60 + kinds.length * 46
  const padding = 0.45
  const bandwidth = ((height - 30 - 40) / (kinds.length + padding)) * (1 - padding) // Plot's band: range / (n − inner + 2 × outer padding)
  return Plot.plot({
    width, height, marginLeft: 12, marginRight: 16, marginTop: 30, marginBottom: 40, x,
    y: { domain: kinds, axis: null, padding },
    marks: [
      bar,
      Plot.text([...shown, ...none], {
        // dx: clear of the axis's rule at 0, which ran through each line's first letter
        x: 0, y: 'kind', dx: 5, dy: -bandwidth / 2 - 3, lineAnchor: 'bottom', textAnchor: 'start', fill: 'currentColor',
        text: (b: KindBar) => `${kindWords[b.kind] ?? b.kind} · ${countAndCost(b)}`,
      }),
      Plot.ruleX([0]),
    ],
  })
}

/**
 * Where the templates' differences, all listed (5 at most) and costed in one currency, add up
 * apart from their kind's (Category mismatch) as its bar says it: both figures and the gap
 * (labels-apart.ts); '' otherwise.
 */
function driftApart(drift: DriftRow[], summary: ReconcileSummaryRow[]): string {
  const kind = summary.filter((r) => r.kind === 'CATEGORY_MISMATCH')
  const currency = kind[0]?.currency
  if (drift.length > 5 || kind.length !== 1 || !currency || kind[0]!.cost_difference === null) return ''
  if (drift.some((d) => d.cost_difference === null || d.currency !== currency)) return ''
  const apart = labelsApart(drift.map((d) => d.cost_difference!), currency, true)
  // how many: the list folds all but 2 behind "Show all"; the gap kept whole ("($0.01" / "apart)" on a phone)
  return apart ? ` The ${drift.length} templates add up to ${apart.labels}; ${kindWords.CATEGORY_MISMATCH}'s total, ${apart.total}, is rounded once (${apart.gap}\u00a0apart).` : ''
}

/**
 * The panel for `params`. Answered "as of" an earlier time, it calls `again` once no batch waits
 * any more (reconcile-behind.ts), for the panel to be drawn anew, caught up; not after `signal`
 * is aborted.
 */
export function reconcile(params: URLSearchParams, signal: AbortSignal, again: () => void = () => {}): Render {
  return async (body, width) => {
    // the latest 10 only, counted from the summary: the whole list (every discrepancy of the
    // period, each refresh) is for the CSV
    const latestParams = new URLSearchParams(params)
    latestParams.set('latest', String(LATEST))
    const [summary, drift, latest] = await Promise.all([
      fetchTable('reconcile/summary', params, signal).then((t) => rowsOf<ReconcileSummaryRow>(t)),
      fetchTable('reconcile/drift', params, signal).then((t) => rowsOf<DriftRow>(t)),
      fetchTable('reconcile', latestParams, signal).then((t) => rowsOf<ReconcileRow>(t).reverse()),
    ])
    // after the three: whether they were up to date or as of an earlier time (batches waited)
    const state = await fetchJson<ReconcileState>('reconcile/state')
    if (!state.up_to_date) void batchesDerived(signal).then(again)
    // none: whether there was anything to compare (reconcile-none.ts), not agreement unasked
    if (summary.length === 0) return state.up_to_date ? noDiscrepancy(params, signal) : `No discrepancies yet. ${behind(state)}`
    if (!state.up_to_date) body.append(Object.assign(document.createElement('p'), { className: 'note behind', textContent: behind(state) }))
    const total = summary.reduce((n, r) => n + r.discrepancies, 0)
    // what the sign means (a manager read "+$35.94" without knowing who billed more: trial)
    body.append(kindsChart(summary, width), kindsLegend(), Object.assign(document.createElement('p'), {
      className: 'note sign', textContent: 'Cost difference: Meta\'s pricing minus the rules\', both priced by this rate card; + where Meta billed more.',
    }))
    if (drift.length > 0) {
      const h = Object.assign(document.createElement('h3'), { textContent: 'Templates Meta priced in another category' })
      body.append(h, ...fold(table(drift.slice(0, 5), [
        ['Template', (r) => `\`${r.template_name || '(unnamed)'}\``],
        ['WABA', (r) => r.waba_name || r.waba_id],
        ['Logged', (r) => label(r.template_category)],
        ['Meta', (r) => label(r.meta_category)],
        ['Days', daysOf],
        ['Messages', (r) => count(r.messages), 'number'],
        ['Cost difference', (r) => difference(r.cost_difference, r.currency, r.uncosted), 'number'],
      ]), 2, 'templates', params.toString()))
      // the templates' differences are parts of their kind's, each rounded once (the demo's $22.97
      // + $10.19 + $2.75 under a kind's $35.92 of 35.9154; so in the trial), never spread to add up
      if (drift.length > 1) body.append(Object.assign(document.createElement('p'), { className: 'note', textContent: roundedApart('the CSV of Download all') + driftApart(drift, summary) }))
    }
    // Meta's conversation ids as the investigation page shows them: tails that tell them apart
    const short = metaIdShortener(latest.map((r) => r.meta_conversation_id))
    const t = table(latest, [
      ['Day', (r) => dayOf(r.local_date)],
      ['Kind', (r) => kindWords[r.kind] ?? r.kind],
      ['Message', () => ''],
      // what the rules decided and what the message cost them ("Reused … · Paid" read as a paid message: trial)
      ['Rules', rulesWords],
      // Meta's conversation id added below, on a line of its own
      ['Meta', (r) => `${r.meta_billable === null ? '?' : billableWords(r.meta_billable)} · ${label(r.meta_category)}`],
      ['Cost difference', (r) => rowDifference(r.cost_difference, r.currency, r.kind), 'number'],
    ])
    t.classList.add('discrepancies')
    for (const [i, r] of latest.entries()) {
      const row = t.tBodies[0]!.rows[i]!
      // its only child: a grid item of its own in a phone's card (fold wraps several in a span, which gave the id no width)
      row.cells[2]!.replaceChildren(customerLink(r))
      if (r.meta_conversation_id) {
        // as the investigation page writes it: under Meta's words, smaller, after its own label
        // (after the words, a phone's card put it alone on a line under them: trial); a code that
        // does not break (it broke after its "…": trial), cut with an ellipsis if ever too long
        const title = `Meta's conversation id: ${r.meta_conversation_id}`
        const id = Object.assign(document.createElement('small'), { className: 'meta-id' })
        id.append('conversation ', Object.assign(document.createElement('code'), { textContent: short(r.meta_conversation_id), title }))
        row.cells[4]!.append(id)
        row.cells[4]!.title = title
      }
    }
    // the list's own heading says it too: the note at the panel's top is out of view from here (trial)
    const asOf = state.up_to_date || !state.reconciled_at ? '' : `, reconciled as of ${clock(new Date(state.reconciled_at))}`
    body.append(Object.assign(document.createElement('h3'), { textContent: `Latest discrepancies (${count(total)} in the period${asOf})` }), ...fold(t, 3, 'latest discrepancies', params.toString()),
      // their precision said where they are: the templates' note above says "to the cent" (trial)
      Object.assign(document.createElement('p'), { className: 'note latest', textContent: LATEST_NOTE }),
      downloadAll(params, total))
    return true
  }
}
