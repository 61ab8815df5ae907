-- Keeps service_conversations in step with the ledger: the SERVICE charges that take a free-tier
-- rank (REGULAR before the free tier: those of periods whose service is free_tier), conversations
-- counted per WABA, per-message charges (close_reason '') per business phone number.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_service_conversations TO service_conversations AS
SELECT waba_id, toStartOfMonth(local_date) AS month, opened_at, opening_message_id, conversation_id,
       phone_number_id, market, price, currency, local_date,
       if(close_reason = '', concat('phone:', phone_number_id), concat('waba:', waba_id)) AS counter, sign
FROM conversation_changes WHERE category = 'SERVICE' AND base_pricing = 'REGULAR'
