-- The group's customer numbers whose country is known already, with it: the group's only read of
-- wa_country_keys (one scan of its hash column against the set of the group's hashes; a number
-- sharing a hash with one of the group's comes along and is never joined). 25_unresolved_wa_ids
-- and 40_messages read batch_wa_countries instead of scanning wa_country_keys again.
INSERT INTO batch_wa_countries (wa_id, country)
SELECT wa_id, any(country)
FROM wa_country_keys
WHERE h IN (SELECT cityHash64(wa_id) FROM staged_records WHERE kind = 'message')
GROUP BY wa_id
