-- Point lookups by message_id: the key and version of the message line that currently wins,
-- and what all status lines so far say (earliest delivered/read, any failed). Status lines
-- that arrive before their message wait here with an empty key. Read-merge-written by
-- pipeline/50_message_index.sql.
CREATE TABLE IF NOT EXISTS message_index (
  message_id String,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  version UInt64,
  st_delivered Nullable(DateTime64(3, 'UTC')),
  st_failed UInt8
) ENGINE = EmbeddedRocksDB PRIMARY KEY message_id
