// `wacost ledger --input -` (or `ingest -`) typed on a terminal, nothing piped in: it waited for
// standard input with nothing on screen, so it looked hung (break-it trial). On a terminal it now
// says it reads the log from there and how to end it; Ctrl-D at once is an empty input (exit 4).
// The terminal is a real pseudo-terminal: util-linux `script`, which Debian always has.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { wacostJs } from './support/compiled.ts'

describe('standard input from a terminal', () => {
  it('says it reads the log from the terminal and how to end it; Ctrl-D ends an empty input, exit 4', async () => {
    const cmd = `'${process.execPath}' '${wacostJs}' ledger --input -; echo "[status] $?"`
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (b: Buffer) => { out += b.toString('utf8') })
    const closed = new Promise((r) => child.once('close', r))
    try {
      const deadline = Date.now() + 30_000
      while (!out.includes('reading the log from the terminal') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      // what the terminal showed (the pseudo-terminal turns \n into \r\n)
      expect(out.replace(/\r\n/g, '\n')).toContain('wacost: reading the log from the terminal (standard input, -): paste or type its lines, then Ctrl-D at the start of a line to end')
    } finally {
      // Ctrl-D, also when the hint did not come: the run ends instead of waiting for ever
      child.stdin.end('\x04')
      await closed
    }
    expect(out).toContain('nothing to derive: the input is empty (no lines)')
    expect(out).toContain('[status] 4')
  }, 90_000)
})
