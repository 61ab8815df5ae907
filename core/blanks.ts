// The one wording for a blank in a value a person gave (a setting of the environment, a filter of
// `wacost export` or of the API): what the blank is called, where it is, how it may have come, and
// the value shown with an invisible one escaped. The settings (core/env-rules.ts, core/config.ts,
// npm start's argument refusal) and the filters (core/scope.ts) say them alike.
import { escaped } from './printable.ts'

/**
 * What is shown escaped in a value (e.g. \u00a0): a blank that is not a plain space, tab or line
 * break, and a C1 control character (U+0080–U+009F: U+0085 is NEL, a line break).
 */
const oddBlanks = /[\u0080-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g

// a blank (\s holds the no-break space; the zero-width ones are not in it) or a C1 control character
const blankClass = '\\s\\u200b-\\u200d\\u0080-\\u009f'
const blanks = new RegExp(`[${blankClass}]`)
const endBlanks = new RegExp(`^[${blankClass}]+|[${blankClass}]+$`, 'g')

/** Whether `v` holds a blank (at an end or inside). */
export const hasBlank = (v: string): boolean => blanks.test(v)

/** `v` without the blanks at its ends. */
export const withoutEndBlanks = (v: string): string => v.replace(endBlanks, '')

/** `v` in double quotes, as JSON writes it, an invisible blank escaped (echoed as is, a no-break space looked like a plain one). */
export const quoted = (v: string): string => JSON.stringify(v).replace(oddBlanks, escaped)

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
 * Where the blank of `v` (one that holds a blank, and more than blanks) is, in words after "it
 * has": `a blank before the number (a space or line break copied with it?)`, `… after the …`,
 * `a tab inside the …`. `what` names the value: the number, the address, the category ….
 */
export function blankAt(v: string, what: string): string {
  const at = (c: string, side: 'before' | 'after') => { const { name, copied } = blankWords(c); return `${name} ${side} the ${what} (${copied})` }
  const [first, last] = [v.charAt(0), v.charAt(v.length - 1)]
  return blanks.test(first) ? at(first, 'before') : blanks.test(last) ? at(last, 'after')
    : `${blankWords([...withoutEndBlanks(v)].find((c) => blanks.test(c))!).name} inside the ${what}`
}
