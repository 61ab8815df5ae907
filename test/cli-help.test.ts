// `wacost --help` comes from cli/help.txt without loading tsx or the program (bin/wacost.mjs), so
// it must stay exactly the program's own help: after a change to the commands, `npm run cli:help`.
import { expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { helpText } from '../cli/program.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const cached = readFileSync(new URL('../cli/help.txt', import.meta.url), 'utf8')

it('answers --help with the program\'s own help (run `npm run cli:help` when this fails)', () => {
  expect(cached).toBe(helpText())
  const shown = execFileSync(process.execPath, ['bin/wacost.mjs', '--help'], { cwd: root, encoding: 'utf8' })
  expect(shown).toBe(cached)
  expect(shown).toMatch(/^Usage: wacost \[options\] \[command\]/)
})

it('still answers a command\'s --help through the program', () => {
  const shown = execFileSync(process.execPath, ['bin/wacost.mjs', 'ingest', '--help'], { cwd: root, encoding: 'utf8' })
  expect(shown).toMatch(/^Usage: wacost ingest \[options\] <files\.\.\.>/)
  expect(shown).toContain('--phone-numbers <file>')
})
