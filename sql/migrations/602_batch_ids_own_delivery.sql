-- Per message id of a group: its own delivery after the group (600), and whether the group's
-- news of it changes nothing derived (moot: status lines only, leaving its delivery as it was),
-- so pipeline/50_derive_queue and 51_derive_appends leave its key alone.
ALTER TABLE batch_ids
  ADD COLUMN IF NOT EXISTS own_kind UInt8,
  ADD COLUMN IF NOT EXISTS own_delivery Nullable(DateTime64(3, 'UTC')),
  ADD COLUMN IF NOT EXISTS moot UInt8
