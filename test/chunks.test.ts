// Reading the input into runs of whole lines (ingest/chunks.ts) does work in proportion to the
// bytes, whatever the lines: runs of blank lines were looked at with a call per byte, again for
// each piece read (a line, then 100 MB of blank lines, read as a file is in 64 KiB pieces, held
// the reading for ~125 s before the first run was sent; now ~4 s). Counted, not timed: the calls
// to Buffer#indexOf while the runs are read.
import { Readable } from 'node:stream'
import { expect, it } from 'vitest'
import { readChunks } from '../ingest/chunks.ts'

const LIMIT = 20_000

async function read(body: Buffer, piece: number): Promise<{ lines: number; bodies: string[]; calls: number }> {
  const pieces: Buffer[] = []
  for (let i = 0; i < body.length; i += piece) pieces.push(body.subarray(i, i + piece))
  // counted by a wrapper that stops the reading once past the limit (the old way made millions)
  const indexOf = Buffer.prototype.indexOf
  let calls = 0
  Buffer.prototype.indexOf = function (this: Buffer, ...args: Parameters<Buffer['indexOf']>) {
    if (++calls > LIMIT) throw new Error(`over ${LIMIT} calls of Buffer#indexOf`)
    return indexOf.apply(this, args)
  }
  let lines = 0
  const bodies: string[] = []
  try {
    for await (const c of readChunks(Readable.from(pieces), () => {}, 1024 * 1024)) {
      lines += c.lines
      bodies.push(c.body.toString('latin1').replace(/\n+/g, '\n'))
    }
  } finally { Buffer.prototype.indexOf = indexOf }
  return { lines, bodies, calls }
}

it('reads a line followed by megabytes of blank lines with work in proportion to the bytes', async () => {
  const blank = 4 * 1024 * 1024
  const body = Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.alloc(blank, 0x0a), Buffer.from('{"b":2}\n')])
  const { lines, bodies, calls } = await read(body, 64 * 1024)
  expect(lines).toBe(blank + 2)
  expect(bodies.join('\n').split('\n').filter((l) => l !== '')).toEqual(['{"a":1}', '{"b":2}'])
  // before: a call per blank line for each 64 KiB piece read until 8 MiB (~4M lines x 64 pieces)
  expect(calls).toBeLessThan(LIMIT)
})

it('counts the lines of ordinary NDJSON runs and of CRLF blank runs exactly', async () => {
  const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ message_id: `m${i}`, pad: 'x'.repeat(i % 40) }))
  const body = Buffer.from(`${lines.slice(0, 2500).join('\n')}\n${'\r\n'.repeat(3000)}\n\n${lines.slice(2500).join('\r\n')}\n`)
  const { lines: n } = await read(body, 4096)
  expect(n).toBe(body.toString('latin1').split('\n').length - 1)
})

// A blank line of 9 MiB (spaces, tabs) was refused as "line too long" (break-it trial), though
// blank lines of any length are skipped (README, "Input"): it counts as one blank line now, in
// the middle of the input and at its end; a line as long with anything else is still refused.
it('skips a blank line over the line limit as blank, and still refuses a long line that is not', async () => {
  const long = 9 * 1024 * 1024
  const spaces = Buffer.alloc(long, 0x20)
  const tabs = Buffer.alloc(long, 0x09)
  const notBlank = Buffer.concat([Buffer.alloc(long, 0x20), Buffer.from('x')])
  const body = Buffer.concat([Buffer.from('{"a":1}\n'), spaces, Buffer.from('\n{"b":2}\n'), notBlank, Buffer.from('\n{"c":3}\n'), tabs])
  const pieces: Buffer[] = []
  for (let i = 0; i < body.length; i += 64 * 1024) pieces.push(body.subarray(i, i + 64 * 1024))
  const refused: Array<{ lineNo: number; reason: string }> = []
  let last = 0
  const records: string[] = []
  for await (const c of readChunks(Readable.from(pieces), (r) => refused.push(r), 1024 * 1024)) {
    last = c.firstLine + c.lines - 1
    records.push(...c.body.toString('latin1').split('\n').filter((l) => l.trim() !== ''))
  }
  expect(records).toEqual(['{"a":1}', '{"b":2}', '{"c":3}'])
  expect(refused.map((r) => [r.lineNo, r.reason.startsWith('line too long')])).toEqual([[4, true]])
  expect(last).toBe(6)
})
