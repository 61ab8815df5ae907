// `wacost ingest` of one file cut into groups of the size given, for the crash tests: the CLI has
// no option for the group size (~64 MB), and a test's log cut into several groups is a few KB.
// Arguments: database directory, file, group bytes (runs are as large; the file is read 256 bytes
// at a time, so that runs are cut there). Opens the database as the CLI does (recovery first),
// ingests the file as one batch, closes it.
// WACOST_TEST_CRASH_AT kills it after a named statement.
import { createReadStream } from 'node:fs'
import { openPersistent } from '../../core/session.ts'
import { ingestSource } from '../../ingest/pipeline.ts'

const [dir, file, bytes] = process.argv.slice(2) as [string, string, string]
const session = await openPersistent(dir, {})
try {
  await ingestSource(session.db, createReadStream(file, { highWaterMark: 256 }), file, undefined, { chunkBytes: Number(bytes), groupBytes: Number(bytes) })
} finally { await session.close() }
