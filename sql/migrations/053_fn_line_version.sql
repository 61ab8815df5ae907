-- Version of a log record: (batch, line, record within a webhook envelope) packed into one
-- UInt64, so that "the last ingested message line for an id wins" is a max().
CREATE OR REPLACE FUNCTION wacost_line_version AS (batch_id, line_no, rec_no) -> (
  bitShiftLeft(toUInt64(batch_id), 40) + bitShiftLeft(toUInt64(line_no), 8) + toUInt64(rec_no)
)
