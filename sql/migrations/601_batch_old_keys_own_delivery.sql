-- The own delivery of each known id of a group, read from message_keys (600) with its key.
ALTER TABLE batch_old_keys
  ADD COLUMN IF NOT EXISTS own_kind UInt8,
  ADD COLUMN IF NOT EXISTS own_delivery Nullable(DateTime64(3, 'UTC'))
