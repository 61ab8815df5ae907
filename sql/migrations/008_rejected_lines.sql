-- Every rejected input line with where it came from and why, so that nothing vanishes and a
-- user can fix and re-send exactly those lines.
CREATE TABLE IF NOT EXISTS rejected_lines (
  batch_id UInt64,
  source String,
  line_no UInt64,
  raw String,
  reason String,
  rejected_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree ORDER BY (batch_id, line_no, reason)
