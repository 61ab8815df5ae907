-- One row per message id of the group at hand (message or status lines): its key and merged
-- delivery facts after the group, and the key it had before (from message_keys, '' if none).
-- pipeline/32_batch_ids writes it from the group and batch_old_keys; tombstones,
-- the derive queue, message_keys and batch_fact_ids are then written from it. Memory, per group.
CREATE TABLE IF NOT EXISTS batch_ids (
  message_id String,
  has_msg UInt8,
  version UInt64,
  rev UInt64,
  bucket UInt8,
  phone_number_id String,
  wa_id String,
  multi UInt8,
  old_bucket UInt8,
  old_phone_number_id String,
  old_wa_id String,
  st_delivered Nullable(DateTime64(3, 'UTC')),
  st_failed UInt8
) ENGINE = Memory
