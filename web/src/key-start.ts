// A page's start with the API key, and again when a key arrives later in the address: `#key=…`
// added to a page opened without one (as its notice says to), or another for a refused one, is a
// navigation within the page, not a load. The dashboard drew its panels (a popstate) and left its
// menus blank, the no-key notice and Download CSV disabled until a reload (trial).
import { apiKey } from './api.ts'

/**
 * Runs `start` with the page's key (null: none) now, and again each time the key changes: on a
 * hashchange, and when the page's popstate handler asks (the returned function, true when it
 * started the page again: a `#key=…` added comes as a popstate first, then a hashchange).
 */
export function startWithKey(start: (key: string | null) => void): () => boolean {
  let startedWith = apiKey()
  const arrived = (): boolean => {
    const key = apiKey()
    if (key === startedWith) return false
    startedWith = key
    start(key)
    return true
  }
  window.addEventListener('hashchange', () => { arrived() })
  start(startedWith)
  return arrived
}
