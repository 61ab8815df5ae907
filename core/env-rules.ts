// What the environment's settings default to and the rules of their values (a value's blanks: core/blanks.ts),
// apart from core/config.ts (which reads the environment when it is imported): npm start's refusal
// of an argument (bin/start-args.ts), said before the environment is read, checks the value it
// suggests by these rules (`--port ' 4000'` was told PORT=' 4000', which the environment check then
// refused), and the words about a HOST (core/listen-address.ts, which holds HOST's rule) name these
// defaults (a hard-coded copy drifted: "e.g. PORT=3917" while PORT's default is 3000).
import { z } from 'zod'
import { blankAt, hasBlank, withoutEndBlanks } from './blanks.ts'

/** WACOST_DB, PORT and HOST when unset (or empty). */
export const DEFAULTS = { WACOST_DB: './data', PORT: 3000, HOST: 'localhost' } as const

/**
 * The one rule for a blank in a value: said as a blank, where it is (PORT=" 3000", a space copied
 * with the number, read "expected a whole number written in digits": break-it trial), named as
 * blankWords says, with the value to give when the rest is one; the other checks are then not
 * run. `what` names the value: a number (the default), an address (HOST) or a directory
 * (WACOST_DB, where only a blank at an end is one: a blank inside a path is part of its name;
 * WACOST_DB=' /tmp/x' made a folder named " " in the working directory: break-it trial). `alone`:
 * what to give for the rest, when it says more than the rest (HOST's port: core/listen-address.ts).
 */
export const noBlank = (what: 'number' | 'address' | 'directory' = 'number', alone?: (rest: string) => string | undefined) => (v: string, ctx: z.RefinementCtx): void => {
  const rest = withoutEndBlanks(v)
  if (what === 'directory' ? rest === v : !hasBlank(v)) return
  const whole = what === 'number' ? /^[0-9]+$/.test(rest) : what === 'directory' || !hasBlank(rest)
  const give = whole ? `give the ${what} alone, ${alone?.(rest) ?? rest}`
    : what === 'number' ? 'give the number alone, in digits, without blanks' : 'give the address alone, without blanks'
  const some = { number: 'a number', address: 'an address (e.g. 127.0.0.1)', directory: 'a directory' }[what]
  const message = rest === '' ? `it has only blanks, no ${what}: give ${some}, or leave it empty or unset`
    : `it has ${blankAt(v, what)}: ${give}`
  ctx.addIssue({ code: 'custom', message, continue: false })
}

/**
 * A whole number from min to max written in digits: z.coerce took any text JavaScript reads as a
 * number (PORT=1e3 listened on port 1000, 0x50 on 80; found beside the break-it trial's
 * `?batch=1e2`); other text, and a number out of range, is refused as `expected` says (zod's own
 * words for PORT=abc were "Invalid input: expected number, received NaN": fresh-user trial).
 */
export const digits = (min: number, max: number, expected = `expected a whole number from ${min} to ${max}`) => z.string()
  .superRefine(noBlank())
  .refine((v) => /^[0-9]+$/.test(v) || Number.isNaN(Number(v)), 'expected a whole number written in digits; a number in another form (1e3, 0x10, 2.0, +5) is not read')
  .transform(Number).pipe(z.number(expected).int(expected).min(min, expected).max(max, expected))

/** PORT's rule. */
export const portValue = digits(0, 65535, 'must be a port number: 1–65535, or 0 for any free port')

/**
 * WACOST_DB's rule, and the CLI's --db's (cli/database.ts): no blank at its ends, not empty (an empty
 * --db was told " holds no wacost database"); the place itself is checked when it is opened (core/db/place.ts).
 */
export const dbDirValue = z.string().min(1, 'it is empty: give a directory').superRefine(noBlank('directory'))
