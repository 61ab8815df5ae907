-- Records, for every message id of the group, its key and merged delivery facts after the group:
-- those that count for the message's WABA, and all of them per WABA they were admitted for
-- (migration 583); what its own line says of its delivery (600); and the hash of its winning message
-- line (content, 632), which tells a line ingested again from a corrected one.
INSERT INTO message_keys (message_id, version, bucket, phone_number_id, wa_id, st_delivered, st_failed, st_facts,
                          own_kind, own_delivery, content)
SELECT message_id, rev, bucket, phone_number_id, wa_id, st_delivered, st_failed, st_facts, own_kind, own_delivery, content
FROM batch_ids
