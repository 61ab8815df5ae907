-- batch_ids (102) also carries, after the group, the delivery facts per WABA they were admitted
-- for (message_keys.st_facts, 583), written to message_keys by pipeline/55_message_keys.
ALTER TABLE batch_ids ADD COLUMN IF NOT EXISTS st_facts
  Array(Tuple(waba String, delivered Nullable(DateTime64(3, 'UTC')), failed UInt8))
