// Keeps a page fresh: follows GET /api/events (server-sent events) and refreshes what is on
// screen when the data version moves, with a mark "live, updated hh:mm:ss" (local time of the
// last refresh), "offline — reconnecting", or, when the server refuses the page's key (npm start
// makes a new one at each start), that the key is not valid any more, or, when the key may not
// read the data (403: no read role), "not live: this key may not read the data", no longer asked
// (it said "offline — reconnecting" and retried for ever: break-it trial). The stream is read with
// fetch, not EventSource: EventSource cannot send the Authorization header, and the key never
// goes into a URL.
import { apiKey } from './api.ts'
import { clock } from './format.ts'

const RETRY_MS = [1_000, 2_000, 5_000, 10_000]


export interface Live {
  /** The page loaded what it shows now (first load, a filter change): the time on the mark. */
  loaded(): void
  /** A key arrived in the address: follows again if the last one was not let read (403). */
  again(): void
}

/**
 * Starts following the data version. `refresh` reloads what is on screen (keeping filters and
 * scroll) and resolves when it is drawn; it is never run twice at once. The first move refreshes
 * at once; the moves that arrive while a refresh runs (a burst of webhook micro-batches) make one
 * more refresh after it, never one each.
 */
export function follow(mark: HTMLElement, refresh: () => Promise<void>): Live {
  let version: number | undefined
  let updated: Date | undefined
  let connected = false
  let tried = false
  let refused = false
  let unread = false
  let running: Promise<void> | undefined
  let again = false

  const draw = () => {
    mark.hidden = false
    mark.dataset.state = connected ? 'live' : refused ? 'refused' : unread ? 'unread' : tried ? 'offline' : 'connecting'
    mark.textContent = connected
      ? `live, updated ${updated ? clock(updated) : '—'}`
      : refused ? 'key not valid — open the address the server printed'
        : unread ? 'not live: this key may not read the data'
          : tried ? 'offline — reconnecting' : 'connecting…'
    mark.title = updated ? `Figures as of ${updated.toLocaleString()}` : ''
  }

  const run = () => {
    if (running) { again = true; return }
    running = refresh().catch(() => undefined).then(() => {
      updated = new Date()
      running = undefined
      draw()
      if (again) { again = false; run() }
    })
  }

  const changed = (v: number) => {
    const moved = version !== undefined && v !== version
    version = v
    if (moved) run()
  }

  const connect = async (attempt: number): Promise<void> => {
    // a server that cannot be reached now says nothing of the key: offline, not refused
    refused = false
    try {
      const res = await fetch('./api/events', { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'text/event-stream' }, cache: 'no-store' })
      // (still tried now and then: the server may take the key again, e.g. restarted with WACOST_API_KEYS)
      refused = res.status === 401
      // a key's roles are the server's settings: asking again changes nothing until another key
      unread = res.status === 403
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      attempt = 0
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (!data) continue
          const v = (JSON.parse(data) as { version: number }).version
          if (!connected) {
            connected = true
            draw()
            // Back after the stream broke (the server stopped or restarted): refreshed whether or
            // not the version moved meanwhile, as a refresh the server did not answer kept what
            // was shown (panel.ts show).
            if (tried && version !== undefined) { version = v; run(); continue }
          }
          // A reconnect's first event may carry a version moved while offline: refreshed too.
          changed(v)
        }
      }
    } catch { /* said on the mark below */ }
    connected = false
    tried = true
    draw()
    if (unread) return
    window.setTimeout(() => { void connect(attempt + 1) }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)])
  }

  draw()
  void connect(0)
  return {
    loaded: () => { updated = new Date(); draw() },
    again: () => { if (unread) { unread = false; tried = false; draw(); void connect(0) } },
  }
}
