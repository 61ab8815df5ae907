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
// the same inside gzip: iconv cannot read the .gz, it is unpacked first (the advice was iconv on the .gz)
const gzipSentence = /it is UTF-16 text \(little-endian, byte-order mark FF FE\), and message logs are read as UTF-8: convert it first, unpacked from its gzip, e\.g\. gunzip -c FILE \| iconv -f UTF-16 -t UTF-8 > log-utf8\.ndjson .*nothing of it was stored$/
/** `text` as UTF-32, little- or big-endian, after its byte-order mark. */
function utf32(text: string, order: 'LE' | 'BE'): Buffer {
  const points = [0xfeff, ...[...text].map((c) => c.codePointAt(0)!)]
  const out = Buffer.alloc(points.length * 4)
  points.forEach((p, i) => { if (order === 'LE') out.writeUInt32LE(p, i * 4); else out.writeUInt32BE(p, i * 4) })
  return out
}

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
    // recorded as a batch refused whole, with why: not "batch 1 rejected no line" (break-it trial), nor
    // the causes its record allowed (why it was refused was not recorded)
    const one = await wacost(['rejected', '--db', db, '--batch', '1'])
    expect([one.code, one.stdout]).toEqual([0, ''])
    expect(one.stderr).toBe(`batch 1 (${file}) was refused whole: it is UTF-16 text (little-endian, byte-order mark FF FE), and message logs are read `
      + 'as UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8 FILE > log-utf8.ndjson (PowerShell: Out-File -Encoding utf8); nothing of it was stored\n')
    // `wacost batches` lists it refused, with why; not a run that stopped, nor one to recover
    const listed = await wacost(['batches', '--db', db])
    expect(listed.stderr).toBe('')
    expect(JSON.parse(listed.stdout)).toMatchObject({ batch: 1, state: 'refused', lines: null, finished_at: null,
      refused_because: expect.stringMatching(/^it is UTF-16 text \(little-endian, byte-order mark FF FE\).*nothing of it was stored$/) })
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
    expect(piped.stderr.trim()).toMatch(gzipSentence)
    const gzFile = await wacost(['ledger', '--input', gz])
    expect(gzFile).toMatchObject({ code: 2, stdout: '' })
    expect(gzFile.stderr.trim()).toMatch(gzipSentence)
  })

  // a UTF-32 log was called UTF-16 (its mark FF FE 00 00 begins with UTF-16's FF FE; break-it trial)
  it('names UTF-32 by its byte-order mark, either order', async () => {
    for (const [order, mark, endian] of [['LE', 'FF FE 00 00', 'little'], ['BE', '00 00 FE FF', 'big']] as const) {
      const file = join(work, `utf32-${order}.ndjson`)
      writeFileSync(file, utf32(demo.toString('utf8'), order))
      const run = await wacost(['ledger', '--input', file])
      expect(run).toMatchObject({ code: 2, stdout: '' })
      expect(run.stderr).toBe(`wacost: cannot read ${file}: it is UTF-32 text (${endian}-endian, byte-order mark ${mark}), and message logs are read as UTF-8: `
        + 'convert it first, e.g. iconv -f UTF-32 -t UTF-8 FILE > log-utf8.ndjson (PowerShell: Out-File -Encoding utf8); nothing of it was stored\n')
    }
  })
})

describe('POST /api/ingest refuses a UTF-16 body, or a tar archive', () => {
  const key = 'utf16-ingest-key-0123456'
  let t: TestApp
  beforeAll(async () => { t = await openIngestApp(key) })
  afterAll(async () => { await t?.app.close() })

  it('400 BAD_REQUEST naming the encoding, plain or gzipped; no line stored', async () => {
    // a .gz sent as it is must be unpacked before iconv; gzip as the request's Content-Encoding is no part of the file
    const cases: [Buffer, Record<string, string>, string][] = [[le, {}, 'e.g. iconv'], [gzipSync(le), {}, 'unpacked from its gzip, e.g. gunzip -c FILE | iconv'],
      [gzipSync(le), { 'content-encoding': 'gzip' }, 'e.g. iconv']]
    for (const [payload, headers, advice] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/ingest?source=ps', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', ...headers }, payload })
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('BAD_REQUEST')
      expect(res.json().error.message).toMatch(/^The body could not be read: it is UTF-16 text \(little-endian, byte-order mark FF FE\)/)
      expect(res.json().error.message).toContain(`convert it first, ${advice} -f UTF-16 -t UTF-8`)
      // its batch, as a tar's answer gives it, so a client can ask GET /api/rejected?batch=N why (break-it trial: only the error)
      expect(res.json()).toMatchObject({ batch: expect.any(Number), stored_lines: 0 })
    }
    const rs = await t.session.db.client.query({ query: 'SELECT count() AS n FROM rejected_lines', format: 'JSONEachRow' })
    expect((await rs.json<{ n: number | string }>()).map((r) => Number(r.n))).toEqual([0])
    // each batch recorded refused, with why (GET /api/batches); GET /api/rejected lists no line and says why in a header
    const auth = { authorization: `Bearer ${key}` }
    const batches = (await t.app.inject({ method: 'GET', url: '/api/batches?format=json', headers: auth })).json()
    expect(batches.map((b: { state: string }) => b.state)).toEqual(['refused', 'refused', 'refused'])
    expect(batches[1].refused_because).toMatch(/^it is UTF-16 text \(little-endian, byte-order mark FF FE\).*unpacked from its gzip, .*nothing of it was stored$/)
    const listed = await t.app.inject({ method: 'GET', url: `/api/rejected?batch=${batches[0].batch}&format=json`, headers: auth })
    expect([listed.statusCode, listed.json()]).toEqual([200, []])
    expect(listed.headers['wacost-notice']).toMatch(new RegExp(`^batch ${batches[0].batch} \\(ps\\) was refused whole: it is UTF-16 text \\(little-endian, byte-order mark FF FE\\), .*nothing of it was stored$`))
    // a batch refused before its refusal was recorded (migration 853) is listed as it was: interrupted, with no lines; its header
    // says so, as `wacost rejected --batch N` does (it said nothing of a batch that stopped: break-it trial)
    await t.session.db.client.command({ query: 'ALTER TABLE refused_batches DELETE WHERE batch_id = {b:UInt64} SETTINGS mutations_sync = 1', query_params: { b: batches[0].batch } })
    const before = (await t.app.inject({ method: 'GET', url: '/api/batches?format=csv', headers: auth })).body.split('\r\n')
    expect(before[0]).toBe('"batch","source","started_at","finished_at","state","lines","accepted","rejected","new_records","unchanged_records","corrected_records","refused_because"')
    expect(before[1]).toMatch(new RegExp(`^${batches[0].batch},"ps",".*",,"interrupted",,,,,,,$`))
    const older = await t.app.inject({ method: 'GET', url: `/api/rejected?batch=${batches[0].batch}&format=json`, headers: auth })
    expect(older.json()).toEqual([])
    expect(older.headers['wacost-notice']).toMatch(new RegExp(`^batch ${batches[0].batch} \\(ps\\) has no rejected line stored: it stopped \\(interrupted\\) before .*: ingest ps again: it says which`))
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
