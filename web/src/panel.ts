// Every panel goes through the same states: loading, then its chart, "no data" or the error.
import { statusOf, unanswered } from './api.ts'
import { NOTHING_STORED } from './data-span.ts'

/**
 * Draws into `body`; false: nothing to show ("No data for these filters."), or a sentence saying
 * why there is nothing: every card of the dashboard says why in its own words (on 2024 data
 * several said "No data for these filters." with no filter set: fresh-user trial).
 */
export type Render = (body: HTMLElement, width: number) => Promise<boolean | string>

/** Why a panel of charges (spend, eras, what-if) is empty. */
export const NO_CHARGES = 'No charges in this period.'

/** Why a panel of spend is empty when every charge of the period is free (priced 0, none unpriced). */
export const ALL_FREE = 'No spend in this period: all its charges are free.'

/**
 * Whether a row of /api/spend carries spend: a priced amount above 0 or charges without a price
 * (amount unknown). Every panel of spend tests a series, a market or a category so, and says
 * ALL_FREE when none does.
 */
export const hasSpend = (r: { priced_cost: number; unpriced: number }): boolean => r.priced_cost > 0 || r.unpriced > 0

function state(body: HTMLElement, text: string, kind: 'loading' | 'empty' | 'error'): void {
  const p = document.createElement('p')
  p.className = `state ${kind}`
  p.setAttribute('role', kind === 'error' ? 'alert' : 'status')
  p.textContent = text
  body.replaceChildren(p)
}

/**
 * What a panel says when the server refused the page's key (401) or would not let it read (403),
 * while `where` (the dashboard's notice) says the server's sentence: with a key for ingest only,
 * every panel repeated it (break-it trial). Unset (the customer page), or the sentence not shown
 * there (a key refused only after the page started): the server's sentence, as of any failure.
 */
let keyPointer: { words: string; where: HTMLElement } | undefined
export function keyFailuresSaid(words: string, where: HTMLElement): void { keyPointer = { words, where } }

/** Why a panel could not load: `lead` and the server's words, or the line pointing to where the page says them. */
export function failedWords(e: unknown, lead: string): string {
  const status = statusOf(e)
  const message = (e as Error).message
  const shown = keyPointer && !keyPointer.where.hidden && keyPointer.where.textContent?.includes(message)
  return shown && (status === 401 || status === 403) ? keyPointer!.words : `${lead}${message}`
}

/** Nothing stored for any WABA the page's key may read (false: some is, or not known): every empty panel says NOTHING_STORED. */
let nothingStored = false
/** Sets whether the key's WABAs hold any data (`any`; undefined: not known), as the dashboard's filter options say; returns whether any may be. */
export function dataStored(any: boolean | undefined): boolean { nothingStored = any === false; return !nothingStored }
/** Whether no WABA the page's key may read holds any data (as dataStored was last told). */
export const storedNothing = (): boolean => nothingStored

/** What every empty panel says of the period shown, which the data does not reach (data-span.ts outsideWords); '': some of it is inside. */
let outside = ''
/** Sets the words of a period the data does not reach ('' when it does), as the dashboard's refresh finds it. */
export function periodOutside(words: string): void { outside = words }

/** Marks a panel as loading while its data is still on the way (before show() renders it). */
export function loading(section: HTMLElement): void {
  section.setAttribute('aria-busy', 'true')
  state(section.querySelector<HTMLElement>('.body') ?? section, 'Loading…', 'loading')
}

/** A panel that shows no data, only why (it waits for a valid period; its data could not be had): no longer busy. */
export function said(section: HTMLElement, text: string, kind: 'empty' | 'error'): void {
  section.setAttribute('aria-busy', 'false')
  state(section.querySelector<HTMLElement>('.body') ?? section, text, kind)
}

/**
 * Runs a panel's render into its .body; render returns false (or why, in words) when there is nothing to show.
 * `keep`: what is shown stays until the new content replaces it (a live refresh: no flash of
 * "Loading…", no jump of the scroll position).
 */
export async function show(section: HTMLElement, render: Render, keep = false): Promise<void> {
  const body = section.querySelector<HTMLElement>('.body') ?? section
  section.setAttribute('aria-busy', 'true')
  if (!keep) state(body, 'Loading…', 'loading')
  try {
    const holder = document.createElement('div')
    const shown = await render(holder, Math.max(280, body.clientWidth))
    if (shown === true) body.replaceChildren(...holder.childNodes)
    else state(body, nothingStored ? NOTHING_STORED : outside || shown || 'No data for these filters.', 'empty')
  } catch (e) {
    if ((e as Error).name === 'AbortError') return
    // A live refresh the server did not answer (it stopped or restarts) keeps what is shown: the
    // live mark says the page is offline, and it refreshes once it is back (live.ts).
    if (keep && unanswered(e)) return
    state(body, failedWords(e, 'Could not load this panel: '), 'error')
  } finally {
    section.setAttribute('aria-busy', 'false')
  }
}

/** A `code` span, as the page's own words mark a command or a link's end (no-key.ts). */
const codeSpan = /`([^`]+)`/g

/**
 * A name in curly quotes, as the explanations quote a template's (“promo_launch”: view
 * customer_conversations 801; they wrote `promo_launch`, raw in the API's JSON and CSV: trial).
 * A name only: no space inside, so quoted words (“all activity”) stay words.
 */
const quotedName = /(“[^\s”]+”)/

/** A date in running text ("2024-09-20"): the browser broke it after a hyphen ("2024-09-" / "20", 390 px: trial). */
const isoDate = /(\d{4}-\d\d-\d\d)/

/** Text as nodes, each date in it a span.date (style.css: never broken inside). */
export function withWholeDates(text: string): Node[] {
  return text.split(isoDate).flatMap((part, i): Node[] => (i % 2 === 1 ? [Object.assign(document.createElement('span'), { className: 'date', textContent: part })]
    : part === '' ? [] : [document.createTextNode(part)]))
}

const code = (text: string): HTMLElement => Object.assign(document.createElement('code'), { textContent: text })

/**
 * Text with `code` spans as <code> elements, and a quoted name (an explanation's template) drawn as
 * code inside its quotes, so the text read is the API's; its dates whole.
 */
export function withCode(text: string): Node[] {
  return text.split(codeSpan).flatMap((part, i): Node[] => (i % 2 === 1 ? [code(part)]
    : part.split(quotedName).flatMap((p, j): Node[] => (j % 2 === 1
      ? [document.createTextNode('“'), code(p.slice(1, -1)), document.createTextNode('”')] : withWholeDates(p)))))
}

/**
 * A table's column: its title, its cell's text, and 'number' for figures (counts, amounts,
 * percentages), which align right; text (names, kinds, dates, verdicts) aligns left (WABA and
 * Kind read right-aligned: fresh-user trial).
 */
export type Column<T> = [title: string, cell: (r: T) => string, kind?: 'number']

/**
 * A small HTML table from rows and column definitions. Each cell carries its column's title
 * (data-label), so a narrow screen can show every row as a card of "title: value" lines.
 */
export function table<T>(rows: T[], columns: Column<T>[]): HTMLTableElement {
  const t = document.createElement('table')
  const head = t.createTHead().insertRow()
  // a header is named as its cells, so a column's alignment (style.css) is its header's too
  for (const [title, , kind] of columns) {
    const th = head.appendChild(Object.assign(document.createElement('th'), { textContent: title }))
    th.dataset.label = title
    if (kind === 'number') th.className = 'num'
  }
  const body = t.createTBody()
  for (const r of rows) {
    const tr = body.insertRow()
    for (const [title, cell, kind] of columns) {
      const td = tr.insertCell()
      td.dataset.label = title
      if (kind === 'number') td.className = 'num'
      td.append(...withCode(cell(r)))
    }
  }
  return t
}

/**
 * `t` in a box that scrolls sideways when the table is wider than its card (the customer's
 * messages on a laptop), with a cue that columns lie beyond the edge: the box's
 * `data-more` says on which sides ("left", "right"); style.css fades the right edge and keeps the
 * first column in view while there is more (it scrolled with no sign of more: fresh-user trial).
 * A box with no width (a window shrunk to nothing, as a screenshot of a part of the page does for
 * a moment) scrolls nothing: no cue (it was set then, and its fade-out left the reconciliation's
 * Cost difference column half faded at 1440 px, where its tables fit: trial).
 */
export function scrolling(t: HTMLTableElement): HTMLElement {
  const wrap = Object.assign(document.createElement('div'), { className: 'table-wrap' })
  const box = Object.assign(document.createElement('div'), { className: 'table-scroll' })
  box.append(t)
  wrap.append(box)
  const mark = (): void => {
    const shown = box.clientWidth > 0
    const more = [shown && box.scrollLeft > 1 ? 'left' : '', shown && box.scrollLeft + box.clientWidth < box.scrollWidth - 1 ? 'right' : ''].filter(Boolean).join(' ')
    if (more) wrap.dataset.more = more
    else delete wrap.dataset.more
  }
  box.addEventListener('scroll', mark, { passive: true })
  // the box's width (the window's) and the table's (rows shown by "Show all", cards on a phone)
  const sizes = new ResizeObserver(mark)
  sizes.observe(box)
  sizes.observe(t)
  return wrap
}

/**
 * A phone, as the page's JS decides it (matchMedia): ≤ 600 px wide, or ≤ 500 px tall, a phone
 * turned sideways (844 × 390). phone-lines.css folds the dashboard's filter bar and export under
 * this same query; the JS went by width alone, so sideways the CSS folded and the JS did not.
 */
export const PHONE = '(max-width: 600px), (max-height: 500px)'
// Where style.css draws a panel's table as cards (its own width: a table needs more room than a menu).
const TABLE_CARDS = '(max-width: 700px)'
// the lists (fold's noun and scope) whose "Show all" was pressed on this page
const unfolded = new Set<string>()

/**
 * `t` as the panel shows it: compact, and where its tables are cards (TABLE_CARDS) or on a phone
 * (PHONE: turned sideways too, 390 px tall) its rows after the first `keep` hidden behind a
 * "Show all N …" button that shows them (its cards ran ~3,800 px on a phone: fresh-user trial);
 * elsewhere whole. Returns what the panel's body shows: the table
 * in its scrolling box (scrolling), and the button when there is one. The reconciliation's
 * discrepancies, the click-to-WhatsApp ads and support's most charged customers (its 50 cards ran
 * 17,000 px: trial). Once "Show all" is pressed, the list of `noun` and `scope` (what it is a list
 * of: its filters) stays whole when drawn again (a live refresh folded it back to 10: trial).
 */
export function fold(t: HTMLTableElement, keep: number, noun: string, scope = ''): HTMLElement[] {
  t.classList.add('compact')
  // A compact card's cell is a grid of its title and its value: each node of a value of several
  // (Meta's words, then its conversation id) was an item of its own, the id under the title (trial).
  for (const td of t.querySelectorAll('td')) {
    if (td.childNodes.length < 2) continue
    const value = document.createElement('span')
    value.append(...td.childNodes)
    td.replaceChildren(value)
  }
  const rows = [...t.tBodies[0]!.rows]
  // wider than its card (long names on a narrow laptop), it scrolls with a cue (panel.ts scrolling)
  const list = `${noun} ${scope}`
  const short = window.matchMedia(PHONE).matches || window.matchMedia(TABLE_CARDS).matches
  if (rows.length <= keep || !short || unfolded.has(list)) return [scrolling(t)]
  for (const r of rows.slice(keep)) r.hidden = true
  const all = Object.assign(document.createElement('button'), { type: 'button', className: 'show-all', textContent: `Show all ${rows.length} ${noun}` })
  all.addEventListener('click', () => { for (const r of rows) r.hidden = false; all.remove(); unfolded.add(list) })
  return [scrolling(t), all]
}
