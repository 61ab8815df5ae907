// `npm start` given arguments (bin/start-args.ts), as a user gives them: after `--`, or before it,
// where npm keeps an option as its own setting. Refused with one sentence, exit 2 (help: 0), before
// anything starts: nothing listens, no database directory is made.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { npmRun, run, runTs, start } from './support/run-start.ts'
import { tempDir } from './support/temp.ts'

// `npm start -- --db /tmp/x` started on WACOST_DB, never saying /tmp/x was ignored; `-- --help`
// and `-- --port 4000` just started (fresh-user trial): refused first, naming the variable to use
describe('npm start given arguments', () => {
  const configured = 'it is configured by the environment, WACOST_DB (the database directory, default ./data), PORT and HOST (where it serves, default localhost:3000)'

  it('refuses them before anything else, naming the variable to use instead', async () => {
    const db = join(tempDir('wacost-start-args-'), 'data')
    // PORT invalid too: the argument is said first, before the environment is read
    const r = await npmRun(['--', '--db', '/tmp/x'], { PORT: 'abc', WACOST_DB: db })
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '',
      `wacost: npm start takes no arguments (given: --db /tmp/x): ${configured}; --db /tmp/x: use WACOST_DB=/tmp/x npm start\n`])
    const cases: [string[], string][] = [
      [['--port', '4000'], '(given: --port 4000): ' + configured + '; --port 4000: use PORT=4000 npm start'],
      [['--host=0.0.0.0', '--db', '/tmp/my dir', '--verbose'], `(given: --host=0.0.0.0 --db '/tmp/my dir' --verbose): ${configured}; --host=0.0.0.0, --db '/tmp/my dir': use HOST=0.0.0.0 WACOST_DB='/tmp/my dir' npm start`],
      // a line break was suggested as WACOST_DB='a\u000ab', which no shell takes as
      // typed; PORT=' 4000' and PORT=abc were suggested, and refused by the environment check then;
      // --port=4000 --port=5000 was told PORT=4000 PORT=5000
      [['--db', 'a\nb'], `(given: --db 'a\\u000ab'): ${configured}; --db 'a\\u000ab': use WACOST_DB=DIR npm start (WACOST_DB="a\\nb": it holds a line break (copied with it?))`],
      [['--port', ' 4000'], `(given: --port ' 4000'): ${configured}; --port ' 4000': use PORT=4000 npm start`],
      [['--port', 'abc', '--host', '0.0.0.0\t'], `(given: --port abc --host '0.0.0.0\\u0009'): ${configured}; --port abc, --host '0.0.0.0\\u0009': use PORT=N HOST=0.0.0.0 npm start (PORT="abc": must be a port number: 1–65535, or 0 for any free port)`],
      [['--port=4000', '--port=5000', '--port', '4000'], `(given: --port=4000 --port=5000 --port 4000): ${configured}; --port=4000, --port=5000, --port 4000: use PORT=N npm start (--port=4000, --port=5000 and --port 4000 give PORT 3 times: give one of them)`],
      [['--db=/tmp/x', '--db', '/tmp/x'], `(given: --db=/tmp/x --db /tmp/x): ${configured}; --db=/tmp/x, --db /tmp/x: use WACOST_DB=/tmp/x npm start (--db=/tmp/x and --db /tmp/x give WACOST_DB twice, the same value: give it once)`],
      [['--db'], `(given: --db): ${configured}; --db: use WACOST_DB=DIR npm start`],
      [['serve'], `(given: serve): ${configured}`],
      // break-it trial: --db ' /tmp/x' was told WACOST_DB=' /tmp/x', which created "./ /tmp/x";
      // --host localhost:3000, '[::1]' and http://localhost were told a HOST the environment refuses;
      // --port=4000 --port=4000 was not told it gave PORT twice
      [['--db', ' /tmp/x'], `(given: --db ' /tmp/x'): ${configured}; --db ' /tmp/x': use WACOST_DB=/tmp/x npm start`],
      [['--host', 'localhost:3000'], `(given: --host localhost:3000): ${configured}; --host localhost:3000: use HOST=localhost PORT=3000 npm start`],
      [['--host', '[::1]'], `(given: --host '[::1]'): ${configured}; --host '[::1]': use HOST=::1 npm start`],
      [['--host', 'http://localhost'], `(given: --host http://localhost): ${configured}; --host http://localhost: use HOST=localhost npm start`],
      [['--port=4000', '--port=4000'], `(given: --port=4000 --port=4000): ${configured}; --port=4000, --port=4000: use PORT=4000 npm start (--port=4000 and --port=4000 give PORT twice, the same value: give it once)`],
    ]
    const runs = await Promise.all(cases.map(([args]) => run([runTs, start, ...args], { PORT: '0', WACOST_DB: db })))
    expect(runs.map((x) => [x.code, x.stdout, x.stderr])).toEqual(cases.map(([, said]) => [2, '', `wacost: npm start takes no arguments ${said}\n`]))
    expect(existsSync(db)).toBe(false)
  })

  // `npm start --db=/tmp/x` without `--`: npm took --db as its own setting (npm_config_db), the
  // script got no argument and started on WACOST_DB, saying nothing of /tmp/x (break-it trial)
  it('refuses the options npm takes as its own settings when given without --', async () => {
    const db = join(tempDir('wacost-start-npm-options-'), 'data')
    const r = await npmRun(['--db=/tmp/x', '--port=4000'], { PORT: '0', WACOST_DB: db })
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toContain(`wacost: npm start takes no arguments (given: --db=/tmp/x --port=4000): ${configured}; --db=/tmp/x, --port=4000: use WACOST_DB=/tmp/x PORT=4000 npm start\n`)
    expect(existsSync(db)).toBe(false)
  })

  // `npm start --db /tmp/x`: npm kept --db (npm_config_db="true") and passed /tmp/x alone, refused
  // "given: /tmp/x" with no word of --db; with no trace of an option in npm's
  // settings, a lone value is told where npm passes options on
  it('says which option npm kept when its value reaches npm start alone', async () => {
    const db = join(tempDir('wacost-start-npm-options-'), 'data')
    const runs = await Promise.all([['--db', '/tmp/x'], ['/tmp/x'], ['--port', '4000', '--db', '/tmp/x'], ['--db', '/tmp/x', '--host', '0.0.0.0']].map((args) => npmRun(args, { PORT: '0', WACOST_DB: db })))
    expect(runs.map((r) => [r.code, r.stdout])).toEqual([[2, ''], [2, ''], [2, ''], [2, '']])
    expect(runs[0]!.stderr).toContain(`wacost: npm start takes no arguments (given: --db /tmp/x; npm kept --db as its own setting and passed /tmp/x alone): ${configured}; --db /tmp/x: use WACOST_DB=/tmp/x npm start\n`)
    // a lone path was told no setting, where `-- --db /tmp/x` was (break-it trial): it is the database directory
    expect(runs[1]!.stderr).toContain(`wacost: npm start takes no arguments (given: /tmp/x; npm passes options on only after --, and keeps one written before it as its own setting): ${configured}; /tmp/x: use WACOST_DB=/tmp/x npm start\n`)
    // "given: 4000 /tmp/x --db --port", told WACOST_DB=DIR PORT=N with no word why (break-it trial)
    expect(runs[2]!.stderr).toContain('(given: --port 4000 --db /tmp/x; npm kept --db and --port as its own settings and passed 4000 /tmp/x alone, '
      + `paired here by their shape (the number is the port)): ${configured}; --port 4000, --db /tmp/x: use PORT=4000 WACOST_DB=/tmp/x npm start\n`)
    expect(runs[3]!.stderr).toContain('(given: /tmp/x 0.0.0.0 --db --host; npm kept --db and --host as its own settings and passed /tmp/x 0.0.0.0 alone, '
      + `which cannot be paired with them: npm hands its settings over unordered): ${configured}; --db, --host: use WACOST_DB=DIR HOST=ADDRESS npm start\n`)
    expect(existsSync(db)).toBe(false)
  })

  it('answers --help with where the variables are documented, and starts nothing', async () => {
    const db = join(tempDir('wacost-start-args-'), 'data')
    const r = await npmRun(['--', '--help'], { PORT: '0', WACOST_DB: db })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(r.stdout).toBe(`npm start takes no arguments: ${configured}; README.md lists every variable in its "Environment" section (e.g. WACOST_DB=/srv/wacost PORT=8080 npm start)\n`)
    expect((await run([runTs, start, '-h'], { PORT: '0', WACOST_DB: db })).stdout).toBe(r.stdout)
    // `-- --help --help` was refused, "given: --help --help"
    expect(await run([runTs, start, '--help', '-h', '--help'], { PORT: '0', WACOST_DB: db })).toEqual({ code: 0, stdout: r.stdout, stderr: '' })
    expect(existsSync(db)).toBe(false)
  })
})
