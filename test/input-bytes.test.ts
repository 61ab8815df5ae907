// Inputs at the byte level (issue 10, item 16, and break-it trials): bytes that are not UTF-8
// refused and shown as \\xHH, a byte order mark and CRLF line ends read, runs of blank lines never
// sent to the engine, a control character written raw inside a string named. The input shapes
// (pretty JSON, arrays, webhooks, ids, times): test/input-shapes.test.ts.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingestSource } from '../ingest/pipeline.ts'
import { openEngine, type Session } from './support/engine.ts'
import { inputFeed, msg } from './support/input-feed.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const { feed, rejected, stored } = inputFeed(() => s)

it('refuses lines that are not UTF-8 instead of merging ids (item 16)', async () => {
  const line = (id: string) => Buffer.from(JSON.stringify(msg(id, 'p-utf8')))
  const bad = (byte: number) => { const b = line('wamid.X@'); b[b.indexOf('@')] = byte; return b }
  const body = Buffer.concat([bad(0xff), Buffer.from('\n'), bad(0xfe), Buffer.from('\n'), line('wamid.ok'), Buffer.from('\n')])
  const sum = await feed(body)
  expect(sum).toMatchObject({ accepted: 1, rejected: 2 })
  expect((await stored('p-utf8')).map((m) => m[0])).toEqual(['wamid.ok'])
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([
    [1, 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)'],
    [2, 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)'],
  ])
  // `wacost rejected` shows the refused bytes escaped, not as U+FFFD (which hid what was wrong)
  expect((await rejected(sum.batch)).map((r) => r[2])).toEqual([
    line('wamid.X@').toString().replace('@', '\\xff'), line('wamid.X@').toString().replace('@', '\\xfe'),
  ])
})

it('shows only the bytes of a rejected line that are not UTF-8 as \\xHH, its characters as they are', async () => {
  const utf8 = (s: string) => Buffer.from(s)
  const body = Buffer.concat([
    utf8('{"message_id":"é'), Buffer.from([0xe2, 0x82]), utf8('😀'), Buffer.from([0xc3, 0xa9, 0xa9, 0xed, 0xa0, 0x80, 0xc0, 0xaf]), utf8('"}\n'),
    Buffer.from([0x80, 0xf4, 0x90, 0x80, 0x80, 0xf0, 0x9f, 0x98]),
  ])
  const sum = await feed(body)
  expect(await rejected(sum.batch)).toEqual([
    [1, 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)', '{"message_id":"é\\xe2\\x82😀é\\xa9\\xed\\xa0\\x80\\xc0\\xaf"}'],
    [2, 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)', '\\x80\\xf4\\x90\\x80\\x80\\xf0\\x9f\\x98'],
  ])
})

it('reads NDJSON that starts with a byte order mark, CRLF line ends too (its first line was refused as "not valid JSON")', async () => {
  const lines = [msg('bom-1', 'p-bom'), msg('bom-2', 'p-bom')].map((m) => JSON.stringify(m)).join('\r\n')
  const sum = await feed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines}\r\n`)]))
  expect(sum).toMatchObject({ lines: 2, accepted: 2, rejected: 0 })
  expect((await stored('p-bom')).map((m) => m[0])).toEqual(['bom-1', 'bom-2'])
})

it('reads a pretty-printed JSON document that starts with a byte order mark (refused whole, "Unexpected token \'\\ufeff\'": break-it trial)', async () => {
  const arr = JSON.stringify([msg('bomdoc-1', 'p-bomdoc'), msg('bomdoc-2', 'p-bomdoc')], null, 2).replace(/\n/g, '\r\n')
  const sum = await feed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(arr)]))
  expect(sum).toMatchObject({ lines: 2, accepted: 2, rejected: 0 })
  expect((await stored('p-bomdoc')).map((m) => m[0])).toEqual(['bomdoc-1', 'bomdoc-2'])
})

it('sends no run that holds only blank lines, and numbers the lines after them right (100 MB of blank lines took 83 s: break-it trial)', async () => {
  let sent = 0
  // the engine's client, counting the runs sent to ingest_chunk_buffer
  const client = new Proxy(s.db.client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown
      if (prop !== 'insert' || typeof v !== 'function') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      return (args: { table: string }) => { if (args.table === 'ingest_chunk_buffer') sent++; return (v as (a: unknown) => unknown).call(target, args) }
    },
  })
  const blank = '\n'.repeat(3000) + '\r\n'.repeat(3000)
  const body = `${blank}${JSON.stringify(msg('blank-1', 'p-blank'))}\n${blank}not json\n${blank}`
  // read in pieces of 50 bytes, as a file arrives: runs of ~64 bytes
  const pieces = body.match(/[\s\S]{1,50}/g)!.map((c) => Buffer.from(c))
  const sum = await ingestSource({ ...s.db, client }, Readable.from(pieces), 'blank', undefined, { chunkBytes: 64 })
  expect(sum).toMatchObject({ lines: 2, blankLines: 18000, accepted: 1, rejected: 1 })
  expect((await rejected(sum.batch)).map((r) => r[0])).toEqual([12002])
  expect((await stored('p-blank')).map((m) => m[0])).toEqual(['blank-1'])
  // the two runs that hold a line, not the ~150 runs of blank lines around them
  expect(sent).toBeLessThanOrEqual(4)
})

it('names a control character written raw inside a string (it was "number too large for an id" with no number: break-it trial)', async () => {
  const good = JSON.stringify(msg('ctl-ok', 'p-ctl'))
  const tab = good.replace('"ctl-ok"', '"ctl\tone"')
  const nul = good.replace('"ctl-ok"', '"ctl\u0000two"')
  // a tab between tokens is white space: accepted
  const sum = await feed([`\t${good}`, tab, nul, '{"message_id": 12'].join('\n'))
  expect(sum).toMatchObject({ lines: 4, accepted: 1, rejected: 3 })
  const why = 'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000)'
  expect((await rejected(sum.batch)).map((r) => [r[0], r[1]])).toEqual([[2, why], [3, why], [4, 'not valid JSON: the line ends with 1 bracket still open (cut short?)']])
})
