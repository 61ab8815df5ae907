-- Scratch space of one derive run (derive/14_context.sql): each event of derive_input with
-- what the rules need to judge it, computed set-wise: the free entry point open before it
-- (prev_reply_idx, fep_open), whether it is an FEP's reply or entry, the next FEP start after it
-- (next_reply_ms, where open windows are suppressed), the customer service window at a
-- non-template outbound's send time (guard_ok) and the service conversation chain (svc_in, svc_break, the session opener
-- in force, whether it is open at the event).
CREATE TABLE IF NOT EXISTS derive_ctx (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  idx UInt32,
  t_ms Int64,
  etype UInt8,
  ls Int64,
  lb Int64,
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
  send_local_date Date,
  prev_reply_idx UInt32,
  fep_open UInt8,
  fep_now UInt8,
  fep_entry_of UInt32,
  next_reply_ms Nullable(Int64),
  guard_ok UInt8,
  svc_break UInt8,
  svc_opener_idx UInt32,
  svc_opener_mid String,
  svc_open UInt8
) ENGINE = Memory
