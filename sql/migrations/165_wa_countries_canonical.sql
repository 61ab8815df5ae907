-- Countries for the canonical wa_ids 161 introduced, for the API's point lookups: canonicalising
-- never changes the country (Mexico stays MX, Brazil BR), so each takes its old spelling's.
INSERT INTO wa_countries (wa_id, country)
SELECT wacost_canonical_wa_id(wa_id), country FROM wa_countries WHERE wa_id != wacost_canonical_wa_id(wa_id)
