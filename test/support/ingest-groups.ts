// `wacost ingest` of one file cut into groups of the size given, for the crash tests: the CLI has
// no option for the group size (~64 MB), and a test's log cut into several groups is a few KB.
// Arguments: database directory, file, group bytes (runs are as large; the file is read 256 bytes
// at a time, so that runs are cut there). Opens the database as the CLI does (recovery first),
// ingests the file as one batch, closes it, and prints its derive's counts (DeriveCounts: keys
// derived, continued from their reach, from their cached tail) as one JSON line on stdout.
// WACOST_TEST_CRASH_AT kills it after a named statement.
import { createReadStream } from 'node:fs'
import { openPersistent } from '../../core/session.ts'
import { ingestSource } from '../../ingest/pipeline.ts'
import type { DeriveCounts } from '../../core/batches.ts'

const [dir, file, bytes] = process.argv.slice(2) as [string, string, string]
const session = await openPersistent(dir, {})
let counts: DeriveCounts | undefined
try {
  await ingestSource(session.db, createReadStream(file, { highWaterMark: 256 }), file, undefined,
    { chunkBytes: Number(bytes), groupBytes: Number(bytes), onDerived: (d) => { counts = d } })
} finally { await session.close() }
process.stdout.write(`${JSON.stringify(counts)}\n`)
