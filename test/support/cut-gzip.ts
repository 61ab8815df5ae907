// A gzip log cut short after more than a whole ingest group (64 MiB): 80 lines of ~1 MiB (a
// field nothing reads pads them), gzipped small, cut at 95% of its bytes.
import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

/** Writes the cut file to `file`; message ids start with `prefix`. */
export function writeBigCutGzip(file: string, prefix: string): void {
  const pad = 'x'.repeat(1024 * 1024)
  const lines = Array.from({ length: 80 }, (_, i) => JSON.stringify({
    message_id: `${prefix}-${i}`, timestamp: '2025-12-01T10:00:00Z', waba_id: 'w-big', phone_number_id: 'p-big', wa_id: '4915112345678',
    direction: 'outbound', template_category: 'UTILITY', status: 'delivered', pad,
  }))
  const whole = gzipSync(`${lines.join('\n')}\n`)
  writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.95)))
}
