// What the CLI tells a person (break-it trial, fresh clone, README only): a corrupt gzip file sent
// through a running server was reported as a broken connection ("socket hang up"), not as the
// file's defect the local run names (exit 1); `wacost rejected --batch 999`, no such batch,
// printed nothing and exited 0.
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../api/app.ts'
import { parseKeys } from '../core/keys.ts'
import { openPersistent } from '../core/session.ts'
import { writeServerLock } from '../core/server-lock.ts'
import { ingestSource } from '../ingest/pipeline.ts'
import { tempDir } from './support/temp.ts'
import { writeBigCutGzip } from './support/cut-gzip.ts'
import { wacostJs } from './support/compiled.ts'

const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const loader = 'words-loader-key-0123456'

interface Run { code: number; stdout: string; stderr: string }

/** `wacost ...args` in a child process, on a clean environment but for `env`. */
function wacost(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', WACOST_API_KEYS: '', WACOST_API_KEY: '' }
  return new Promise((resolve) => {
    execFile(process.execPath, [wacostJs, ...args], { env: { ...base, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

const work = tempDir('wacost-words-')
let dir: string
let app: FastifyInstance
let url: string
beforeAll(async () => {
  dir = join(work, 'served')
  const session = await openPersistent(dir, {})
  app = await buildApp({ session, keys: parseKeys(`${loader}=*:ingest`), ingest: ingestSource })
  await app.listen({ port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  writeServerLock(dir, { url, pid: process.pid, key: loader })
}, 120_000)
afterAll(async () => { await app.close() })

describe('wacost ingest of a corrupt gzip file through a server', () => {
  const whole = gzipSync(readFileSync(demo))
  const cut = join(work, 'cut.ndjson.gz')
  writeFileSync(cut, whole.subarray(0, 200))
  // the header and the first bytes as they are, then bytes no deflate stream holds
  const corrupt = join(work, 'corrupt.ndjson.gz')
  writeFileSync(corrupt, Buffer.concat([whole.subarray(0, 40), Buffer.alloc(400, 0xff)]))

  it.each([
    ['cut short, --server URL', cut, ['--server']],
    ['corrupt, through the lock file', corrupt, ['--db']],
  ])('%s: the file is named as not valid gzip, exit 1, as without a server', async (_, file, how) => {
    const args = how[0] === '--server' ? ['--server', url] : ['--db', dir]
    const run = await wacost(['ingest', ...args, file], { WACOST_API_KEY: loader })
    expect(run.stderr).toContain(`sending through the wacost server at ${url}`)
    // and what of it was stored, in the words of the local run (fresh-user trial: only the cut was said)
    expect(run.stderr).toMatch(new RegExp(`wacost: cannot read ${file.replace(/[.]/g, '\\.')}: the gzip data is corrupt or cut short \\([^)]+\\); `
      + 'lines are stored a group \\(~64 MB\\) at a time and none was read whole before the cut: nothing was stored; batch \\d+ is marked interrupted, '
      + 'with no lines; fix or re-download the file and ingest it again: lines already stored are not counted twice\\n$'))
    expect(run.stderr).not.toContain('socket hang up')
    expect(run.code).toBe(1)
    const here = await wacost(['ingest', '--db', join(work, `here-${how[0]}`), '--no-progress', file])
    expect(here.code).toBe(1)
    const words = (r: Run) => r.stderr.split('\n').filter((l) => !l.startsWith('sending through')).join('\n').replace(/batch \d+/, 'batch N')
    expect(words(run)).toBe(words(here))
  }, 120_000)

  it('cut short after a whole group: the lines the server stored, as the local run says them', async () => {
    const file = join(work, 'big-cut.ndjson.gz')
    writeBigCutGzip(file, 'words-big')
    const run = await wacost(['ingest', '--server', url, file], { WACOST_API_KEY: loader })
    expect(run.code).toBe(1)
    const stored = /the (\d+) line\(s\) of the groups read whole before the cut were stored as batch (\d+), which is marked interrupted; fix or re-download/.exec(run.stderr)
    expect(Number(stored?.[1]), run.stderr).toBeGreaterThanOrEqual(64)
    const local = await wacost(['ingest', '--db', join(work, 'here-big'), '--no-progress', file])
    expect(local.stderr.replace(/batch \d+/, 'batch N')).toBe(run.stderr.split('\n').slice(1).join('\n').replace(/batch \d+/, 'batch N'))
  }, 300_000)
})

describe('wacost rejected --batch N', () => {
  it('names a batch that does not exist and the last one, exit 2; an existing batch lists its lines', async () => {
    const local = join(work, 'local')
    expect((await wacost(['ingest', '--db', local, '--no-progress', demo])).code).toBe(0)
    const none = await wacost(['rejected', '--db', local, '--batch', '999'])
    expect(none).toMatchObject({ code: 2, stdout: '' })
    expect(none.stderr).toBe(`wacost: no batch 999: the last batch is 1 (${demo}); \`wacost batches\` lists them all\n`)
    const one = await wacost(['rejected', '--db', local, '--batch', '1'])
    expect(one.code).toBe(0)
    expect(one.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { line_no: number }).line_no)).toEqual([12])
  }, 120_000)
})
