-- Carries what message_index (011, EmbeddedRocksDB) knows into message_keys (104), which
-- replaces it; a database created after this migration has nothing to carry.
INSERT INTO message_keys (message_id, version, bucket, phone_number_id, wa_id, st_delivered, st_failed)
SELECT message_id, version, bucket, phone_number_id, wa_id, st_delivered, st_failed
FROM message_index
