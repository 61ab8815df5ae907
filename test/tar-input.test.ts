// A tar archive of logs (`tar czf logs.tar.gz day1.ndjson day2.ndjson`) was read as lines: each
// file's 512-byte header stuck to its first record, refused as not valid JSON, the rest accepted,
// exit 0, and nothing said it was an archive (break-it trial). It is refused whole now, as a UTF-16
// log is: exit 2 (POST /api/ingest: 400, test/utf16-input.test.ts), nothing stored. A file told
// by another known magic number (an SQLite database, a PNG) is said to be one even when a line of
// it was accepted.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../core/keys.ts'
import { openPersistent } from '../core/session.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const work = tempDir('wacost-tar-')
const demo = readFileSync(new URL('../examples/demo.ndjson', import.meta.url), 'utf8').split('\n')
writeFileSync(join(work, 'day1.ndjson'), `${demo.slice(0, 2).join('\n')}\n`)
writeFileSync(join(work, 'day2.ndjson'), `${demo.slice(2, 4).join('\n')}\n`)
const tarGz = join(work, 'logs.tar.gz')
execFileSync('tar', ['czf', tarGz, '-C', work, 'day1.ndjson', 'day2.ndjson'])
const sentence = 'it is a tar archive, not a message log: extract the logs from it first (tar xf FILE, which reads a .tar.gz too) '
  + 'and ingest them; nothing of it was stored'

describe('wacost ingest of a tar archive', () => {
  it('refuses it whole, saying it is a tar archive: exit 2, nothing stored', async () => {
    const db = join(work, 'db')
    const run = await wacost(['ingest', '--db', db, '--no-progress', tarGz])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`wacost: cannot read ${tarGz}: ${sentence}\n`)
    expect(run.stderr).not.toContain('records accepted')
    const rejected = await wacost(['rejected', '--db', db])
    expect(rejected.stdout).toBe('')
  })

  it('tells a POSIX tar too, and not a log whose first line has "ustar" at byte 257', async () => {
    const tar = join(work, 'logs.tar')
    execFileSync('tar', ['--format=posix', '-cf', tar, '-C', work, 'day1.ndjson'])
    const run = await wacost(['ingest', '--db', join(work, 'db-posix'), '--no-progress', tar])
    expect([run.code, run.stderr]).toEqual([2, `wacost: cannot read ${tar}: ${sentence}\n`])
    const record = JSON.parse(demo[0]!) as Record<string, unknown>
    const prefix = JSON.stringify({ ...record, customer_name: '' }).length - 2
    const mustard = join(work, 'mustard.ndjson')
    writeFileSync(mustard, `${JSON.stringify({ ...record, customer_name: `${'x'.repeat(257 - prefix - 1)}mustard` })}\n`)
    expect(readFileSync(mustard).subarray(257, 262).toString()).toBe('ustar')
    const ok = await wacost(['ingest', '--db', join(work, 'db-mustard'), '--no-progress', mustard])
    expect(ok.code).toBe(0)
    expect(ok.stderr).toContain('1 record accepted')
  })

  it('says a file of a known kind is one even when a line of it was accepted', async () => {
    const file = join(work, 'store.db')
    writeFileSync(file, `SQLite format 3\u0000\n${demo[0]}\n`)
    const run = await wacost(['ingest', '--db', join(work, 'db2'), '--no-progress', file])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('1 record accepted')
    expect(run.stderr).toContain('  notice: the input looks like a binary file (an SQLite database), not a message log')
  })
})

// the run stopped at the archive: b.ndjson was never read nor named, exit 2 (break-it trial). As an
// input answered 422 is one input of the run, the refused one is said and the run goes on; exit 2 at its end.
describe('wacost ingest of several inputs, one refused whole', () => {
  const a = join(work, 'day1.ndjson')
  const b = join(work, 'day2.ndjson')
  const end = `wacost: 1 of the 3 inputs could not be read and was refused whole (said above: ${tarGz}); the other 2 inputs were ingested: give it again once converted or extracted\n`

  it('says the refused one and ingests the inputs after it: exit 2', async () => {
    const db = join(work, 'db-several')
    const run = await wacost(['ingest', '--db', db, '--no-progress', a, tarGz, b])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`${a}: `)
    expect(run.stderr).toContain(`\nwacost: cannot read ${tarGz}: ${sentence}\n${b}: `)
    expect(run.stderr.endsWith(end)).toBe(true)
    const listed = (await wacost(['batches', '--db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { source: string; state: string })
    expect(listed.map((l) => [l.source, l.state])).toEqual([[a, 'finished'], [tarGz, 'refused'], [b, 'finished']])
  })

  it('through a server likewise', async () => {
    const dir = join(work, 'db-served')
    const session = await openPersistent(dir, {})
    const key = 'tar-loader-key-0123456789'
    const app = await buildApp({ session, keys: parseKeys(`${key}=*:ingest+read`), ingest: ingestSource })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const run = await wacost(['ingest', '--server', url, '--no-progress', a, tarGz, b], { env: { WACOST_API_KEY: key } })
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toContain(`\nwacost: cannot read ${tarGz}: ${sentence}\n${b}: `)
      expect(run.stderr.endsWith(end)).toBe(true)
    } finally {
      await app.close()
      await session.close()
    }
  })
})
