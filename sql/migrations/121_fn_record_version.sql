-- Version of a log record: (batch, ordinal of the record in the batch) packed into one UInt64,
-- so that "the last ingested message line for an id wins" is a max(). Replaces
-- wacost_line_version (053), whose 8-bit record field overflowed into the line number after
-- 256 records of one webhook envelope, so record 299 of line L beat line L + 1. seq
-- (staged_records.seq) orders every record of the batch in input order: its line's byte
-- position in the batch plus its index in the line (a line holds fewer records than bytes), so
-- 40 bits allow a terabyte per batch. Versions of earlier batches keep their old layout; a later batch is
-- always greater in the top 24 bits, so old and new versions still compare right.
CREATE OR REPLACE FUNCTION wacost_record_version AS (batch_id, seq) -> (
  bitShiftLeft(toUInt64(batch_id), 40) + toUInt64(seq)
)
