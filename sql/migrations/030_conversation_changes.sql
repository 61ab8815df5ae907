-- Stream of conversation changes written by derive/20_conversations.sql: +1 for a row that
-- appears, -1 for a row that is retracted. Views fan it out to the ledger table and rollups,
-- which stay exact because they only ever add signed amounts. Null: nothing stored here.
CREATE TABLE IF NOT EXISTS conversation_changes (
  run_id UInt64,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  conversation_id String,
  waba_id String,
  country LowCardinality(String),
  market LowCardinality(String),
  category LowCardinality(String),
  opened_at DateTime64(3, 'UTC'),
  closed_at DateTime64(3, 'UTC'),
  close_reason LowCardinality(String),
  opening_message_id String,
  base_pricing LowCardinality(String),
  price Decimal(18, 6),
  currency LowCardinality(String),
  local_date Date,
  ad_id String,
  sign Int8
) ENGINE = Null
