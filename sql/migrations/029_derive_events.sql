-- Scratch space of one derive run: every event of the re-derived keys after the fold, with the
-- verdict and conversation the fold gave it. derive/20_* and derive/30_* aggregate it into
-- conversation and verdict changes. Emptied at the start of each run.
CREATE TABLE IF NOT EXISTS derive_events (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  message_id String,
  idx UInt32,
  etype UInt8,
  t DateTime64(3, 'UTC'),
  ls Int64,
  lb Int64,
  v UInt8,
  conv_mid String,
  fep_close Nullable(DateTime64(3, 'UTC')),
  fep_ad_id String,
  suppress_at Nullable(DateTime64(3, 'UTC')),
  reply_conv_mid String,
  entry_conv_mid String,
  waba_id String,
  direction LowCardinality(String),
  template_category LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  delivered_at Nullable(DateTime64(3, 'UTC')),
  country LowCardinality(String),
  local_date Date
) ENGINE = Memory
