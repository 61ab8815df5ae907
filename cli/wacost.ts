// The `wacost` command line (interfaces.md §3). Output for machines goes to stdout, everything
// for people to stderr. It drives ingest/ and core/ and never imports the API (docs/architecture.md);
// `wacost ingest` may talk to a running server over HTTP (cli/commands/remote.ts).
// This entry only runs the program and turns a failure into one sentence and an exit status
// (cli/failure.ts); the program is imported inside the try so that even a module failing to
// load (an invalid environment in core/config.ts) ends that way, not with a stack trace.
import { exitStatus, report } from './failure.ts'

// The reader of stdout stopped reading (`wacost ledger … | head`): its choice, not a failure. The
// pending write fails with EPIPE and ends the command; without this listener Node would also
// throw it as an unhandled 'error' event, with a stack. Only stdout's EPIPE is let through: one
// from the server connection is a real failure.
let readerGone = false
process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') readerGone = true })
const isEpipe = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'

let program: typeof import('./program.ts') | undefined
try {
  program = await import('./program.ts')
  await program.buildProgram().parseAsync(process.argv)
} catch (e) {
  if (readerGone && isEpipe(e)) process.exitCode = exitStatus.ok
  else process.exitCode = report(e, await program?.knownError(e).catch(() => undefined))
}
