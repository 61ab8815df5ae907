// Loads the demo dataset through the real ingest path (same chunking, validation and derive as
// `wacost ingest`), with the demo WABAs' names and time zones.
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Db } from '../../core/db/client.ts'
import { ingestSource, type BatchSummary } from '../pipeline.ts'
import { loadReference } from '../../core/reference/load.ts'
import { demoLog } from './generate.ts'

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

export async function loadDemo(db: Db): Promise<BatchSummary> {
  await loadReference(db, { wabas: demoWabas, phoneNumbers: demoPhoneNumbers })
  return ingestSource(db, Readable.from(blocks(demoLog())), '(demo dataset)')
}
