-- Which key (and version) each message_id currently has and what its status lines said so far
-- (earliest delivered/read, any failed); status lines that arrive before their message wait here
-- with an empty key. Replaces the EmbeddedRocksDB message_index: sorted by a hash of the id, a
-- group finds its earlier ids with one set-filtered scan of `h` (cheap when none exist, which is
-- the common case) instead of one point lookup per id. A write is a new row with a higher
-- `version` (batch, line); readers take argMax by version.
CREATE TABLE IF NOT EXISTS message_keys (
  h UInt64 MATERIALIZED cityHash64(message_id),
  message_id String,
  version UInt64,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  st_delivered Nullable(DateTime64(3, 'UTC')),
  st_failed UInt8
) ENGINE = ReplacingMergeTree(version)
ORDER BY (h, message_id)
