// `npm start` takes no arguments: the environment configures it (README, "Environment"). Imported
// first by bin/start.ts, so that an argument is refused before anything else (the environment
// read, the port, the database): `npm start -- --db /tmp/x` started on WACOST_DB and never said
// /tmp/x was ignored, and `-- --help` or `-- --port 4000` just started (fresh-user trial).
import type { z } from 'zod'
import { DEFAULTS, hostValue, portValue, shownValue, withoutEndBlanks } from '../core/env-rules.ts'
import { printable } from '../core/printable.ts'

/**
 * The variables that stand for the options a user may try, with what their value is, and the
 * environment's rule for it when it has one: a value is suggested only as the environment check
 * takes it (`--port ' 4000'` was told PORT=' 4000', which it refused).
 */
const instead: Record<string, { variable: string; placeholder: string; rule?: z.ZodType }> = {
  '--db': { variable: 'WACOST_DB', placeholder: 'DIR' },
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
function suggested(option: (typeof instead)[string], value: string | undefined): { value: string; why?: string } {
  if (value === undefined || value === '') return { value: option.placeholder }
  const given = option.rule ? withoutEndBlanks(value) : value
  const checked = option.rule?.safeParse(given)
  if (checked !== undefined && !checked.success) return { value: option.placeholder, why: `${option.variable}=${shownValue(given)}: ${checked.error.issues[0]!.message}` }
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(given)?.[0]
  if (control !== undefined) {
    const what = control === '\n' || control === '\r' || control === '\u0085' ? 'a line break' : 'a control character'
    return { value: option.placeholder, why: `${option.variable}=${shownValue(given)}: it holds ${what} (copied with it?)` }
  }
  return { value: shellWord(given) }
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
function startArgsRefusal(args: readonly string[]): { status: 0 | 2; text: string } | undefined {
  if (args.length === 0) return undefined
  const variables = `WACOST_DB (the database directory, default ${DEFAULTS.WACOST_DB}), PORT and HOST (where it serves, default ${DEFAULTS.HOST}:${DEFAULTS.PORT})`
  if (args.every((arg) => arg === '--help' || arg === '-h')) {
    return { status: 0, text: `npm start takes no arguments: it is configured by the environment, ${variables}; `
      + 'README.md lists every variable in its "Environment" section (e.g. WACOST_DB=/srv/wacost PORT=8080 npm start)\n' }
  }
  const given: string[] = []
  const named: string[] = []
  const byVariable = new Map<string, { option: (typeof instead)[string]; forms: string[]; values: Set<string | undefined> }>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const option = instead[name]
    if (!option) { given.push(arg); continue }
    const value = inline ?? (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') ? args[++i]! : undefined)
    given.push(inline === undefined && value !== undefined ? `${name} ${shellWord(value)}` : arg)
    named.push(given.at(-1)!)
    const seen = byVariable.get(option.variable) ?? { option, forms: [], values: new Set() }
    seen.forms.push(given.at(-1)!)
    seen.values.add(value)
    byVariable.set(option.variable, seen)
  }
  const why: string[] = []
  const settings = [...byVariable.values()].map(({ option, forms, values }) => {
    if (values.size > 1) {
      why.push(`${listed(forms)} give ${option.variable} ${forms.length === 2 ? 'twice' : `${forms.length} times`}: give one of them`)
      return `${option.variable}=${option.placeholder}`
    }
    const setting = suggested(option, [...values][0])
    if (setting.why !== undefined) why.push(setting.why)
    return `${option.variable}=${setting.value}`
  })
  const use = settings.length > 0 ? `; ${named.join(', ')}: use ${settings.join(' ')} npm start${why.length > 0 ? ` (${why.join('; ')})` : ''}` : ''
  return { status: 2, text: printable(`wacost: npm start takes no arguments (given: ${given.join(' ')}): it is configured by the environment, ${variables}${use}`) + '\n' }
}

/** Says `args`' refusal (or the help) and exits, when there are any. */
export function refuseStartArgs(args: readonly string[]): void {
  const refusal = startArgsRefusal(args)
  if (!refusal) return
  (refusal.status === 0 ? process.stdout : process.stderr).write(refusal.text)
  process.exit(refusal.status)
}

// (the options npm took as its own settings are known only from the environment, which is read
// after this: bin/start.ts refuses them then, with core/config.ts's npmStartOptions)
refuseStartArgs(process.argv.slice(2))
