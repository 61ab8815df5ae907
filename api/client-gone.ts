// A response that never ends by itself (GET /api/events) must end when its client leaves. With
// half-open connections kept (api/app.ts: a POST /api/ingest body that came whole is read though
// its client closed its side), Node no longer ends a connection on the client's FIN: an answer in
// progress is finished first, and one that never finishes would be kept, its listener with it,
// until a write failed (an event stream whose client left stayed subscribed: live.test).
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Calls `left` once when the client leaves: the connection closed (`res` 'close') or the
 * client closed its side (the socket's 'end', its FIN), which also ends `res` so the server
 * closes the connection. Call it after the response's head is written.
 */
export function endWhenClientLeaves(req: IncomingMessage, res: ServerResponse, left: () => void): void {
  const socket = req.socket
  let gone = false
  const leave = () => {
    if (gone) return
    gone = true
    socket.off('end', fin)
    left()
  }
  const fin = () => {
    leave()
    if (!res.writableEnded) res.end()
  }
  res.once('close', leave)
  socket.once('end', fin)
  if (res.destroyed) leave()
  else if (socket.readableEnded) fin()
}
