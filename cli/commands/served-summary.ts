// What `wacost ingest` through a server (cli/commands/remote.ts) says of each batch the server
// answered: the local run's summary (ingest/report.ts describeBatch), but for where the rejected
// lines are listed and for what the warnings after the inputs say instead.
import type { BatchSummary } from '../../core/batches.ts'
import { describeBatch, rejectedUnit } from '../../ingest/report.ts'
import { endpoint } from './server-health.ts'

/** The WABAs a key may write, as GET /api/ingest answers them (`*`: every WABA). */
export type KeyWabas = '*' | string[]

/**
 * Batch `s`'s summary as the server at `url` answered it to a key that may write `wabas`: its
 * count of unmatched statuses left out for a key of every WABA, whose answers bring the warnings
 * printed after the inputs, which say it (the summary and the warning both said it: break-it
 * trial; the local run says it once, in the warning); a limited key is told neither (the count
 * spans every WABA's statuses: the server leaves it out). Rejected lines are pointed at GET /api/rejected (`wacost rejected` cannot open
 * a database the server holds), which lists them to a key of every WABA only (a rejected line may
 * name any WABA, or none): a limited key was pointed at it and refused (403: break-it trial), so
 * it is told which key may list them and that its reasons are in the summary.
 */
export function servedSummary(url: string, s: BatchSummary, wabas: KeyWabas): string {
  const unit = rejectedUnit(s)
  const route = `GET ${endpoint(url, `api/rejected?batch=${s.batch}`).href}`
  const where = wabas === '*' ? `  every rejected ${unit} is kept: ${route} lists them (with the ingest key)`
    : `  every rejected ${unit} is kept: ${route} lists them to a key with the ingest role for every WABA, not to this one `
      + `(it may write only WABA ${wabas.join(', ')}; rejected lines may name any WABA, or none); the reasons and first lines are above`
  return describeBatch(wabas === '*' ? { ...s, unmatchedStatuses: undefined } : s, [where])
}
