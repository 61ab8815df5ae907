// The compiled CLI the tests spawn (test/support/compiled.ts) links to this checkout's packages.
// CI's run of stop 25 failed in 20 files with "Cannot find package 'commander'": the copy under the
// temporary directory was keyed by the sources alone, so a copy made earlier from another clone of
// the same sources (since removed) was reused, its node_modules link leading nowhere.
import { realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { wacostJs } from './support/compiled.ts'

const root = fileURLToPath(new URL('../', import.meta.url))

describe('the compiled copy of the CLI', () => {
  it("resolves packages from this checkout's node_modules, sql/ and config/", () => {
    const copy = dirname(dirname(wacostJs))
    for (const l of ['node_modules', 'sql', 'config']) expect(realpathSync(join(copy, l))).toBe(realpathSync(join(root, l)))
    expect(realpathSync(join(copy, 'node_modules/commander/package.json'))).toBe(realpathSync(join(root, 'node_modules/commander/package.json')))
  })
})
