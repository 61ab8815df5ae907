// A batch's source is a file name, which may hold control characters: a file named
// "evil\e[2J\e[31mRED\nwacost: all good.ndjson", ingested and killed, had `wacost batches`'s
// recovery warning and `wacost rejected --batch 999`'s refusal write its ESC sequences and newline
// to the terminal raw (break-it trial). They are said escaped (\u001b), as the ingest summary says it.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPersistent } from '../core/session.ts'
import { startBatch } from '../core/batches.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

const work = tempDir('wacost-evil-source-')
const evil = join(work, 'evil\u001b[2J\u001b[31mRED\nwacost: all good.ndjson')
const shown = evil.replace('\u001b[2J\u001b[31mRED\n', '\\u001b[2J\\u001b[31mRED\\u000a')
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/

describe('a source with control characters on stderr', () => {
  it('`wacost rejected --batch 999` names the last batch escaped', async () => {
    writeFileSync(evil, '{"message_id":"e1"}\n')
    const db = join(work, 'db')
    await wacost(['ingest', '--db', db, '--no-progress', evil])
    const run = await wacost(['rejected', '--db', db, '--batch', '999'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`wacost: no batch 999: the last batch is 1 (${shown}); \`wacost batches\` lists them all\n`)
  })

  it('the warning for a batch that did not finish names it escaped', async () => {
    const db = join(work, 'db-unfinished')
    const session = await openPersistent(db, {})
    try { await startBatch(session.db, evil) } finally { await session.close() }
    const run = await wacost(['batches', '--db', db])
    expect(run.stderr).toContain(`wacost: batch 1 (${shown}) did not finish (the process stopped)`)
    expect(run.stderr).toContain(`ingest ${shown} again`)
    expect(run.stderr.split('\n').filter((l) => l.startsWith('wacost: all good'))).toEqual([])
    expect(run.stderr).not.toMatch(raw)
  })
})
