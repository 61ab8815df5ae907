// How message ids are laid out in the page (the investigation page's "Message id" cells, the
// dashboard's latest discrepancies): per element, its text, the lines its text takes, and whether
// its last characters are inside its table cell and painted there. Self-contained: it runs in the
// browser (Playwright's evaluateAll).

export interface IdLayout { text: string | null; lines: number; endShown: boolean }

/** For `locator.evaluateAll`: the layout of each element (an id's cell, or a link in one). */
export function idLayouts(els: Element[]): IdLayout[] {
  return els.map((el) => {
    // in view, for the page to say what it paints there
    el.scrollIntoView({ block: 'center' })
    const texts: Text[] = []
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text)
    // the lines the id's text takes, its characters' boxes (a phone's card title is the cell's ::before, no text)
    const tops = texts.flatMap((t) => {
      const range = document.createRange()
      range.selectNodeContents(t)
      return [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
    })
    // the id's last 6 characters: inside the cell, and painted there (an ancestor's overflow may
    // hide text whose boxes are in place: the element is what the page has at their middle)
    const last = texts.at(-1)!
    const end = document.createRange()
    end.setStart(last, Math.max(0, last.length - 6))
    end.setEnd(last, last.length)
    const e = end.getBoundingClientRect()
    const c = el.closest('td')!.getBoundingClientRect()
    const hit = document.elementFromPoint(e.left + e.width / 2, e.top + e.height / 2)
    const endShown = e.width > 0 && e.left >= c.left - 0.5 && e.right <= c.right + 0.5 && hit !== null && el.contains(hit)
    return { text: el.textContent, lines: new Set(tops).size, endShown }
  })
}
