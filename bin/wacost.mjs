#!/usr/bin/env node
// Entry point for `wacost` / `npx wacost`: runs the TypeScript CLI through tsx so the
// shipped command never depends on a stale build. `wacost --help` alone is answered from
// cli/help.txt (the program's own help, kept equal by test/cli-help.test.ts): registering tsx
// costs more than the 0.5 s a help screen may take.
import { readFileSync } from 'node:fs'

const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  process.stdout.write(readFileSync(new URL('../cli/help.txt', import.meta.url), 'utf8'))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../cli/wacost.ts')
}
