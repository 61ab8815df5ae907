-- One live row per ingested message (rows cancel by sign): its verdict and the conversation it
-- is attributed to ('' for none), with the instant the verdict was judged at, and for an entry
-- message its entry point, ad and whether it started a free entry point (fep_entry). Sorted by
-- every column, so that only a row's own -1 cancels it (576); the primary index is the old sort
-- key. The bloom filter on message_id serves support's look-up of a message by id (as 492).
CREATE TABLE IF NOT EXISTS verdicts (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  message_id String,
  waba_id String,
  direction LowCardinality(String),
  template_category LowCardinality(String),
  verdict LowCardinality(String),
  conversation_id String,
  event_at DateTime64(3, 'UTC'),
  local_date Date,
  sign Int8,
  entry_point LowCardinality(String),
  ad_id String,
  fep_entry UInt8,
  INDEX verdicts_message_id message_id TYPE bloom_filter(0.001) GRANULARITY 1
) ENGINE = CollapsingMergeTree(sign)
PRIMARY KEY (bucket, phone_number_id, wa_id, message_id, verdict, conversation_id, event_at)
ORDER BY (bucket, phone_number_id, wa_id, message_id, verdict, conversation_id, event_at,
          waba_id, direction, template_category, local_date, entry_point, ad_id, fep_entry)
SETTINGS index_granularity = 1024
