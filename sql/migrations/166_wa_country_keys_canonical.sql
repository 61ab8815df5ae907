-- The same for wa_country_keys (106), which the ingest reads to skip numbers already resolved.
INSERT INTO wa_country_keys (wa_id, country)
SELECT wacost_canonical_wa_id(wa_id), country FROM wa_country_keys WHERE wa_id != wacost_canonical_wa_id(wa_id)
