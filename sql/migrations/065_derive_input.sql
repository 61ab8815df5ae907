-- Scratch space of one derive run (derive/10_events.sql): one event per message of the
-- re-derived keys (its delivery, or its send when undelivered) with its 1-based position `idx` in the key's order (time, inbound before outbound,
-- message_id), its time `t_ms` (ms, UTC) and the window lengths in force at it. The rules then
-- read it set-wise (window functions, joins) instead of folding each key event by event.
-- Emptied at the start and end of each slice.
CREATE TABLE IF NOT EXISTS derive_input (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  idx UInt32,
  t_ms Int64,
  etype UInt8,
  ls Int64,
  lb Int64,
  lf Int64,
  lr Int64,
  message_id String,
  waba_id String,
  direction LowCardinality(String),
  template_category LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  delivered_at Nullable(DateTime64(3, 'UTC')),
  country LowCardinality(String),
  local_date Date,
  entry_point LowCardinality(String),
  ad_id String,
  free_form UInt8,
  send_ms Int64,
  send_local_date Date
) ENGINE = Memory
