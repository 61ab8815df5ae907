-- The rejected lines' table again, with the rejected text in its sort key (copied by 616, put in
-- place by 617–619). rejected_lines (008) is a ReplacingMergeTree without a version sorted by
-- (batch_id, line_no, reason): two records of one line rejected for the same reason (a webhook
-- envelope with two statuses whose pricing.billable is "yes"; in a batch limited to some WABAs, two
-- records of a message id another WABA owns) are kept as their own text each (pipeline/10_parse), and
-- the table kept one of them, the one written last: the batch summary counted 2, `wacost rejected`
-- and GET /api/rejected listed 1, and the other record was lost (interfaces.md §1: a rejected line is
-- never silently dropped). Here only identical rejections collapse. source (the batch's input) and
-- rejected_at (when it was written) stay out of the key. The primary index is the old key.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE TABLE IF NOT EXISTS rejected_lines_sorted (
  batch_id UInt64,
  source String,
  line_no UInt64,
  raw String,
  reason String,
  rejected_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree
PRIMARY KEY (batch_id, line_no, reason)
ORDER BY (batch_id, line_no, reason, raw)
