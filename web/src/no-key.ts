// The dashboard opened without an API key (a link shared to someone who has not opened their own
// key's link): the filter bar shows what the link asks for (main.ts: its ids as they are, their
// names come with the options, which need a key), the notice says how to see it, and the export
// is disabled (so is it with a key the server refuses: keyNotValid). It showed "All WABAs" and
// empty dates for a link asking for a WABA and a From, with Download CSV enabled and `npm start`
// in literal backticks (fresh-user trial).
import type { ExportControl } from './export-control.ts'
import type { KeyState } from './key-state.ts'
import { withCode } from './panel.ts'
import { statusOf } from './api.ts'

/**
 * The notice of the dashboard without a key, and its export disabled. `leftOut`: what the
 * dashboard does not take of the link as given (link-filters.ts linkSaid), said after it in the
 * words said with a key: without one, a typo (?form=…) went unsaid (fresh-user trial).
 */
export function showWithoutKey(notice: HTMLElement, exporter: ExportControl, leftOut: string[] = []): void {
  notice.hidden = false
  notice.replaceChildren(...noKeyWords('dashboard link', ' The filters above are this link\'s; nothing is shown or exported without a key.'),
    // as text: a parameter's name is the link's, never markup or code
    ...leftOut.map((s) => document.createTextNode(` ${s}`)))
  exporter.refuse('Needs an API key to export.', 'no API key')
}

/**
 * How to open the page with a key the server takes, once it refused the page's: the page cannot
 * tell which server it talks to (no route says), and each prints another address. `npm start`
 * without WACOST_API_KEYS prints a link with a key made at this start; with configured keys it
 * prints the address alone, "and add #key=<your API key>": "open the dashboard link the server
 * printed" sent its user to a link without a key (break-it trial, twice). So the words lead with
 * what holds for both, and say when the printed link carries a key.
 */
export const keyAnew = 'add #key=<your API key> to the address (a server started without WACOST_API_KEYS printed a dashboard link with its key: open that one)'

/**
 * The notice of a page whose loading failed (the dashboard's start: GET /api/filters, GET
 * /api/key; the investigation page's look-up): with a key the server refused (401) or would not
 * let read (403), the server's sentence first, and for a refused key how to open the page with one
 * it takes, in the words said beside Download CSV; "Could not load the filter options: This API
 * key is not valid" put the options first, and no notice came for a key that lost its read role in
 * a restart (break-it trial). Else `what` failed (e.g. "Could not investigate") and why.
 */
export function startFailed(e: unknown, what = 'Could not load the filter options'): string {
  const status = statusOf(e)
  const message = (e as Error).message
  if (status === 401) return `${message} To see the data, ${keyAnew}.`
  return status === 403 ? message : `${what}: ${message}`
}

/** The live mark's words while the server refuses the page's key (live.ts). */
export const keyNotValidMark = `key not valid — ${keyAnew}`

/**
 * Said beside Download CSV when the server refuses the page's key (401: `#key=…` of an earlier
 * `npm start`, or mistyped): the button stayed enabled and the sentence said "its total is the
 * headline's" under a headline that could not load (fresh-user trial).
 */
export const keyNotValid = `The API key is not valid (it may have changed when the server restarted): to export, ${keyAnew}.`

/**
 * Said beside Download CSV when the server takes the page's key but it may not read the data (403:
 * a key without the read role, e.g. ingest only): the button stayed enabled with "Covers all
 * WABAs…" though any export would be refused (break-it trial).
 */
export const keyCannotReadWords = 'This API key may not read the data (it lacks the read role): open the dashboard with a key that has it to export.'

/**
 * What each panel says, once the notice says the server refused the key or would not let it read
 * (panel.ts keyFailuresSaid): every panel and the headline repeated the server's sentence (break-it trial).
 */
export const keySaidAbove = 'Not shown: see the notice above.'

/**
 * What a bad period's message says waits, without a key: the key, first. "The panels wait for a
 * valid period" promised panels that no period brings without one (fresh-user trial).
 */
export const keyFirst = 'First add an API key, as the notice below says.'

/**
 * The same with a key the server refused (401) or would not let read (403: ingest only): "The
 * panels below still show the previous period" where each said "Not shown: see the notice above",
 * or "The panels wait for a valid period" where no period brings them with that key (break-it trial).
 */
export const keyReadFirst = 'First open the dashboard with an API key that may read the data, as the notice below says.'

/** What a bad period's message says waits, by what the server said of the page's key: the key first, unless it may read (undefined). */
export const keyFirstWords = (key: KeyState): string | undefined => (key === 'none' ? keyFirst : key === 'refused' || key === 'unread' ? keyReadFirst : undefined)

/**
 * The notice of a page opened without a key (the dashboard's, the customer page's): how to open it
 * with one. A server started with WACOST_API_KEYS prints its address alone: "(it ends with
 * #key=…)" sent its user to a link without a key (break-it trial).
 */
export function noKeyWords(link: string, then = ''): Node[] {
  return withCode(`No API key: open the ${link} that \`npm start\` printed if it ends with \`#key=…\` (it does unless the server was started with \`WACOST_API_KEYS\`), or add your own key to the end of this link as \`#key=…\`.${then}`)
}
