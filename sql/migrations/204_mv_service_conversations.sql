-- Keeps service_conversations in step with the ledger, with each conversation's opening message
-- (rule 9's tie-break).
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_service_conversations TO service_conversations AS
SELECT waba_id, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       phone_number_id, market, price, currency, local_date, sign
FROM conversation_changes WHERE category = 'SERVICE'
