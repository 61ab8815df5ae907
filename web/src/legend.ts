// An HTML legend (it wraps on a phone, unlike an SVG one): swatches drawn by style.css's
// .legend rules by kind (bar, tick, box, rule, cut), each with its words and, where the words
// alone are ambiguous, a longer note as its tooltip.
export type LegendItem = [kind: string, swatch: string, text: string, note?: string]

export function legendOf(items: LegendItem[]): HTMLElement {
  const el = document.createElement('div')
  el.className = 'legend'
  for (const [kind, swatch, text, note] of items) {
    const item = document.createElement('span')
    item.className = `item ${kind}`
    const i = document.createElement('i')
    i.style.background = swatch
    item.append(i, text)
    if (note) item.title = note
    el.append(item)
  }
  return el
}
