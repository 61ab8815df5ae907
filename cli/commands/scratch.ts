// `wacost ledger` and `wacost verdicts` (interfaces.md §3): ingest the inputs into a temporary
// database (or --db), derive, print NDJSON on stdout. Their stdout format is a contract.
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { text } from '../../core/db/sql.ts'
import { hasMessages } from '../../core/session.ts'
import { CliError, exitStatus } from '../failure.ts'
import { ingestAll } from './ingest.ts'
import { openSession } from './open.ts'
import { warn } from './warnings.ts'

const queries = { ledger: 'queries/ledger', verdicts: 'queries/verdicts' } as const

/** Ingests every `--input`, then prints the ledger or the verdicts. */
export async function printDerived(name: keyof typeof queries, opts: ReferenceOptions & { input: string[]; db?: string; strict?: boolean; waba?: string }): Promise<void> {
  const session = await openSession(opts.db, opts, true)
  try {
    await ingestAll(session, opts.input, { temporary: opts.db === undefined, db: opts.db, progress: false, waba: opts.waba })
    // Status records alone derive nothing: no message, no verdict, no conversation.
    if (!(await hasMessages(session.db))) {
      throw new CliError('nothing to derive: the input holds status records but no message line', exitStatus.nothingDerived)
    }
    await warn(session, opts.strict)
    const out = await text(session.db, queries[name], {}, 'JSONEachRow')
    await new Promise<void>((resolve, reject) => process.stdout.write(out, (e) => (e ? reject(e) : resolve())))
  } finally {
    await session.close()
  }
}
