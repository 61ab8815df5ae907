-- customer_keys (061) with what support typed in canonical form (migration 160): a customer is
-- stored under the canonical wa_id only, so a search by the other spelling (Mexico's `521…`,
-- Brazil's number without the ninth digit) must look there. Otherwise as 061: every phone number
-- that has messages crossed with the candidate wa_ids, as (bucket, phone_number_id, wa_id).
CREATE OR REPLACE VIEW customer_keys AS
SELECT wacost_bucket(phone_number_id, wa_id) AS bucket, phone_number_id, wa_id
FROM (
  SELECT DISTINCT phone_number_id FROM verdict_daily
  WHERE wacost_in_filter({phones:Array(String)}, phone_number_id) AND wacost_in_filter({wabas:Array(String)}, waba_id)
)
ARRAY JOIN arrayDistinct(arrayMap(c -> wacost_canonical_wa_id(c), {customers:Array(String)})) AS wa_id
