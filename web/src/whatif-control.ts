// The dashboard's what-if panel (panels/whatif.ts) as a control: its own scenario select and day
// to apply from, kept in the address with the page's other state (a what-if can be shared or
// reloaded: fresh-user trial), the scenario list loaded once, and while the API computes, the
// panel asking again every 2 s until the answer comes or the page's filters or the scenario change.
// A batch's live refresh does not stop that asking (it did, and the panel kept its "computing" note
// until Recompute: break-it trial): the result is drawn when it comes, then new data is said.
import { realDay } from './day-fields.ts'
import { show } from './panel.ts'
import { explanation, scenarioName, scenarios, whatif, type Scenario } from './panels/whatif.ts'

export interface WhatifControl {
  /** Draws the panel anew (a person's refresh of the page), stopping the asking of the one before. */
  show(): void
  /**
   * Says the figures shown may be out of date (a batch arrived; it does not recompute a what-if);
   * while the panel waits for a result, once it is drawn.
   */
  stale(): void
}

/** The what-if's inputs as the address keeps them: '' for the default scenario, or for all traffic. */
export interface WhatifChoice { scenario: string; since: string }

/**
 * The what-if control on `section` (#whatif: select[name=scenario], input[name=since],
 * [data-role=explain], [data-role=stale], [data-role=recompute]). `params` gives the page's WABA
 * and period as query parameters, or undefined while the period cannot be shown: the panel then
 * keeps what it shows (its polling too), as the other panels do. `chosen` reads the scenario and
 * day from the page's state (the address) at each draw; `choose` is called with the inputs when
 * the user changes them (a scenario the list does not have is said and replaced by the default).
 */
export function whatifControl(section: HTMLElement, params: () => URLSearchParams | undefined,
  chosen: () => WhatifChoice, choose: (c: WhatifChoice, how: 'push' | 'replace') => void): WhatifControl {
  const select = section.querySelector<HTMLSelectElement>('select[name=scenario]')!
  const sinceInput = section.querySelector<HTMLInputElement>('input[name=since]')!
  const staleMark = section.querySelector<HTMLElement>('[data-role=stale]')!
  // the default scenario: the change the issue is about when it is shipped, else the first
  let fallback = ''
  // what was said of a link's unknown scenario or day, until the user picks one
  let linkNote = ''
  let list: Scenario[] | undefined
  let flight: AbortController | undefined
  // a draw waits for its answer (or asks again while the API computes), and a batch came meanwhile
  let waiting = false
  let newData = false
  /**
   * `keep`: asking again while the API computes: the note stays until the answer replaces it (it
   * was "Loading…" during each request, and stayed so when a batch's refresh stopped the asking
   * then: the panel said Loading for ever, the page never settled, CI under load).
   */
  function draw(keep = false): void {
    const asked = params()
    if (!asked) return
    flight?.abort()
    // An asking is answered over the data as it is when asked (the API's what-if is keyed by the
    // stored data's version): a batch said before it does not make its answer stale. Kept, the
    // answer to an asking after the batch was drawn with "New data arrived since…" though its
    // figures were the new headline's (fresh-user trial). A person's draw hides the mark.
    newData = false
    if (!keep) staleMark.hidden = true
    waiting = true
    const own = new AbortController()
    flight = own
    let computing = false
    const again = () => {
      computing = true
      const timer = window.setTimeout(() => { if (!own.signal.aborted) draw(true) }, 2000)
      own.signal.addEventListener('abort', () => clearTimeout(timer), { once: true })
    }
    void show(section, async (body, width) => {
      list ??= await scenarios(own.signal)
      if (select.options.length === 0) {
        select.replaceChildren(...list.map((s) => new window.Option(scenarioName(s.id), s.id)))
        fallback = list.some((s) => s.id === 'october-2026-rules') ? 'october-2026-rules' : list[0]?.id ?? ''
      }
      const want = chosen()
      const scenario = list.find((s) => s.id === (want.scenario || fallback))
      const picked = scenario ?? list.find((s) => s.id === fallback)
      if (!picked) return false
      const since = realDay(want.since) ? want.since : ''
      select.value = picked.id
      sinceInput.value = since
      // a link's unknown scenario or day that is not one (2024-13-01 read "applied from Invalid
      // Date", then the API's error in the panel: fresh-user trial): said once, dropped from the address
      if (!scenario || since !== want.since) {
        linkNote = [!scenario ? `The link's scenario "${want.scenario}" is not one of these: showing ${scenarioName(picked.id)}.` : '',
          since !== want.since ? `The link's day to apply it from, "${want.since}", is not a date: applying it to all traffic.` : '']
          .filter(Boolean).join(' ') + ' '
        choose({ scenario: scenario ? want.scenario : '', since }, 'replace')
      }
      if (since) asked.set('since', since)
      const end = asked.get('to') || asked.get('from')
      section.querySelector<HTMLElement>('[data-role=explain]')!.textContent = linkNote + explanation(picked, since, end ? Number(end.slice(0, 4)) : undefined)
      return whatif(asked, picked.id, again, own.signal)(body, width)
    }, keep).then(() => {
      if (flight !== own || own.signal.aborted || computing) return
      // the answer is drawn: a batch that came while it was awaited is said now
      waiting = false
      if (newData) { newData = false; staleMark.hidden = false }
    })
  }
  for (const el of [select, sinceInput]) {
    el.addEventListener('change', () => {
      linkNote = ''
      choose({ scenario: select.value === fallback ? '' : select.value, since: realDay(sinceInput.value) ? sinceInput.value : '' }, 'push')
      draw()
    })
  }
  section.querySelector('[data-role=recompute]')!.addEventListener('click', () => draw())
  return {
    show: () => draw(),
    stale: () => { if (waiting) newData = true; else staleMark.hidden = false },
  }
}
