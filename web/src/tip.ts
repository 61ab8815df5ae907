// Plot's tooltips on every chart of the dashboard and of the customer page: how wide a tip may be
// so it stays on a phone's screen, kept on the chart and in its card, and its text, each line
// named in words.
import type { RenderFunction } from '@observablehq/plot'

// Plot's tip's frame: its pointer (12 px) and padding (8 px a side).
const TIP_FRAME_PX = 12 + 2 * 8 + 2 * 8

/**
 * Every chart's tip's text: 12.5 px, lines 1.3 em apart. Plot's 10 px at 1 em a line read small
 * beside the page's 15 px text, its lines almost touching (the customer timeline's tips of
 * several lines: fresh-user trial).
 */
const TIP_TEXT = { fontSize: 12.5, lineHeight: 1.3 } as const

/**
 * A tooltip's line width (ems) at a chart width: 20 (Plot's default) where the chart holds it
 * whole, else as wide as the chart does. Plot opens a tip beside its mark where it fits there,
 * else above or below it, and keepOnChart moves one that still runs past an edge back onto the
 * chart. Kept within half the chart on a phone (~10 ems), a tip of the spend chart by phone
 * number ran 11 lines of 2 words, "Phone number:" alone above the phone's name (fresh-user trial).
 */
export function tipLineWidth(width: number): number {
  return Math.max(8, Math.min(20, Math.floor((width - TIP_FRAME_PX - 8) / TIP_TEXT.fontSize)))
}

/**
 * A mark's `tip` at a chart width: a tip of the mark's title (tipText), wrapped within the
 * chart (tipLineWidth), never cut by the chart's clip, kept on the chart (keepOnChart). Plot cuts
 * a tip of channels line by line with an ellipsis ("Kirana India · +91 80 45…" at 1440 px) and
 * names each channel as Plot does ("fy Guardrail break", "key Germany"): a title is wrapped
 * whole, in the chart's words, in text larger than Plot's (TIP_TEXT).
 */
export const tipAt = (width: number) =>
  ({ lineWidth: tipLineWidth(width), clip: false, render: keepOnChart, ...TIP_TEXT }) as const

/**
 * A render transform of Plot's tip: once Plot has laid a tip out (its postrender, a microtask
 * after the render when the chart is on the page, else the next frame), shifts it sideways onto
 * the chart where it runs past an edge, and down or up into the box that cuts the chart's
 * overflow (clipBox). Plot opens a tip beside its mark where it fits there, but centres one
 * taller than the room above and below its mark, whatever its width: on a phone such a tip of
 * Spend across pricing models ran off the card's right edge; and puts one taller than the whole
 * chart above its mark: the customer timeline's free entry point bar's tip, on a phone, lost its
 * first lines (what it is, from when to when) above the card's body.
 */
const keepOnChart: RenderFunction = (index, scales, values, dimensions, context, next) => {
  const g = next!(index, scales, values, dimensions, context)
  const svg = context.ownerSVGElement
  oneTipAtATime(svg, g)
  const shift = () => {
    const chart = svg.getBoundingClientRect()
    // screen pixels per unit of the chart's own coordinates (a chart scaled down by CSS)
    const scale = chart.width / dimensions.width || 1
    const clip = clipBox(svg)
    for (const tip of g?.children ?? []) {
      // the box with the frame's border, which its path's stroke draws half outside the path (the
      // box leaves it out): a tip moved to the chart's edge had its border cut by the card (trial)
      const frame = tip.querySelector('path')
      const half = frame ? (Number.parseFloat(getComputedStyle(frame).strokeWidth) || 0) / 2 : 0
      const r = tip.getBoundingClientRect()
      const box = { left: r.left - half, right: r.right + half, top: r.top - half, bottom: r.bottom + half, width: r.width + 2 * half, height: r.height + 2 * half }
      const dx = box.width >= chart.width || box.left < chart.left ? chart.left - box.left : Math.min(0, chart.right - box.right)
      // its first lines kept where it cannot fit whole
      const dy = box.height >= clip.height || box.top < clip.top ? clip.top - box.top : Math.min(0, clip.bottom - box.bottom)
      const at = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(tip.getAttribute('transform') ?? '')
      if (!at) continue
      // whole pixels, rounded inwards: rounded to the nearest, a tip moved onto the chart stayed up
      // to half a pixel past its edge
      const inwards = (v: number, d: number) => (d > 0 ? Math.ceil(v) : d < 0 ? Math.floor(v) : Math.round(v))
      const [x, y] = [inwards(Number(at[1]) + dx / scale, dx), inwards(Number(at[2]) + dy / scale, dy)]
      if (dx !== 0 || dy !== 0) tip.setAttribute('transform', `translate(${x},${y})`)
    }
  }
  if (svg.isConnected) queueMicrotask(shift)
  else requestAnimationFrame(shift)
  return g
}

// Whether the last pointer was a finger or a pen (not a mouse): set before Plot's own listeners
// on the chart see the event (capture, on the document).
let touching = false
if (typeof document !== 'undefined') {
  for (const type of ['pointerover', 'pointerdown'] as const) {
    document.addEventListener(type, (e) => { touching = e.pointerType !== 'mouse' }, { capture: true, passive: true })
  }
}
let lastTip: { svg: SVGSVGElement; g: SVGElement } | undefined

/**
 * On a touch screen, a tip shown on one chart hides the tip another chart still shows: Plot
 * hides a tip when a mouse leaves its chart, but a tapped one stays until that chart is tapped
 * again, so a tap on another chart showed two tips at once (trial). The other chart is told the
 * pointer left it, as a mouse's leaving tells it, so its pointer state follows (emptying its tip
 * by hand left Plot thinking it shown: the same mark tapped again showed nothing). A mouse's
 * tips stay Plot's (one clicked to stay there stays).
 */
function oneTipAtATime(svg: SVGSVGElement, g: SVGElement | null): void {
  if (!g || g.textContent === '') return
  const other = lastTip
  lastTip = { svg, g }
  if (touching && other && other.svg !== svg && other.g.isConnected) {
    other.svg.dispatchEvent(new PointerEvent('pointerleave', { pointerType: 'mouse' }))
  }
}

/**
 * The box (screen px) that cuts what overflows a chart: its first ancestor that does not let it
 * show (a card's body: overflow-x auto cuts above and below too), else the whole height.
 */
function clipBox(svg: SVGSVGElement): { top: number; bottom: number; height: number } {
  for (let e = svg.parentElement; e; e = e.parentElement) {
    if (getComputedStyle(e).overflowY !== 'visible') return e.getBoundingClientRect()
  }
  return { top: -Infinity, bottom: Infinity, height: Infinity }
}

/**
 * An international phone number (+44 20 7946 0611, +1 212-555-0141) with no-break spaces and
 * hyphens: Plot wraps a tip's lines at spaces and hyphens, and on a phone split one across two
 * lines ("+44 20" / "7946 0611": fresh-user trial). A country's code stays beside its name
 * ("United States (US)", the spend split by country), never on a line of its own.
 */
const unbroken = (v: string): string => v.replace(/\+\d[\d -]*\d/g, (n) => n.replace(/ /g, '\u00a0').replace(/-/g, '\u2011'))
  .replace(/ \(([A-Z]{2})\)/g, '\u00a0($1)')

// A day or month as format.ts's day() and month() write it in the browser's language: "Sep 1,
// 2025", "1 Sep 2025", "September 2025" (a capitalised word and a year: no other tip text has one).
const NAMED_DAY = /(?<![\p{L}\d])(?:\p{L}{3,9}\.? \d{1,2}, \d{4}|\d{1,2} \p{L}{3,9}\.? \d{4}|\p{Lu}\p{Ll}{2,8} \d{4})(?!\d)/gu

/**
 * A tip's dates ("2024-08-15", "Sep 1, 2025", "September 2025") and date-times ("2024-08-15
 * 10:26") with no-break hyphens and spaces: Plot wraps a tip's lines at spaces and after
 * hyphens, and a customer timeline's tip read "delivered 2024-" / "08-15 10:26", a dashboard
 * chart's "Period: Sep 2, 2024 – Sep" / "8, 2024" (fresh-user trials). Running text keeps them
 * whole by CSS instead (panel.ts withWholeDates); a tip is drawn in SVG, wrapped by Plot.
 */
export const wholeDates = (v: string): string =>
  v.replace(/\b(\d{4})-(\d\d)-(\d\d)(?: (?=\d\d:\d\d))?/g, (at, y: string, m: string, d: string) => `${y}\u2011${m}\u2011${d}${at.length > 10 ? '\u00a0' : ''}`)
    .replace(NAMED_DAY, (at) => at.replace(/ /g, '\u00a0'))

/**
 * A tooltip's text: a "Label: value" line each (the value alone where the label is ''), a line
 * without a value (null, undefined or '') left out; phone numbers and dates never wrapped
 * (wholeDates, as the customer timeline's tips), nor a country's code.
 */
export function tipText(lines: [label: string, value: string | null | undefined][]): string {
  return lines.filter(([, v]) => v != null && v !== '').map(([l, v]) => unbroken(wholeDates(l ? `${l}: ${v}` : v!))).join('\n')
}
