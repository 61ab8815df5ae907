-- Lists the keys of the slice being derived as derived (before their rows are written).
INSERT INTO conversation_keys
SELECT DISTINCT bucket, phone_number_id, wa_id FROM derive_events
