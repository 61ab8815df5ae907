// Gzipped logs through the real CLI: a file or standard input whose first bytes are gzip's magic
// number is read decompressed (cli/inputs.ts), whatever its name; it was refused line by line as
// "not valid UTF-8" (break-it trial). Corrupt gzip data stops the run with a sentence naming it
// and what of it was stored (fresh-user trial).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { wacost, type Run } from './support/cli.ts'
import { tempDir } from './support/temp.ts'
import { writeBigCutGzip } from './support/cut-gzip.ts'

const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const cbp = new URL('./fixtures/pricing-models-cbp.csv', import.meta.url).pathname
const work = tempDir('wacost-gzip-')

describe('wacost reads gzipped logs', () => {
  let plain: Run
  const gz = join(work, 'demo.log') // no .gz: the bytes say what it is
  beforeAll(async () => {
    writeFileSync(gz, gzipSync(readFileSync(demo)))
    plain = await wacost(['ledger', '--pricing-models', cbp, '--input', demo])
    expect(plain.code).toBe(0)
  })

  it('a gzipped file and gzipped standard input give the ledger of the plain log', async () => {
    const file = await wacost(['ledger', '--pricing-models', cbp, '--input', gz])
    expect(file.stderr).toContain(`${gz}: 12 lines, 11 records accepted (all new), 1 line rejected (batch 1)`)
    expect(file).toMatchObject({ code: 0, stdout: plain.stdout })
    const piped = await wacost(['ledger', '--pricing-models', cbp, '--input', '-'], { pipeFrom: `cat '${gz}'` })
    expect(piped).toMatchObject({ code: 0, stdout: plain.stdout })
  })

  // break-it trial: a gzip file with bytes after its gzip data (`gzip -d` reads it and warns
  // "trailing garbage ignored") was refused whole as corrupt
  it('reads the gzip data of a file with bytes after it, every member of it, and says in a notice how many bytes were ignored (exit 0)', async () => {
    const member = readFileSync(gz)
    const trailing = join(work, 'trailing.log.gz')
    // two members (`cat a.gz b.gz`: the second repeats the first's lines), then 9 bytes that are not gzip
    writeFileSync(trailing, Buffer.concat([member, member, Buffer.from('junk\x00\x01end')]))
    const db = join(work, 'db-trailing')
    const run = await wacost(['ingest', '--db', db, '--no-progress', trailing])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(`${trailing}: 24 lines, 22 records accepted (11 new, 11 repeated in this file), 2 lines rejected (batch 1)\n`
      + '  notice: 9 byte(s) that are not gzip data came after the end of the gzip data and were ignored, as gzip -d ignores them '
      + '("trailing garbage ignored"); the lines of the gzip data before them were read\n')
    // zero bytes (padding) are said as such; standard input alike
    const padded = await wacost(['ingest', '--db', db, '--no-progress', '-'], { pipeFrom: `{ cat '${gz}'; head -c 512 /dev/zero; }` })
    expect(padded.code, padded.stderr).toBe(0)
    expect(padded.stderr).toContain('(stdin): 12 lines, 11 records accepted (all already stored and unchanged: nothing changed), 1 line rejected (batch 2)\n'
      + '  notice: 512 zero byte(s) (padding) came after the end of the gzip data and were ignored, as gzip -d ignores them ("trailing zero bytes ignored"); '
      + 'the lines of the gzip data before them were read\n')
  })

  it('gzip data cut short: one sentence naming the file, exit 1', async () => {
    const cut = join(work, 'cut.gz')
    writeFileSync(cut, readFileSync(gz).subarray(0, 200))
    const run = await wacost(['ingest', '--db', join(work, 'db'), '--no-progress', cut])
    expect(run.code).toBe(1)
    // and what became of its lines (fresh-user trial: only the cut was said)
    expect(run.stderr).toContain(`wacost: cannot read ${cut}: the gzip data is corrupt or cut short (unexpected end of file); `
      + 'lines are stored a group (~64 MB) at a time and none was read whole before the cut: nothing was stored; batch 1 is marked '
      + 'interrupted, with no lines; fix or re-download the file and ingest it again: lines already stored are not counted twice\n')
    // the next run does not report it as a run that stopped (break-it trial): it was marked
    // interrupted at once, with what it stored derived
    const next = await wacost(['batches', '--db', join(work, 'db')])
    expect(next.stderr).not.toContain('did not finish')
    expect(next.stdout).toContain('"state":"interrupted"')
    // `wacost rejected --batch 1` said "batch 1 rejected no line", as if every line was accepted (break-it trial)
    const none = await wacost(['rejected', '--db', join(work, 'db'), '--batch', '1'])
    expect([none.code, none.stdout]).toEqual([0, ''])
    expect(none.stderr).toBe(`batch 1 (${cut}) has no rejected line stored: it stopped (interrupted) before it had stored a whole group (~64 MB) `
      + 'of its lines, which were not stored, except perhaps part of that first group; its input was refused whole (a UTF-16 or UTF-32 log, '
      + `a tar archive), or cut short before a whole group was read (gzip), or the run stopped: ingest ${cut} again: it says which, and what to do `
      + '(lines already stored are not counted twice)\n')
  })

  it('gzip data cut short after a whole group: says how many lines were stored, as `wacost batches` counts them', async () => {
    const cut = join(work, 'big-cut.ndjson.gz')
    writeBigCutGzip(cut, 'big')
    const db = join(work, 'db-big')
    const run = await wacost(['ingest', '--db', db, '--no-progress', cut])
    expect(run.code).toBe(1)
    const said = new RegExp(`wacost: cannot read ${cut.replace(/[.]/g, '\\.')}: the gzip data is corrupt or cut short \\(unexpected end of file\\); `
      + 'lines are stored a group \\(~64 MB\\) at a time: the (\\d+) line\\(s\\) of the groups read whole before the cut were stored as batch 1, '
      + 'which is marked interrupted; fix or re-download the file and ingest it again: lines already stored are not counted twice\n$')
    const stored = Number(said.exec(run.stderr)?.[1])
    expect(stored, run.stderr).toBeGreaterThanOrEqual(64)
    expect(stored).toBeLessThan(76)
    const batches = await wacost(['batches', '--db', db])
    expect(JSON.parse(batches.stdout.trim())).toMatchObject({ batch: 1, state: 'interrupted', lines: stored, accepted: stored })
    const none = await wacost(['rejected', '--db', db, '--batch', '1'])
    expect(none.stderr).toBe(`batch 1 (${cut}) rejected no line of the ${stored} it stored before it stopped (interrupted); `
      + 'lines it had not stored are missing until the file is ingested again (lines already stored are not counted twice)\n')
  }, 300_000)
})
