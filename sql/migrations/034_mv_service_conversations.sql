-- Keeps service_conversations in step with the ledger.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_service_conversations TO service_conversations AS
SELECT waba_id, toStartOfMonth(local_date) AS month, opened_at, conversation_id, phone_number_id,
       market, price, currency, local_date, sign
FROM conversation_changes WHERE category = 'SERVICE'
