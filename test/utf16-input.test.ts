// A log saved as UTF-16 (Windows PowerShell 5's `>` writes it, with a byte-order mark) is refused
// as a whole with a sentence that names the encoding and the conversion, through the CLI (a file,
// gzipped standard input) and POST /api/ingest. Before (break-it trial) each line was rejected as
// "not valid UTF-8", "a control character … written raw inside a string" or "not valid JSON".
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openIngestApp, type TestApp } from './support/api.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const demo = readFileSync(new URL('../examples/demo.ndjson', import.meta.url))
const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(demo.toString('utf8'), 'utf16le')])
// big-endian without a byte-order mark: told by its first character's 0 byte
const be = Buffer.from(demo.toString('utf8'), 'utf16le').swap16()
const work = tempDir('wacost-utf16-')
const sentence = /it is UTF-16 text \(little-endian, byte-order mark FF FE\), and message logs are read as UTF-8: convert it first, e\.g\. iconv -f UTF-16 -t UTF-8 FILE > log-utf8\.ndjson .*nothing of it was stored$/

describe('wacost refuses a UTF-16 log in one sentence', () => {
  it('a file, either byte order, and gzipped standard input: exit 2, nothing stored', async () => {
    const file = join(work, 'powershell.ndjson')
    writeFileSync(file, le)
    const db = join(work, 'db')
    const run = await wacost(['ingest', '--db', db, '--no-progress', file])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`wacost: cannot read ${file}: it is UTF-16`)
    expect(run.stderr.trim()).toMatch(sentence)
    const rejected = await wacost(['rejected', '--db', db])
    expect(rejected.stdout).toBe('')
    const bigEndian = join(work, 'be.ndjson')
    writeFileSync(bigEndian, be)
    const run2 = await wacost(['ledger', '--input', bigEndian])
    expect(run2).toMatchObject({ code: 2, stdout: '' })
    expect(run2.stderr).toContain(`wacost: cannot read ${bigEndian}: it is UTF-16 text (big-endian), and message logs are read as UTF-8`)
    const gz = join(work, 'powershell.ndjson.gz')
    writeFileSync(gz, gzipSync(le))
    const piped = await wacost(['ledger', '--input', '-'], { pipeFrom: `cat '${gz}'` })
    expect(piped).toMatchObject({ code: 2, stdout: '' })
    expect(piped.stderr).toContain('wacost: cannot read (stdin): it is UTF-16')
    expect(piped.stderr.trim()).toMatch(sentence)
  })
})

describe('POST /api/ingest refuses a UTF-16 body, or a tar archive', () => {
  const key = 'utf16-ingest-key-0123456'
  let t: TestApp
  beforeAll(async () => { t = await openIngestApp(key) })
  afterAll(async () => { await t?.app.close() })

  it('400 BAD_REQUEST naming the encoding, plain or gzipped; no line stored', async () => {
    for (const payload of [le, gzipSync(le)]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/ingest?source=ps', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('BAD_REQUEST')
      expect(res.json().error.message).toMatch(/^The body could not be read: it is UTF-16 text \(little-endian, byte-order mark FF FE\)/)
    }
    const rs = await t.session.db.client.query({ query: 'SELECT count() AS n FROM rejected_lines', format: 'JSONEachRow' })
    expect((await rs.json<{ n: number | string }>()).map((r) => Number(r.n))).toEqual([0])
  })

  // read as lines, each file's tar header stuck to its first record (break-it trial; the CLI: test/tar-input.test.ts)
  it('400 BAD_REQUEST saying a tar archive is one; no line stored', async () => {
    writeFileSync(join(work, 'day1.ndjson'), demo)
    const tar = join(work, 'logs.tar.gz')
    execFileSync('tar', ['czf', tar, '-C', work, 'day1.ndjson'])
    const res = await t.app.inject({ method: 'POST', url: '/api/ingest?source=logs', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, payload: readFileSync(tar) })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: 'The body could not be read: it is a tar archive, not a message log: extract the logs '
      + 'from it first (tar xf FILE, which reads a .tar.gz too) and ingest them; nothing of it was stored.' }, stored_lines: 0 })
  })
})
