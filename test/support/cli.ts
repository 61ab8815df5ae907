// Runs the real `wacost` as a user does: a spawned node process on the CLI's code (compiled once:
// support/compiled.ts), the embedded engine (CLICKHOUSE_URL unset), in a chosen working
// directory, with the engine probe preloaded.
import { execFile } from 'node:child_process'
import { wacostJs } from './compiled.ts'

const probe = new URL('./engine-probe.cjs', import.meta.url).pathname

export interface Run { code: number; stdout: string; stderr: string; ms: number; engineLoaded: boolean }

export interface RunOptions {
  cwd?: string
  /** A shell command whose output is piped into wacost's standard input (a real pipe, `… | wacost`). */
  pipeFrom?: string
  /** A shell command wacost's standard output is piped into (`wacost … | head`); `code` stays wacost's. */
  pipeTo?: string
  /** Variables added to the environment (e.g. WACOST_API_KEY). */
  env?: Record<string, string>
}

/** `wacost ...args`: exit status, both outputs, wall time, and whether the engine was loaded. */
export function wacost(args: string[], opts: RunOptions = {}): Promise<Run> {
  const env = { ...process.env, CLICKHOUSE_URL: '', WACOST_DB: '', NODE_OPTIONS: `--require ${probe}`, ...opts.env }
  // In a shell pipeline, wacost's own status comes back on fd 3 (sh has no pipefail).
  const shell = `exec 3>&2; { ${opts.pipeFrom === undefined ? '' : `${opts.pipeFrom} | `}"$0" "$@"; echo "[wacost-status] $?" >&3; }${opts.pipeTo === undefined ? '' : ` | ${opts.pipeTo}`}`
  const [file, argv] = opts.pipeFrom === undefined && opts.pipeTo === undefined
    ? [process.execPath, [wacostJs, ...args]]
    : ['/bin/sh', ['-c', shell, process.execPath, wacostJs, ...args]]
  const started = performance.now()
  return new Promise((resolve) => {
    execFile(file, argv, { cwd: opts.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 100_000 }, (error, stdout, stderr) => {
      const piped = /\[wacost-status\] (\d+)/.exec(stderr)?.[1]
      const code = piped !== undefined ? Number(piped) : error ? (typeof error.code === 'number' ? error.code : -1) : 0
      const engineLoaded = /\[engine-probe\] engine loaded: true/.test(stderr)
      const said = stderr.replace(/\[(engine-probe|wacost-status)\][^\n]*\n/g, '')
      resolve({ code, stdout, stderr: said, ms: performance.now() - started, engineLoaded })
    })
  })
}
