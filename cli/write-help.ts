// `npm run cli:help`: writes cli/help.txt, what bin/wacost.mjs prints for `wacost --help` without
// loading tsx or the program (so it answers well under 0.5 s).
import { writeFileSync } from 'node:fs'
import { helpText } from './program.ts'

writeFileSync(new URL('./help.txt', import.meta.url), helpText())
