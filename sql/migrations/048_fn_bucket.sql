-- Bucket (0-255) of a conversation key: spreads keys evenly so that rebuilds and large batches
-- derive a bounded slice of keys at a time, reading contiguous ranges of messages.
CREATE OR REPLACE FUNCTION wacost_bucket AS (phone_number_id, wa_id) -> (toUInt8(cityHash64(phone_number_id, wa_id) % 256))
