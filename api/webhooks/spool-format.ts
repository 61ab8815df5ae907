// The webhook spool's file format (api/webhooks/spool.ts): a segment is a magic header followed by
// records appended one after the other, each framed so that a record cut short by a crash (or
// any damage) is recognised and never read as a delivery:
//   length  u32 big-endian: bytes of the payload
//   crc     u32 big-endian: CRC-32 of the payload
//   payload received_at (u64 big-endian, Unix ms) followed by the body's exact bytes
import { crc32 } from 'node:zlib'

/** The first bytes of every segment (format version 1). */
export const SEGMENT_MAGIC = Buffer.from('WCSPOOL1')

const HEADER = 8
const STAMP = 8
// Largest payload a record may announce: the route's body limit (4 MiB) and its stamp, with room.
const MAX_PAYLOAD = 8 * 1024 * 1024

/** One record read back: the body as Meta sent it and when it was received. */
export interface SpoolRecord { body: Buffer; receivedAt: Date }

/** Why reading a segment stopped before its end, and where (byte offset of the record). */
export interface SpoolDamage { offset: number; reason: string }

/** The framed record of `body` received at `receivedAt` (ms since the epoch). */
export function encodeRecord(body: Buffer, receivedAt: number): Buffer {
  const out = Buffer.allocUnsafe(HEADER + STAMP + body.length)
  out.writeUInt32BE(STAMP + body.length, 0)
  out.writeBigUInt64BE(BigInt(receivedAt), HEADER)
  body.copy(out, HEADER + STAMP)
  out.writeUInt32BE(crc32(out.subarray(HEADER)), 4)
  return out
}

/**
 * The records of a segment's bytes, in order. Reading stops at the first record that is cut short
 * or fails its checksum (a crash mid-append leaves at most the last one so: it was never
 * acknowledged); what follows it cannot be framed and is reported as damage, never returned.
 * An empty file (a crash right after its creation) holds nothing and no damage.
 */
export function decodeSegment(bytes: Buffer): { records: SpoolRecord[]; damage?: SpoolDamage } {
  const records: SpoolRecord[] = []
  if (bytes.length === 0) return { records }
  if (bytes.length < SEGMENT_MAGIC.length || !bytes.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
    // A header cut short is a segment created and never written (its first append was not acknowledged).
    const torn = bytes.length < SEGMENT_MAGIC.length && SEGMENT_MAGIC.subarray(0, bytes.length).equals(bytes)
    return { records, damage: { offset: 0, reason: torn ? 'segment header cut short' : 'not a spool segment (wrong header)' } }
  }
  let at = SEGMENT_MAGIC.length
  while (at < bytes.length) {
    if (bytes.length - at < HEADER) return { records, damage: { offset: at, reason: 'record header cut short' } }
    const length = bytes.readUInt32BE(at)
    if (length < STAMP || length > MAX_PAYLOAD) return { records, damage: { offset: at, reason: `impossible record length ${length}` } }
    if (bytes.length - at - HEADER < length) return { records, damage: { offset: at, reason: `record cut short (${bytes.length - at - HEADER} of ${length} bytes)` } }
    const payload = bytes.subarray(at + HEADER, at + HEADER + length)
    if (crc32(payload) !== bytes.readUInt32BE(at + 4)) return { records, damage: { offset: at, reason: 'record checksum mismatch' } }
    records.push({ receivedAt: new Date(Number(payload.readBigUInt64BE(0))), body: Buffer.from(payload.subarray(STAMP)) })
    at += HEADER + length
  }
  return { records }
}
