// The server's address in a URL, from the HOST it listens on (bin/start.ts): what it prints, and
// what its lock file names for the CLI (core/server-lock.ts). An IPv6 address goes in brackets:
// `HOST=::1` printed http://::1:3917/ and wrote it into the lock file, and every `wacost ingest`
// on that database then ended "failed: Invalid URL" (break-it trial). And why a HOST cannot be
// listened on, in words, with the HOST (and PORT) to give.
import { isIP } from 'node:net'
import { z } from 'zod'
import { DEFAULTS, noBlank } from './env-rules.ts'

/** `host` as a URL's host part: an IPv6 address in brackets, anything else as it is. */
const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host)

/**
 * The base URL (`http://host:port`, no trailing slash) of a server listening on `host`, the
 * address as HOST gives it (`http://[::ffff:127.0.0.1]:3917`, which the URL parser takes).
 */
export const serverBase = (host: string, port: number): string => `http://${urlHost(host)}:${port}`

/** True for the addresses that mean every interface: 0.0.0.0, and :: however written. */
function everyInterface(host: string): boolean {
  if (isIP(host) === 4) return host === '0.0.0.0'
  return isIP(host) === 6 && URL.canParse(`http://[${host}]`) && new URL(`http://[${host}]`).hostname === '[::]'
}

/** The base URL a client on this machine reaches the server at: one on every interface, on the loopback one. */
export function localBase(host: string, port: number): string {
  return serverBase(everyInterface(host) ? '127.0.0.1' : host, port)
}

/**
 * Why an IPv6 HOST with a zone (`fe80::1%eth0`, `::1%lo`) is not served on, undefined for any other
 * HOST: the server could listen there, but no URL can name the address (the URL parser that
 * browsers, Node's fetch and `--server` use takes no zone), so the printed dashboard URL and the
 * lock file's URL, which `wacost ingest` follows, would both fail ("Invalid URL").
 */
export function zoneProblem(host: string): string | undefined {
  const zone = isIP(host) === 6 ? host.indexOf('%') : -1
  if (zone < 0) return undefined
  return `it is an IPv6 address with a zone (${host.slice(zone)}), which no URL can hold, so neither a browser nor wacost ingest `
    + `could reach the server at it: give an address without a zone (${host.slice(0, zone)} if it is not link-local; ::1 for this machine alone, :: for every interface)`
}

const notAnAddress = 'it is not a valid IP address (IPv4 is four numbers from 0 to 255, e.g. 127.0.0.1; 0.0.0.0 listens on every interface)'

/**
 * The PORT clause for the port `port` a HOST carries, PORT being `given` (undefined: not set, its
 * default), the one wording of the three cases wherever a HOST has a port: PORT=4000 with
 * HOST=localhost:3000 was told "PORT=3000", as if PORT were not set (break-it trial).
 */
function portToGive(port: string, given: number | undefined): string {
  if (given === undefined) return `PORT=${port}`
  if (String(given) === port) return `it already is: PORT=${port}`
  return `PORT=${port} or PORT=${given}: PORT is already ${given}, give the port once`
}

/** What a host written as `addr:port` (or `[addr]:port`) gets told about its port part, given the address to keep and PORT as `given`. */
function portPart(port: string, address: string, given: number | undefined): string {
  const [what, clause] = port === '' ? ['it ends in a colon with no port after it', '']
    : !/^[0-9]+$/.test(port) ? [`its port part (:${port}) is not a number`, ` (a number, e.g. PORT=${DEFAULTS.PORT})`]
      : [`it has a port (:${port})`, ` (${portToGive(port, given)})`]
  return `${what}: give only the address in HOST (HOST=${address}) and the port in PORT${clause}`
}

/**
 * `host` read as a URL's host part by the URL parser (`addr:port`, `[addr]:port`, `[addr]`): its
 * address (without brackets), whether it had brackets, and its port part as written (undefined
 * without one); undefined when it is no URL host (a bare IPv6 address, blanks, a path). A port
 * part the parser refuses (not a number, over 65535) is read as 0 to find the address, and named
 * as written. A scheme with no default port: http:// drops `:80` and reads `1:2` as 0.0.0.1.
 */
function urlHostParts(host: string): { address: string; bracketed: boolean; port: string | undefined } | undefined {
  const colon = host.lastIndexOf(':')
  const port = colon > host.lastIndexOf(']') ? host.slice(colon + 1) : undefined
  const read = [host, ...(port === undefined ? [] : [`${host.slice(0, colon)}:0`])].find((h) => URL.canParse(`wacost://${h}`))
  if (read === undefined) return undefined
  const url = new URL(`wacost://${read}`)
  if (url.username !== '' || url.password !== '' || url.pathname !== '' || url.search !== '' || url.hash !== '') return undefined
  const bracketed = url.hostname.startsWith('[')
  return { address: bracketed ? url.hostname.slice(1, -1) : url.hostname, bracketed, port }
}

/**
 * What a HOST written as in a URL (a scheme, brackets, a port) stands for: the address to give in
 * HOST (undefined when it names none, as `:3000` or `http://`) and its port part as written
 * (undefined without one), with what was read: its scheme, and for a scheme'd value the URL (undefined
 * when the URL parser refuses it); undefined for any other HOST. The one reading of such a HOST:
 * npm start's refusal of `--host localhost:3000` suggests from it (`HOST=localhost:3000` was
 * suggested, then refused for its port: break-it trial), and a blank's advice too (hostValue).
 */
export function hostReading(host: string): { address: string | undefined; port: string | undefined; scheme?: string; url?: URL; bracketed?: boolean } | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(host)
  if (scheme !== null) {
    const url = URL.canParse(host) ? new URL(host) : undefined
    const address = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? ''
    return { address: address === '' ? undefined : address, port: url === undefined || url.port === '' ? undefined : url.port, scheme: scheme[1]!, url }
  }
  if (isIP(host) !== 0) return undefined
  // `:3000`: a port and no address, which the URL parser takes for no host
  const bare = /^:([0-9]+)$/.exec(host)
  if (bare !== null) return { address: undefined, port: bare[1]! }
  const parts = urlHostParts(host)
  if (parts === undefined || (!parts.bracketed && parts.port === undefined)) return undefined
  return { address: parts.address, port: parts.port, bracketed: parts.bracketed }
}

/**
 * Why HOST cannot be listened on: 999.1.1.1 (written as an IP address but none) read "not an
 * address of this machine" (break-it trial); a name no resolver knows; an address this machine
 * lacks. An address written as in a URL (a scheme, brackets, a port, a path) is told what to
 * give instead, as hostReading reads it: a scheme'd value as a URL (`http://[::1]:3000/` was told
 * "HOST=[", `http://localhost:3000` not its port: break-it trial), else as a URL's host part;
 * `:3000` has no address, `[::1` an unclosed bracket (both were told what an IPv4 address is).
 * `port`: PORT when it was given (undefined: its default), which a port in HOST is told of.
 */
export function hostProblem(host: string, code: string, port?: number): string {
  const read = hostReading(host)
  if (read?.scheme !== undefined) {
    const give = read.address === undefined ? 'e.g. HOST=localhost' : `HOST=${read.address}`
    const its = read.port !== undefined ? ` (${portToGive(read.port, port)})` : ''
    const url = read.url
    const path = url !== undefined && (url.pathname !== '/' || url.search !== '' || url.hash !== '') ? ' (a path is not taken: the server serves from /)' : ''
    return `it has a scheme (${read.scheme}://): give only the address, ${give}, and the port in PORT${its}${path}`
  }
  if (read !== undefined && read.address === undefined) {
    return `it has a port (:${read.port}) and no address: give the port in PORT (${portToGive(read.port!, port)}) and an address in HOST (e.g. HOST=${DEFAULTS.HOST}), or leave HOST unset`
  }
  if (read?.bracketed) {
    const without = `it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=${read.address}`
    if (read.port === undefined) return without
    return /^[0-9]+$/.test(read.port) ? `${without}, and the port in PORT (${portToGive(read.port, port)})` : `${without}; ${portPart(read.port, read.address!, port)}`
  }
  if (read?.port !== undefined) return portPart(read.port, read.address!, port)
  if (host.startsWith('[') && !host.includes(']')) {
    const inside = host.slice(1)
    return `it has an unclosed bracket: give the address without brackets${isIP(inside) === 6 ? `, HOST=${inside}` : ''}`
  }
  if (isIP(host) === 0 && (/^[0-9.]+$/.test(host) || host.includes(':'))) return notAnAddress
  if (code === 'ENOTFOUND') return 'no address is known for that name (DNS, /etc/hosts): give a name or an address of this machine, e.g. localhost'
  return 'it is not an address of this machine'
}

/**
 * HOST's rule: no blank (the rest is said by npm start when it cannot listen: bin/start.ts). The
 * rest of a HOST with a blank is told as hostReading reads it: `HOST=' localhost:3000'` was told
 * "give the address alone, localhost:3000", then refused for its port (break-it trial).
 */
export const hostValue = z.string().superRefine(noBlank('address', (rest) => {
  const read = hostReading(rest)
  if (read?.address === undefined) return undefined
  return read.port !== undefined && /^[0-9]+$/.test(read.port) ? `${read.address}, and the port in PORT (PORT=${read.port})` : read.address
}))
