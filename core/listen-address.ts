// The server's address in a URL, from the HOST it listens on (bin/start.ts): what it prints, and
// what its lock file names for the CLI (core/server-lock.ts). An IPv6 address goes in brackets:
// `HOST=::1` printed http://::1:3917/ and wrote it into the lock file, and every `wacost ingest`
// on that database then ended "failed: Invalid URL" (break-it trial). And why a HOST cannot be
// listened on, in words, with the HOST (and PORT) to give.
import { isIP } from 'node:net'

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

const notAnAddress = 'it is not a valid IP address (IPv4 is four numbers from 0 to 255, e.g. 127.0.0.1; 0.0.0.0 listens on every interface)'

/** What a host written as `addr:port` (or `[addr]:port`) gets told about its port part, given the address to keep. */
function portPart(port: string, address: string): string {
  if (port === '') return `it ends in a colon with no port after it: give only the address in HOST (HOST=${address}) and the port in PORT`
  if (!/^[0-9]+$/.test(port)) return `its port part (:${port}) is not a number: give only the address in HOST (HOST=${address}) and the port in PORT (a number, e.g. PORT=3917)`
  return `it has a port (:${port}): give the port in PORT (PORT=${port}) and only the address in HOST (HOST=${address})`
}

/**
 * Why HOST cannot be listened on: 999.1.1.1 (written as an IP address but none) read "not an
 * address of this machine" (break-it trial); a name no resolver knows; an address this machine
 * lacks. An address written as in a URL (a scheme, brackets, a port, a path) is told what to
 * give instead: a scheme'd value is picked apart by the URL parser (`http://[::1]:3000/` was told
 * "HOST=[", `http://localhost:3000` not its port: break-it trial).
 */
export function hostProblem(host: string, code: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(host)
  if (scheme !== null) {
    const url = URL.canParse(host) ? new URL(host) : undefined
    const address = url?.hostname.replace(/^\[(.*)\]$/, '$1') ?? ''
    const give = address === '' ? 'e.g. HOST=localhost' : `HOST=${address}`
    const port = url !== undefined && url.port !== '' ? ` (PORT=${url.port})` : ''
    const path = url !== undefined && (url.pathname !== '/' || url.search !== '' || url.hash !== '') ? ' (a path is not taken: the server serves from /)' : ''
    return `it has a scheme (${scheme[1]}://): give only the address, ${give}, and the port in PORT${port}${path}`
  }
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(host)
  if (bracketed !== null) {
    const address = bracketed[1]!
    const port = bracketed[2]
    const without = `it has brackets, as an IPv6 address has in a URL: give the address without them, HOST=${address}`
    if (port === undefined) return without
    return /^[0-9]+$/.test(port) ? `${without}, and the port in PORT (PORT=${port})` : `${without}; ${portPart(port, address)}`
  }
  // one colon: a name or IPv4 address with a port part (an IPv6 address has two or more)
  const withPort = /^([^:]+):([^:]*)$/.exec(host)
  if (withPort !== null) return portPart(withPort[2]!, withPort[1]!)
  if (isIP(host) === 0 && (/^[0-9.]+$/.test(host) || host.includes(':'))) return notAnAddress
  if (code === 'ENOTFOUND') return 'no address is known for that name (DNS, /etc/hosts): give a name or an address of this machine, e.g. localhost'
  return 'it is not an address of this machine'
}
