// What-if re-pricing (docs/whatif.md): the traffic of the filter bar's WABAs and days priced now
// and under a shipped scenario, per pricing category: grouped bars (current, alternative) with
// the difference written above each group, and the figures as a table. The API answers 202 while
// it derives the alternative (the first time for a scenario and the data): the panel says so and
// asks again.
import * as Plot from '@observablehq/plot'
import type { WhatifRow } from '../../../api/routes/whatif.ts'
import { ApiFailure, apiKey, reach } from '../api.ts'
import { amount as cents, count, day, label, moneyTicks } from '../format.ts'
import { NO_CHARGES, table, type Render } from '../panel.ts'
import { tipAt, tipText } from '../tip.ts'

export interface Scenario { id: string; description: string }
/** A bar: a category's cost now (Current) or under the scenario (Alternative); NaN without a price. */
interface Bar { category: string; side: 'Current' | 'Alternative'; cost: number }

async function getJson<T>(path: string, params: URLSearchParams, signal: AbortSignal): Promise<{ status: number; body: T }> {
  const res = await reach(`./api/${path}?${params}`, { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'application/json' }, signal })
  const body = (await res.json()) as T & { error?: { code: string; message: string } }
  // with its status: a key refused or not let read is said once, where the page says it (panel.ts)
  if (!res.ok) throw new ApiFailure(body.error?.code ?? 'HTTP', body.error?.message ?? `The server answered ${res.status}.`, res.status)
  return { status: res.status, body }
}

/** The shipped scenarios (id and the sources of its rows). */
export async function scenarios(signal: AbortSignal): Promise<Scenario[]> {
  return (await getJson<Scenario[]>('whatif/scenarios', new URLSearchParams(), signal)).body
}

// The shipped scenarios' names (config/whatif/<id>.csv); another id reads as its words.
const names: Record<string, string> = {
  'october-2026-rules': 'October 2026 rules', 'per-message-july-2025': 'Per-message pricing of July 2025',
  'conversation-based': 'Conversation-based pricing',
}
// Each shipped scenario's rules, for its example of "the rules, not the prices" (the July 2025
// one ended with the October 2026 rules: fresh-user trial; pricing-models.md §1).
const rulesOf: Record<string, string> = {
  'october-2026-rules': 'the October 2026 rules', 'per-message-july-2025': 'the July 2025 per-message rules',
  'conversation-based': 'conversation-based pricing',
}
export function scenarioName(id: string): string {
  const words = id.replaceAll('-', ' ')
  return names[id] ?? `${words.charAt(0).toUpperCase()}${words.slice(1)}`
}

/**
 * What the chosen scenario does, from its description (the CSV's source column, which says
 * "applied to all traffic"), and the day it applies from when one is chosen: the stored
 * timeline before that day. The prices are the rate card's either way, said with an example of
 * the scenario itself on the year of the period shown (`year`: its end's; undefined for an open
 * period): a fixed year read as the data's (2026 over 2024 demo data: fresh-user trial).
 */
export function explanation(s: Scenario, since: string, year?: number): string {
  const text = s.description.charAt(0).toUpperCase() + s.description.slice(1)
  const scope = since
    ? text.replace(/,? applied to all traffic.*$/, '') + `, applied from ${day(Date.parse(`${since}T00:00:00Z`))} (before that day: the current pricing-model timeline)`
    : text
  const rules = rulesOf[s.id] ?? 'this timeline'
  const verb = rules.startsWith('the ') ? 'use' : 'uses'
  const example = year === undefined ? `${rules} applied to any day's traffic ${verb} that day's prices` : `${rules} applied to ${year} traffic ${verb} ${year} prices`
  return `${scope}. Both sides price each message at the rate card's price on the message's day: a scenario changes the rules, not the prices (${example}).`
}

// a row of the differences' staggered labels, and the least gap between two on one row (px)
const ROW_PX = 12
const LABEL_GAP = 16

const amount = (v: string | null, currency: string) => (v === null ? 'unpriced' : cents(Number(v), currency))
const signed = (v: string | null, currency: string) => (v === null ? '—' : `${Number(v) > 0 ? '+' : ''}${cents(Number(v), currency)}`)

/**
 * The panel for one scenario. While the API derives the alternative (202) it shows a note, not a
 * spinner (the page is not busy: the API works in the background), and calls `computing` so the
 * page asks again later.
 */
export function whatif(params: URLSearchParams, scenario: string, computing: () => void, signal: AbortSignal): Render {
  return async (body, width) => {
    const q = new URLSearchParams(params)
    q.set('scenario', scenario)
    const res = await getJson<WhatifRow[] | { message: string }>('whatif', q, signal)
    if (res.status !== 200) {
      const note = document.createElement('p')
      note.className = 'state computing'
      note.setAttribute('role', 'status')
      note.textContent = 'Computing the alternative pricing from the stored messages (the first time for this scenario and these data: a few seconds)…'
      body.append(note)
      computing()
      return true
    }
    const rows = res.body as WhatifRow[]
    const categories = rows.filter((r) => r.row_type === 'category')
    if (categories.length === 0) return NO_CHARGES
    // One currency per chart: the one with the most categories (a rate card normally has one).
    const currencies = [...new Set(categories.map((r) => r.currency))]
    const currency = currencies.sort((a, b) => categories.filter((r) => r.currency === b).length - categories.filter((r) => r.currency === a).length)[0]!
    const shown = categories.filter((r) => r.currency === currency)
    const bars = shown.flatMap((r): Bar[] => [
      { category: r.category, side: 'Current', cost: r.current_cost === null ? NaN : Number(r.current_cost) },
      { category: r.category, side: 'Alternative', cost: r.alternative_cost === null ? NaN : Number(r.alternative_cost) },
    ])
    const total = rows.find((r) => r.row_type === 'total' && r.currency === currency)
    const narrow = width < 110 * shown.length
    // The differences above the groups, on as many staggered rows as keep neighbours on one row
    // LABEL_GAP apart (about 6.5 px a character of bold 10 px; a group's step is the plot's width
    // over n + the band's outer padding): on a phone "+$46.92 $0.00 +$36.00", a word space
    // apart, read as one line, not a figure per group (fresh-user trial).
    const order = shown.map((r) => r.category).sort()
    const step = (width - 60 - 20) / (order.length + 0.15)
    const labelPx = 6.5 * Math.max(...shown.map((r) => signed(r.difference, currency).length)) + LABEL_GAP
    const labelRows = Math.min(order.length, Math.ceil(labelPx / step))
    const summary = document.createElement('p')
    summary.textContent = total
      ? `In ${currency}: ${amount(total.current_cost, currency)} now, ${amount(total.alternative_cost, currency)} under this scenario (${signed(total.difference, currency)}); ${count(total.current_count)} charges now, ${count(total.alternative_count)} under it.`
      : ''
    body.append(summary, Plot.plot({
      // on a phone five category names do not fit side by side: slanted, with room below
      width, height: narrow ? 320 : 280, marginLeft: 60, marginBottom: narrow ? 80 : undefined,
      fx: { label: null, tickFormat: label, domain: order, padding: 0.15, ...(narrow ? { tickRotate: -35 } : {}) },
      x: { axis: null, domain: ['Current', 'Alternative'] },
      // nice: the axis runs past the tallest bar ($180.51 rose above the last tick, $180: fresh-user trial)
      y: { grid: true, nice: true, label: `Cost (${currency})`, insetTop: 18 + ROW_PX * (labelRows - 1), tickFormat: moneyTicks(currency) },
      color: { domain: ['Current', 'Alternative'], range: ['#9c9c9c', '#4e79a7'], legend: true },
      marks: [
        // the tip in the legend's and the table's words (tip.ts): Plot's own said "fx Marketing"
        Plot.barY(bars, { fx: 'category', x: 'side', y: 'cost', fill: 'side', tip: tipAt(width),
          title: (d: Bar) => tipText([['Category', label(d.category)], [d.side, Number.isNaN(d.cost) ? 'unpriced' : cents(d.cost, currency)]]) }),
        // one text mark per row (a mark's dy is one number)
        ...Array.from({ length: labelRows }, (_, row) => Plot.text(shown.filter((r) => order.indexOf(r.category) % labelRows === row), {
          fx: 'category', frameAnchor: 'top', dy: -2 + ROW_PX * row, text: (r: WhatifRow) => signed(r.difference, currency), fontWeight: 600,
        })),
        Plot.ruleY([0]),
      ],
    }), table(shown, [
      ['Category', (r) => label(r.category)],
      ['Now', (r) => `${amount(r.current_cost, currency)} · ${count(r.current_count)}`, 'number'],
      ['Under the scenario', (r) => `${amount(r.alternative_cost, currency)} · ${count(r.alternative_count)}`, 'number'],
      ['Difference', (r) => signed(r.difference, currency), 'number'],
    ]), Object.assign(document.createElement('p'), {
      // the cells round their own exact amounts (as the headline's categories): $205.67 → $252.60
      // read "+$46.92", which looked like a subtraction error (fresh-user trial)
      className: 'note',
      textContent: 'Each amount rounded on its own to the cent (to 4 decimals under a cent), so a difference may be a cent off the rounded amounts beside it (exact 4-decimal amounts: wacost whatif).',
    }))
    return true
  }
}
