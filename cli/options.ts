// The options the `wacost` commands share (cli/program.ts): how a value is read and checked
// before any command runs, and the reference-data files most commands take.
import { Command, InvalidArgumentError, Option } from 'commander'
import { wabaIdProblem } from '../core/waba-id.ts'
import { emptySaid, filterValueNames, onlyBlanks } from '../core/empty-value.ts'
import { CliError } from './failure.ts'
import { checkFiles, checkInputs } from './inputs.ts'
import type { ReferenceOptions } from '../core/reference/load.ts'

export type RefFlags = ReferenceOptions & { strict?: boolean }

export function wholeNumber(v: string): number {
  // InvalidArgumentError: commander reports it as a usage error, naming the option.
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`expected a whole number, got ${v}`)
  // The engine counts in UInt32: a larger number would wrap (4294967296 → 0) and flip the free tier.
  if (Number(v) > 999_999_999) throw new InvalidArgumentError(`expected a whole number up to 999999999, got ${v}`)
  return Number(v)
}

/**
 * A repeatable option's values. An empty one, or one of blanks only, is refused as such (`--phone
 * ""` read as "unknown phone number " with nothing after it: break-it trial), never taken as a
 * value to look up: givenOnce names the option, in one line as the filters' other errors.
 */
export function collect(v: string, prev: string[]): string[] {
  if (onlyBlanks(v)) throw new InvalidArgumentError('The value is empty: give one, or leave the option out.')
  return [...prev, v]
}

/**
 * An empty value of a repeatable option in one line, the value shown (a tab escaped): `--market
 * "   " is empty (only blanks): give a market, or leave the option out`. Commander's words were
 * "error: option '--market <code>' argument '   ' is invalid. …" and the whole usage after them,
 * where every other filter's error is one line (break-it trial).
 */
function emptyRefused(flag: string, v: string): CliError {
  const what = (filterValueNames as Record<string, string | undefined>)[flag.replace(/^--/, '')] ?? 'a value'
  return new CliError(`${flag} ${emptySaid(v)}: give ${what}, or leave the option out`)
}

/**
 * An option that takes one value refuses a second (`--from 2025-12-01 … --from 2025-11-01`),
 * naming both: commander kept the last one silently, so a script's default and a later override
 * exported another period than either reader of the command line expected (break-it trial).
 * Repeatable options (collect) take every value, as before, an empty one refused in one line (emptyRefused).
 */
export function givenOnce(cmd: Command): void {
  for (const opt of cmd.options) {
    if (opt.parseArg === collect) {
      opt.argParser((v: string, prev: string[]) => { if (onlyBlanks(v)) throw emptyRefused(opt.long!, v); return collect(v, prev) })
      continue
    }
    if (!(opt.required || opt.optional) || opt.variadic) continue
    const parse = opt.parseArg
    let given: string | undefined
    opt.argParser((v: string, prev: unknown) => {
      if (given !== undefined) throw new InvalidArgumentError(`given twice (${given}, then ${v}): give it once.`)
      given = v
      return parse ? parse(v, prev) : v
    })
  }
  for (const sub of cmd.commands) givenOnce(sub)
}

/** The logs and the reference files a command was given, all readable, before the engine loads. */
export function checkReadable(logs: string[], ref: RefFlags): void {
  checkInputs(logs)
  checkFiles([ref.rateCard, ref.marketMap, ref.wabas, ref.phoneNumbers, ref.settings, ref.pricingModels, ref.authInternational])
}

/** The reference-data options, and their spelling on the command line. */
export const referenceFlags: [keyof ReferenceOptions, string][] = [
  ['rateCard', '--rate-card'], ['marketMap', '--market-map'], ['wabas', '--wabas'], ['phoneNumbers', '--phone-numbers'],
  ['settings', '--settings'], ['freeTier', '--free-tier'],
]

/** `--waba`: the WABA id of webhook `value` objects sent without their envelope, checked as POST /api/ingest checks `?waba=`. */
export const wabaOption = () => new Option('--waba <id>', 'WABA id of webhook value objects that come without their envelope (entry[].id)')
  .argParser((v: string) => {
    const problem = wabaIdProblem(v)
    if (problem !== undefined) throw new InvalidArgumentError(`${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`)
    return v
  })

export function withReference(cmd: Command): Command {
  return cmd
    .option('--rate-card <file>', 'rate card CSV (market,category,price,currency,effective_from[,tier_from])')
    .option('--market-map <file>', 'country-to-market CSV (country,market)')
    .option('--wabas <file>', 'WABA CSV (waba_id,name,timezone)')
    .option('--phone-numbers <file>', 'business phone numbers CSV (phone_number_id,display_phone_number,name[,waba_id]): names on the dashboard, and each number\'s WABA')
    .option('--settings <file>', 'billing settings CSV (window lengths and free tier by effective date)')
    .option('--pricing-models <file>', 'pricing-model timeline CSV (effective_from,model,service,free_tier,utility_in_service_window); default: the shipped one')
    .option('--auth-international <file>', 'authentication-international CSV (waba_id,country,start)')
    .addOption(new Option('--free-tier <n>', 'free tier of the timeline\'s free_tier rows (service conversations per WABA, or messages per phone number, and month) and of the settings').argParser(wholeNumber))
    .option('--strict', 'exit 3 when a charged conversation has no rate-card price (instead of a warning)')
}
