// Talks to the API: the key from the link `npm start` printed (#key=…, then kept in this
// browser), Arrow tables for Plot, and the API's coded errors as readable messages.
import { tableFromIPC, type Table } from 'apache-arrow'

const storeKey = 'wacost.key'

/**
 * Takes #key=… out of the address (so shared links never carry it) and remembers it. An empty one
 * (`#key=`) is no key, and forgets the key kept: it kept a refused key, said as refused (break-it trial).
 */
export function apiKey(): string | null {
  const match = /(?:^#|&)key=([^&]*)/.exec(location.hash)
  if (match) {
    const key = decodeURIComponent(match[1]!).trim()
    if (key) localStorage.setItem(storeKey, key)
    else localStorage.removeItem(storeKey)
    history.replaceState(null, '', location.pathname + location.search)
  }
  return localStorage.getItem(storeKey) || null
}

export class ApiFailure extends Error {
  /** `status`: the HTTP status the server answered, 0 when it did not answer at all. */
  constructor(readonly code: string, message: string, readonly status: number) { super(message) }
}

/** The code of a request the server did not answer at all (stopped, restarting, the network down). */
const UNREACHABLE = 'UNREACHABLE'

/** What happened to a request the server did not answer, said by `reach` and, with its own ending, by a download (export-control.ts). */
export const notAnswered = 'The server did not answer (stopped, restarting, or the network is down)'

/**
 * fetch, with a request the server never answered said in words: the browser's own "Failed to
 * fetch" showed in every panel while the server restarted (fresh-user trial).
 */
export async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiFailure(UNREACHABLE, `${notAnswered}; the page tries again once it is back.`, 0)
  }
}

async function failure(res: Response): Promise<ApiFailure> {
  try {
    const body = (await res.json()) as { error?: { code: string; message: string } }
    if (body.error) return new ApiFailure(body.error.code, body.error.message, res.status)
  } catch { /* not our JSON: fall through */ }
  return new ApiFailure('HTTP', `The server answered ${res.status} ${res.statusText}.`, res.status)
}

/**
 * GET an API route as an Arrow table. `first`: what a page shows first (the headline, the
 * customer's messages) goes ahead of the rest: the pages of one browser share its six connections
 * to the server (two held by the live streams), and a refresh of the dashboard and of the
 * investigation page at once queues a dozen requests there, served by priority; and the server
 * sends its statements to the engine ahead of the others' (`Priority: u=1`, RFC 9218;
 * api/routes/panel.ts).
 */
export async function fetchTable(path: string, params: URLSearchParams, signal?: AbortSignal, first = false): Promise<Table> {
  const res = await reach(`./api/${path}?${params}`, {
    headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'application/vnd.apache.arrow.stream', ...(first && { priority: 'u=1' }) },
    signal, priority: first ? 'high' : 'low',
  })
  if (!res.ok) throw await failure(res)
  return tableFromIPC(new Uint8Array(await res.arrayBuffer()))
}

/** GET an API route as JSON (a small answer: what the page's key may read). */
export async function fetchJson<T>(path: string): Promise<T> {
  const res = await reach(`./api/${path}`, { headers: { authorization: `Bearer ${apiKey() ?? ''}`, accept: 'application/json' } })
  if (!res.ok) throw await failure(res)
  return (await res.json()) as T
}

/** The server never answered (stopped, restarting, the network down): `reach`'s failure. */
export const unanswered = (e: unknown): boolean => e instanceof ApiFailure && e.code === UNREACHABLE

/**
 * The status the server answered a failed request (0: it did not answer), for key-state.ts's
 * keyAnswered (401: the key refused, 403: it may not read); undefined for a failure that is not
 * the server's answer (the page's own, or an abort).
 */
export const statusOf = (e: unknown): number | undefined => (e instanceof ApiFailure ? e.status : undefined)

/**
 * A file the API answers (a finance export): its bytes, the name the server gave it, and its
 * `Wacost-Notice` header: why the file holds its header only (lower case, no full stop), '' when
 * the server said nothing (api/routes/exports.ts).
 */
export interface ApiFile { blob: Blob; name: string; notice: string }

/**
 * GET a file route with the page's key in the Authorization header (never in the address, so a
 * download never puts the key in the history or a server's log). `progress`: bytes received so
 * far, for a long ledger. The name is the server's Content-Disposition filename, else `fallback`;
 * the notice is kept for the page to say (it said only "Saved …", and finance sent the empty file on).
 */
export async function fetchFile(path: string, params: URLSearchParams, fallback: string, progress?: (bytes: number) => void): Promise<ApiFile> {
  const res = await reach(`./api/${path}?${params}`, { headers: { authorization: `Bearer ${apiKey() ?? ''}` } })
  if (!res.ok) throw await failure(res)
  const parts: Uint8Array<ArrayBuffer>[] = []
  let bytes = 0
  const reader = res.body!.getReader()
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(r.value)
    bytes += r.value.byteLength
    progress?.(bytes)
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback
  return { blob: new Blob(parts, { type: res.headers.get('content-type') ?? 'text/csv' }), name, notice: res.headers.get('wacost-notice') ?? '' }
}

/** Hands a fetched file to the browser as a download (an object URL on a transient link). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  // The browser reads the blob after click() returns: release it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** Plain objects of a small table (cards, tables, selects). */
export function rowsOf<T>(table: Table): T[] {
  return table.toArray().map((r) => r.toJSON() as T)
}
