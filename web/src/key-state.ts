// What the server said of the page's API key last, in one place: the dashboard's filter options
// (main.ts), the live mark's event stream (live.ts) and a download (export-control.ts) each tell it
// what they were answered, the presets' line, the live mark and the export read it, and the page
// starts again when the server takes a key it refused or would not let read (key-start.ts). Each
// kept its own (keyWas; refused, unread), and a key that could not read stayed so on the page after
// the server was restarted with other roles (break-it trial). Whether the server answered at all is
// kept too: the export clears what it said of a download the server did not answer once it answers
// again.

/**
 * The page's key: none in the page; given, nothing heard of it yet (or only that the server did
 * not answer); refused by the server (401); taken but without the read role (403: a key for
 * ingest only); fine, taken for reading. A server that does not answer says nothing of the key:
 * what it said last stays (keyUnanswered tells the two apart).
 */
export type KeyState = 'none' | 'given' | 'refused' | 'unread' | 'fine'

type Heard = Exclude<KeyState, 'none'>
type Listener = (now: Heard, was: Heard) => void

let heard: Heard = 'given'
let unanswered = false
const listeners: Listener[] = []
const backListeners: (() => void)[] = []

/** What the server said of the page's key last ('given': nothing yet); the caller knows whether there is a key. */
export const keyHeard = (): Heard => heard

/**
 * Whether the server did not answer the last request made with the key (stopped, restarting, the
 * network down): offline, which says nothing of the key (the live mark says so, not "refused").
 */
export const keyUnanswered = (): boolean => unanswered

/** A new key in the page (or none): nothing heard of it yet. */
export function keyChanged(): void { unanswered = false; tell('given') }

/**
 * The status the server answered a request made with the key: 401 refused, 403 may not read, any
 * 2xx fine; 0 not answered at all (offline); the others (a 5xx, a 404) say nothing of the key, nor
 * does undefined (a failure that was not the server's answer: api.ts statusOf).
 */
export function keyAnswered(status: number | undefined): void {
  if (status === undefined) return
  const back = unanswered && status !== 0
  unanswered = status === 0
  if (back) for (const l of backListeners) l()
  if (status === 401) tell('refused')
  else if (status === 403) tell('unread')
  else if (status >= 200 && status < 300) tell('fine')
}

/** Runs `listener` with each change of what was heard of the key, and what was heard before. */
export function onKeyHeard(listener: Listener): void { listeners.push(listener) }

/** Runs `listener` each time the server answers again after a request it did not answer (back after a stop or restart). */
export function onServerBack(listener: () => void): void { backListeners.push(listener) }

function tell(now: Heard): void {
  if (now === heard) return
  const was = heard
  heard = now
  for (const l of listeners) l(now, was)
}
