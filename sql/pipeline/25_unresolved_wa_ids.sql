-- Customer numbers of the group whose country has not been resolved yet (ingest/countries.ts
-- resolves them into wa_countries and wa_country_keys).
SELECT DISTINCT wa_id
FROM staged_records
WHERE kind = 'message'
  AND wa_id NOT IN (
    SELECT wa_id FROM wa_country_keys
    WHERE h IN (SELECT cityHash64(wa_id) FROM staged_records WHERE kind = 'message'))
