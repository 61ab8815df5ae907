-- The current batch, parsed and classified line by line (kind = message | status | reject).
-- Pipeline statements in sql/pipeline/ route it onward; it is emptied when a batch starts.
CREATE TABLE IF NOT EXISTS staged_lines (
  batch_id UInt64,
  source String,
  line_no UInt64,
  rec_no UInt16,
  kind LowCardinality(String),
  reason String,
  raw String,
  message_id String,
  ts DateTime64(3, 'UTC'),
  waba_id String,
  phone_number_id String,
  wa_id String,
  direction LowCardinality(String),
  template_category LowCardinality(String),
  template_name String,
  msg_type LowCardinality(String),
  entry_point LowCardinality(String),
  ad_id String,
  status LowCardinality(String),
  status_ts DateTime64(3, 'UTC'),
  country LowCardinality(String)
) ENGINE = MergeTree ORDER BY (batch_id, line_no, rec_no)
