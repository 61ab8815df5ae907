-- batch_old_keys (112) also carries message_keys.st_facts (583): the earlier delivery facts per
-- WABA they were admitted for.
ALTER TABLE batch_old_keys ADD COLUMN IF NOT EXISTS st_facts
  Array(Tuple(waba String, delivered Nullable(DateTime64(3, 'UTC')), failed UInt8))
