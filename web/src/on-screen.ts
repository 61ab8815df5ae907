// A live refresh redraws what is on screen (issue 12: "refresh what is on screen"); a panel
// below the fold is redrawn when it scrolls into view, not after every batch. Each batch's
// refresh of every panel cost the engine ~15 queries (the reconciliation's three, ~1.3 s each on
// the demo data while the rest ran), and the investigation page's refresh of the same batch
// queued behind them (bench:pages).

/** Pixels beyond the viewport that still count as on screen: a panel about to scroll in. */
const MARGIN = 200

const pending = new Map<Element, () => Promise<void>>()
let observer: IntersectionObserver | undefined

function watch(): IntersectionObserver {
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue
      const work = pending.get(e.target)
      pending.delete(e.target)
      observer!.unobserve(e.target)
      void work?.()
    }
  }, { rootMargin: `${MARGIN}px 0px` })
  return observer
}

function onScreen(el: Element): boolean {
  const r = el.getBoundingClientRect()
  return r.bottom > -MARGIN && r.top < window.innerHeight + MARGIN && r.width > 0
}

/**
 * Runs `work` (a panel's redraw) now when `el` is on screen, within 200 px of the viewport;
 * otherwise once it scrolls there, and the promise resolves at once (a live refresh does not wait
 * for panels nobody looks at). A later call for the same element replaces its pending work (the
 * newest data is drawn once), as does {@link drawnNow}.
 */
export function whenOnScreen(el: Element, work: () => Promise<void>): Promise<void> {
  if (onScreen(el)) { drawnNow(el); return work() }
  pending.set(el, work)
  watch().observe(el)
  return Promise.resolve()
}

/** `el` is being drawn anew (new filters, or on screen now): its pending redraw is dropped. */
export function drawnNow(el: Element): void {
  if (!pending.delete(el)) return
  observer?.unobserve(el)
}
