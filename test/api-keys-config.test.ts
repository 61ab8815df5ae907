// WACOST_API_KEYS, the keys with roles (issue 12, item 3), read by the validated config: the role
// syntax, and every refused list said in words naming the entry and what is wrong with it, never
// echoing a key (the routes' roles, through app.inject: test/ingest-api.test.ts).
import { describe, expect, it } from 'vitest'
import { parseKeys } from '../api/plugins/auth.ts'
import { EnvError, loadEnv } from '../core/config.ts'

describe('WACOST_API_KEYS', () => {
  it('validates WACOST_API_KEYS with roles, and refuses an unknown role in words', () => {
    expect(loadEnv({ WACOST_API_KEYS: 'aaaaaaaaaaaaaaaa=*,bbbbbbbbbbbbbbbb=w1|w2:read+ingest,cccccccccccccccc=*:admin' }).WACOST_API_KEYS).toBeDefined()
    for (const bad of ['aaaaaaaaaaaaaaaa=*:write', 'aaaaaaaaaaaaaaaa=*:', 'aaaaaaaaaaaaaaaa=*:read+', 'aaaaaaaaaaaaaaaa=*:read:ingest']) {
      expect(() => loadEnv({ WACOST_API_KEYS: bad }), bad).toThrow(EnvError)
    }
    expect(() => loadEnv({ WACOST_API_KEYS: 'aaaaaaaaaaaaaaaa=*:write' })).toThrow(/expected key=\*, key=waba1\|waba2, or either followed by :ROLES \(read, ingest, admin joined by \+/)
    expect(() => loadEnv({ WACOST_API_KEY: 'short' })).toThrow(/WACOST_API_KEY \(the key has 5 characters; a key needs 16 or more; expected one key/)
  })

  // WACOST_API_KEY (the one key `wacost ingest` sends) pasted with a blank got only "expected one
  // key of 16+ characters", whereas WACOST_API_KEYS said where its blank was
  it('names what is wrong with WACOST_API_KEY, never echoing it', () => {
    const k = 'aaaaaaaaaaaaaaaa'
    expect(loadEnv({ WACOST_API_KEY: k }).WACOST_API_KEY).toBe(k)
    for (const [key, words] of [
      [`${k}\n`, 'the key ends with a blank: give it without blanks (a space or line break copied with it?)'],
      [` ${k}`, 'the key starts with a blank: give it without blanks'],
      [`${k} ${k}`, 'the key has a blank in it: give it without blanks'],
      ['  ', 'only blanks, no key: give the key, or leave it unset (the first key of WACOST_API_KEYS with the ingest role is sent'],
      [`${k}!`, 'the key has a character other than A-Z a-z 0-9 _ . ~ -; expected one key of 16+ characters [A-Za-z0-9_.~-]'],
      ['aaaaaaaaaaaaaaa', 'the key has 15 characters; a key needs 16 or more; expected one key of 16+ characters'],
      // a list or an entry of WACOST_API_KEYS read "a character other than …" (break-it trial)
      [`${k}=*:ingest`, 'the key holds "=": WACOST_API_KEY takes one key alone, not key=WABAS nor a list of keys (WACOST_API_KEYS takes those)'],
      [`${k},${k}b`, 'the key holds a comma: WACOST_API_KEY takes one key alone, not key=WABAS nor a list of keys (WACOST_API_KEYS takes those)'],
    ] as const) {
      const said = (() => { try { loadEnv({ WACOST_API_KEY: key }); return 'accepted' } catch (e) { return (e as Error).message } })()
      expect(said, JSON.stringify(key)).toContain(`WACOST_API_KEY (${words}`)
      expect(said, JSON.stringify(key)).not.toContain('aaaaaaaa')
    }
  })

  // break-it trial: `short=*` and `…=*:write` got only the syntax's general sentence
  it('names which entry of WACOST_API_KEYS is wrong and how, never echoing a key', () => {
    const k = 'aaaaaaaaaaaaaaaa'
    for (const [spec, words] of [
      ['short=*', 'the 1st key has 5 characters; a key needs 16 or more; expected key=*'],
      [`${k}=*:write`, 'the 1st key names the role "write": roles are read, ingest and admin, joined by +; expected'],
      [`${k}=*:read+`, 'the 1st key has an empty role'],
      [`${k}=*:read:ingest`, 'the 1st key has more than one ":"'],
      [`${k}=*:`, 'the 1st key has an empty role'],
      [`${k}=w1=w2`, 'the 1st key grants neither * nor WABA ids joined by |'],
      [`${k}=*,bbbbbbbbbbbbbbb!=*`, 'the 2nd key has a character other than A-Z a-z 0-9 _ . ~ -'],
      [`${k}=*,${k}b`, 'the 2nd key has no "=" (key=WABAS)'],
      [`${k}=*,,`, 'the 2nd key is empty (two commas in a row, or one at an end)'],
      [`${k}=*,bbbbbbbbbbbbbbbb=a||b`, 'the 2nd key grants neither * nor WABA ids joined by |'],
      // a blank said as one (it read "a character other than A-Z a-z 0-9 _ . ~ -": trial)
      // the blank named where it is: in the WABAs, not the key (it said "the 2nd key has a blank in it": break-it trial)
      [`${k}=*,bbbbbbbbbbbbbbbb=a b`, 'the 2nd entry has a blank in its WABAs: write the list without blanks (key1=*,key2=*)'],
      [`${k}=*:read +ingest`, 'the 1st entry has a blank in its roles: write the list without blanks'],
      [`${k}=*, bbbbbbbbbbbbbbbb=*`, 'the 2nd key starts with a blank (a space after the comma?): write the list without blanks'],
      [`${k} =*`, 'the 1st key has a blank in it'],
      [`${k}=*:read `, 'the 1st entry ends with a blank'],
      [`${k}=*,\t`, 'the 2nd entry is only blanks'],
      ['  ', 'only blanks, no key: give keys (key=WABAS or key=WABAS:ROLES, comma-separated), or leave it empty or unset'],
      // a role given twice was taken once, unsaid
      [`${k}=*:read+read`, 'the 1st key gives the role read twice: give each role once (read, ingest and admin, joined by +); expected'],
      [`${k}=*,bbbbbbbbbbbbbbbb=*:admin+ingest+admin`, 'the 2nd key gives the role admin twice'],
      // a key given twice, named by position (it said "a key is given twice": which?)
      [`${k}=*,bbbbbbbbbbbbbbbb=*,${k}=w1:read`, 'the 1st and the 3rd key are the same key: give each key once, with all its WABAs and roles in one entry'],
      [`${k}=*,bbbbbbbbbbbbbbbb=*,${k}=w1,bbbbbbbbbbbbbbbb=w2,${k}=w3`, 'the 1st, the 3rd and the 5th key are the same key, and so are the 2nd and the 4th: give each key once'],
    ] as const) {
      const said = (() => { try { loadEnv({ WACOST_API_KEYS: spec }); return 'accepted' } catch (e) { return (e as Error).message } })()
      expect(said, spec).toContain(`WACOST_API_KEYS (${words}`)
      expect(said, spec).not.toContain(k)
      expect(said, spec).not.toContain('bbbbbbbbbbbbbbbb')
      expect(said.match(/WACOST_API_KEYS/g), spec).toHaveLength(1)
    }
  })

  it('parses the role syntax; a key without :ROLES has every role', () => {
    const parsed = parseKeys('aaaaaaaaaaaaaaaa=*,bbbbbbbbbbbbbbbb=w1|w2:read+ingest,cccccccccccccccc=*:admin')
    expect([...parsed.get('aaaaaaaaaaaaaaaa')!.roles]).toEqual(['read', 'ingest', 'admin'])
    expect(parsed.get('bbbbbbbbbbbbbbbb')).toEqual({ access: { all: false, wabas: ['w1', 'w2'] }, roles: new Set(['read', 'ingest']) })
    expect([...parsed.get('cccccccccccccccc')!.roles]).toEqual(['read', 'ingest', 'admin'])
  })
})
