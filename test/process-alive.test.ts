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

/**
 * A zombie: a shell starts a child that ends at once, then becomes (exec) a `sleep` that never
 * reaps it. Resolves with the zombie's pid and the function that ends the sleep (and the zombie).
 */
async function zombie(): Promise<{ pid: number; end: () => void }> {
  const parent = spawn('sh', ['-c', 'true & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = await once(parent.stdout, 'data') as [Buffer]
  const pid = Number(line.toString().trim())
  for (const until = Date.now() + 5000; state(pid) !== 'Z' && Date.now() < until;) await new Promise((r) => setTimeout(r, 10))
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
