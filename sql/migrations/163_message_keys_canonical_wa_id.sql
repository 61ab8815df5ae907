-- message_keys (104) tells the ingest which key each message id has (to tombstone it there when
-- a correction moves it): point every id of a non-canonical wa_id at the canonical key, as
-- 161 moved the messages, keeping each row's version and delivery facts.
INSERT INTO message_keys (message_id, version, bucket, phone_number_id, wa_id, st_delivered, st_failed)
SELECT message_id, version, wacost_bucket(phone_number_id, wacost_canonical_wa_id(wa_id)), phone_number_id,
       wacost_canonical_wa_id(wa_id), st_delivered, st_failed
FROM message_keys
WHERE wa_id != wacost_canonical_wa_id(wa_id)
