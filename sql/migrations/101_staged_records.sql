-- The group of lines at hand (a batch is ingested in groups of runs of lines), parsed and
-- classified record by record (kind = message | status | reject); pipeline/ routes it onward and
-- empties it. Batch and source are bound by the statements, not stored per row. Memory: a group
-- is bounded, and nothing here outlives the statements of its group.
CREATE TABLE IF NOT EXISTS staged_records (
  line_no UInt64,
  rec_no UInt16,
  kind Enum8('message' = 1, 'status' = 2, 'reject' = 3),
  reason String,
  raw String,
  message_id String,
  ts DateTime64(3, 'UTC'),
  waba_id String,
  phone_number_id String,
  wa_id String,
  direction String,
  template_category String,
  template_name String,
  msg_type String,
  entry_point String,
  ad_id String,
  status String,
  status_ts DateTime64(3, 'UTC'),
  country String
) ENGINE = Memory
