// Parses a group's buffered runs into staged_records with sql/pipeline/09_* to 12_*: the lines
// that may hold several records expanded, every record validated (interfaces.md §1), and the
// runs let go of. A step whose input the group lacks is not run: planning it costs more than
// running it on a group of plain log lines or a webhook micro-batch.
import type { Db } from '../core/db/client.ts'
import { exec, rows } from '../core/db/sql.ts'
import { countryCodes } from '../core/reference/validate.ts'

/** The scope of a batch's records: the WABA of bare webhook values, the WABAs a key may write, a webhook receiver's batch. */
export interface ParseScope { waba: string; wabas: string[]; webhooks: number }

/** Validates the group's buffered runs into staged_records (kind, reason, fields), then empties the buffer. */
export async function parseGroup(db: Db, batch: number, scope: ParseScope): Promise<void> {
  // Webhook shapes and JSON arrays are expanded first, only in a group whose text may hold one:
  // planning that statement is ~0.1 s, as much as parsing a group of plain log lines.
  const [may] = await rows<{ n: string; display: string }>(db, 'pipeline/09_may_expand')
  if (Number(may?.n ?? 1) > 0) await exec(db, 'pipeline/09_expand', { waba: scope.waba })
  await exec(db, 'pipeline/10_parse', { batch, ...scope, countries: countryCodes })
  // the reasons of refused records in words, only in a group that has one (~65 ms to plan)
  const [refused] = await rows<{ n: string }>(db, 'pipeline/10_refused')
  if (Number(refused?.n ?? 1) > 0) {
    await exec(db, 'pipeline/10_parse_reasons', { wabas: scope.wabas })
    await exec(db, 'pipeline/10_parse_unworded')
    // a line refused as "not valid JSON" alone: its stray comma or bracket, quote, key, word or cut named (~60 ms to plan)
    const [vague] = await rows<{ n: string }>(db, 'pipeline/10_not_valid_json')
    if (Number(vague?.n ?? 0) > 0) await exec(db, 'pipeline/10_name_json_defects', { webhooks: scope.webhooks })
  }
  // display numbers only from runs that name one (its own filter): none, it would write nothing
  if (Number(may?.display ?? 1) > 0) await exec(db, 'pipeline/12_phone_display', { batch })
  await exec(db, 'pipeline/11_clear_chunks')
}
