// Loads the demo dataset through the real ingest path (same chunking, validation and derive as
// `wacost ingest`), with the demo WABAs' names and time zones; and finishes a demo load that
// stopped (npm start, Ctrl-C or a kill during the first start), which no command could redo.
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Db } from '../../core/db/client.ts'
import { rows } from '../../core/db/sql.ts'
import { demoSource } from '../../core/batches.ts'
import { ingestSource, type BatchSummary } from '../pipeline.ts'
import { loadReference } from '../../core/reference/load.ts'
import { demoLog } from './generate.ts'
import { hasMessages } from '../../core/session.ts'

export const demoWabas = fileURLToPath(new URL('../../config/demo/wabas.csv', import.meta.url))
export const demoPhoneNumbers = fileURLToPath(new URL('../../config/demo/phone-numbers.csv', import.meta.url))

function* blocks(lines: Iterable<string>, size = 1 << 20): Generator<Buffer> {
  let pending: string[] = []
  let length = 0
  for (const line of lines) {
    pending.push(line)
    length += line.length + 1
    if (length >= size) {
      yield Buffer.from(`${pending.join('\n')}\n`)
      pending = []
      length = 0
    }
  }
  if (pending.length > 0) yield Buffer.from(`${pending.join('\n')}\n`)
}

/**
 * The demo's reference data (its WABAs and phone numbers), then its log, as one batch named
 * `demoSource`: the reference is loaded once the batch is recorded as started (IngestOptions
 * `started`), so a load stopped at any point leaves the batch for npm start to finish.
 */
function ingestDemo(db: Db): Promise<BatchSummary> {
  const started = () => loadReference(db, { wabas: demoWabas, phoneNumbers: demoPhoneNumbers })
  return ingestSource(db, Readable.from(blocks(demoLog())), demoSource, undefined, { started })
}

/** Loads the demo (its reference data and its log) into an empty database. */
export function loadDemo(db: Db): Promise<BatchSummary> {
  return ingestDemo(db)
}

/**
 * What npm start does about the demo: 'load' it into a database that never held an ingest (no
 * batch but rebuild runs, no message); 'finish' a demo load that stopped before its end
 * (sql/queries/demo_stopped.sql; its batch names the demo, so a kill -9 leaves it recorded) when
 * nothing else was ingested since; 'keep' such a load when other data was (the demo is never added
 * to it); 'none' when the database holds ingests but no message (the demo is not added to them
 * either); undefined otherwise.
 */
export async function demoPlan(db: Db): Promise<'load' | 'finish' | 'keep' | 'none' | undefined> {
  const [r] = await rows<{ stopped: number | string; other_data: number | string; any_batch: number | string }>(db, 'queries/demo_stopped', { demo: demoSource })
  if (Number(r?.stopped ?? 0) === 1) return Number(r?.other_data ?? 0) === 1 ? 'keep' : 'finish'
  if (await hasMessages(db)) return undefined
  return Number(r?.any_batch ?? 0) === 1 ? 'none' : 'load'
}

/**
 * Finishes a demo load that stopped: the whole demo log again, as a new batch. Ingest is
 * idempotent and order-independent, so the lines the stopped batch stored are unchanged and the
 * database then holds exactly the demo. Its reference data is loaded again (the same files: the
 * stopped load may have stopped before it had).
 */
export function finishDemo(db: Db): Promise<BatchSummary> {
  return ingestDemo(db)
}

/** Whether the demo loads that stopped stored anything: lines of groups stored whole, or any message. */
export async function demoStoredAny(db: Db): Promise<boolean> {
  const [r] = await rows<{ lines: number | string; messages: number | string }>(db, 'queries/demo_stored', { demo: demoSource })
  return Number(r?.lines ?? 0) > 0 || Number(r?.messages ?? 0) > 0
}

/** The messages the database holds, each once: after a demo load, the demo's (npm start says how many). */
export async function storedMessages(db: Db): Promise<number> {
  const [r] = await rows<{ messages: number | string }>(db, 'queries/messages_stored')
  return Number(r?.messages ?? 0)
}
