// The inputs of a `wacost ingest` run refused whole (a UTF-16 or UTF-32 log, a tar archive: cli/inputs.ts
// RefusedCliError). The run stopped at the first and never read, nor named, the inputs after it
// (break-it trial: `wacost ingest a.ndjson logs.tar.gz b.ndjson`, b.ndjson left unread). As an input
// answered 422 is one input of the run, a refused one is said in its sentence as it comes and the
// run goes on; the run then ends with exit 2, that of an input that cannot be read (README).
import { printable } from '../core/printable.ts'
import { CliError, exitStatus } from './failure.ts'
import { RefusedCliError } from './inputs.ts'

export class RefusedInputs {
  private readonly names: string[] = []

  constructor(private readonly inputs: number) {}

  /**
   * Says `e` now and lets the run go on; a run of one input fails with it, as before. Any other
   * failure is thrown as it is.
   */
  said(e: unknown, name: string): void {
    if (!(e instanceof RefusedCliError) || this.inputs === 1) throw e
    process.stderr.write(`wacost: ${e.message}\n`)
    this.names.push(printable(name))
  }

  /** The run's failure when an input was refused (exit 2), after the others were ingested; else undefined. */
  failure(): CliError | undefined {
    const n = this.names.length
    if (n === 0) return undefined
    const done = n === this.inputs ? 'nothing was ingested' : `the other ${this.inputs - n === 1 ? 'input was' : `${this.inputs - n} inputs were`} ingested`
    return new CliError(`${n} of the ${this.inputs} inputs could not be read and ${n === 1 ? 'was' : 'were'} refused whole (said above: ${this.names.join(', ')}); `
      + `${done}: give ${n === 1 ? 'it' : 'them'} again once converted or extracted`, exitStatus.cannotStart)
  }
}
