// `npm start` as a service or a terminal starts it, on a chosen database (test/start.test.ts,
// test/start-demo.test.ts): its stderr as it comes, its URL once printed, how it exits, and a
// cleanup that kills whatever a failed run left running.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { readServerLock } from '../../core/server-lock.ts'

export interface NpmStart {
  npm: ChildProcess
  /** What it printed on stderr (`merged`: on stdout and stderr, in order). */
  said: { stderr: string }
  /**
   * The first line of stdout (the dashboard's URL), '' when the process ended without one;
   * `merged`: the URL of the first line that says the dashboard's ('' when none came within 3 minutes).
   */
  url: Promise<string>
  /** The exit code (null when a signal ended it), or a sentence when npm still runs after 60 s. */
  exit(): Promise<number | null | string>
  cleanup(): void
}

/**
 * Spawns `npm start` on the embedded database `db` (port 0, a generated key), with `env` added;
 * `detached`: in a process group of its own, as a terminal runs it; `merged`: its stderr on its
 * stdout (`2>&1`: one output, as a terminal or a service's journal has it).
 */
export function npmStart(db: string, opts: { detached?: boolean; merged?: boolean; env?: Record<string, string> } = {}): NpmStart {
  const detached = opts.detached ?? false
  const [command, args] = opts.merged ? ['sh', ['-c', 'exec npm start --silent 2>&1']] : ['npm', ['start', '--silent']]
  const npm = spawn(command, args, {
    cwd: new URL('../..', import.meta.url).pathname,
    env: { ...process.env, CLICKHOUSE_URL: '', WACOST_API_KEYS: '', PORT: '0', HOST: '127.0.0.1', WACOST_DB: db, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'], detached,
  })
  const said = { stderr: '' }
  npm.stderr!.setEncoding('utf8').on('data', (chunk: string) => { said.stderr += chunk })
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)))
  const url = opts.merged
    ? new Promise<string>((resolve) => {
      // bounded: a start that never says it must still reach the test's cleanup (a server left running)
      setTimeout(() => resolve(''), 180_000).unref()
      npm.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        said.stderr += chunk
        const dashboard = /^ {2}dashboard: open (\S+) in a browser/m.exec(said.stderr)
        if (dashboard) resolve(dashboard[1]!)
      }).once('end', () => resolve(''))
    })
    : (async () => {
      for await (const line of createInterface({ input: npm.stdout! })) return line.trim()
      return ''
    })()
  const cleanup = () => {
    try { if (detached) process.kill(-npm.pid!, 'SIGKILL'); else if (npm.exitCode === null) npm.kill('SIGKILL') } catch { /* gone */ }
    // A server left running by a failed run is not left behind.
    const left = readServerLock(db)
    if (left) try { process.kill(left.pid, 'SIGKILL') } catch { /* gone, its lock file left */ }
  }
  const exit = () => {
    const bounded = new Promise<string>((resolve) => setTimeout(() => resolve('npm still running after 60 s'), 60_000).unref())
    return Promise.race([exited, bounded])
  }
  return { npm, said, url, exit, cleanup }
}
