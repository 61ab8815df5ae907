// A week or month only partly inside the period, as Spend over time and Spend across pricing
// models draw it: narrower (over the period's days only) and hatched, its colours kept. They were
// drawn paler, and a paler "Service · Paid" read as the legend's "Service · Free tier" (a lighter
// green of its own): fresh-user trial.
import * as Plot from '@observablehq/plot'
import { day } from '../format.ts'
import type { Granularity, Period } from './spend.ts'

/** One partial period's bar: its x extent (UTC ms) and the top of its stack (the y scale's units). */
export interface PartialBar { x1: number; x2: number; top: number }

/** Where a row's period is drawn (spend.ts extent). */
interface Extent { start: number; x1: number; x2: number; partial: boolean }

/** Each partial period's bar over `rows`: its extent and the sum of `value` over its rows (the top of its stack). */
export function partialBars<T>(rows: Iterable<T>, extentOf: (r: T) => Extent, value: (r: T) => number): PartialBar[] {
  const bars = new Map<number, PartialBar>()
  for (const r of rows) {
    const e = extentOf(r)
    if (!e.partial) continue
    const bar = bars.get(e.start) ?? { x1: e.x1, x2: e.x2, top: 0 }
    bar.top += value(r)
    bars.set(e.start, bar)
  }
  return [...bars.values()]
}

let patterns = 0

/**
 * The marks that hatch each partial bar: an SVG pattern of diagonal stripes in the card's colour
 * (so the stripes read on light and dark themes alike) over the stacked bar, from 0 to `top`.
 * Drawn after the bars; it takes no pointer, so the bars' tooltips stay.
 */
export function partialHatch(bars: PartialBar[]): Plot.Markish[] {
  if (bars.length === 0) return []
  const id = `wacost-partial-${++patterns}`
  const defs = (): SVGElement => {
    const ns = 'http://www.w3.org/2000/svg'
    const el = document.createElementNS(ns, 'defs')
    const pattern = document.createElementNS(ns, 'pattern')
    for (const [k, v] of Object.entries({ id, width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })) pattern.setAttribute(k, v)
    const stripe = document.createElementNS(ns, 'rect')
    for (const [k, v] of Object.entries({ width: '2.5', height: '6', style: 'fill: var(--card); fill-opacity: 0.7' })) stripe.setAttribute(k, v)
    pattern.append(stripe)
    el.append(pattern)
    return el
  }
  return [
    defs,
    Plot.rectY(bars, {
      x1: (d: PartialBar) => new Date(d.x1), x2: (d: PartialBar) => new Date(d.x2), y1: 0, y2: 'top',
      // decoration: the note under the chart says what it means
      fill: `url(#${id})`, ariaHidden: 'true', pointerEvents: 'none', insetLeft: 0.5, insetRight: 0.5,
    }),
  ]
}

/** The words under a chart whose partial weeks or months are drawn hatched (and narrower). */
export function partialNote(granularity: Granularity, period: Period): HTMLElement {
  const note = document.createElement('p')
  note.className = 'note partial-note'
  note.textContent = `Hatched bars are partial ${granularity === 'week' ? 'weeks' : granularity === 'month' ? 'months' : 'days'}: only the days from ${day(period.from)} to ${day(period.to)} count.`
  return note
}
