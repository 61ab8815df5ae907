-- The rejected lines' table again, with each record's place in its line (rec_no, as
-- staged_records numbers it: 0 for an ordinary line, 0, 1, … for the records of an envelope or a
-- JSON array) in its sort key (copied by 640, put in place by 641–643). rejected_lines (615) is a
-- ReplacingMergeTree without a version sorted by (batch_id, line_no, reason, raw): two identical
-- records of one line rejected for the same reason (an envelope whose statuses[] holds the same
-- bad status twice, a JSON array with the same bad document twice) collapsed into one, so the batch
-- summary counted 2 and `wacost rejected`, GET /api/rejected listed 1 (interfaces.md §1: every
-- rejected record is kept with its reason). Here each record is its own row. source (the batch's
-- input) and rejected_at (when it was written) stay out of the key, as before.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE TABLE IF NOT EXISTS rejected_lines_records (
  batch_id UInt64,
  source String,
  line_no UInt64,
  rec_no UInt32,
  raw String,
  reason String,
  rejected_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree
PRIMARY KEY (batch_id, line_no, rec_no)
ORDER BY (batch_id, line_no, rec_no, reason, raw)
