// The webhook spool as the tests see it: the ids of the deliveries its segment files hold.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeSegment } from '../../api/webhooks/spool-format.ts'
import { deliveryId } from '../../api/webhooks/signature.ts'

/** Ids (SHA-256 of the body) of every delivery in the spool directory's segments, in order. */
export function spooledIds(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.spool')).sort()
    .flatMap((f) => decodeSegment(readFileSync(join(dir, f))).records.map((r) => deliveryId(r.body)))
}
