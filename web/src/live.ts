// Keeps a page fresh: follows GET /api/events (server-sent events) and refreshes what is on
// screen when the data version moves, with a mark "live, updated hh:mm:ss" (local time of the
// last refresh), "offline — reconnecting", or, when the server refuses the page's key (npm start
// makes a new one at each start), that the key is not valid any more, or, when the key may not
// read the data (403: no read role), "not live: this key may not read the data", asked again only
// every 30 s (it said "offline — reconnecting" and retried every 1–10 s for ever, then was never
// asked again, and the page stayed not live after the server was restarted with roles that let the
// key read: break-it trials). What the server answered of the key goes to key-state.ts, which
// starts the page again once it takes a key it refused or would not let read. The stream is read
// with fetch, not EventSource: EventSource cannot send the Authorization header, and the key never
// goes into a URL.
import { apiKey, reach, statusOf } from './api.ts'
import { clock } from './format.ts'
import { keyAnswered, keyHeard, keyUnanswered, onKeyHeard } from './key-state.ts'
import { keyNotValidMark } from './no-key.ts'

const RETRY_MS = [1_000, 2_000, 5_000, 10_000]
/** A key without the read role is asked again this seldom: roles change only with a restart of the server. */
const UNREAD_RETRY_MS = 30_000


/**
 * The live mark's tooltip: when the figures on screen were loaded; `before`: loaded before the
 * event stream broke (the server stopped or restarted), `refreshing` while the refresh after it runs.
 */
export function figuresAsOf(updated: Date, before: boolean, refreshing: boolean): string {
  const at = `Figures as of ${updated.toLocaleString()}`
  if (!before) return at
  return `${at}, from before the server stopped or restarted; ${refreshing ? 'refreshing…' : 'not refreshed since: the server did not answer.'}`
}

export interface Live {
  /** The page loaded what it shows now (first load, a filter change): the time on the mark. */
  loaded(): void
  /**
   * A key arrived in the address: asks at once when the stream waits to ask again (the last key
   * was refused, or not let read), or was stopped because the key was cleared.
   */
  again(): void
}

/**
 * Starts following the data version. `refresh` reloads what is on screen (keeping filters and
 * scroll) and resolves when it is drawn, false when the server did not answer it (no new time on
 * the mark); it is never run twice at once. The first move refreshes at once; the moves that
 * arrive while a refresh runs (a burst of webhook micro-batches) make one more refresh after it,
 * never one each.
 */
export function follow(mark: HTMLElement, refresh: () => Promise<boolean | void>): Live {
  let version: number | undefined
  /** When the figures on screen were loaded (the last refresh the server answered). */
  let updated: Date | undefined
  /**
   * Back after the stream broke: the figures on screen are from before (the server stopped or
   * restarted), until a refresh the server answers. The mark says no time meanwhile, its tooltip
   * the figures' (it was empty while such a refresh went unanswered: break-it trial).
   */
  let before = false
  let connected = false
  let tried = false
  /** The next asking, while one waits (undefined: connected, or asking). */
  let retry: number | undefined
  let running: Promise<void> | undefined
  let again = false
  /**
   * The address's key was cleared (`#key=`, no reload): no mark, no stream, as on a page opened
   * without a key, until one arrives (again). The mark kept the earlier key's state: "key not
   * valid", "offline — reconnecting" with the server up, or "live, updated" with its green dot
   * (fresh-user trial).
   */
  let stopped = false
  /** Ends the stream being read when the key is cleared, or switched for another. */
  let stream: AbortController | undefined
  /** The key the stream was asked with. */
  let asked: string | null = null

  const draw = () => {
    if (stopped) return
    mark.hidden = false
    // what the server said of the key, unless it did not answer since: then offline (key-state.ts)
    const heard = keyUnanswered() ? undefined : keyHeard()
    const refused = heard === 'refused'
    const unread = heard === 'unread'
    mark.dataset.state = connected ? 'live' : refused ? 'refused' : unread ? 'unread' : tried ? 'offline' : 'connecting'
    mark.textContent = connected
      ? `live, updated ${updated && !before ? clock(updated) : '—'}`
      : refused ? keyNotValidMark
        : unread ? 'not live: this key may not read the data'
          : tried ? 'offline — reconnecting' : 'connecting…'
    // (none shown while the server refuses the key or would not let it read: the panels say so)
    mark.title = refused || unread || !updated ? '' : figuresAsOf(updated, before, running !== undefined)
  }

  // The figures' time goes with them: a key refused or not let read (the page starts again without
  // figures: key-start.ts), or another key. Kept, once the key was taken again the tooltip said
  // "Figures as of <the earlier key's time>, from before the server stopped or restarted;
  // refreshing…" for 1–4 s over panels that said "Not shown" (break-it trial).
  onKeyHeard((now) => { if (now !== 'fine') { updated = undefined; before = false; draw() } })

  // A load the server refused (the key not valid, or not let read) is no update: stamped, the mark
  // said "live, updated <the refused load's time>" for ~5 s once a restarted server let the key read.
  const stamp = () => { if (keyHeard() !== 'refused' && keyHeard() !== 'unread') { updated = new Date(); before = false } }

  const run = () => {
    if (running) { again = true; return }
    // a refresh the server did not answer (gone again after a reconnect) is no update: it kept what
    // was shown, and stamped its end as "Figures as of <time>" (break-it trial)
    running = refresh().catch(() => undefined).then((answered) => {
      running = undefined
      if (answered !== false) stamp()
      if (again) { again = false; run() }
      draw()
    })
  }

  const changed = (v: number) => {
    const moved = version !== undefined && v !== version
    version = v
    if (moved) run()
  }

  const connect = async (attempt: number): Promise<void> => {
    let status = 0
    stream = new AbortController()
    const signal = stream.signal
    asked = apiKey()
    try {
      const res = await reach('./api/events', { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'text/event-stream' }, cache: 'no-store', signal })
      // (a refused key is still tried now and then: the server may take it again, e.g. restarted
      // with WACOST_API_KEYS; so is one that may not read, more seldom, below)
      status = res.status
      keyAnswered(status)
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
            // Back after the stream broke (the server stopped or restarted): refreshed whether or
            // not the version moved meanwhile, as a refresh the server did not answer kept what
            // was shown (panel.ts show); no time until it ends (the mark said "live, updated <a
            // time from before the restart>" meanwhile: break-it trial).
            const back = tried && version !== undefined
            if (back) before = true
            if (back) { version = v; run(); draw(); continue }
            draw()
          }
          // A reconnect's first event may carry a version moved while offline: refreshed too.
          changed(v)
        }
      }
    } catch (e) {
      // (a stream ended because the key was cleared says nothing of any key)
      if (signal.aborted) return
      // a server that cannot be reached now says nothing of the key: offline, not refused (said on the mark below)
      keyAnswered(statusOf(e))
    }
    if (signal.aborted) return
    connected = false
    tried = true
    draw()
    // a key's roles are the server's settings: asked again seldom, in case it restarts with others
    const [next, ms] = status === 403 ? [0, UNREAD_RETRY_MS] : [attempt + 1, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]]
    retry = window.setTimeout(() => { retry = undefined; void connect(next) }, ms)
  }

  /** Ends the stream being read or the retry awaited, and forgets what it said of the data. */
  const forget = () => {
    stream?.abort()
    window.clearTimeout(retry)
    retry = undefined
    connected = false
    tried = false
    version = undefined
  }

  // the key cleared in the address (after key-start.ts's own hashchange, which says "No API key")
  window.addEventListener('hashchange', () => {
    if (apiKey() || stopped) return
    stopped = true
    forget()
    updated = undefined
    before = false
    mark.hidden = true
    mark.textContent = ''
    mark.title = ''
    delete mark.dataset.state
  })

  draw()
  void connect(0)
  return {
    loaded: () => { stamp(); draw() },
    // (the mark said "key not valid" of the new key, or "offline", until the next asking, up to 10 s later)
    // Asked at once: a key back after it was cleared, a retry waiting, or the address's key switched
    // for another while the stream reads (the stream went on with the earlier key, its events
    // refreshing the new key's page). The page starts again and draws everything anew meanwhile.
    again: () => {
      if (!stopped && retry === undefined && asked === apiKey()) return
      stopped = false
      forget()
      draw()
      void connect(0)
    },
  }
}
