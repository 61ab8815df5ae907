// Meta's conversation ids as the pages show them: opaque strings (a hash, as the demo data's
// too), too long for a cell, shortened to a tail that still tells them apart.

// The fewest characters of an id's tail shown (a 32-hex hash's last 10 tell it apart in practice).
const MIN_TAIL = 10

/**
 * The short form of each of a view's Meta conversation ids: its tail, at least MIN_TAIL
 * characters after "…", as long as needed for no two different ids of `ids` to share one (every
 * demo conversation of a day ended in "…2024-09-01": fresh-user trial), the whole id when the tail
 * would be nearly all of it. Equal ids get equal forms; '' stays ''. One shortener per view, so an
 * id reads the same in each of the view's tables.
 */
export function metaIdShortener(ids: Iterable<string>): (id: string) => string {
  const distinct = [...new Set(ids)].filter(Boolean)
  const longest = Math.max(0, ...distinct.map((id) => id.length))
  let n = MIN_TAIL
  while (n < longest && new Set(distinct.map((id) => id.slice(-n))).size < distinct.length) n++
  return (id) => (id.length > n + 2 ? `…${id.slice(-n)}` : id)
}
