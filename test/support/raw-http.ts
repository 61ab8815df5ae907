// A request written on a raw connection (node:net), for what app.inject cannot send: a body
// shorter than its Content-Length, a body that stops arriving, parts sent apart in time.
import { connect } from 'node:net'

export interface RawAnswer { status: number; headers: string; body: string }

/**
 * Writes `parts` to 127.0.0.1:`port`, `gapMs` apart; then, with `end`, closes our side (a client
 * whose upload stopped and who hung up), else leaves it open (one that stalled). Resolves with
 * what the server answered once it closes the connection (ask with `Connection: close` for that).
 */
export function rawRequest(port: number, parts: string[], { gapMs = 0, end = false } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' })
    let got = ''
    socket.setEncoding('utf8')
    socket.on('data', (d: string) => { got += d })
    socket.on('error', reject)
    socket.on('close', () => {
      const split = got.indexOf('\r\n\r\n')
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1]), headers: got.slice(0, split), body: got.slice(split + 4) })
    })
    parts.forEach((p, i) => setTimeout(() => socket.write(p, () => { if (end && i === parts.length - 1) socket.end() }), i * gapMs))
  })
}
