-- The keys support's investigation reads, given by the API as the parallel arrays {key_phones}
-- (phone_number_id) and {key_wa_ids} (canonical wa_id), which it resolved once per request through
-- customer_keys (api/customer_known.sql; GET /api/messages/:id: api/message_key.sql), as
-- (bucket, phone_number_id, wa_id). It reads no table: the customer views (511-513) planned
-- customer_keys, a read of verdict_daily, 7-14 times per query, most of the investigation page's
-- CPU besides the explanations themselves.
CREATE OR REPLACE VIEW customer_key_set AS
SELECT wacost_bucket(k.1, k.2) AS bucket, k.1 AS phone_number_id, k.2 AS wa_id
FROM (SELECT arrayJoin(arrayZip({key_phones:Array(String)}, {key_wa_ids:Array(String)})) AS k)
