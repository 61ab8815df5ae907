// The dashboard's what-if panel (panels/whatif.ts) as a control: its own scenario select and day
// to apply from, the scenario list loaded once, and while the API computes, the panel asking
// again every 2 s until the page's filters or the scenario change.
import { show } from './panel.ts'
import { explanation, scenarioName, scenarios, whatif, type Scenario } from './panels/whatif.ts'

export interface WhatifControl {
  /** Draws the panel; `outer` aborting (a newer refresh of the page) stops it and its polling. */
  show(outer: AbortSignal): void
  /** Says the figures shown may be out of date (a batch arrived; it does not recompute a what-if). */
  stale(): void
}

/**
 * The what-if control on `section` (#whatif: select[name=scenario], input[name=since],
 * [data-role=explain], [data-role=stale], [data-role=recompute]). `params` gives the page's WABA
 * and period as query parameters, or undefined while the period cannot be shown: the panel then
 * keeps what it shows (its polling too), as the other panels do.
 */
export function whatifControl(section: HTMLElement, params: () => URLSearchParams | undefined): WhatifControl {
  const select = section.querySelector<HTMLSelectElement>('select[name=scenario]')!
  const staleMark = section.querySelector<HTMLElement>('[data-role=stale]')!
  let list: Scenario[] | undefined
  let flight: AbortController | undefined
  function draw(outer: AbortSignal): void {
    const asked = params()
    if (!asked) return
    flight?.abort()
    staleMark.hidden = true
    const own = new AbortController()
    flight = own
    outer.addEventListener('abort', () => own.abort(), { once: true })
    const again = () => {
      const timer = window.setTimeout(() => { if (!own.signal.aborted) draw(outer) }, 2000)
      own.signal.addEventListener('abort', () => clearTimeout(timer), { once: true })
    }
    void show(section, async (body, width) => {
      list ??= await scenarios(own.signal)
      if (select.options.length === 0) {
        select.replaceChildren(...list.map((s) => new window.Option(scenarioName(s.id), s.id)))
        // The change the issue is about comes first when it is shipped.
        if (list.some((s) => s.id === 'october-2026-rules')) select.value = 'october-2026-rules'
      }
      const chosen = list.find((s) => s.id === select.value) ?? list[0]
      if (!chosen) return false
      const typed = section.querySelector<HTMLInputElement>('input[name=since]')!.value
      const since = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed : ''
      if (since) asked.set('since', since)
      section.querySelector<HTMLElement>('[data-role=explain]')!.textContent = explanation(chosen, since)
      return whatif(asked, chosen.id, again, own.signal)(body, width)
    })
  }
  for (const el of ['select[name=scenario]', 'input[name=since]']) section.querySelector(el)!.addEventListener('change', () => draw(new AbortController().signal))
  section.querySelector('[data-role=recompute]')!.addEventListener('click', () => draw(new AbortController().signal))
  return { show: draw, stale: () => { staleMark.hidden = false } }
}
