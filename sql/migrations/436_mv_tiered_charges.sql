-- Keeps tiered_charges in step with the ledger.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_tiered_charges TO tiered_charges AS
SELECT waba_id, market, category, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       phone_number_id, price, currency, local_date, sign
FROM conversation_changes
WHERE close_reason = '' AND base_pricing = 'REGULAR' AND category IN ('UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL')
