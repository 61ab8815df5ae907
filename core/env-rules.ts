// What the environment's settings default to, the rules of their values and how a value is echoed,
// apart from core/config.ts (which reads the environment when it is imported): npm start's refusal
// of an argument (bin/start-args.ts), said before the environment is read, checks the value it
// suggests by these rules (`--port ' 4000'` was told PORT=' 4000', which the environment check then
// refused), and the words about a HOST (core/listen-address.ts) name these defaults (a hard-coded
// copy drifted: "e.g. PORT=3917" while PORT's default is 3000).
import { z } from 'zod'
import { escaped } from './printable.ts'

/** WACOST_DB, PORT and HOST when unset (or empty). */
export const DEFAULTS = { WACOST_DB: './data', PORT: 3000, HOST: 'localhost' } as const

/**
 * What is shown escaped in a value (e.g. \u00a0): a blank that is not a plain space, tab or line
 * break, and a C1 control character (U+0080–U+009F: U+0085 is NEL, a line break).
 */
const oddBlanks = /[\u0080-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g

// a blank (\s holds the no-break space; the zero-width ones are not in it) or a C1 control character
const blankClass = '\\s\\u200b-\\u200d\\u0080-\\u009f'
const blanks = new RegExp(`[${blankClass}]`)
const endBlanks = new RegExp(`^[${blankClass}]+|[${blankClass}]+$`, 'g')

/**
 * What the blank `c` is called, and how it may have come. A no-break space (copied from a web page)
 * is named as one: it was said as a plain blank, and echoed as a space (break-it trial, HOST); a C1
 * control character is named as one, not "an invisible blank", and a tab as a tab, not "a blank (a
 * space or line break …)" (break-it trial).
 */
function blankWords(c: string): { name: string; copied: string } {
  const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  if (c === '\t') return { name: 'a tab', copied: 'copied with it?' }
  if (c >= '\u0080' && c <= '\u009f') return { name: `a control character (${code}${c === '\u0085' ? ', a line break' : ''})`, copied: 'copied with it?' }
  if (c === '\u00a0') return { name: `a no-break space (${code})`, copied: 'copied with it from a web page or document?' }
  if (new RegExp(oddBlanks.source).test(c)) return { name: `an invisible blank (${code})`, copied: 'copied with it from a web page or document?' }
  return { name: 'a blank', copied: 'a space or line break copied with it?' }
}

/**
 * The one rule for a blank in a value: said as a blank, where it is (PORT=" 3000", a space copied
 * with the number, read "expected a whole number written in digits": break-it trial), named as
 * blankWords says, with the value to give when the rest is one; the other checks are then not
 * run. `what` names the value: a number (the default) or an address (HOST).
 */
export const noBlank = (what: 'number' | 'address' = 'number') => (v: string, ctx: z.RefinementCtx): void => {
  if (!blanks.test(v)) return
  const rest = v.replace(endBlanks, '')
  const at = (c: string, side: 'before' | 'after') => { const { name, copied } = blankWords(c); return `${name} ${side} the ${what} (${copied})` }
  const [first, last] = [v.charAt(0), v.charAt(v.length - 1)]
  const where = blanks.test(first) ? at(first, 'before') : blanks.test(last) ? at(last, 'after')
    : `${blankWords([...rest].find((c) => blanks.test(c))!).name} inside the ${what}`
  const whole = what === 'number' ? /^[0-9]+$/.test(rest) : !blanks.test(rest)
  const give = whole ? `give the ${what} alone, ${rest}`
    : what === 'number' ? 'give the number alone, in digits, without blanks' : 'give the address alone, without blanks'
  const message = rest === '' ? `it has only blanks, no ${what}: give ${what === 'number' ? 'a number' : 'an address (e.g. 127.0.0.1)'}, or leave it empty or unset`
    : `it has ${where}: ${give}`
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

/** HOST's rule: no blank (the rest is said by npm start when it cannot listen: bin/start.ts). */
export const hostValue = z.string().superRefine(noBlank('address'))

/** `value` without the blanks at its ends, as noBlank reads them. */
export const withoutEndBlanks = (value: string): string => value.replace(endBlanks, '')

/**
 * A value of the environment as the words that name it echo it: in double quotes, as JSON writes
 * it, an odd blank escaped (\u00a0): echoed as is, a no-break space looked like a plain space, and
 * bare, `HOST=localhost:` ran into the colon after it ("HOST=localhost:: it ends…").
 */
export const shownValue = (value: string): string => JSON.stringify(value).replace(oddBlanks, escaped)
