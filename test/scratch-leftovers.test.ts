// The temporary database of `wacost ledger` / `verdicts` that a process killed by SIGKILL left in
// the system's temporary directory is removed by the next run (core/scratch-dir.ts). The bug
// (break-it trial): each `kill -9` of a `ledger` left its directory, as large as the log it was
// reading, and repeated they piled up; nothing ever removed them. A live run's is never touched,
// nor is one named after a pid that a later process was given removed for that process's sake.
// Each run here gets its own TMPDIR, so no other test's (or user's) temporary files are involved.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { wacostJs } from './support/compiled.ts'
import { childPid, tempDir } from './support/temp.ts'

const tmp = tempDir('wacost-leftovers-')
const demo = new URL('../examples/demo.ndjson', import.meta.url).pathname
const env = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', TMPDIR: tmp }

/** `wacost ledger --input -` reading a standard input this test keeps open: a run mid-work. */
function ledgerOnOpenStdin(): ChildProcess {
  const child = spawn(process.execPath, [wacostJs, 'ledger', '--input', '-'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  childPid(child.pid)
  child.stdout!.resume()
  child.stderr!.resume()
  return child
}

/** The temporary database directory whose engine `pid` holds (its `status` file names the pid). */
async function scratchOf(pid: number): Promise<string> {
  const started = Date.now()
  while (Date.now() - started < 90_000) {
    // (not the migrated template, built by the first run: `ledger` first below)
    for (const name of readdirSync(tmp).filter((n) => !n.startsWith('wacost-template-'))) {
      try { if (readFileSync(join(tmp, name, 'status'), 'utf8').startsWith(`PID: ${pid}\n`)) return join(tmp, name) } catch { /* not one */ }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no temporary database of pid ${pid} appeared`)
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
  else child.once('exit', (code) => resolve(code))
})

function ledger(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [wacostJs, 'ledger', '--input', demo], { env })
  childPid(child.pid)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString() })
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString() })
  return exited(child).then((code) => ({ code, stdout, stderr }))
}

describe('temporary databases left by killed runs', () => {
  it('are removed by the next run; a live run\'s is kept', async () => {
    expect((await ledger()).code).toBe(0) // builds the template into this TMPDIR
    const killed = ledgerOnOpenStdin()
    const killedDir = await scratchOf(killed.pid!)
    killed.kill('SIGKILL')
    await exited(killed)
    expect(existsSync(killedDir)).toBe(true) // what the bug left, every time

    // named after this (live) test process's pid, but another start time: what a process that had
    // the pid before left (core/scratch-dir.ts names them so)
    const reused = `wacost-scratch-${process.pid}-1-Ab12cD`
    mkdirSync(join(tmp, reused))
    writeFileSync(join(tmp, reused, 'big'), 'x'.repeat(1024))

    const live = ledgerOnOpenStdin()
    const liveDir = await scratchOf(live.pid!)

    const next = await ledger()
    expect(next.code).toBe(0)
    expect(next.stdout).toContain('"conversation_id"')
    expect(existsSync(killedDir)).toBe(false)
    expect(existsSync(join(tmp, reused))).toBe(false)
    // the live run still works on its database, and finishes as usual
    expect(existsSync(join(liveDir, 'status'))).toBe(true)
    live.stdin!.end(readFileSync(demo))
    expect(await exited(live)).toBe(0)
    expect(existsSync(liveDir)).toBe(false)
    expect(readdirSync(tmp).filter((n) => n.startsWith('wacost-scratch-'))).toEqual([])
  }, 240_000)
})
