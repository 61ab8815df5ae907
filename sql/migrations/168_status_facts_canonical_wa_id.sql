-- status_facts (051) keeps what status lines said about each message under the message's key,
-- and is not re-derived: move the rows of non-canonical wa_ids with their messages (161), or a
-- merged key would lose its deliveries. Same version; the bucket follows the key. (The filter
-- sits in a subquery because the REPLACE aliases would otherwise rename wa_id inside the WHERE.)
INSERT INTO status_facts
SELECT * REPLACE (wacost_canonical_wa_id(wa_id) AS wa_id, wacost_bucket(phone_number_id, wacost_canonical_wa_id(wa_id)) AS bucket)
FROM (SELECT * FROM status_facts WHERE wa_id != wacost_canonical_wa_id(wa_id))
