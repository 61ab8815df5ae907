-- Customer numbers of the group whose country has not been resolved yet: not among those
-- 24_group_countries found (ingest/countries.ts resolves them into wa_countries, wa_country_keys
-- and batch_wa_countries).
SELECT DISTINCT wa_id
FROM staged_records
WHERE kind = 'message'
  AND wa_id NOT IN (SELECT wa_id FROM batch_wa_countries)
