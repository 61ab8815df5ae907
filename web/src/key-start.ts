// A page's start with the API key, and again when a key arrives later in the address: `#key=…`
// added to a page opened without one (as its notice says to), or another for a refused one, is a
// navigation within the page, not a load. The dashboard drew its panels (a popstate) and left its
// menus blank, the no-key notice and Download CSV disabled until a reload (trial). And again once
// the server says otherwise of a key it refused (401) or would not let read (403): restarted with
// other WACOST_API_KEYS, it may take it, or let it read; the page stayed as it was (break-it trial).
// And again once it refuses a key it took, or takes away its read role: a key removed and a key
// that lost its role had the page say it in two ways, the second with no notice, under the
// figures it could no longer read (break-it trial); now both as a page opened with such a key.
import { apiKey } from './api.ts'
import { keyChanged, onKeyHeard } from './key-state.ts'

/**
 * Runs `start` with the page's key (null: none) now, and again each time the key changes: on a
 * hashchange, and when the page's popstate handler asks (the returned function, true when it
 * started the page again: a `#key=…` added comes as a popstate first, then a hashchange); and
 * again when the server says otherwise of the key it refused or would not let read (the live mark
 * asks it again: live.ts), or refuses, or would not let read, a key it took.
 */
export function startWithKey(start: (key: string | null) => void): () => boolean {
  let startedWith = apiKey()
  const arrived = (): boolean => {
    const key = apiKey()
    if (key === startedWith) return false
    startedWith = key
    keyChanged()
    start(key)
    return true
  }
  window.addEventListener('hashchange', () => { arrived() })
  // (a key refused, then taken without the read role, is said as such too; 'given' → refused is
  // the start's own answer, not a change)
  const barred = (k: string) => k === 'refused' || k === 'unread'
  onKeyHeard((now, was) => { if (now !== 'given' && was !== 'given' && (barred(was) || barred(now))) start(startedWith) })
  start(startedWith)
  return arrived
}
