// `npm start` takes no arguments: the environment configures it (README, "Environment"). Imported
// first by bin/start.ts, so that an argument is refused before anything else (the environment
// read, the port, the database): `npm start -- --db /tmp/x` started on WACOST_DB and never said
// /tmp/x was ignored, and `-- --help` or `-- --port 4000` just started (fresh-user trial).
import { DEFAULTS } from '../core/env-rules.ts'
import { printable } from '../core/printable.ts'

/** The variables that stand for the options a user may try, with what their value is. */
const instead: Record<string, [variable: string, value: string]> = {
  '--db': ['WACOST_DB', 'DIR'], '--port': ['PORT', 'N'], '--host': ['HOST', 'ADDRESS'],
}

/** `value` as a shell word: quoted when it holds anything but plain path characters. */
const shellWord = (value: string): string => /^[\w./:@%+,=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`

/**
 * What to say for `args` (npm start's arguments), with the exit status: undefined when there are
 * none. `--help` (or `-h`) alone is answered on stdout, status 0; anything else is refused, 2.
 */
function startArgsRefusal(args: readonly string[]): { status: 0 | 2; text: string } | undefined {
  if (args.length === 0) return undefined
  const variables = `WACOST_DB (the database directory, default ${DEFAULTS.WACOST_DB}), PORT and HOST (where it serves, default ${DEFAULTS.HOST}:${DEFAULTS.PORT})`
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    return { status: 0, text: `npm start takes no arguments: it is configured by the environment, ${variables}; `
      + 'README.md lists every variable in its "Environment" section (e.g. WACOST_DB=/srv/wacost PORT=8080 npm start)\n' }
  }
  const given: string[] = []
  const named: string[] = []
  const settings: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const variable = instead[name]
    if (!variable) { given.push(arg); continue }
    const value = inline ?? (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') ? args[++i]! : undefined)
    given.push(inline === undefined && value !== undefined ? `${name} ${value}` : arg)
    named.push(given.at(-1)!)
    settings.push(`${variable[0]}=${value === undefined || value === '' ? variable[1] : shellWord(value)}`)
  }
  const use = settings.length > 0 ? `; ${named.join(', ')}: use ${settings.join(' ')} npm start` : ''
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
