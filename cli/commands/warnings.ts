// Every run's warnings (core/reports.ts) on stderr: charged conversations without a price and
// status records still waiting for their message. With --strict an unpriced conversation ends the
// run with status 3 before anything is printed.
import type { Session } from '../../core/session.ts'
import { checkStrict, describeReport, runReport, StrictError } from '../../core/reports.ts'
import { CliError, exitStatus } from '../failure.ts'

/** Prints the run's warnings; throws status 3 under `strict` when a conversation has no price. */
export async function warn(session: Session, strict: boolean | undefined): Promise<void> {
  const r = await runReport(session.db)
  for (const line of describeReport(r)) process.stderr.write(`${line}\n`)
  try {
    checkStrict(r, strict)
  } catch (e) {
    throw e instanceof StrictError ? new CliError(e.message, exitStatus.unpriced) : e
  }
}
