// A filter's value that is empty or blanks only (`--market "   "`, `?category=%20%20`), refused as
// such by `wacost export` (cli/options.ts) and the API's filters (api/filters.ts) alike, before
// anything is looked up. Apart from core/scope.ts, which loads the configuration: the command
// line checks its options before it does.
import { quoted, withoutEndBlanks } from './blanks.ts'

/** Whether a value a person gave is empty or only blanks (`--market "   "`, `?category=%20%20`). */
export const onlyBlanks = (v: string): boolean => withoutEndBlanks(v) === ''

/** What a filter's value is, after "give": "give a market, or leave the option out". */
export const filterValueNames = {
  waba: 'a WABA id', phone: 'a phone number (phone_number_id)', market: 'a market', category: 'a category', country: 'a country code',
} as const

/** An empty value or one of blanks only, shown and said so: `"   " is empty (only blanks)`, `"" is empty`. */
export const emptySaid = (v: string): string => `${quoted(v)} is empty${v === '' ? '' : ' (only blanks)'}`
