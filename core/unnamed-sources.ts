// The sources of batches whose input no file names (standard input, a POST /api/ingest body sent
// without `?source=`): `wacost batches` lists them, and recovery tells the user to send that input
// again, not to "ingest (stdin) again", which no command does (break-it trial). No import: the
// CLI reads it before the engine or the configuration loads (cli/inputs.ts).

/** `wacost ingest -` (and the same through a server): the input came on standard input. */
export const stdinSource = '(stdin)'

/** POST /api/ingest without `?source=`: the input came in the request's body. */
export const apiIngestSource = 'POST /api/ingest'

/**
 * How a person is told where the input of a batch from `source` came: `standard input`, `a POST
 * /api/ingest body` (`batch 1 ((stdin))` read oddly: break-it trial); undefined when a file names it.
 */
export function sourceInWords(source: string): string | undefined {
  if (source === stdinSource) return 'standard input'
  if (source === apiIngestSource) return 'a POST /api/ingest body'
  return undefined
}

/** How the input of a batch from `source` is sent again, in words; undefined when a file names it. */
export function sendAgain(source: string): string | undefined {
  if (source === stdinSource) return 'send the same input to `wacost ingest -` again'
  if (source === apiIngestSource) return 'send the same log to POST /api/ingest again'
  return undefined
}
