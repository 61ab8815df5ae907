// API keys and what they grant (WACOST_API_KEYS, validated by core/config.ts): the server checks
// requests with them (api/plugins/auth.ts) and the CLI picks the key it sends an ingest with, so
// the one reading of the syntax lives here.

/** What a key may read: every WABA, or only these. */
export type Access = { all: true } | { all: false; wabas: string[] }

/** What a key may do. `admin` implies the others. */
export const roles = ['read', 'ingest', 'admin'] as const
export type Role = typeof roles[number]

/** One key's grant: its WABAs and its roles. */
export interface Grant { access: Access; roles: ReadonlySet<Role> }

/**
 * Parses WACOST_API_KEYS: comma-separated `key=WABAS[:ROLES]`, WABAS `*` or `waba1|waba2`, ROLES
 * `read`, `ingest`, `admin` joined by `+` (e.g. `k=*:read+ingest`). Without `:ROLES` a key has
 * every role (the syntax before roles existed keeps its meaning). core/config.ts validated it.
 */
export function parseKeys(spec: string): Map<string, Grant> {
  const keys = new Map<string, Grant>()
  for (const entry of spec.split(',')) {
    const at = entry.indexOf('=')
    const [wabas = '', named] = entry.slice(at + 1).split(':')
    const given = named === undefined ? [...roles] : named.split('+') as Role[]
    keys.set(entry.slice(0, at), {
      access: wabas === '*' ? { all: true } : { all: false, wabas: wabas.split('|') },
      roles: new Set(given.includes('admin') ? roles : given),
    })
  }
  return keys
}

/** The first key of a WACOST_API_KEYS value that may ingest (the CLI sends through a server with it). */
export function ingestKey(spec: string): string | undefined {
  for (const [key, grant] of parseKeys(spec)) if (grant.roles.has('ingest')) return key
  return undefined
}

const suffixes: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' }
const ordinalRule = new Intl.PluralRules('en', { type: 'ordinal' })
const ordinal = (n: number) => `${n}${suffixes[ordinalRule.select(n)]}`

/**
 * What is wrong with one `key=WABAS[:ROLES]` entry of WACOST_API_KEYS (its 1-based `position` in
 * the list), in words, or undefined when the entry is valid: it checks the whole grammar, the only
 * check core/config.ts makes of the syntax. Never repeats the key itself
 * or its WABAs (the words land in terminals and CI logs); repeats a role it does not know.
 * The break-it trial: `short=*` and `…=*:write` got only the syntax's general sentence.
 */
export function keyEntryProblem(entry: string, position: number): string | undefined {
  const which = `the ${ordinal(position)} key`
  if (entry === '') return `${which} is empty (two commas in a row, or one at an end)`
  // a blank (space, tab, line break) said as such: a space after a comma (`k1=*, k2=*`) or a key
  // pasted with one read "a character other than A-Z a-z 0-9 _ . ~ -" (trial); refused, not
  // trimmed: the value is a secret never echoed, so what was taken could not be seen
  const blank = entryBlank(entry, position)
  if (blank !== undefined) return `${blank}: write the list without blanks (key1=*,key2=*)`
  const at = entry.indexOf('=')
  if (at < 0) return `${which} has no "=" (key=WABAS)`
  const key = keyProblem(entry.slice(0, at))
  if (key !== undefined) return `${which} ${key}`
  const [wabas = '', named, ...more] = entry.slice(at + 1).split(':')
  if (!/^(\*|[0-9A-Za-z_-]+(\|[0-9A-Za-z_-]+)*)$/.test(wabas)) return `${which} grants neither * nor WABA ids joined by | (letters, digits, _ and -)`
  if (more.length > 0) return `${which} has more than one ":" (key=WABAS:ROLES, roles joined by +)`
  const unknown = named?.split('+').find((r) => !(roles as readonly string[]).includes(r))
  if (unknown === '') return `${which} has an empty role: roles are read, ingest and admin, joined by +`
  if (unknown !== undefined) return `${which} names the role ${JSON.stringify(unknown)}: roles are read, ingest and admin, joined by +`
  // `read+read` granted read, unsaid: likely a slip for another role (read+ingest)
  const twice = named?.split('+').find((r, i, all) => all.indexOf(r) !== i)
  if (twice !== undefined) return `${which} gives the role ${twice} twice: give each role once (read, ingest and admin, joined by +)`
  return undefined
}

/**
 * Where an entry of WACOST_API_KEYS has a blank, in words naming the part it is in: the key, or
 * the entry's WABAs or roles (`k=a b` read "the 1st key has a blank in it", the key being
 * fine: break-it trial); undefined when it has none.
 */
function entryBlank(entry: string, position: number): string | undefined {
  const at = entry.indexOf('=')
  const i = entry.search(/\s/)
  if (i < 0) return undefined
  const key = `the ${ordinal(position)} key`
  const whole = `the ${ordinal(position)} entry`
  if (entry.trim() === '') return `${whole} is only blanks`
  if (i === 0) return `${key} starts with a blank (a space after the comma?)`
  if (at < 0 || i < at) return `${key} ${/\s$/.test(entry) && at < 0 ? 'ends with a blank' : 'has a blank in it'}`
  if (/\s$/.test(entry) && entry.slice(i).trim() === '') return `${whole} ends with a blank`
  const colon = entry.indexOf(':', at)
  return `${whole} has a blank in its ${colon >= 0 && i > colon ? 'roles' : 'WABAs'}`
}

/**
 * What is wrong with WACOST_API_KEY, the one key `wacost ingest` sends, in words, or undefined
 * when it is a key: never repeats it. A key pasted with a blank (a line break copied with it) got
 * only "expected one key of 16+ characters", whereas WACOST_API_KEYS said where its blank was.
 */
export function singleKeyProblem(key: string): string | undefined {
  if (key.trim() === '') return 'only blanks, no key: give the key, or leave it unset (the first key of WACOST_API_KEYS with the ingest role is sent, else the one the server wrote into its lock file)'
  const blank = blankIn(key, 'starts with a blank')
  if (blank !== undefined) return `the key ${blank}: give it without blanks (a space or line break copied with it?)`
  // `k=*:ingest` or `k1,k2` read "a character other than …" (break-it trial): the syntax of the list
  if (key.includes('=') || key.includes(',')) {
    return `the key holds ${key.includes('=') ? '"="' : 'a comma'}: WACOST_API_KEY takes one key alone, not key=WABAS nor a list of keys (WACOST_API_KEYS takes those)`
  }
  const wrong = keyProblem(key)
  return wrong === undefined ? undefined : `the key ${wrong}`
}

/** What is wrong with a key (no blanks in it), in words after "the key": its characters, its length; undefined when none. */
function keyProblem(key: string): string | undefined {
  if (!/^[A-Za-z0-9_.~-]*$/.test(key)) return 'has a character other than A-Z a-z 0-9 _ . ~ -'
  if (key.length < 16) return `has ${key.length} character${key.length === 1 ? '' : 's'}; a key needs 16 or more`
  return undefined
}

/** Where `entry` has a blank (white space), in words (`atStart`: those for a blank it starts with); undefined when it has none. */
function blankIn(entry: string, atStart: string): string | undefined {
  if (!/\s/.test(entry)) return undefined
  if (entry.trim() === '') return 'is only blanks'
  if (/^\s/.test(entry)) return atStart
  if (/\s$/.test(entry)) return 'ends with a blank'
  return 'has a blank in it'
}

/** "the 1st, the 2nd and the 4th": British English, no comma before "and". */
const listed = (words: string[]): string => new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(words)

/**
 * The keys given more than once among WACOST_API_KEYS's `entries` (each valid), named by their
 * positions, never by the key: `the 1st and the 3rd key are the same key` (the break-it trial's
 * "a key is given twice" said not which). Undefined when each key is given once.
 */
export function repeatedKeys(entries: string[]): string | undefined {
  const positions = new Map<string, number[]>()
  entries.forEach((entry, i) => {
    const key = entry.slice(0, entry.indexOf('='))
    positions.set(key, [...(positions.get(key) ?? []), i + 1])
  })
  const groups = [...positions.values()].filter((p) => p.length > 1).map((p) => listed(p.map((n) => `the ${ordinal(n)}`)))
  if (groups.length === 0) return undefined
  return `${groups[0]!} key are the same key${groups.slice(1).map((g) => `, and so are ${g}`).join('')}`
}
