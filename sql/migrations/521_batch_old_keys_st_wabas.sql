-- batch_old_keys (112) also carries message_keys.st_wabas (520): the WABAs the earlier delivery
-- facts were admitted for.
ALTER TABLE batch_old_keys ADD COLUMN IF NOT EXISTS st_wabas Array(String)
