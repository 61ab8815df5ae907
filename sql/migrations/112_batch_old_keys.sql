-- What message_keys knew before the group at hand about the group's message ids: one row per
-- id whose hash it holds, with its latest key and delivery facts. pipeline/31_old_keys fills it
-- with the group's only scan of message_keys; pipeline/32_batch_ids reads it. Memory, per group.
CREATE TABLE IF NOT EXISTS batch_old_keys (
  message_id String,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  st_delivered Nullable(DateTime64(3, 'UTC')),
  st_failed UInt8
) ENGINE = Memory
