-- batch_ids (102) also carries, after the group, the WABAs its delivery facts were admitted for
-- (message_keys.st_wabas, 520), and whether the group dropped earlier facts (pipeline/32_batch_ids),
-- so that pipeline/80_status_facts replaces the facts stored next to the message.
ALTER TABLE batch_ids ADD COLUMN IF NOT EXISTS st_wabas Array(String), ADD COLUMN IF NOT EXISTS facts_dropped UInt8
