-- Support investigation, step 0 (parameterized view): the conversation keys a customer search can
-- mean, as (bucket, phone_number_id, wa_id): every phone number that has messages (from the
-- verdict_daily rollup, a few rows per number) crossed with the candidate wa_ids. The tables are
-- sorted by exactly this prefix, so the views below read a customer's rows by primary-key lookup
-- instead of scanning wa_id.
CREATE OR REPLACE VIEW customer_keys AS
SELECT wacost_bucket(phone_number_id, wa_id) AS bucket, phone_number_id, wa_id
FROM (
  SELECT DISTINCT phone_number_id FROM verdict_daily
  WHERE wacost_in_filter({phones:Array(String)}, phone_number_id) AND wacost_in_filter({wabas:Array(String)}, waba_id)
)
ARRAY JOIN {customers:Array(String)} AS wa_id
