// `npm start` and the CLI run as a user runs them, each to its end (test/start.test.ts,
// test/start-args.test.ts): exit code, stdout and stderr. On the embedded engine, with no keys
// configured, unless `env` gives them; ended after 120 s.
import { execFile } from 'node:child_process'

export interface Run { code: number | null; stdout: string; stderr: string }

export const runTs = new URL('../../bin/run-ts.mjs', import.meta.url).pathname
export const start = new URL('../../bin/start.ts', import.meta.url).pathname
export const cli = new URL('../../bin/wacost.mjs', import.meta.url).pathname
const repo = new URL('../..', import.meta.url).pathname

function exec(file: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repo, env: { ...process.env, CLICKHOUSE_URL: '', WACOST_API_KEYS: '', ...env }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }))
  })
}

/** Node with `args` (a script and its arguments: `[runTs, start, …]`), `env` added. */
export const run = (args: string[], env: Record<string, string>): Promise<Run> => exec(process.execPath, args, env)

/** `npm start --silent` with `args` as typed after it (before a `--`, npm takes options as its own settings). */
export const npmRun = (args: string[], env: Record<string, string>): Promise<Run> => exec('npm', ['start', '--silent', ...args], env)
