// `npm start` takes no arguments: the environment configures it (README, "Environment"). Imported
// first by bin/start.ts, so that an argument is refused before anything else (the environment
// read, the port, the database): `npm start -- --db /tmp/x` started on WACOST_DB and never said
// /tmp/x was ignored, and `-- --help` or `-- --port 4000` just started (fresh-user trial).
import { statSync } from 'node:fs'
import type { z } from 'zod'
import { quoted, withoutEndBlanks } from '../core/blanks.ts'
import { dbDirValue, DEFAULTS, portValue } from '../core/env-rules.ts'
import { hostReading, hostValue } from '../core/listen-address.ts'
import { printable } from '../core/printable.ts'

/**
 * The variables that stand for the options a user may try, with what their value is, and the
 * environment's rule for it when it has one: a value is suggested only as the environment check
 * takes it (`--port ' 4000'` was told PORT=' 4000', which it refused).
 */
const instead: Record<string, { variable: string; placeholder: string; rule?: z.ZodType }> = {
  '--db': { variable: 'WACOST_DB', placeholder: 'DIR', rule: dbDirValue },
  '--port': { variable: 'PORT', placeholder: 'N', rule: portValue },
  '--host': { variable: 'HOST', placeholder: 'ADDRESS', rule: hostValue },
}

/** `value` as a shell word: quoted when it holds anything but plain path characters. */
const shellWord = (value: string): string => /^[\w./:@%+,=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`

/**
 * The setting to suggest for an option's `value`, or the placeholder and why not: a value the
 * environment's rule refuses (its blanks at the ends dropped first, as the rule would say to),
 * and one that holds a control character, which a command typed in a shell cannot hold (a line
 * break was suggested as WACOST_DB='a\u000ab').
 */
function suggested(option: (typeof instead)[string], value: string | undefined): { value: string; why?: string; port?: string } {
  if (value === undefined || value === '') return { value: option.placeholder }
  const given = option.rule ? withoutEndBlanks(value) : value
  const checked = option.rule?.safeParse(given)
  if (checked !== undefined && !checked.success) return { value: option.placeholder, why: `${option.variable}=${quoted(given)}: ${checked.error.issues[0]!.message}` }
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(given)?.[0]
  if (control !== undefined) {
    const what = control === '\n' || control === '\r' || control === '\u0085' ? 'a line break' : 'a control character'
    return { value: option.placeholder, why: `${option.variable}=${quoted(given)}: it holds ${what} (copied with it?)` }
  }
  // a HOST written as in a URL, as the environment takes it: `--host localhost:3000` was told
  // HOST=localhost:3000, which the environment then refused for its port (break-it trial)
  const read = option.variable === 'HOST' ? hostReading(given) : undefined
  if (read !== undefined) {
    const port = read.port !== undefined && portValue.safeParse(read.port).success ? read.port : undefined
    return { value: read.address === undefined ? option.placeholder : shellWord(read.address), port }
  }
  return { value: shellWord(given) }
}

/** Whether `arg`, no option, reads as a directory's path: it names one, or holds a slash or starts as a relative or home path does. */
function aPath(arg: string): boolean {
  if (arg.startsWith('-') || arg.trim() === '') return false
  if (/[/\\]/.test(arg) || /^[.~]/.test(arg)) return true
  try { return statSync(arg).isDirectory() } catch { return false }
}

/** `forms` joined as a list: "a", "a and b", "a, b and c". */
const listed = (forms: readonly string[]): string => forms.length < 2 ? forms.join('') : `${forms.slice(0, -1).join(', ')} and ${forms.at(-1)}`

/**
 * What to say for `args` (npm start's arguments), with the exit status: undefined when there are
 * none. `--help` (or `-h`) alone, however often (`-- --help --help` was refused), is
 * answered on stdout, status 0; anything else is refused, 2. An option's value is echoed as a
 * shell word (`--port ' 4000'`, not `--port  4000`); an option given twice with two values is said
 * so, not suggested twice (`--port=4000 --port=5000` was told PORT=4000 PORT=5000).
 */
function startArgsRefusal(args: readonly string[], note = ''): { status: 0 | 2; text: string } | undefined {
  if (args.length === 0) return undefined
  const variables = `WACOST_DB (the database directory, default ${DEFAULTS.WACOST_DB}), PORT and HOST (where it serves, default ${DEFAULTS.HOST}:${DEFAULTS.PORT})`
  if (args.every((arg) => arg === '--help' || arg === '-h')) {
    return { status: 0, text: `npm start takes no arguments: it is configured by the environment, ${variables}; `
      + 'README.md lists every variable in its "Environment" section (e.g. WACOST_DB=/srv/wacost PORT=8080 npm start)\n' }
  }
  const given: string[] = []
  const named: string[] = []
  const byVariable = new Map<string, { option: (typeof instead)[string]; forms: string[]; values: Set<string | undefined> }>()
  const record = (option: (typeof instead)[string], form: string, value: string | undefined) => {
    given.push(form)
    named.push(form)
    const seen = byVariable.get(option.variable) ?? { option, forms: [], values: new Set() }
    seen.forms.push(form)
    seen.values.add(value)
    byVariable.set(option.variable, seen)
  }
  // a lone path (`npm start /tmp/x`) is the database directory the user meant: it was refused with no suggestion (break-it trial)
  if (args.length === 1 && aPath(args[0]!)) record(instead['--db']!, args[0]!, args[0]!)
  else {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!
      const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
      const option = instead[name]
      if (!option) { given.push(arg); continue }
      const value = inline ?? (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') ? args[++i]! : undefined)
      record(option, inline === undefined && value !== undefined ? `${name} ${shellWord(value)}` : arg, value)
    }
  }
  const why: string[] = []
  const settings = [...byVariable.values()].map(({ option, forms, values }) => {
    const times = forms.length === 2 ? 'twice' : `${forms.length} times`
    if (values.size > 1) {
      why.push(`${listed(forms)} give ${option.variable} ${times}: give one of them`)
      return `${option.variable}=${option.placeholder}`
    }
    // `--port=4000 --port=4000` was suggested PORT=4000 with no word of the second
    if (forms.length > 1) why.push(`${listed(forms)} give ${option.variable} ${times}, the same value: give it once`)
    const setting = suggested(option, [...values][0])
    if (setting.why !== undefined) why.push(setting.why)
    // the port of a HOST written with one, unless PORT is given too
    const port = setting.port !== undefined && !byVariable.has('PORT') ? ` PORT=${setting.port}` : ''
    return `${option.variable}=${setting.value}${port}`
  })
  const use = settings.length > 0 ? `; ${named.join(', ')}: use ${settings.join(' ')} npm start${why.length > 0 ? ` (${why.join('; ')})` : ''}` : ''
  return { status: 2, text: printable(`wacost: npm start takes no arguments (given: ${given.join(' ')}${note}): it is configured by the environment, ${variables}${use}`) + '\n' }
}

/** What npm made of the options written before `--` (core/config.ts npmStart). */
export interface NpmStart { byNpm: boolean; settings: readonly { name: string; value: string }[] }

/**
 * The options npm kept (`kept`, several) with the values it passed alone (`args`), when each
 * value's option is told by its shape: one number (--port's) and one other value for the one
 * other option; undefined when not (two values that are not numbers: --db's and --host's).
 */
function pairedByShape(kept: readonly string[], args: readonly string[]): string[] | undefined {
  const number = (arg: string) => /^[0-9]+$/.test(arg)
  const [numbers, others] = [args.filter(number), args.filter((arg) => !number(arg))]
  const rest = kept.filter((option) => option !== '--port')
  if (!kept.includes('--port') || numbers.length !== 1 || rest.length !== 1 || others.length !== 1) return undefined
  return ['--port', numbers[0]!, rest[0]!, others[0]!]
}

/**
 * `args` with the options npm kept as its own settings, as the user wrote them, and what npm did
 * with them. `npm start --db X` reached the script as X alone, refused "given: X" with no word of
 * --db: npm's npm_config_db="true" (or "" for `--db= X`) says it kept --db, and a
 * lone argument is its value; several are named, not paired (npm's settings come unordered).
 */
function withNpmOptions(args: readonly string[], npm: NpmStart): { args: string[]; note: string } {
  const kept = npm.settings.filter((s) => s.value === 'true' || s.value === '').map((s) => `--${s.name}`)
  const valued = npm.settings.filter((s) => s.value !== 'true' && s.value !== '').map((s) => `--${s.name}=${s.value}`)
  const passed = args.map(shellWord).join(' ')
  if (args.length === 0) return { args: [...kept, ...valued], note: '' }
  if (kept.length === 1 && args.length === 1) {
    return { args: [kept[0]!, args[0]!, ...valued], note: `; npm kept ${kept[0]} as its own setting and passed ${passed} alone` }
  }
  if (kept.length > 0) {
    // `npm start --port 4000 --db /tmp/x` was told "given: 4000 /tmp/x --db --port" and WACOST_DB=DIR PORT=N, with no word why
    const paired = pairedByShape(kept, args)
    const said = `; npm kept ${listed(kept)} as its own settings and passed ${passed} alone`
    if (paired !== undefined) return { args: [...paired, ...valued], note: `${said}, paired here by their shape (the number is the port)` }
    return { args: [...args, ...kept, ...valued], note: `${said}, which cannot be paired with them: npm hands its settings over unordered` }
  }
  // no trace of an option in npm's settings: a value whose option npm took under another name, or none
  const note = npm.byNpm && valued.length === 0 ? '; npm passes options on only after --, and keeps one written before it as its own setting' : ''
  return { args: [...args, ...valued], note }
}

/**
 * Says `args`' refusal (or the help) and exits, when there are any; `npm`: with the options npm
 * kept (bin/start.ts, once the environment is read).
 */
export function refuseStartArgs(args: readonly string[], npm?: NpmStart): void {
  const given = npm === undefined ? { args, note: '' } : withNpmOptions(args, npm)
  const refusal = startArgsRefusal(given.args, given.note)
  if (!refusal) return
  (refusal.status === 0 ? process.stdout : process.stderr).write(refusal.text)
  process.exit(refusal.status)
}

// Arguments that are all values (none an option: `npm start --db X` hands X alone over) are refused
// once the environment is read, which says what npm kept (core/config.ts npmStart): bin/start.ts.
const args = process.argv.slice(2)
if (args.some((arg) => arg.startsWith('-'))) refuseStartArgs(args)
