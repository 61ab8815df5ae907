-- Each run in ingest_chunk_buffer carries the position of its first byte in the batch (counted
-- by ingest/pipeline.ts), so that pipeline/10_parse numbers the batch's records in input order
-- (staged_records.seq) from byte positions, with no sort of the lines: a line of L bytes holds
-- fewer than L + 1 records, so its records fit between its position and the next line's.
ALTER TABLE ingest_chunk_buffer ADD COLUMN IF NOT EXISTS first_byte UInt64
