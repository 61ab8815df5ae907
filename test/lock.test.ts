// core/db/lock.ts: who holds an embedded database directory, read from the status file the engine
// keeps while it holds one (PID: n). Only a live process other than this one counts.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { isLockError, lockHolder, lockedMessage } from '../core/db/lock.ts'

const dir = () => mkdtempSync(join(tmpdir(), 'wacost-lock-'))
const status = (pid: number) => `PID: ${pid}\nStarted at: 2026-12-01 03:29:38\nRevision: 54513\n`

describe('lockHolder', () => {
  it('names a live other process, and nobody for no file, a dead process or this process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      const held = dir()
      writeFileSync(join(held, 'status'), status(child.pid!))
      expect(lockHolder(held)).toBe(child.pid)
    } finally { child.kill() }
    await new Promise((r) => child.once('exit', r))
    const stale = dir()
    writeFileSync(join(stale, 'status'), status(child.pid!))
    expect(lockHolder(stale)).toBeUndefined() // the holder crashed: its file holds nothing
    expect(lockHolder(dir())).toBeUndefined()
    const mine = dir()
    writeFileSync(join(mine, 'status'), status(process.pid))
    expect(lockHolder(mine)).toBeUndefined()
  })

  it('recognises the engine\'s own lock error and says what to do', () => {
    expect(isLockError(new Error('Code: 76. DB::Exception: Cannot lock file /x/data/status. Another server instance in same directory is already running. (CANNOT_OPEN_FILE)'))).toBe(true)
    expect(isLockError(new Error('Code: 60. DB::Exception: Unknown table'))).toBe(false)
    expect(lockedMessage('./data', 42)).toBe('another wacost process (the server? pid 42) holds ./data: stop it, or use --db DIR')
  })
})
