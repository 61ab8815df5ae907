// A process killed is a zombie until its parent reaps it (about a second after `kill -9` of
// `npm start` with npm: the machine's init reaps it). `process.kill(pid, 0)` answers for a zombie,
// so `wacost batches` run at once said the dead server held the database (its `status` and
// lock file named it); a second later the same command worked. A zombie holds nothing.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { heldMessage, lockHolder } from '../core/db/errors.ts'
import { processAlive } from '../core/process-alive.ts'
import { readServerLock, SERVER_LOCK } from '../core/server-lock.ts'
import { tempDir } from './support/temp.ts'

const state = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch { return undefined }
}

const comm = (pid: number): string | undefined => {
  try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() } catch { return undefined }
}

const until = async (done: () => boolean): Promise<void> => {
  for (const end = Date.now() + 5000; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 10))
}

/**
 * A zombie: a shell starts a child `sleep`, then becomes (exec) a `sleep` that never reaps it;
 * once the exec is seen, the child is killed. Resolves with the zombie's pid and the function
 * that ends the sleep (and the zombie).
 */
async function zombie(): Promise<{ pid: number; end: () => void }> {
  // The child must outlive the exec: a child that ended first (`true &`) was reaped by the shell
  // itself on a loaded CI machine, and no zombie was left to test.
  const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = await once(parent.stdout, 'data') as [Buffer]
  const pid = Number(line.toString().trim())
  await until(() => comm(parent.pid!) === 'sleep')
  process.kill(pid, 'SIGKILL')
  await until(() => state(pid) === 'Z')
  return { pid, end: () => { parent.kill('SIGKILL') } }
}

describe.runIf(process.platform === 'linux')('a killed process not yet reaped (a zombie)', () => {
  it('is not alive, and holds neither the engine directory nor the server lock', async () => {
    const z = await zombie()
    try {
      expect(state(z.pid)).toBe('Z')
      expect(() => process.kill(z.pid, 0)).not.toThrow() // what was asked: it answers for a zombie
      expect(processAlive(z.pid)).toBe(false)
      const dir = tempDir('wacost-zombie-')
      writeFileSync(join(dir, 'status'), `PID: ${z.pid}\nStarted at: 2026-12-06 11:25:56\nRevision: 54513\n`)
      writeFileSync(join(dir, SERVER_LOCK), `${JSON.stringify({ url: 'http://localhost:38231', pid: z.pid })}\n`)
      expect(lockHolder(dir)).toBeUndefined()
      expect(readServerLock(dir)).toBeUndefined()
      expect(heldMessage(dir)).toMatch(/^another wacost process holds/)
    } finally { z.end() }
  })

  it('a live process is alive, a gone one is not', async () => {
    expect(processAlive(process.pid)).toBe(true)
    const child = spawn('true')
    await once(child, 'exit')
    expect(processAlive(child.pid!)).toBe(false)
  })
})
