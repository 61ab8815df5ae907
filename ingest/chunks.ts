// Cuts a byte stream into runs of whole lines (~4 MB) without holding more than one run in
// memory. Lines are never split, so UTF-8 sequences stay intact; the engine numbers and parses
// the lines of each run (sql/pipeline/10_parse.sql).
import type { Readable } from 'node:stream'

export interface Chunk {
  text: string
  firstLine: number
  lines: number
  bytes: number
}

export interface OversizedLine {
  lineNo: number
  head: string
  bytes: number
}

const NL = 0x0a
/** A chunk is sent as one TabSeparated row; a line of up to MAX_LINE_BYTES may make it larger. */
export const CHUNK_BYTES = 4 * 1024 * 1024
export const MAX_LINE_BYTES = 8 * 1024 * 1024

function countNewlines(buf: Buffer): number {
  let n = 0
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++
  return n
}

export async function* readChunks(input: Readable, onOversized: (l: OversizedLine) => void, chunkBytes = CHUNK_BYTES): AsyncGenerator<Chunk> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let nextLine = 1
  let skipping: OversizedLine | undefined

  const emit = (body: Buffer): Chunk => {
    const lines = countNewlines(body) + 1
    const chunk = { text: body.toString('utf8'), firstLine: nextLine, lines, bytes: body.length + 1 }
    nextLine += lines
    return chunk
  }

  for await (const data of input) {
    let buf = data as Buffer
    if (skipping) {
      // Inside a line too long to send: drop bytes up to its end, keep its reason.
      const nl = buf.indexOf(NL)
      if (nl === -1) { skipping.bytes += buf.length; continue }
      skipping.bytes += nl
      onOversized(skipping)
      skipping = undefined
      nextLine++
      buf = buf.subarray(nl + 1)
    }
    pending.push(buf)
    pendingBytes += buf.length
    if (pendingBytes < chunkBytes) continue
    const all = Buffer.concat(pending)
    const last = all.lastIndexOf(NL)
    if (last === -1) {
      if (all.length > MAX_LINE_BYTES) {
        skipping = { lineNo: nextLine, head: all.subarray(0, 200).toString('utf8'), bytes: all.length }
        pending = []
        pendingBytes = 0
      }
      continue
    }
    yield emit(all.subarray(0, last))
    const rest = all.subarray(last + 1)
    pending = rest.length > 0 ? [rest] : []
    pendingBytes = rest.length
  }
  if (skipping) { onOversized(skipping); return }
  if (pendingBytes > 0) {
    const all = Buffer.concat(pending)
    const body = all[all.length - 1] === NL ? all.subarray(0, all.length - 1) : all
    if (body.length > 0) yield emit(body)
  }
}
