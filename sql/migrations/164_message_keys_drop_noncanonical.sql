-- The rows 163 replaced: with equal versions a reader could otherwise take either key.
DELETE FROM message_keys WHERE wa_id != wacost_canonical_wa_id(wa_id)
