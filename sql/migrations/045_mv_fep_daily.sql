-- Counts free entry point conversation changes into fep_daily.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_fep_daily TO fep_daily AS
SELECT waba_id, local_date, phone_number_id, ad_id, toInt64(sign) AS conversations
FROM conversation_changes WHERE category = 'FREE_ENTRY_POINT'
