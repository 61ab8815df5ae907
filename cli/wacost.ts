// The `wacost` command line (interfaces.md §3). Output for machines goes to stdout, everything
// for people to stderr. It drives ingest/ and core/ and never the API (docs/architecture.md).
// This entry only runs the program and turns a failure into one sentence and an exit status
// (cli/failure.ts); the program is imported inside the try so that even a module failing to
// load (an invalid environment in core/config.ts) ends that way, not with a stack trace.
import { report } from './failure.ts'

// A closed stdout (`… | head`) fails the pending write, which report() takes as the end; without
// a listener Node would also throw it as an unhandled 'error' event, with a stack.
process.stdout.on('error', () => {})

let known: ((e: unknown) => string | undefined) | undefined
try {
  const program = await import('./program.ts')
  known = program.knownError
  await program.buildProgram().parseAsync(process.argv)
} catch (e) {
  process.exitCode = report(e, known)
}
