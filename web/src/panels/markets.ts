// Spend by market: one bar per market, largest first, from /api/spend's total per market.
import * as Plot from '@observablehq/plot'
import { fetchTable, rowsOf } from '../api.ts'
import { count, label, listed, moneyLabel, moneyTicks, roundedApart, statedCurrency } from '../format.ts'
import { ALL_FREE, hasSpend, NO_CHARGES, type Render } from '../panel.ts'
import { tipAt, tipText } from '../tip.ts'
import { spendApart } from '../labels-apart.ts'
import { barAmount, chargesLine, noPriceText, type SpendCounts, type SpendPoint } from './spend.ts'

type MarketRow = SpendPoint & SpendCounts & { key: string }

/**
 * The note under the chart when some charges have no rate-card price, in two sentences beside the
 * two kinds of label: amounts marked incomplete ("$0.03 ?") count only the priced charges; a
 * market none of whose charges has a price ("no price for 1") has no spend to give. The one note
 * of Spend over time said of such a market "amounts marked incomplete (in the warning colour)
 * count only the priced charges", beside a label with no amount and a bar of no width (trial).
 */
export function marketsNote(markets: MarketRow[], none: (d: MarketRow) => boolean): HTMLElement | null {
  const partial = markets.filter((d) => d.unpriced > 0 && !none(d))
  const whole = markets.filter(none)
  const sentences: string[] = []
  const partialCount = partial.reduce((n, d) => n + d.unpriced, 0)
  if (partialCount > 0) sentences.push(`${noPriceText(partialCount)} in the rate card: amounts marked incomplete (in the warning colour, with ?) count only the priced charges.`)
  if (whole.length === 1) {
    const n = whole[0]!.unpriced
    sentences.push(`${label(whole[0]!.key)}'s ${n === 1 ? 'charge has' : `${count(n)} charges have`} no price in the rate card: its spend cannot be computed.`)
  } else if (whole.length > 1) {
    sentences.push(`The charges of ${listed(whole.map((d) => `${label(d.key)} (${count(d.unpriced)})`))} have no price in the rate card: their spend cannot be computed.`)
  }
  if (sentences.length === 0) return null
  return Object.assign(document.createElement('p'), { className: 'note unpriced-note', textContent: sentences.join(' ') })
}

/** Spend by market: each market's priced amount, marked where some or all of its charges have no price (marketsNote). */
export function spendByMarket(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const q = new URLSearchParams(params)
    q.set('granularity', 'total')
    q.set('split', 'market')
    const t = await fetchTable('spend', q, signal)
    if (t.numRows === 0) return NO_CHARGES
    // every charge free (a filter on Free entry point): as Spend over time says, not a bar of
    // "$0.00" per market beside its "no spend" (new-user trial)
    if (!rowsOf<MarketRow>(t).some(hasSpend)) return ALL_FREE
    // Largest first, as the bars: the page's text (the axis's names, then the amounts) in one
    // order; the amounts ran in the API's, by market code, and a screen reader or a copy of the
    // text paired them wrongly (trial).
    const markets = rowsOf<MarketRow>(t).sort((a, b) => b.priced_cost - a.priced_cost || a.key.localeCompare(b.key))
    const currency = statedCurrency(markets)
    // a market with charges without a price: its bar in the warning colour, its amount "incomplete";
    // one none of whose charges has a price (no currency) says so: it read "$0.00 ?" (fresh-user trial)
    const complete = (d: SpendPoint) => d.unpriced === 0
    const none = (d: SpendPoint) => d.unpriced > 0 && d.currency === null
    const spent = (d: SpendPoint) => barAmount(d, currency)
    // the tip names the market as the axis does ("key Germany": fresh-user trial)
    const bar = { y: 'key', x: 'priced_cost', tip: tipAt(width),
      title: (d: MarketRow) => tipText([['Market', label(d.key)],
        [moneyLabel('Spend', currency), spent(d)], chargesLine(d), ['Incomplete', noPriceText(d.unpriced)]]) } as const
    body.append(Plot.plot({
      width,
      height: Math.max(146, 34 * markets.length + 56),
      marginLeft: 150,
      marginRight: 80,
      // the axis label a line of its own under the ticks: at Plot's 30 px it touched "$200" (fresh-user trial)
      marginBottom: 36,
      // no market with an amount above 0 (none priced, or free): an axis of 0 alone drew each bar
      // across the chart, "0" in its middle and the label on the bar; no axis then, bars of no width
      x: markets.some((d) => d.priced_cost > 0) ? { grid: true, nice: true, label: moneyLabel('Spend', currency), labelOffset: 36, tickFormat: moneyTicks(currency) }
        : { domain: [0, 1], axis: null },
      y: { label: null, tickFormat: label, domain: markets.map((m) => m.key) },
      marks: [
        Plot.barX(markets, { ...bar, filter: complete, fill: 'var(--accent)' }),
        Plot.barX(markets, { ...bar, filter: (d: SpendPoint) => !complete(d), fill: 'var(--warn)' }),
        Plot.text(markets, { y: 'key', x: 'priced_cost', textAnchor: 'start', dx: 4,
          text: (d: SpendPoint) => `${spent(d)}${complete(d) || none(d) ? '' : ' ?'}` }),
        Plot.ruleX([0]),
      ],
    }))
    // the markets are parts of the headline's total, each rounded once (on the demo their labels
    // add up to $624.17, its total spend is $624.15, 624.1542; a cent off in the trial), never
    // spread to add up; said of two amounts or more (not of labels "no price for 1", which round
    // nothing), with both figures where they differ (labels-apart.ts)
    const amounts = markets.filter((d) => !none(d))
    if (amounts.length > 1) {
      const sums = spendApart(amounts.map((d) => ({ amount: d.priced_cost, currency: d.currency })), currency)
      body.append(Object.assign(document.createElement('p'), { className: 'note', textContent: roundedApart('the exports') + sums }))
    }
    const unpriced = marketsNote(markets, none)
    if (unpriced) body.append(unpriced)
    return true
  }
}
