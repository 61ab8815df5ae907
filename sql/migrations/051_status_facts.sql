-- What status lines say about each message (earliest delivered/read, any failed), stored
-- by conversation key like messages, so a derive reads them as a key range instead of looking
-- every message up by id. Written from the merged message_index by pipeline/55_status_facts.
CREATE TABLE IF NOT EXISTS status_facts (
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  message_id String,
  version UInt64,
  st_delivered Nullable(DateTime64(3, 'UTC')),
  st_failed UInt8
) ENGINE = ReplacingMergeTree(version)
ORDER BY (bucket, phone_number_id, wa_id, message_id)
SETTINGS index_granularity = 1024
