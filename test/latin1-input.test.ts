// A log in another encoding than UTF-8 (Latin-1, Windows-1252: "é" as the one byte E9) is
// refused line by line as "not valid UTF-8", as before; the summary of `wacost ingest` and the
// answer of POST /api/ingest now say once how to convert the file (fresh-user trial: no reason
// said what to do, while a UTF-16 log's refusal names iconv). Lines that are UTF-8 are stored.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openIngestApp, type TestApp } from './support/api.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const work = tempDir('wacost-latin1-')
const reason = 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)'
const hint = 'lines rejected as not valid UTF-8: the file may be in another encoding (Latin-1, Windows-1252): convert it first, '
  + 'e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8, and ingest FILE.utf8 (lines already stored are not counted twice)'

const line = (id: string, name: string) => JSON.stringify({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-latin1', phone_number_id: 'p-latin1', wa_id: '14155550123',
  direction: 'outbound', template_category: 'MARKETING', template_name: 'promo', customer_name: name,
})
// line 1 is ASCII (the same in both encodings), lines 2 and 3 hold an é and an ü
const text = [line('l1-ascii', 'Jose'), line('l1-e', 'José Pérez'), line('l1-u', 'Zoë Müller')].join('\n') + '\n'
const latin1 = Buffer.from(text, 'latin1')

describe('wacost ingest of a Latin-1 file', () => {
  it('rejects its non-ASCII lines as before and says once how to convert the file; a UTF-8 file gets no such notice', async () => {
    const file = join(work, 'latin1.ndjson')
    writeFileSync(file, latin1)
    const db = join(work, 'db')
    const run = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(run.code).toBe(0)
    const said = run.stderr.split('\n')
    const head = said.findIndex((l) => l.startsWith(`${file}: 3 lines`))
    expect(said.slice(head, head + 3)).toEqual([
      `${file}: 3 lines, 1 record accepted (all new), 2 lines rejected (batch 1)`,
      `  notice: ${hint}`,
      `        2 × ${reason} (first at line 2)`,
    ])
    expect(said.filter((l) => l.includes('iconv'))).toHaveLength(1)
    const utf8 = join(work, 'utf8.ndjson')
    writeFileSync(utf8, text)
    const again = await wacost(['ingest', '--db', db, '--no-progress', utf8])
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(`${utf8}: 3 lines, 3 records accepted (2 new, 1 already stored and unchanged), 0 lines rejected (batch 2)`)
    expect(again.stderr).not.toContain('iconv')
  })
})

// `wacost ingest pic.png` was told to convert the file with iconv, as if it were a Latin-1 log
// (fresh-user trial): a file that looks binary (a known magic number, or NUL bytes) is said to be one.
describe('wacost ingest of a binary file', () => {
  it('says it looks like a binary file (what kind, when known), not how to convert it', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR\n\xff\x00data\n', 'latin1')])
    const nul = Buffer.from('{"a":1}\u0000\u0001\u0002\n\u00ff\u0000\n', 'latin1')
    for (const [name, bytes, kind] of [['pic.png', png, 'a PNG image'], ['blob.bin', nul, 'it holds NUL bytes']] as const) {
      const file = join(work, name)
      writeFileSync(file, bytes)
      const run = await wacost(['ingest', '--db', join(work, `db-${name}`), '--no-progress', file])
      expect(run.code).toBe(4)
      expect(run.stderr).toContain(`  notice: the input looks like a binary file (${kind}), not a message log: give the log itself (NDJSON or JSON documents, as text; gzip is read too)\n`)
      expect(run.stderr).not.toContain('iconv')
    }
  })
})

describe('POST /api/ingest of a Latin-1 body', () => {
  const key = 'latin1-ingest-key-012345'
  let t: TestApp
  beforeAll(async () => { t = await openIngestApp(key) })
  afterAll(async () => { await t?.app.close() })

  const post = (payload: Buffer) => t.app.inject({
    method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, payload,
  })

  it('answers the notice once, beside the rejections as before (200; 422 when every line is refused)', async () => {
    const res = await post(latin1)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ accepted: 1, rejected: 2, rejections: [{ reason, lines: 2, first_line: 2 }], notices: [hint] })
    const all = await post(Buffer.from([line('l1-e2', 'José'), line('l1-u2', 'Müller')].join('\n'), 'latin1'))
    expect(all.statusCode).toBe(422)
    expect(all.json()).toMatchObject({ accepted: 0, rejected: 2, notices: [hint] })
    const ok = await post(Buffer.from(text))
    expect(ok.statusCode).toBe(200)
    expect(ok.json().notices).toEqual([])
  })
})
