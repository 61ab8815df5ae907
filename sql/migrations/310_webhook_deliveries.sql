-- Every signed webhook delivery from Meta, stored as received before its 200 (POST
-- /webhooks/whatsapp): a crash after the answer loses nothing, the next start ingests what was
-- stored and not yet derived (webhook_derived). id: the SHA-256 of the body (hex), so Meta's
-- retries of one delivery share it; each receipt is kept (the audit trail of what Meta sent).
-- Parts are synced to disk before the insert returns: "stored" survives a power cut, not only a
-- killed process.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id FixedString(64),
  received_at DateTime64(3, 'UTC'),
  body String CODEC(ZSTD(3))
) ENGINE = MergeTree ORDER BY (received_at, id)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1
